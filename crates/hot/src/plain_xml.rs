//! The scan of a plain v2 document: the shape WeChat Pay sends (`<xml>`, then
//! `<name>text</name>` or `<name><![CDATA[text]]></name>` with whitespace between, `</xml>`),
//! read in one pass over the bytes, compiled for speed. (It came first, when the strict scan was
//! quick-xml's reader, which was a fifth of a `verifyV2Xml` call on a 28-field answer.)
//!
//! It accepts only documents that `xml::scan` accepts with the same fields, and declines
//! (`None`) everything else, well-formed or not: a declaration, a comment, an attribute, an
//! empty-element tag, a reference, a carriage return, text beside CDATA. Those go through
//! `xml::scan` (payquery-xml-scan, compiled for size), which applies the rules and reports the
//! problems, so the rules live in one place.

use crate::xml::Field;
use std::borrow::Cow;

/// Every field of `text` in document order, borrowed from it, when `text` is a plain v2
/// document (see the module comment); `None` for any other, which `xml::scan` then reads.
pub fn plain_fields(text: &str) -> Option<Vec<Field<'_>>> {
    let bytes = text.as_bytes();
    let mut at = after(bytes, skip_space(bytes, 0), b"<xml>")?;
    let mut fields = Vec::with_capacity(32);
    loop {
        at = skip_space(bytes, at);
        if bytes.get(at..at + 2) == Some(b"</") {
            at = after(bytes, at, b"</xml>")?;
            break;
        }
        let (name, start) = open_tag(text, at)?;
        let (value, end) = content(text, start, name)?;
        fields.push((name, Cow::Borrowed(value)));
        at = end;
    }
    (skip_space(bytes, at) == bytes.len()).then_some(fields)
}

/// The index past the spaces, tabs, line feeds and carriage returns from `at` (whitespace
/// `xml::scan` reads as blank text between fields).
fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        at += 1;
    }
    at
}

/// The index past `token` when the bytes at `at` are `token`.
fn after(bytes: &[u8], at: usize, token: &[u8]) -> Option<usize> {
    let end = at.checked_add(token.len())?;
    (bytes.get(at..end)? == token).then_some(end)
}

/// Whether `b` may be in a v2 field name (`xml::is_field_name`: `[A-Za-z0-9_]`).
fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The name of the start tag `<name>` at `at` and the index past it; `None` unless it is
/// exactly that, with a name `xml::is_field_name` accepts.
fn open_tag(text: &str, at: usize) -> Option<(&str, usize)> {
    let bytes = text.as_bytes();
    if bytes.get(at) != Some(&b'<') {
        return None;
    }
    let start = at + 1;
    let len = bytes.get(start..)?.iter().position(|&b| !is_name_byte(b))?;
    let end = start + len;
    if bytes.get(end) != Some(&b'>') || !(1..=64).contains(&len) {
        return None;
    }
    if bytes.get(start).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    // ASCII bytes, so both ends are character boundaries.
    Some((text.get(start..end)?, end + 1))
}

/// The content of the field `name` from `start` (text without `<`, `&` or a carriage return,
/// or one CDATA section without a carriage return) and the index past its `</name>`. (Byte
/// loops: values are short, and memchr's searchers added some 200 bytes to the module.)
fn content<'a>(text: &'a str, start: usize, name: &str) -> Option<(&'a str, usize)> {
    const CDATA: &[u8] = b"<![CDATA[";
    let bytes = text.as_bytes();
    let (from, to, close) = if bytes.get(start..)?.starts_with(CDATA) {
        let inner = start + CDATA.len();
        let mut end = inner;
        loop {
            match *bytes.get(end)? {
                b'\r' => return None,
                b'>' if end >= inner + 2 && bytes.get(end - 2..end) == Some(b"]]") => break,
                _ => end += 1,
            }
        }
        (inner, end - 2, end + 1)
    } else {
        let mut end = start;
        loop {
            match *bytes.get(end)? {
                b'<' => break,
                b'&' | b'\r' => return None,
                _ => end += 1,
            }
        }
        (start, end, end)
    };
    let tag = bytes.get(close..)?;
    let n = name.len();
    let closes = tag.get(..2) == Some(b"</")
        && tag.get(2..2 + n) == Some(name.as_bytes())
        && tag.get(2 + n) == Some(&b'>');
    closes.then_some((text.get(from..to)?, close + n + 3))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::scan;

    /// What the strict scan reads from `text`: the fields in document order, or `None`.
    fn scanned(text: &str) -> Option<Vec<(String, String)>> {
        let mut out = Vec::new();
        scan(text, &mut |k, v| {
            out.push((k.to_owned(), v.into_owned()));
            true
        })
        .ok()?;
        Some(out)
    }

    fn owned(fields: Vec<Field<'_>>) -> Vec<(String, String)> {
        fields
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.into_owned()))
            .collect()
    }

    /// Accepted by the plain scan: the fields the strict scan reads.
    fn agrees(text: &str) -> bool {
        match plain_fields(text) {
            Some(fields) => {
                assert_eq!(Some(owned(fields)), scanned(text), "{text:?}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn reads_plain_documents_as_the_strict_scan_does() {
        for doc in [
            "<xml></xml>",
            " \n<xml>\r\n <a>1</a>\t<b><![CDATA[中 <x> & ]] ]>]]></b><c></c></xml>\n",
            "<xml><a_1>x > y ]]> z</a_1><B><![CDATA[]]></B><xml>in</xml></xml>",
        ] {
            assert!(agrees(doc), "{doc:?} was declined");
        }
    }

    #[test]
    fn declines_what_it_does_not_read() {
        for doc in [
            "",
            "<xml>",
            "<?xml version=\"1.0\"?><xml></xml>",
            "<xml><!-- c --></xml>",
            "<xml><a/></xml>",
            "<xml><a x=\"1\">v</a></xml>",
            "<xml><a>x&amp;y</a></xml>",
            "<xml><a>x\ry</a></xml>",
            "<xml><a><![CDATA[x\ry]]></a></xml>",
            "<xml><a>x<![CDATA[y]]></a></xml>",
            "<xml><a><![CDATA[y]]>x</a></xml>",
            "<xml><a>1</b></xml>",
            "<xml><a><b>1</b></a></xml>",
            "<xml><1a>1</1a></xml>",
            "<xml></xml>x",
            "<xml></xml><xml></xml>",
            "<root></root>",
            "\u{c}<xml></xml>",
        ] {
            assert!(plain_fields(doc).is_none(), "{doc:?} was read");
        }
        let long = "n".repeat(65);
        assert!(plain_fields(&format!("<xml><{long}>1</{long}></xml>")).is_none());
    }

    /// Documents of random pieces, most of them malformed, and each of them with one byte
    /// changed: whatever the plain scan reads, the strict scan reads alike (and that one is
    /// checked against quick-xml in payquery-xml-scan's tests).
    #[test]
    fn agrees_with_the_strict_scan_on_generated_documents() {
        const PIECES: [&str; 22] = [
            "<xml>",
            "</xml>",
            "<a>",
            "</a>",
            "<b_2>",
            "</b_2>",
            "<![CDATA[",
            "]]>",
            "&amp;",
            "\r",
            " ",
            "\n",
            "x",
            "中",
            "<",
            ">",
            "/",
            "<a/>",
            "<!--c-->",
            "]",
            "&",
            "<?p?>",
        ];
        let mut x: u32 = 7;
        let mut next = |n: usize| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (x >> 8) as usize % n
        };
        let mut accepted = 0;
        for _ in 0..20_000 {
            let mut doc = String::from("<xml>");
            let fields = next(5);
            for _ in 0..fields {
                // Mostly well-formed fields, with a random piece now and then.
                let (open, close) = if next(2) == 0 {
                    ("<a>", "</a>")
                } else {
                    ("<b_2>", "</b_2>")
                };
                doc.push_str(open);
                for _ in 0..next(4) {
                    doc.push_str(PIECES[next(PIECES.len())]);
                }
                doc.push_str(close);
                if next(3) == 0 {
                    doc.push_str(PIECES[next(PIECES.len())]);
                }
            }
            doc.push_str("</xml>");
            if agrees(&doc) {
                accepted += 1;
            }
            let mut bytes = doc.into_bytes();
            let at = next(bytes.len());
            bytes[at] = b"<>/!&[]ax \r"[next(11)];
            if let Ok(changed) = String::from_utf8(bytes) {
                agrees(&changed);
            }
        }
        // Not vacuous: a good share of the documents is read.
        assert!(accepted > 2_000, "{accepted}");
    }
}
