//! payquery's XML reader against quick-xml's event reading (the reference in `reference/`):
//! whatever payquery reads, quick-xml reads with the same fields; on the shapes the rules name,
//! both agree; and the documents quick-xml read that payquery refuses are the listed ones,
//! shapes WeChat Pay never sends.

mod reference;

use payquery_xml_scan::{scan, Problem, Unreadable};
use reference::quick_xml_fields;

/// What payquery's reader reads from `text`: the fields in document order, or `None`.
fn payquery_fields(text: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    scan(text, &mut |k, v| {
        out.push((k.to_owned(), v.into_owned()));
        true
    })
    .ok()?;
    Some(out)
}

/// Read by payquery: quick-xml reads the same fields. Returns whether payquery read it.
fn agrees(text: &str) -> bool {
    match payquery_fields(text) {
        Some(fields) => {
            assert_eq!(Ok(fields), quick_xml_fields(text), "{text:?}");
            true
        }
        None => false,
    }
}

/// Documents quick-xml reads and payquery refuses: attributes (on the root or a field),
/// markup other than a name in a tag, and a form feed (not XML white space, nor even an XML
/// character) between fields. WeChat Pay sends none of them.
const DIFFERENCES: [&str; 6] = [
    "<xml><a x=\"1\">v</a></xml>",
    "<xml version=\"1\"><a>v</a></xml>",
    "<xml><a x='>'/></xml>",
    "<xml><a / >v</a></xml>",
    "\u{c}<xml></xml>",
    "<xml>\u{c}<a>v</a></xml>",
];

#[test]
fn the_listed_differences_are_read_by_quick_xml_only() {
    for doc in DIFFERENCES {
        assert!(quick_xml_fields(doc).is_ok(), "{doc:?}");
        assert!(payquery_fields(doc).is_none(), "{doc:?}");
    }
}

#[test]
fn both_read_the_accepted_shapes_alike() {
    for doc in [
        "<xml></xml>",
        "<xml/>",
        "<xml />",
        "\u{feff}<xml><a>1</a></xml>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xml><a>1</a></xml>",
        "<?xml?><xml></xml>",
        " <!-- c --> <?xml version=\"1.0\"?><xml></xml>",
        "<xml>\r\n <a>1</a>\t<!-- c -- d --><b><![CDATA[中 <x> & ]] ]>]]></b><c></c></xml>\n<!---->",
        "<xml><a/><b /><c>x<![CDATA[y]]>z&amp;&lt;&gt;&apos;&quot;&#65;&#x4e2d;&#0065;</c></xml>",
        "<xml><a>1\r\n2\r3<![CDATA[4\r\n5\r]]>\r</a></xml>",
        "<xml><a>1<!-- in -->2</a><b\n>3</b\t></xml>",
        "<xml><a_1>x > y ]]> z</a_1><B><![CDATA[]]></B><xml>in</xml></xml>",
        "<xml><a><![CDATA[]]]]><![CDATA[>]]></a></xml>",
        "<xml><a>&#x1F600;&#1114111;</a></xml>",
    ] {
        assert!(agrees(doc), "{doc:?} was refused");
    }
}

#[test]
fn both_refuse_the_refused_shapes() {
    for doc in [
        "",
        "  ",
        "<xml>",
        "<xml><a>1</a>",
        "<!DOCTYPE xml [<!ENTITY e \"x\">]><xml><a>&e;</a></xml>",
        "<!doctype xml><xml></xml>",
        "<?pi x?><xml></xml>",
        "<xml><?pi x?></xml>",
        "<?xml-stylesheet x?><xml></xml>",
        "<root></root>",
        "<xml></xml><xml></xml>",
        "<xml></xml><a/>",
        "<xml><a><b>1</b></a></xml>",
        "<xml><a><b/></a></xml>",
        "<xml>text<a>1</a></xml>",
        "x<xml></xml>",
        "<xml></xml>x",
        "<xml><![CDATA[x]]></xml>",
        "<xml>&amp;</xml>",
        "<xml><1a>1</1a></xml>",
        "<xml><a-b>1</a-b></xml>",
        "<xml><a:b>1</a:b></xml>",
        "<xml><a>&unknown;</a></xml>",
        "<xml><a>&#0;</a></xml>",
        "<xml><a>&#xD800;</a></xml>",
        "<xml><a>&#X41;</a></xml>",
        "<xml><a>&#-1;</a></xml>",
        "<xml><a>x & y</a></xml>",
        "<xml><a>&amp</a></xml>",
        "<xml><a><?xml version=\"1.0\"?></a></xml>",
        "<xml><?xml version=\"1.0\"?></xml>",
        "<xml></xml><?xml version=\"1.0\"?>",
        "<xml><a>1</b></xml>",
        "<xml><a>1</a></a></xml>",
        "</xml>",
        "<xml></xml></xml>",
        "<xml><a>1</a ></xml>x",
        "<xml><!-- c </xml>",
        "<xml><a><![CDATA[x</a></xml>",
        "<xml><!-></xml>",
        "<xml><![cdata[x]]></xml>",
        "<xml><a",
        "<xml><>1</></xml>",
        "<xml><a/b></xml>",
        "<xml></ xml>",
    ] {
        assert!(payquery_fields(doc).is_none(), "payquery read {doc:?}");
        assert!(quick_xml_fields(doc).is_err(), "quick-xml read {doc:?}");
    }
    let long = "n".repeat(65);
    let doc = format!("<xml><{long}>1</{long}></xml>");
    assert!(payquery_fields(&doc).is_none() && quick_xml_fields(&doc).is_err());
}

/// Documents of random pieces, most of them malformed, and each of them with bytes changed:
/// whatever payquery reads, quick-xml reads alike; what quick-xml reads and payquery refuses
/// holds one of the listed differences' markers (a tag with more than a name, a form feed).
#[test]
fn agrees_with_quick_xml_on_generated_documents() {
    const PIECES: [&str; 40] = [
        "<xml>",
        "</xml>",
        "<a>",
        "</a>",
        "<b_2>",
        "</b_2>",
        "<a/>",
        "<c />",
        "</a >",
        "<a\n>",
        "<![CDATA[",
        "]]>",
        "<![CDATA[x\r\n]]>",
        "&amp;",
        "&lt;",
        "&#65;",
        "&#x4e2d;",
        "&#0;",
        "&bad;",
        "&",
        ";",
        "\r",
        "\r\n",
        " ",
        "\n",
        "x",
        "中",
        "<",
        ">",
        "/",
        "<!--c-->",
        "<!--",
        "-->",
        "]",
        "<?p?>",
        "<?xml version=\"1.0\"?>",
        "<!DOCTYPE x>",
        "<a x=\"1\">",
        "\u{c}",
        "\u{feff}",
    ];
    let mut x: u64 = 0x5eed;
    let mut next = |n: usize| {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (x >> 33) as usize % n
    };
    let (mut accepted, mut refused_by_both, mut differences) = (0, 0, 0);
    let mut check = |doc: &str| {
        if agrees(doc) {
            accepted += 1;
        } else if quick_xml_fields(doc).is_ok() {
            // A listed difference: a tag with more than its name, or a form feed.
            let why = scan(doc, &mut |_, _| true).err();
            let marked = match &why {
                Some(Problem::Syntax(e)) => e.kind == Unreadable::TagContent,
                Some(Problem::TextOutside) => doc.contains('\u{c}'),
                _ => false,
            };
            assert!(
                marked,
                "quick-xml read {doc:?}, payquery refused it: {why:?}"
            );
            differences += 1;
        } else {
            refused_by_both += 1;
        }
    };
    for _ in 0..30_000 {
        let mut doc = String::new();
        if next(4) == 0 {
            doc.push_str(PIECES[next(PIECES.len())]);
        }
        doc.push_str("<xml>");
        for _ in 0..next(5) {
            // Mostly well-formed fields, with random pieces now and then.
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
        check(&doc);
        let mut bytes = doc.into_bytes();
        for _ in 0..1 + next(2) {
            let at = next(bytes.len());
            bytes[at] = b"<>/!&[]?-#;ax \r\n"[next(16)];
        }
        if let Ok(changed) = String::from_utf8(bytes) {
            check(&changed);
        }
    }
    // Not vacuous: a good share of the documents is read, and many are refused by both.
    assert!(accepted > 5_000, "{accepted}");
    assert!(refused_by_both > 5_000, "{refused_by_both}");
    eprintln!("accepted {accepted}, refused by both {refused_by_both}, differences {differences}");
}
