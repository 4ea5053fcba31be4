//! The reference for payquery's XML reader: the quick-xml (0.38) event reading that
//! payquery-xml-scan's `scan` was before it became hand-written (issue 12), with the same rules.
//! Shared by the differential tests (`tests/differential.rs`) and the fuzz crate (`v2_response`),
//! never linked into payquery. Written against quick-xml, not payquery's reader, so that the
//! comparison does not share the code it checks.

use quick_xml::events::{BytesRef, Event};
use quick_xml::Reader;

/// Where the reading is inside the document.
enum Depth {
    Prolog,
    Root,
    Field(String, String),
    Done,
}

/// Whether `name` is a v2 field name (`[A-Za-z_][A-Za-z0-9_]*`, at most 64 bytes).
fn is_field_name(name: &[u8]) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
        && !name.first().is_some_and(u8::is_ascii_digit)
}

/// The fields of a v2 document in document order as quick-xml reads them, or why not (words).
pub fn quick_xml_fields(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut reader = Reader::from_str(text);
    let mut depth = Depth::Prolog;
    let mut fields = Vec::new();
    loop {
        let event = reader.read_event().map_err(|e| format!("syntax: {e}"))?;
        depth = match (depth, event) {
            (Depth::Done, Event::Eof) => return Ok(fields),
            (_, Event::Eof) => return Err("ends early".into()),
            (_, Event::DocType(_)) => return Err("doctype".into()),
            (_, Event::PI(_)) => return Err("instruction".into()),
            (d, Event::Comment(_)) => d,
            (Depth::Prolog, Event::Decl(_)) => Depth::Prolog,
            (Depth::Prolog, Event::Start(e)) if e.name().as_ref() == b"xml" => Depth::Root,
            (Depth::Prolog, Event::Empty(e)) if e.name().as_ref() == b"xml" => Depth::Done,
            (Depth::Prolog | Depth::Done, Event::Start(_) | Event::Empty(_)) => {
                return Err("unexpected root".into())
            }
            (d @ (Depth::Prolog | Depth::Root | Depth::Done), Event::Text(t)) => {
                if t.iter().all(u8::is_ascii_whitespace) {
                    d
                } else {
                    return Err("text outside".into());
                }
            }
            (Depth::Root, Event::Start(e)) => {
                let name = e.name().into_inner();
                if !is_field_name(name) {
                    return Err("bad name".into());
                }
                Depth::Field(ascii(name), String::new())
            }
            (Depth::Root, Event::Empty(e)) => {
                let name = e.name().into_inner();
                if !is_field_name(name) {
                    return Err("bad name".into());
                }
                fields.push((ascii(name), String::new()));
                Depth::Root
            }
            (Depth::Root, Event::End(_)) => Depth::Done,
            (Depth::Field(name, mut value), Event::Text(t)) => {
                value.push_str(&t.xml10_content().map_err(|e| e.to_string())?);
                Depth::Field(name, value)
            }
            (Depth::Field(name, mut value), Event::CData(c)) => {
                value.push_str(&c.xml10_content().map_err(|e| e.to_string())?);
                Depth::Field(name, value)
            }
            (Depth::Field(name, mut value), Event::GeneralRef(r)) => {
                value.push(resolve_reference(&r)?);
                Depth::Field(name, value)
            }
            (Depth::Field(name, value), Event::End(_)) => {
                fields.push((name, value));
                Depth::Root
            }
            (Depth::Field(..), Event::Start(_) | Event::Empty(_)) => return Err("nested".into()),
            (_, Event::GeneralRef(_) | Event::CData(_)) => return Err("char data outside".into()),
            (_, Event::Decl(_)) => return Err("late declaration".into()),
            (_, Event::End(_)) => return Err("unbalanced".into()),
        };
    }
}

/// A field name (checked ASCII) as text.
fn ascii(name: &[u8]) -> String {
    String::from_utf8_lossy(name).into_owned()
}

/// The five predefined entities and numeric character references; nothing else.
fn resolve_reference(r: &BytesRef<'_>) -> Result<char, String> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Ok(c);
    }
    match r.as_ref() {
        b"lt" => Ok('<'),
        b"gt" => Ok('>'),
        b"amp" => Ok('&'),
        b"apos" => Ok('\''),
        b"quot" => Ok('"'),
        _ => Err("unknown entity".into()),
    }
}
