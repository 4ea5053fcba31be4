//! The flat `<xml><name>value</name>…</xml>` documents of WeChat Pay APIv2: a scan over the
//! borrowed document with quick-xml, and the value writer of a document being built.
//! Entities and DTDs are never expanded (a DOCTYPE is a problem).

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;
use std::borrow::Cow;

use crate::plain_xml::plain_fields;
pub use crate::sort::sort_by_name;

/// Why [`scan`] stopped before the end of the document.
#[derive(Debug)]
pub enum Problem<'a> {
    /// quick-xml refused the syntax.
    Syntax(quick_xml::Error),
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
    /// Undecodable text.
    Decode(quick_xml::encoding::EncodingError),
    /// An entity reference other than the five predefined ones and character references.
    UnknownEntity,
    /// An XML declaration after the start.
    LateDeclaration,
    /// A closing tag that closes nothing open.
    Unbalanced,
    /// The field callback asked to stop.
    Stopped,
}

/// Whether `name` can be an element name of a v2 document (WeChat uses `[a-z0-9_]`).
pub fn is_field_name(name: &str) -> bool {
    is_field_name_bytes(name.as_bytes())
}

fn is_field_name_bytes(name: &[u8]) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
        && !name.first().is_some_and(u8::is_ascii_digit)
}

/// One field of a v2 document: its name and value, both borrowed from the document, the value
/// copied only where the document forces it (an entity or character reference, CDATA beside
/// text, a carriage return to normalise).
pub type Field<'a> = (&'a str, Cow<'a, str>);

/// Every field of a v2 document ([`scan`]; a plain one read without quick-xml, see
/// `plain_xml`), sorted by name in byte order. A name that occurs
/// twice is [`Problem::Stopped`]; the caller scans again to tell which problem comes first.
pub fn fields(text: &str) -> Result<Vec<Field<'_>>, Problem<'_>> {
    let mut fields = match plain_fields(text) {
        Some(fields) => fields,
        None => {
            let mut fields = Vec::with_capacity(32);
            scan(text, &mut |name, value| {
                fields.push((name, value));
                true
            })?;
            fields
        }
    };
    sort_by_name(&mut fields);
    if fields.windows(2).any(|w| matches!(w, [a, b] if a.0 == b.0)) {
        return Err(Problem::Stopped);
    }
    Ok(fields)
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

/// Reads a v2 document, handing each field to `field` in document order (name and value
/// borrowed from `text`; the value copied only where the document forces it: an entity or
/// character reference, CDATA beside text, a carriage return to normalise). `field` returns
/// `false` to stop the scan ([`Problem::Stopped`]).
///
/// Accepts an XML declaration, comments and whitespace between fields. Stops at a DOCTYPE,
/// a processing instruction, a root other than `<xml>`, a nested element, text outside
/// fields, an unknown entity and anything after the root.
pub fn scan<'a>(
    text: &'a str,
    field: &mut dyn FnMut(&'a str, Cow<'a, str>) -> bool,
) -> Result<(), Problem<'a>> {
    let mut reader = Reader::from_str(text);
    let mut depth = Depth::Prolog;
    let mut emit = |name, value| {
        if field(name, value) {
            Ok(())
        } else {
            Err(Problem::Stopped)
        }
    };
    loop {
        let event = reader.read_event().map_err(Problem::Syntax)?;
        depth = match (depth, event) {
            (d, Event::Eof) => {
                return match d {
                    Depth::Done => Ok(()),
                    _ => Err(Problem::EndsEarly),
                };
            }
            (_, Event::DocType(_)) => return Err(Problem::DocType),
            (_, Event::PI(_)) => return Err(Problem::Instruction),
            (d, Event::Comment(_)) => d,
            (Depth::Prolog, Event::Decl(_)) => Depth::Prolog,
            (Depth::Prolog, Event::Start(e)) if e.name().as_ref() == b"xml" => Depth::Root,
            (Depth::Prolog, Event::Empty(e)) if e.name().as_ref() == b"xml" => Depth::Done,
            (Depth::Prolog | Depth::Done, Event::Start(e) | Event::Empty(e)) => {
                return Err(Problem::UnexpectedRoot(e.name().as_ref().to_vec()))
            }
            (d @ (Depth::Prolog | Depth::Root | Depth::Done), Event::Text(t)) => {
                if t.iter().all(u8::is_ascii_whitespace) {
                    d
                } else {
                    return Err(Problem::TextOutside);
                }
            }
            (Depth::Root, Event::Start(e)) => {
                Depth::Field(element_name(text, &e)?, Cow::Borrowed(""))
            }
            (Depth::Root, Event::Empty(e)) => {
                emit(element_name(text, &e)?, Cow::Borrowed(""))?;
                Depth::Root
            }
            (Depth::Root, Event::End(_)) => Depth::Done,
            (Depth::Field(name, value), Event::Text(t)) => {
                let piece = match borrowed_text(text, &t) {
                    Some(piece) => Cow::Borrowed(piece),
                    None => t.xml10_content().map_err(Problem::Decode)?,
                };
                Depth::Field(name, append(value, piece))
            }
            (Depth::Field(name, value), Event::CData(c)) => {
                let piece = match borrowed_text(text, &c) {
                    Some(piece) => Cow::Borrowed(piece),
                    None => c.xml10_content().map_err(Problem::Decode)?,
                };
                Depth::Field(name, append(value, piece))
            }
            (Depth::Field(name, mut value), Event::GeneralRef(r)) => {
                value.to_mut().push(resolve_reference(&r)?);
                Depth::Field(name, value)
            }
            (Depth::Field(name, value), Event::End(_)) => {
                emit(name, value)?;
                Depth::Root
            }
            (Depth::Field(name, _), Event::Start(_) | Event::Empty(_)) => {
                return Err(Problem::Nested(name))
            }
            (_, Event::GeneralRef(_) | Event::CData(_)) => return Err(Problem::CharDataOutside),
            (_, Event::Decl(_)) => return Err(Problem::LateDeclaration),
            (_, Event::End(_)) => return Err(Problem::Unbalanced),
        };
    }
}

/// `value` followed by `piece`: the piece itself (still borrowed) when it is the first.
fn append<'a>(value: Cow<'a, str>, piece: Cow<'a, str>) -> Cow<'a, str> {
    if value.is_empty() {
        piece
    } else {
        let mut value = value.into_owned();
        value.push_str(&piece);
        Cow::Owned(value)
    }
}

/// An element's name as a slice of the document, so that it borrows the document rather than
/// the event. A field name is ASCII, so its bytes need no UTF-8 check.
fn element_name<'a>(text: &'a str, e: &BytesStart<'_>) -> Result<&'a str, Problem<'a>> {
    let raw = e.name().into_inner();
    if !is_field_name_bytes(raw) {
        return Err(Problem::BadName);
    }
    within(text, raw).ok_or(Problem::BadName)
}

/// Text or CDATA content as it is in the document when it needs no decoding: the document is
/// a `str` already (so the slice is UTF-8), and without a carriage return there is no line
/// end to normalise. `None` sends the event through quick-xml's decoding.
fn borrowed_text<'a>(text: &'a str, content: &[u8]) -> Option<&'a str> {
    if content.contains(&b'\r') {
        return None;
    }
    within(text, content)
}

/// `part` (bytes quick-xml handed out) re-borrowed from `whole` when it lies inside `whole`,
/// as the borrowed reader's events do; `None` otherwise. Two live allocations never overlap,
/// so an address inside `whole` is a slice of it; `get` checks the bounds and that both ends
/// fall on character boundaries (then the slice of a `str` is UTF-8).
fn within<'a>(whole: &'a str, part: &[u8]) -> Option<&'a str> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    whole.get(start..start.checked_add(part.len())?)
}

/// The five predefined entities and numeric character references; nothing else.
fn resolve_reference<'a>(r: &BytesRef<'_>) -> Result<char, Problem<'a>> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Ok(c);
    }
    match r.as_ref() {
        b"lt" => Ok('<'),
        b"gt" => Ok('>'),
        b"amp" => Ok('&'),
        b"apos" => Ok('\''),
        b"quot" => Ok('"'),
        _ => Err(Problem::UnknownEntity),
    }
}

/// What a value needs to be written into a document.
#[derive(PartialEq, Eq)]
enum Writing {
    /// As it is.
    Bare,
    /// In CDATA: it holds `<`, `>` or `&`.
    Cdata,
    /// With character references: it holds a carriage return.
    References,
}

/// How `value` must be written, in one pass over its bytes; `None` when it holds a character
/// XML 1.0 cannot carry at all, escaped or not (C0 controls other than tab, LF and CR, and
/// U+FFFE / U+FFFF, whose UTF-8 is `EF BF BE` / `EF BF BF`).
fn writing(value: &str) -> Option<Writing> {
    let bytes = value.as_bytes();
    let mut how = Writing::Bare;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\r' => how = Writing::References,
            b'\t' | b'\n' => {}
            0..=0x1f => return None,
            b'<' | b'>' | b'&' if how == Writing::Bare => how = Writing::Cdata,
            0xef if matches!(bytes.get(i + 1..i + 3), Some([0xbf, 0xbe | 0xbf])) => return None,
            _ => {}
        }
    }
    Some(how)
}

/// Appends `value` as element content that reads back as exactly `value`: bare; in CDATA
/// when it holds markup characters (split where it holds `]]>`); with character references
/// when it holds a carriage return, which XML parsers otherwise read as a line feed, inside
/// CDATA too. `false` (nothing written) when it holds a character XML cannot carry.
pub fn push_value(out: &mut String, value: &str) -> bool {
    match writing(value) {
        None => return false,
        Some(Writing::Bare) => out.push_str(value),
        Some(Writing::References) => {
            for c in value.chars() {
                match c {
                    '\r' => out.push_str("&#13;"),
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    c => out.push(c),
                }
            }
        }
        Some(Writing::Cdata) => {
            out.push_str("<![CDATA[");
            let mut rest = value;
            // (A byte search: `str::find` with a string pattern brings a Two-Way searcher.)
            while let Some(at) = rest.as_bytes().windows(3).position(|w| w == b"]]>") {
                let (before, after) = rest.split_at(at);
                out.push_str(before);
                out.push_str("]]]]><![CDATA[>");
                rest = after.get(3..).unwrap_or_default();
            }
            out.push_str(rest);
            out.push_str("]]>");
        }
    }
    true
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
    fn values_are_written_to_read_back() {
        for value in ["plain", "a<b & c", "]]>x]]><", "cr\r\nlf <&>", "中文", ""] {
            let mut doc = String::from("<xml><v>");
            assert!(push_value(&mut doc, value));
            doc.push_str("</v></xml>");
            assert_eq!(
                fields(&doc).unwrap(),
                [("v", Cow::Borrowed(value))],
                "{doc}"
            );
        }
        for bad in ["\u{FFFE}", "a\u{FFFF}", "\u{0}", "\u{1f}"] {
            assert!(!push_value(&mut String::new(), bad));
        }
    }
}
