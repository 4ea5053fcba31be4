//! The `<xml>` documents of WeChat Pay APIv2: built with CDATA only where needed, parsed into
//! a flat field list by payquery's own strict reader (crates/xml-scan) over the borrowed
//! document. Entities and DTDs are never expanded (a DOCTYPE is refused). The scan and the
//! value writer are in `payquery-hot` (crates/hot, compiled for speed); the errors and the
//! duplicate rule are here.

use crate::error::{describe_name, quote_untrusted, Error, Result};
use crate::transport::MAX_BODY_BYTES;
pub use payquery_hot::xml::Field;
use payquery_hot::xml::{fields, is_field_name, push_value, scan, Problem};
use std::collections::BTreeMap;

/// Every field of a v2 document, name -> value, exactly as received (after XML decoding).
pub type RawFields = BTreeMap<String, String>;

/// Builds `<xml><k>v</k>…</xml>` in the given field order. A value that contains markup
/// characters goes in CDATA (split where it contains `]]>`), one with a carriage return is
/// escaped with character references; plain values are written bare.
pub fn build_xml<'a, I>(fields: I) -> Result<String>
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let mut out = String::with_capacity(512);
    out.push_str("<xml>");
    for (name, value) in fields {
        if !is_field_name(name) {
            return Err(Error::invalid_argument(format!(
                "field name {} is not a valid v2 parameter name ([A-Za-z_][A-Za-z0-9_]*)",
                describe_name(name)
            )));
        }
        out.push('<');
        out.push_str(name);
        out.push('>');
        if !push_value(&mut out, value) {
            return Err(Error::invalid_argument(format!(
                "field {name} contains a control character XML cannot carry"
            )));
        }
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
    out.push_str("</xml>");
    Ok(out)
}

/// Parses a v2 document into its fields.
///
/// Accepts an XML declaration, comments and whitespace between fields. Refuses a body over
/// 1 MiB, a DOCTYPE, processing instructions, a root other than `<xml>`, nested or duplicate
/// elements, text outside fields, unknown entities and anything after the root.
pub fn parse_xml(body: &[u8]) -> Result<RawFields> {
    let mut map = RawFields::new();
    for (k, v) in parse_fields(body)? {
        map.insert(k.to_owned(), v.into_owned());
    }
    Ok(map)
}

/// [`parse_xml`] without copies: the fields borrowed from `body`, sorted by name (byte order,
/// the order of [`RawFields`] and of the canonical string), under the same rules.
pub fn parse_fields(body: &[u8]) -> Result<Vec<Field<'_>>> {
    if body.len() > MAX_BODY_BYTES {
        return Err(too_large(body.len()));
    }
    let text = std::str::from_utf8(body)
        .map_err(|_| Error::malformed("response body is not valid UTF-8"))?;
    parse_text(text)
}

/// [`parse_fields`] of a document that is text already (a JavaScript string), so not checked
/// for UTF-8 a second time.
pub fn parse_text(text: &str) -> Result<Vec<Field<'_>>> {
    if text.len() > MAX_BODY_BYTES {
        return Err(too_large(text.len()));
    }
    if let Ok(fields) = fields(text) {
        return Ok(fields);
    }
    // A duplicate or a malformed document: scan again, checking names as they come, so that
    // the error is the first problem in document order, whichever kind it is.
    // (A map of owned names: the error path may allocate, and this map type is built anyway.)
    let mut seen = RawFields::new();
    let mut duplicate = None;
    let again = scan(text, &mut |name, _| {
        if seen.insert(name.to_owned(), String::new()).is_none() {
            true
        } else {
            duplicate = Some(name);
            false
        }
    });
    Err(match (again, duplicate) {
        // Two values for one signed name: which one was signed is ambiguous, so trust neither.
        (_, Some(name)) => Error::malformed(format!("duplicate element <{name}>")),
        (Err(problem), None) => problem_error(problem),
        (Ok(()), None) => Error::malformed("duplicate element"),
    })
}

/// The error for a document of `len` bytes, over [`MAX_BODY_BYTES`].
fn too_large(len: usize) -> Error {
    Error::malformed(format!(
        "response body of {len} bytes exceeds the {MAX_BODY_BYTES} byte limit"
    ))
}

/// The error for what the scan stopped at.
fn problem_error(problem: Problem<'_>) -> Error {
    Error::malformed(match problem {
        Problem::Syntax(e) => format!("invalid XML: {e}"),
        Problem::EndsEarly => "XML document ends before </xml>".into(),
        Problem::DocType => "XML with a DOCTYPE is refused (entity expansion attacks)".into(),
        Problem::Instruction => "XML processing instructions are refused".into(),
        Problem::UnexpectedRoot(name) => format!(
            "unexpected root element {}; a v2 document has a single <xml> root",
            quote_untrusted(&crate::core::utf8::lossy(&name))
        ),
        Problem::TextOutside => "text outside any field element".into(),
        Problem::CharDataOutside => "character data outside any field element".into(),
        Problem::BadName => "an element name is not a valid v2 field name".into(),
        Problem::Nested(name) => format!(
            "nested element inside {}; v2 fields are flat",
            quote_untrusted(name)
        ),
        Problem::UnknownEntity => {
            "unknown XML entity reference; only the predefined ones are accepted".into()
        }
        Problem::LateDeclaration => "an XML declaration may only open the document".into(),
        Problem::Unbalanced => "unbalanced closing tag".into(),
        // Only the duplicate check stops a scan, and it is reported above.
        Problem::Stopped => "duplicate element".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use std::borrow::Cow;

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
    fn fields_borrow_the_document_unless_it_forces_a_copy() {
        let doc = "<xml><b><![CDATA[中文]]></b><a>plain</a><c>x&amp;y</c><d>1<![CDATA[2]]></d>\
                   <e>line\r\nend</e><f/><g></g></xml>";
        let fields = parse_fields(doc.as_bytes()).unwrap();
        let names: Vec<&str> = fields.iter().map(|f| f.0).collect();
        assert_eq!(names, ["a", "b", "c", "d", "e", "f", "g"], "sorted by name");
        let borrowed = |i: usize| matches!(fields[i].1, Cow::Borrowed(_));
        assert!(borrowed(0) && borrowed(1) && borrowed(5) && borrowed(6));
        assert_eq!(fields[2].1, "x&y");
        assert_eq!(fields[3].1, "12");
        assert_eq!(fields[4].1, "line\nend");
        assert!(!borrowed(2) && !borrowed(3) && !borrowed(4));
        let map: RawFields = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(parse_xml(doc.as_bytes()).unwrap(), map);
    }

    #[test]
    fn the_first_problem_in_document_order_is_reported() {
        let dup_first = parse_xml(b"<xml><a>1</a><a>2</a><b><c/></b></xml>").unwrap_err();
        assert_eq!(dup_first.message, "duplicate element <a>");
        let dup_second = parse_xml(b"<xml><b>1</b><a>1</a><a>2</a><b>2</b></xml>").unwrap_err();
        assert_eq!(dup_second.message, "duplicate element <a>");
        let nested_first = parse_xml(b"<xml><a><b/></a><a>1</a><a>2</a></xml>").unwrap_err();
        assert!(
            nested_first.message.starts_with("nested element"),
            "{nested_first:?}"
        );
        assert_eq!(
            parse_fields(b"<xml><z/><z/></xml>").unwrap_err().message,
            "duplicate element <z>"
        );
    }

    #[test]
    fn build_splits_every_cdata_end_and_refuses_noncharacters() {
        let xml = build_xml([("a", "]]>x]]><")]).unwrap();
        assert_eq!(
            xml,
            "<xml><a><![CDATA[]]]]><![CDATA[>x]]]]><![CDATA[><]]></a></xml>"
        );
        assert_eq!(parse_xml(xml.as_bytes()).unwrap()["a"], "]]>x]]><");
        for bad in ["\u{FFFE}", "a\u{FFFF}", "\u{0}", "\u{1f}"] {
            assert_eq!(
                build_xml([("a", bad)]).unwrap_err().code,
                ErrorCode::InvalidArgument
            );
        }
        for fine in ["\u{FFFD}", "\u{EFFFF}", "\t\n", "\u{7f}"] {
            assert!(build_xml([("a", fine)]).is_ok(), "{fine:?}");
        }
    }

    #[test]
    fn syntax_errors_say_what_and_where() {
        let err = parse_xml(b"<xml><a>1</b></xml>").unwrap_err();
        assert_eq!(
            err.message,
            "invalid XML: closing tag does not match the open element at byte 9"
        );
        let err = parse_xml(b"<xml><a k=\"v\">1</a></xml>").unwrap_err();
        assert_eq!(
            err.message,
            "invalid XML: tag with attributes or other content after its name at byte 5"
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
