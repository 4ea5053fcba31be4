//! The strict reader of WeChat Pay APIv2's flat `<xml><name>value</name>…</xml>` documents,
//! over the borrowed document with quick-xml. Entities and DTDs are never expanded (a DOCTYPE is
//! a problem).
//!
//! In a crate of its own so that it is compiled for size (`opt-level = "s"`, set in the
//! workspace's Cargo.toml) while payquery-hot, which calls it, is compiled for speed: since
//! `plain_xml` (payquery-hot) reads the usual answer in one pass, this reader serves only the
//! documents that one declines (a declaration, comments, references, attributes, `\r`, …), and at
//! opt-level 3 its instantiation of quick-xml's reader was 11 KB of every module with APIv2.
//! Generic code is compiled in the crate that instantiates it, so quick-xml's reader is
//! instantiated here.

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;
use std::borrow::Cow;

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
}
