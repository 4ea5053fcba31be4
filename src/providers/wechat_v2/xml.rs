//! The `<xml>` documents of WeChat Pay APIv2: built with CDATA only where needed, parsed into
//! a flat field map with quick-xml. Entities and DTDs are never expanded (a DOCTYPE is refused).

use crate::error::{describe_name, quote_untrusted, Error, Result};
use crate::transport::MAX_BODY_BYTES;
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::BTreeMap;

/// Every field of a v2 document, name -> value, exactly as received (after XML decoding).
pub type RawFields = BTreeMap<String, String>;

/// Whether `name` can be an element name of a v2 document (WeChat uses `[a-z0-9_]`).
fn is_field_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !name.as_bytes().first().is_some_and(u8::is_ascii_digit)
}

/// Characters XML 1.0 cannot carry at all, escaped or not.
fn has_forbidden_char(value: &str) -> bool {
    value.chars().any(|c| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
    })
}

/// Builds `<xml><k>v</k>…</xml>` in the given field order. A value that contains markup
/// characters goes in CDATA (split where it contains `]]>`), one with a carriage return is
/// escaped with character references; plain values are written bare.
pub fn build_xml<'a, I>(fields: I) -> Result<String>
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let mut out = String::from("<xml>");
    for (name, value) in fields {
        if !is_field_name(name) {
            return Err(Error::invalid_argument(format!(
                "field name {} is not a valid v2 parameter name ([A-Za-z_][A-Za-z0-9_]*)",
                describe_name(name)
            )));
        }
        if has_forbidden_char(value) {
            return Err(Error::invalid_argument(format!(
                "field {name} contains a control character XML cannot carry"
            )));
        }
        out.push('<');
        out.push_str(name);
        out.push('>');
        if value.contains('\r') {
            // XML parsers read a literal CR (or CRLF) as LF, inside CDATA too; only a character
            // reference reads back as the value that was signed. (Found by fuzz/v2_response.)
            for c in value.chars() {
                match c {
                    '\r' => out.push_str("&#13;"),
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    c => out.push(c),
                }
            }
        } else if value.contains(['<', '>', '&']) {
            out.push_str("<![CDATA[");
            out.push_str(&value.replace("]]>", "]]]]><![CDATA[>"));
            out.push_str("]]>");
        } else {
            out.push_str(value);
        }
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
    out.push_str("</xml>");
    Ok(out)
}

/// Where the parser is inside the document.
enum Depth {
    /// Before the root element.
    Prolog,
    /// Inside `<xml>`, between fields.
    Root,
    /// Inside a field element, collecting its text.
    Field(String, String),
    /// After `</xml>`.
    Done,
}

/// Parses a v2 document into its fields.
///
/// Accepts an XML declaration, comments and whitespace between fields. Refuses a body over
/// 1 MiB, a DOCTYPE, processing instructions, a root other than `<xml>`, nested or duplicate
/// elements, text outside fields, unknown entities and anything after the root.
pub fn parse_xml(body: &[u8]) -> Result<RawFields> {
    if body.len() > MAX_BODY_BYTES {
        return Err(Error::malformed(format!(
            "response body of {} bytes exceeds the {} byte limit",
            body.len(),
            MAX_BODY_BYTES
        )));
    }
    let text = std::str::from_utf8(body)
        .map_err(|_| Error::malformed("response body is not valid UTF-8"))?;
    let mut reader = Reader::from_str(text);
    let mut fields = RawFields::new();
    let mut depth = Depth::Prolog;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| Error::malformed(format!("invalid XML: {e}")))?;
        depth = match (depth, event) {
            (d, Event::Eof) => {
                return match d {
                    Depth::Done => Ok(fields),
                    _ => Err(Error::malformed("XML document ends before </xml>")),
                };
            }
            (_, Event::DocType(_)) => {
                return Err(Error::malformed(
                    "XML with a DOCTYPE is refused (entity expansion attacks)",
                ))
            }
            (_, Event::PI(_)) => {
                return Err(Error::malformed("XML processing instructions are refused"))
            }
            (d, Event::Comment(_)) => d,
            (Depth::Prolog, Event::Decl(_)) => Depth::Prolog,
            (Depth::Prolog, Event::Start(e)) if e.name().as_ref() == b"xml" => Depth::Root,
            (Depth::Prolog, Event::Empty(e)) if e.name().as_ref() == b"xml" => Depth::Done,
            (Depth::Prolog | Depth::Done, Event::Start(e) | Event::Empty(e)) => {
                return Err(Error::malformed(format!(
                    "unexpected root element {}; a v2 document has a single <xml> root",
                    quote_untrusted(&String::from_utf8_lossy(e.name().as_ref()))
                )))
            }
            (d @ (Depth::Prolog | Depth::Root | Depth::Done), Event::Text(t)) => {
                if t.iter().all(u8::is_ascii_whitespace) {
                    d
                } else {
                    return Err(Error::malformed("text outside any field element"));
                }
            }
            (Depth::Root, Event::Start(e)) => {
                let name = element_name(e.name().as_ref())?;
                Depth::Field(name, String::new())
            }
            (Depth::Root, Event::Empty(e)) => {
                let name = element_name(e.name().as_ref())?;
                insert(&mut fields, name, String::new())?;
                Depth::Root
            }
            (Depth::Root, Event::End(_)) => Depth::Done,
            (Depth::Field(name, mut value), Event::Text(t)) => {
                value.push_str(&t.xml10_content().map_err(decode_error)?);
                Depth::Field(name, value)
            }
            (Depth::Field(name, mut value), Event::CData(c)) => {
                value.push_str(&c.xml10_content().map_err(decode_error)?);
                Depth::Field(name, value)
            }
            (Depth::Field(name, mut value), Event::GeneralRef(r)) => {
                value.push(resolve_reference(&r)?);
                Depth::Field(name, value)
            }
            (Depth::Field(name, value), Event::End(_)) => {
                insert(&mut fields, name, value)?;
                Depth::Root
            }
            (Depth::Field(name, _), Event::Start(_) | Event::Empty(_)) => {
                return Err(Error::malformed(format!(
                    "nested element inside {}; v2 fields are flat",
                    quote_untrusted(&name)
                )))
            }
            (_, Event::GeneralRef(_) | Event::CData(_)) => {
                return Err(Error::malformed("character data outside any field element"))
            }
            (_, Event::Decl(_)) => {
                return Err(Error::malformed(
                    "an XML declaration may only open the document",
                ))
            }
            (_, Event::End(_)) => return Err(Error::malformed("unbalanced closing tag")),
        };
    }
}

fn element_name(raw: &[u8]) -> Result<String> {
    let name = std::str::from_utf8(raw)
        .ok()
        .filter(|n| is_field_name(n))
        .ok_or_else(|| Error::malformed("an element name is not a valid v2 field name"))?;
    Ok(name.to_owned())
}

fn insert(fields: &mut RawFields, name: String, value: String) -> Result<()> {
    if fields.contains_key(&name) {
        // Two values for one signed name: which one was signed is ambiguous, so trust neither.
        return Err(Error::malformed(format!("duplicate element <{name}>")));
    }
    fields.insert(name, value);
    Ok(())
}

fn decode_error(e: quick_xml::encoding::EncodingError) -> Error {
    Error::malformed(format!("undecodable XML text: {e}"))
}

/// The five predefined entities and numeric character references; nothing else.
fn resolve_reference(r: &quick_xml::events::BytesRef<'_>) -> Result<char> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Ok(c);
    }
    match r.as_ref() {
        b"lt" => Ok('<'),
        b"gt" => Ok('>'),
        b"amp" => Ok('&'),
        b"apos" => Ok('\''),
        b"quot" => Ok('"'),
        _ => Err(Error::malformed(
            "unknown XML entity reference; only the predefined ones are accepted",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn builds_bare_values_and_cdata_only_where_needed() {
        let xml = build_xml([
            ("appid", "wx1"),
            ("attach", "a<b & c"),
            ("body", "中文"),
            ("tricky", "x]]>y<"),
        ])
        .unwrap();
        assert_eq!(
            xml,
            "<xml><appid>wx1</appid><attach><![CDATA[a<b & c]]></attach><body>中文</body>\
             <tricky><![CDATA[x]]]]><![CDATA[>y<]]></tricky></xml>"
        );
        let back = parse_xml(xml.as_bytes()).unwrap();
        assert_eq!(back["attach"], "a<b & c");
        assert_eq!(back["tricky"], "x]]>y<");
        assert_eq!(back["body"], "中文");
    }

    #[test]
    fn carriage_returns_survive_a_build_and_parse() {
        let value = "line1\r\nline2\rend <&> ]]>";
        let xml = build_xml([("attach", value)]).unwrap();
        assert!(!xml.contains('\r'), "{xml}");
        assert_eq!(parse_xml(xml.as_bytes()).unwrap()["attach"], value);
    }

    #[test]
    fn build_refuses_bad_names_and_control_characters() {
        assert_eq!(
            build_xml([("a b", "x")]).unwrap_err().code,
            ErrorCode::InvalidArgument
        );
        assert_eq!(
            build_xml([("a", "x\u{1}")]).unwrap_err().code,
            ErrorCode::InvalidArgument
        );
    }

    #[test]
    fn parses_a_typical_response() {
        let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xml>\n  <return_code><![CDATA[SUCCESS]]></return_code>\n  \
                    <total_fee>101</total_fee><attach><![CDATA[]]></attach><!-- c --><empty/>\
                    <amp>a&amp;b&#x4e2d;</amp></xml>\n";
        let f = parse_xml(body.as_bytes()).unwrap();
        assert_eq!(f["return_code"], "SUCCESS");
        assert_eq!(f["total_fee"], "101");
        assert_eq!(f["attach"], "");
        assert_eq!(f["empty"], "");
        assert_eq!(f["amp"], "a&b中");
    }

    #[test]
    fn refuses_hostile_and_malformed_documents() {
        let cases: &[&str] = &[
            "<!DOCTYPE xml [<!ENTITY e \"x\">]><xml><a>&e;</a></xml>",
            "<xml><a>1</a><a>2</a></xml>",
            "<xml><a><b>1</b></a></xml>",
            "<root><a>1</a></root>",
            "<xml><a>1</a></xml><xml></xml>",
            "<xml><a>1</a>",
            "<xml>text<a>1</a></xml>",
            "<xml><a>&unknown;</a></xml>",
            "<xml><?pi x?><a>1</a></xml>",
            "<xml><a>1</b></xml>",
            "",
            "not xml at all",
            "<xml><1a>1</1a></xml>",
        ];
        for case in cases {
            let err = parse_xml(case.as_bytes()).unwrap_err();
            assert_eq!(err.code, ErrorCode::MalformedResponse, "{case}");
        }
        assert_eq!(
            parse_xml(&[0xff, 0xfe]).unwrap_err().code,
            ErrorCode::MalformedResponse
        );
    }

    #[test]
    fn refuses_bodies_over_one_mebibyte() {
        let mut body = b"<xml><a>".to_vec();
        body.resize(MAX_BODY_BYTES + 1, b'x');
        let err = parse_xml(&body).unwrap_err();
        assert_eq!(err.code, ErrorCode::MalformedResponse);
        assert!(err.message.contains("limit"));
    }
}
