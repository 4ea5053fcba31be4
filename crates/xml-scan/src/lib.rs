//! The strict reader of WeChat Pay APIv2's flat `<xml><name>value</name>…</xml>` documents,
//! over the borrowed document, in one forward pass. Entities and DTDs are never expanded (a
//! DOCTYPE is a problem); nothing nests, so there is no stack and no recursion.
//!
//! payquery's own reader rather than quick-xml's: WeChat's documents are flat, and quick-xml's
//! reader and its event handling were 22.5 KB of every module with APIv2 (wechat-v2 entry
//! measured 199,315 -> 176,852 bytes raw, 88,708 -> 79,532 gzip -9, with this scan stubbed
//! out), which the full module's 400,000-byte budget could not carry. The rules are quick-xml's
//! (0.38, default configuration) for what WeChat sends: the tests in `tests/` check this reader
//! against quick-xml's event reading, kept there (and in the fuzz crate) as the reference.
//!
//! In a crate of its own so that it is compiled for size (`opt-level = "s"`, set in the
//! workspace's Cargo.toml) while payquery-hot, which calls it, is compiled for speed: since
//! `plain_xml` (payquery-hot) reads the usual answer in one pass, this reader serves only the
//! documents that one declines (a declaration, comments, references, `\r`, …).

use std::borrow::Cow;
use std::fmt;

/// Why [`scan`] stopped before the end of the document.
#[derive(Debug)]
pub enum Problem<'a> {
    /// Markup this reader cannot read (see [`SyntaxError`]).
    Syntax(SyntaxError),
    /// The document ends before `</xml>`.
    EndsEarly,
    /// A DOCTYPE.
    DocType,
    /// A processing instruction.
    Instruction,
    /// A root element other than `<xml>`, or a second root (its raw name).
    UnexpectedRoot(Vec<u8>),
    /// Non-blank text outside any field.
    TextOutside,
    /// CDATA or a reference outside any field.
    CharDataOutside,
    /// An element name that is not a v2 field name.
    BadName,
    /// An element inside the named field.
    Nested(&'a str),
    /// An entity reference other than the five predefined ones and character references.
    UnknownEntity,
    /// An XML declaration after the start.
    LateDeclaration,
    /// A closing tag that closes nothing open.
    Unbalanced,
    /// The field callback asked to stop.
    Stopped,
}

/// Markup the reader refused: what, and the byte offset in the document where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset of the markup (its `<` or `&`) in the document.
    pub at: usize,
    /// What is wrong there.
    pub kind: Unreadable,
}

/// The kinds of markup [`scan`] does not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// `<` with no `>` after it.
    UnclosedTag,
    /// A tag with more than its name (attributes, or other content): WeChat Pay's documents
    /// have none, so they are not read.
    TagContent,
    /// A closing tag for an element other than the open one.
    MismatchedEnd,
    /// `<!--` with no `-->` after it.
    UnclosedComment,
    /// `<![CDATA[` with no `]]>` after it.
    UnclosedCData,
    /// `<?xml` with no `?>` after it.
    UnclosedDeclaration,
    /// `<!` other than a comment, CDATA or a DOCTYPE.
    UnknownMarkup,
    /// `&` with no `;` ending its reference before the next `&`, `<` or the end.
    UnclosedReference,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            Unreadable::UnclosedTag => "tag without `>`",
            Unreadable::TagContent => "tag with attributes or other content after its name",
            Unreadable::MismatchedEnd => "closing tag does not match the open element",
            Unreadable::UnclosedComment => "comment without `-->`",
            Unreadable::UnclosedCData => "CDATA section without `]]>`",
            Unreadable::UnclosedDeclaration => "XML declaration without `?>`",
            Unreadable::UnknownMarkup => "markup declaration other than a comment or CDATA",
            Unreadable::UnclosedReference => "`&` without a `;` ending its reference",
        };
        write!(f, "{what} at byte {}", self.at)
    }
}

impl std::error::Error for SyntaxError {}

/// A [`Problem::Syntax`] at `at`.
fn syntax<'a>(at: usize, kind: Unreadable) -> Problem<'a> {
    Problem::Syntax(SyntaxError { at, kind })
}

/// Whether `name` can be an element name of a v2 document (WeChat uses `[a-z0-9_]`).
pub fn is_field_name(name: &str) -> bool {
    let name = name.as_bytes();
    !name.is_empty()
        && name.len() <= 64
        && name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
        && !name.first().is_some_and(u8::is_ascii_digit)
}

/// XML's white space (what XML and quick-xml skip between markup).
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Where the scan is inside the document.
enum Depth<'a> {
    /// Before the root element.
    Prolog,
    /// Inside `<xml>`, between fields.
    Root,
    /// Inside a field element, collecting its text.
    Field(&'a str, Cow<'a, str>),
    /// After `</xml>`.
    Done,
}

/// One piece of markup, read from its `<` to past its `>`.
enum Markup<'a> {
    /// `<name>` (optionally with white space before `>`).
    Start(&'a str),
    /// `<name/>`.
    Empty(&'a str),
    /// `</name>`.
    End(&'a str),
    /// `<!-- … -->`.
    Comment,
    /// `<![CDATA[ … ]]>`: its content.
    CData(&'a str),
    /// `<?xml …?>`.
    Decl,
}

/// Reads a v2 document, handing each field to `field` in document order (name and value
/// borrowed from `text`; the value copied only where the document forces it: an entity or
/// character reference, CDATA beside text, a carriage return to normalise). `field` returns
/// `false` to stop the scan ([`Problem::Stopped`]).
///
/// Accepts a UTF-8 byte order mark, XML declarations before the root, comments and white space
/// between fields and around the root, empty-element tags, CDATA and text mixed, the five
/// predefined entities and numeric character references, `\r\n` and lone `\r` read as `\n`.
/// Stops at a DOCTYPE, a processing instruction, a root other than `<xml>`, a second root, a
/// nested element, text outside fields, a bad field name, an unknown entity, a late
/// declaration, an unbalanced tag, attributes and any other syntax it does not read.
pub fn scan<'a>(
    text: &'a str,
    field: &mut dyn FnMut(&'a str, Cow<'a, str>) -> bool,
) -> Result<(), Problem<'a>> {
    let bytes = text.as_bytes();
    let mut at = if bytes.starts_with("\u{feff}".as_bytes()) {
        3
    } else {
        0
    };
    let mut depth = Depth::Prolog;
    loop {
        // Text up to the next markup or reference.
        let rest = bytes.get(at..).unwrap_or_default();
        let end = at
            + rest
                .iter()
                .position(|&b| b == b'<' || b == b'&')
                .unwrap_or(rest.len());
        let piece = text.get(at..end).unwrap_or_default();
        depth = match depth {
            Depth::Field(name, value) => Depth::Field(name, append(value, normalized(piece))),
            d if piece.bytes().all(is_space) => d,
            _ => return Err(Problem::TextOutside),
        };
        depth = match bytes.get(end) {
            None => {
                return match depth {
                    Depth::Done => Ok(()),
                    _ => Err(Problem::EndsEarly),
                }
            }
            Some(b'&') => {
                let (name, next) = reference(text, end)?;
                at = next;
                match depth {
                    Depth::Field(field_name, mut value) => {
                        value.to_mut().push(resolve_reference(name)?);
                        Depth::Field(field_name, value)
                    }
                    _ => return Err(Problem::CharDataOutside),
                }
            }
            Some(_) => {
                let (markup, next) = markup(text, end)?;
                at = next;
                step(depth, markup, end, field)?
            }
        };
    }
}

/// The scan's state after `markup` (which starts at byte `at`) in state `depth`.
fn step<'a>(
    depth: Depth<'a>,
    markup: Markup<'a>,
    at: usize,
    field: &mut dyn FnMut(&'a str, Cow<'a, str>) -> bool,
) -> Result<Depth<'a>, Problem<'a>> {
    let mut emit = |name, value| {
        if field(name, value) {
            Ok(())
        } else {
            Err(Problem::Stopped)
        }
    };
    Ok(match (depth, markup) {
        (d, Markup::Comment) => d,
        (Depth::Prolog, Markup::Decl) => Depth::Prolog,
        (_, Markup::Decl) => return Err(Problem::LateDeclaration),
        (Depth::Prolog, Markup::Start("xml")) => Depth::Root,
        (Depth::Prolog, Markup::Empty("xml")) => Depth::Done,
        (Depth::Prolog | Depth::Done, Markup::Start(name) | Markup::Empty(name)) => {
            return Err(Problem::UnexpectedRoot(name.as_bytes().to_vec()))
        }
        (Depth::Root, Markup::Start(name)) if is_field_name(name) => {
            Depth::Field(name, Cow::Borrowed(""))
        }
        (Depth::Root, Markup::Empty(name)) if is_field_name(name) => {
            emit(name, Cow::Borrowed(""))?;
            Depth::Root
        }
        (Depth::Root, Markup::Start(_) | Markup::Empty(_)) => return Err(Problem::BadName),
        (Depth::Root, Markup::End("xml")) => Depth::Done,
        (Depth::Field(name, value), Markup::CData(content)) => {
            Depth::Field(name, append(value, normalized(content)))
        }
        (Depth::Field(name, value), Markup::End(end)) if end == name => {
            emit(name, value)?;
            Depth::Root
        }
        (Depth::Field(name, _), Markup::Start(_) | Markup::Empty(_)) => {
            return Err(Problem::Nested(name))
        }
        (Depth::Root | Depth::Field(..), Markup::End(_)) => {
            return Err(syntax(at, Unreadable::MismatchedEnd))
        }
        (_, Markup::CData(_)) => return Err(Problem::CharDataOutside),
        (Depth::Prolog | Depth::Done, Markup::End(_)) => return Err(Problem::Unbalanced),
    })
}

/// `value` followed by `piece`: the piece itself (still borrowed) when it is the first.
fn append<'a>(value: Cow<'a, str>, piece: Cow<'a, str>) -> Cow<'a, str> {
    if value.is_empty() {
        piece
    } else if piece.is_empty() {
        value
    } else {
        let mut value = value.into_owned();
        value.push_str(&piece);
        Cow::Owned(value)
    }
}

/// `piece` with XML's line-end normalisation: `\r\n` and a lone `\r` read as `\n`. Borrowed
/// when it holds no carriage return.
fn normalized(piece: &str) -> Cow<'_, str> {
    let mut lines = piece.split('\r');
    let first = lines.next().unwrap_or_default();
    if first.len() == piece.len() {
        return Cow::Borrowed(piece);
    }
    let mut out = String::with_capacity(piece.len());
    out.push_str(first);
    for line in lines {
        out.push('\n');
        // `\r\n` is one line end.
        out.push_str(line.strip_prefix('\n').unwrap_or(line));
    }
    Cow::Owned(out)
}

/// The index of the first `needle` in `text` at or after `from`.
fn find(text: &str, from: usize, needle: &[u8]) -> Option<usize> {
    let rest = text.as_bytes().get(from..)?;
    Some(from + rest.windows(needle.len()).position(|w| w == needle)?)
}

/// The name of the reference whose `&` is at `at` (up to its `;`) and the index past the `;`.
fn reference(text: &str, at: usize) -> Result<(&str, usize), Problem<'_>> {
    let unclosed = || syntax(at, Unreadable::UnclosedReference);
    let start = at + 1;
    let rest = text.as_bytes().get(start..).ok_or_else(unclosed)?;
    let len = rest
        .iter()
        .position(|&b| matches!(b, b';' | b'&' | b'<'))
        .ok_or_else(unclosed)?;
    if rest.get(len) != Some(&b';') {
        return Err(unclosed());
    }
    let name = text.get(start..start + len).ok_or_else(unclosed)?;
    Ok((name, start + len + 1))
}

/// The five predefined entities and numeric character references (`#` decimal or `#x` hex
/// digits, a Unicode scalar value other than 0); nothing else.
fn resolve_reference<'a>(name: &str) -> Result<char, Problem<'a>> {
    let number = |digits: &str, radix| {
        // `from_str_radix` takes a sign, which a character reference does not have.
        if digits.starts_with(['+', '-']) {
            return None;
        }
        u32::from_str_radix(digits, radix)
            .ok()
            .filter(|&n| n != 0)
            .and_then(char::from_u32)
    };
    let c = match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => match name.strip_prefix('#') {
            Some(hex) if hex.starts_with('x') => number(hex.get(1..).unwrap_or_default(), 16),
            Some(decimal) => number(decimal, 10),
            None => None,
        },
    };
    c.ok_or(Problem::UnknownEntity)
}

/// The markup whose `<` is at `at` and the index past its `>`.
fn markup(text: &str, at: usize) -> Result<(Markup<'_>, usize), Problem<'_>> {
    let bytes = text.as_bytes();
    let rest = bytes.get(at..).unwrap_or_default();
    let content = |start: usize, end: &[u8], what| -> Result<(&str, usize), Problem<'_>> {
        let stop = find(text, start, end).ok_or(syntax(at, what))?;
        let inner = text.get(start..stop).ok_or(syntax(at, what))?;
        Ok((inner, stop + end.len()))
    };
    if rest.starts_with(b"<!--") {
        let (_, next) = content(at + 4, b"-->", Unreadable::UnclosedComment)?;
        return Ok((Markup::Comment, next));
    }
    if rest.starts_with(b"<![CDATA[") {
        let (inner, next) = content(at + 9, b"]]>", Unreadable::UnclosedCData)?;
        return Ok((Markup::CData(inner), next));
    }
    if rest
        .get(2..9)
        .is_some_and(|w| w.eq_ignore_ascii_case(b"DOCTYPE"))
        && rest.get(1) == Some(&b'!')
    {
        return Err(Problem::DocType);
    }
    if rest.starts_with(b"<!") {
        return Err(syntax(at, Unreadable::UnknownMarkup));
    }
    // `<?xml?>` or `<?xml` and white space (quick-xml reads `<?xml?…` otherwise as a PI).
    if rest.starts_with(b"<?xml?>")
        || rest.starts_with(b"<?xml") && rest.get(5).is_some_and(|&b| is_space(b))
    {
        let (_, next) = content(at + 5, b"?>", Unreadable::UnclosedDeclaration)?;
        return Ok((Markup::Decl, next));
    }
    if rest.starts_with(b"<?") {
        return Err(Problem::Instruction);
    }
    // A tag: `<name`, `</name`, then white space and `>` or (start tags) `/>`.
    let closing = rest.get(1) == Some(&b'/');
    let start = at + if closing { 2 } else { 1 };
    let tag = bytes.get(start..).unwrap_or_default();
    let len = tag
        .iter()
        .position(|&b| is_space(b) || b == b'/' || b == b'>')
        .unwrap_or(tag.len());
    let name = text.get(start..start + len).unwrap_or_default();
    let mut end = start + len;
    while bytes.get(end).is_some_and(|&b| is_space(b)) {
        end += 1;
    }
    let markup = match (bytes.get(end), bytes.get(end + 1)) {
        (Some(b'>'), _) if closing => Markup::End(name),
        (Some(b'>'), _) => Markup::Start(name),
        (Some(b'/'), Some(b'>')) if !closing => {
            end += 1;
            Markup::Empty(name)
        }
        (None, _) => return Err(syntax(at, Unreadable::UnclosedTag)),
        _ => return Err(syntax(at, Unreadable::TagContent)),
    };
    Ok((markup, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Result<Vec<(&str, Cow<'_, str>)>, Problem<'_>> {
        let mut out = Vec::new();
        scan(text, &mut |k, v| {
            out.push((k, v));
            true
        })?;
        Ok(out)
    }

    #[test]
    fn values_are_borrowed_unless_the_document_forces_a_copy() {
        let f = fields(
            "<xml><a>plain</a><b><![CDATA[中]]></b><c>x&amp;y</c><d>1<![CDATA[2]]></d><e/></xml>",
        )
        .unwrap();
        let borrowed: Vec<bool> = f
            .iter()
            .map(|(_, v)| matches!(v, Cow::Borrowed(_)))
            .collect();
        assert_eq!(borrowed, [true, true, false, false, true]);
        assert_eq!(f[2].1, "x&y");
        assert_eq!(f[3].1, "12");
    }

    #[test]
    fn the_callback_can_stop_the_scan() {
        assert!(matches!(
            scan("<xml><a/></xml>", &mut |_, _| false),
            Err(Problem::Stopped)
        ));
    }

    #[test]
    fn syntax_errors_say_what_and_where() {
        let err = |doc| match fields(doc) {
            Err(Problem::Syntax(e)) => e.to_string(),
            other => format!("{other:?}"),
        };
        assert_eq!(
            err("<xml><a>1</b></xml>"),
            "closing tag does not match the open element at byte 9"
        );
        assert_eq!(
            err("<xml><a>x & y</a></xml>"),
            "`&` without a `;` ending its reference at byte 10"
        );
        assert_eq!(
            err("<xml><a x=\"1\">v</a></xml>"),
            "tag with attributes or other content after its name at byte 5"
        );
        assert_eq!(err("<xml><!-- c </xml>"), "comment without `-->` at byte 5");
        assert_eq!(err("<xml><a"), "tag without `>` at byte 5");
    }

    #[test]
    fn line_ends_and_references_are_read_as_xml_reads_them() {
        let f =
            fields("<xml><a>1\r\n2\r3&#x4e2d;&#20013;&lt;&gt;&amp;&apos;&quot;</a></xml>").unwrap();
        assert_eq!(f[0].1, "1\n2\n3中中<>&'\"");
        for bad in [
            "&#0;",
            "&#xD800;",
            "&#x110000;",
            "&#X41;",
            "&#+65;",
            "&#;",
            "&nbsp;",
        ] {
            let doc = format!("<xml><a>{bad}</a></xml>");
            assert!(matches!(fields(&doc), Err(Problem::UnknownEntity)), "{doc}");
        }
    }
}
