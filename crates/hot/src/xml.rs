//! The flat `<xml><name>value</name>…</xml>` documents of WeChat Pay APIv2: their fields (the
//! one-pass `plain_xml` reader, or the strict scan of payquery-xml-scan for any other shape),
//! and the value writer of a document being built.

use std::borrow::Cow;

use crate::plain_xml::plain_fields;
pub use crate::sort::sort_by_name;
pub use payquery_xml_scan::{is_field_name, scan, Problem};

/// One field of a v2 document: its name and value, both borrowed from the document, the value
/// copied only where the document forces it (an entity or character reference, CDATA beside
/// text, a carriage return to normalise).
pub type Field<'a> = (&'a str, Cow<'a, str>);

/// Every field of a v2 document ([`scan`]; a plain one read by the one-pass reader, see
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
    // `fields` is the public one: a one-field document reads the same sorted or not.
    use super::*;

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
