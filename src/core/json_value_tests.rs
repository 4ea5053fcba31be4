// Compiled only under #[cfg(test)], as the parent module declares it.
//! The reader against serde_json, which it replaced: the same values (numbers as serde_json
//! reads them), the same refusals at the same line and column, duplicates refused at any depth
//! when asked, and spans that are the members' exact text.

use super::*;

/// serde_json's reading of `text`, or its error position.
fn reference(text: &[u8]) -> Result<serde_json::Value, (usize, usize)> {
    serde_json::from_slice(text).map_err(|e| (e.line(), e.column()))
}

fn ours(text: &[u8]) -> Result<serde_json::Value, (usize, usize)> {
    match parse(text, Names::Repeated) {
        Ok(v) => Ok(v.into_serde()),
        Err(ParseError::Syntax { line, column }) => Err((line, column)),
        Err(e @ ParseError::Duplicate(_)) => panic!("{e}"),
    }
}

fn same(text: &str) {
    let bytes = text.as_bytes();
    assert_eq!(ours(bytes), reference(bytes), "{text:?}");
    // Refusing duplicates changes nothing for a text without them.
    if let Ok(v) = parse(bytes, Names::Distinct) {
        assert_eq!(Ok(v), parse(bytes, Names::Repeated), "{text:?}");
    }
}

#[test]
fn values_are_read_like_serde_json() {
    for text in [
        "null",
        " true ",
        "false",
        "0",
        "-0",
        "-0.0",
        "1.5",
        "\"x\"",
        "[]",
        "{}",
        "[[],{}]",
        r#"{"a":"x","n":1,"b":true,"c":false,"z":null}"#,
        r#" { "b" : 1 , "a" : [1, {"x": []}] , "c": {} } "#,
        r#"{"a":1,"a":"last wins in a map","b":[],"b":null}"#,
        r#"[0,-1,18446744073709551615,-9223372036854775808,18446744073709551616,-9223372036854775809]"#,
        r#"[1.5,1e5,2E-3,1e+2,0.0,-0.0,0.1,0.30000000000000004,9007199254740993,2.2250738585072011e-308]"#,
        r#"[1.7976931348623157e308,1e-400,0e999999999999,0.1e-2147483649,123456789012345678901234567890.5e-10]"#,
        r#""q\" b\\ s\/ \b\f\n\r\t \u00e9 \u4e2d \ud83d\ude00 中文""#,
        "{\"multi\nline\":\n\"x\"}",
    ] {
        same(text);
    }
}

#[test]
fn refusals_are_at_serde_json_positions() {
    for text in [
        "",
        " ",
        "{",
        "[",
        "]",
        "}",
        "nul",
        "tru",
        "x",
        "01",
        "-",
        "1.",
        ".5",
        "+1",
        "1e",
        "1}",
        "[1,]",
        "[1 2]",
        "[,1]",
        "{\"a\":1,}",
        "{1:2}",
        "{\"a\" 1}",
        "\"\\x\"",
        "\"\\u12\"",
        "\"\\udc00\"",
        "\"\\ud800\"",
        "\"\\ud800\\u0041\"",
        "\"abc",
        "\"a\u{1}\"",
        "1e309",
        "-1e400",
        "1e2147483648",
        "[1e99999999999,]",
        "[\n  1,\n  2,,]",
        "1\n\n x",
    ] {
        same(text);
    }
}

#[test]
fn nesting_stops_where_serde_json_stops() {
    for depth in [126, 127, 128, 129, 100_000] {
        same(&format!("{}{}", "[".repeat(depth), "]".repeat(depth)));
        same(&format!(
            "{}1{}",
            "{\"a\":".repeat(depth),
            "}".repeat(depth)
        ));
    }
}

#[test]
fn refuses_a_name_twice_at_any_depth_when_asked() {
    for text in [
        r#"{"trade_state":"SUCCESS","trade_state":"NOTPAY"}"#,
        r#"{"amount":{"total":1,"total":100}}"#,
        r#"{"sub_orders":[{"out_trade_no":"A","out_trade_no":"B"}]}"#,
    ] {
        let e = parse(text.as_bytes(), Names::Distinct).unwrap_err();
        assert!(matches!(e, ParseError::Duplicate(_)), "{text}: {e}");
        assert!(e.to_string().contains("duplicate name"), "{text}: {e}");
    }
    // A text that is not JSON is a syntax error, whatever it repeated first.
    assert!(matches!(
        parse(br#"{"a":1,"a""#, Names::Distinct),
        Err(ParseError::Syntax { .. })
    ));
    // The same name in sibling objects is not a duplicate.
    assert!(parse(br#"[{"a":1},{"a":2}]"#, Names::Distinct).is_ok());
    // Kept in document order otherwise.
    let v = parse(br#"{"b":1,"a":2,"b":3}"#, Names::Repeated).unwrap();
    let names: Vec<_> = match &v {
        Value::Object(m) => m.iter().map(|(k, _)| k.as_str()).collect(),
        _ => panic!("{v:?}"),
    };
    assert_eq!(names, ["b", "a", "b"]);
    assert_eq!(v.get("b"), Some(&Value::Number("1".into())));
}

#[test]
fn names_the_duplicate_bounded_and_escaped() {
    let long = "k\u{1}".repeat(1000);
    let text = format!(r#"{{"{long}":1,"{long}":2}}"#).replace('\u{1}', "\\u0001");
    let message = parse(text.as_bytes(), Names::Distinct)
        .unwrap_err()
        .to_string();
    assert!(message.len() < 2000, "{}", message.len());
    assert!(!message.contains('\u{1}'));
}

#[test]
fn keeps_number_text_and_member_spans() {
    let text = br#" {"a": 80.070 , "b":[1, {"c":"x"}],"d":"\u0041"} "#;
    let (v, spans) = parse_with_spans(text, Names::Distinct).unwrap();
    assert_eq!(v.get("a"), Some(&Value::Number("80.070".into())));
    let texts: Vec<&[u8]> = spans.iter().map(|r| &text[r.clone()]).collect();
    assert_eq!(
        texts,
        [&b"80.070"[..], br#"[1, {"c":"x"}]"#, br#""\u0041""#]
    );
    // Not an object: no spans.
    assert_eq!(parse_with_spans(b"[1]", Names::Distinct).unwrap().1, []);
}

#[test]
fn numbers_read_as_serde_json_reads_them() {
    assert_eq!(Number::of("0"), Number::Unsigned(0));
    assert_eq!(
        Number::of("18446744073709551615"),
        Number::Unsigned(u64::MAX)
    );
    assert_eq!(Number::of("-9223372036854775808"), Number::Signed(i64::MIN));
    assert_eq!(Number::of("-9223372036854775809").as_i64(), None);
    assert!(matches!(Number::of("-0"), Number::Float(f) if f == 0.0 && f.is_sign_negative()));
    assert_eq!(Number::of("1e2"), Number::Float(100.0));
    assert_eq!(Number::of("18446744073709551616").as_u64(), None);
    assert_eq!(Number::of("18446744073709551615").as_i64(), None);
    assert_eq!(Number::of("-5").as_f64(), -5.0);
}

#[test]
fn hostile_bytes_are_errors_not_traps() {
    for text in [
        &b"\xff"[..],
        b"\"\xff\"",
        b"\"\xc3\"",
        b"{\"\xe4\xb8\":1}",
        b"[\"\\ud83d\\ude00\xf0\"]",
        b"\0",
    ] {
        assert!(parse(text, Names::Distinct).is_err(), "{text:?}");
        assert!(serde_json::from_slice::<serde_json::Value>(text).is_err());
    }
}

/// Texts built from JSON fragments, most of them broken, by a fixed pseudo-random walk.
#[test]
fn generated_texts_match_serde_json() {
    const PARTS: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        " ",
        "\n",
        "\"k\"",
        "\"a\"",
        "\"\\u00e9\"",
        "\"\\",
        "\"",
        "1",
        "-",
        "0",
        ".",
        "5",
        "e",
        "+",
        "-0",
        "1e400",
        "18446744073709551616",
        "true",
        "null",
        "fals",
        "x",
        "\t",
        "\"\u{1}\"",
        "中",
        "0.1",
        "2.5e-3",
    ];
    let mut x: u32 = 11;
    for _ in 0..20_000 {
        let mut text = String::new();
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let n = (x >> 16) % 12;
        for _ in 0..n {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let i = (x >> 16) as usize % PARTS.len();
            text.push_str(PARTS.get(i).copied().unwrap_or_default());
        }
        same(&text);
        same(&format!("[{text}]"));
        same(&format!("{{\"k\":{text}}}"));
    }
}

#[test]
fn finds_a_repeated_name_at_any_depth() {
    let read = |t: &str| parse(t.as_bytes(), Names::Repeated).unwrap();
    assert_eq!(read(r#"{"a":1,"b":2}"#).repeated_name(), None);
    assert_eq!(read(r#"[{"a":1},{"a":2}]"#).repeated_name(), None);
    assert_eq!(read(r#"{"a":1,"a":2}"#).repeated_name(), Some("a"));
    assert_eq!(
        read(r#"{"x":[{"b":{"c":1,"c":2}}]}"#).repeated_name(),
        Some("c")
    );
}

/// The first repeated name as a set of the names seen so far finds it (the reference for
/// `repeated_name`, which sorts instead).
fn repeated_by_set(v: &Value) -> Option<&str> {
    match v {
        Value::Array(items) => items.iter().find_map(repeated_by_set),
        Value::Object(members) => {
            let mut seen = std::collections::BTreeSet::new();
            members.iter().find_map(|(k, v)| {
                if seen.insert(k.as_str()) {
                    repeated_by_set(v)
                } else {
                    Some(k.as_str())
                }
            })
        }
        _ => None,
    }
}

#[test]
fn reports_the_repeated_name_a_set_of_seen_names_would() {
    let read = |t: &str| parse(t.as_bytes(), Names::Repeated).unwrap();
    for (text, first) in [
        // The first name met again, not the first name that is repeated.
        (r#"{"b":1,"a":1,"a":2,"b":2}"#, Some("a")),
        // A repeat inside an earlier member's value is met first...
        (r#"{"x":{"c":1,"c":2},"y":1,"y":2}"#, Some("c")),
        // ...one inside a later member's value is not.
        (r#"{"y":1,"y":2,"x":{"c":1,"c":2}}"#, Some("y")),
        (r#"{"y":1,"x":{"c":1},"y":{"d":1,"d":2}}"#, Some("y")),
        (r#"{"":1,"":2}"#, Some("")),
        (r#"{"a":1}"#, None),
        ("{}", None),
    ] {
        assert_eq!(read(text).repeated_name(), first, "{text}");
    }
    // Objects longer than the sort's insertion range, with repeats placed anywhere.
    let mut x: u32 = 7;
    for round in 0..300 {
        let len = 1 + round % 120;
        let names: Vec<String> = (0..len)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let spread = if round % 3 == 0 { 4 * len } else { 2 * len };
                format!("n{}", (x >> 8) as usize % spread)
            })
            .collect();
        let members: Vec<String> = names.iter().map(|n| format!(r#""{n}":0"#)).collect();
        let text = format!("{{{}}}", members.join(","));
        let v = read(&text);
        assert_eq!(v.repeated_name(), repeated_by_set(&v), "{text}");
    }
}

#[test]
fn writes_what_json_parse_reads_back() {
    let text = r#"{"b":1.50,"a":[18446744073709551615,-1,-0,"\u00e9"]}"#;
    let v = parse(text.as_bytes(), Names::Repeated).unwrap();
    let written = serde_json::to_string(&v).unwrap();
    // Members in document order; the same values.
    assert_eq!(
        written,
        r#"{"b":1.5,"a":[18446744073709551615,-1,-0.0,"é"]}"#
    );
    let back: serde_json::Value = serde_json::from_str(&written).unwrap();
    assert_eq!(
        back,
        serde_json::from_str::<serde_json::Value>(text).unwrap()
    );
}

#[test]
fn integers_are_told_apart_as_serde_json_told_them() {
    for text in [
        "0",
        "-0",
        "7",
        "-7",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "9223372036854775807",
        "9223372036854775808",
        "1.0",
        "1e2",
        "-1E2",
    ] {
        let theirs: Result<serde_json::Number, _> = serde_json::from_str(text);
        let want = match theirs {
            Ok(n) if n.is_u64() => n.as_u64().map(Number::Unsigned),
            Ok(n) if n.is_i64() => n.as_i64().map(Number::Signed),
            _ => None,
        };
        assert_eq!(Number::integer(text), want, "{text}");
    }
}

/// `safe_integer_text` gives the text a double read from the number printed as an integer
/// (`{f:.0}`, what CloudPay's scalar text was) whenever that double is an integer below 2^53,
/// and `None` otherwise, on every sign, mantissa and exponent combined here. Only a fraction a
/// double cannot hold differs: `5e-400` reads as the double 0 but is no integer.
#[test]
fn safe_integer_text_agrees_with_reading_a_double() {
    use crate::core::json_number::safe_integer_text;
    let mantissas = [
        "0",
        "0.0",
        "5",
        "5.0",
        "5.5",
        "50",
        "0.05",
        "123",
        "1.23",
        "100",
        "9007199254740991",
        "9007199254740992",
        "900719925474099.1",
        "4503599627370495.5",
        "00.000",
    ];
    let exponents = [
        "", "e0", "e1", "e-1", "E+2", "e-3", "e15", "e16", "e-300", "e300",
    ];
    for sign in ["", "-"] {
        for m in mantissas {
            for e in exponents {
                let text = format!("{sign}{m}{e}");
                let f: f64 = text.parse().unwrap();
                let want = (f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0)
                    .then(|| format!("{f:.0}"));
                assert_eq!(safe_integer_text(&text), want, "{text}");
            }
        }
    }
    assert_eq!(safe_integer_text("5e-400"), None);
    assert_eq!(safe_integer_text("0e-400").as_deref(), Some("0"));
}
