// Compiled only under #[cfg(test)], as the parent module declares it.
//! The reader against serde_json, which it replaced: the same members, the same refusals at
//! the same line and column, over hand-picked edge cases and generated texts.

use super::*;

/// What the params reader made of `text` with serde_json (the code this module replaced).
fn reference(text: &str) -> Result<Vec<(String, Member)>, (usize, usize)> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| (e.line(), e.column()))?;
    let serde_json::Value::Object(map) = value else {
        return Ok(Vec::new());
    };
    Ok(map
        .into_iter()
        .map(|(k, v)| {
            let member = match v {
                serde_json::Value::Null => Member::Null,
                serde_json::Value::String(s) => Member::Text(s),
                serde_json::Value::Bool(b) => Member::Text(b.to_string()),
                serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => {
                    Member::Text(n.to_string())
                }
                _ => Member::Other,
            };
            (k, member)
        })
        .collect())
}

fn ours(text: &str) -> Result<Vec<(String, Member)>, (usize, usize)> {
    read_object(text).map_err(|e| (e.line, e.column))
}

fn same(text: &str) {
    assert_eq!(ours(text), reference(text), "{text:?}");
}

#[test]
fn members_are_read_like_serde_json() {
    for text in [
        r#"{}"#,
        r#"{"a":"x","n":1,"b":true,"c":false,"z":null}"#,
        r#" { "b" : 1 , "a" : [1, {"x": []}] , "c": {} } "#,
        r#"{"a":1,"a":"second wins","b":[],"b":null}"#,
        r#"{"n":0,"m":-1,"big":18446744073709551615,"neg":-9223372036854775808}"#,
        r#"{"over":18446744073709551616,"under":-9223372036854775809,"z":-0}"#,
        r#"{"f":1.5,"e":1e5,"E":2E-3,"p":1e+2,"zero":0.0,"nz":-0.0}"#,
        r#"{"s":"q\" b\\ s\/ \b\f\n\r\t \u00e9 \u4e2d \ud83d\ude00 中文"}"#,
        "{\"multi\nline\":\n\"x\"}",
        r#"{"max":1.7976931348623157e308,"tiny":1e-400,"zeroexp":0e999999999999}"#,
        r#"{"under":0.1e-2147483649,"long":123456789012345678901234567890.5e-10}"#,
        r#"{"x":17976931348623157e292}"#,
        r#"{"x":179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791}"#,
    ] {
        same(text);
    }
}

#[test]
fn refusals_are_at_serde_json_positions() {
    for text in [
        "{", "{\"", "{\"a\"", "{\"a\":", "{\"a\":1", "{\"a\":1,", "{\"a\":1,}", "{,}", "{1:2}",
        "{\"a\" 1}", "{\"a\":1 \"b\":2}", "{\"a\":}", "{\"a\":x}", "{\"a\":nul}", "{\"a\":nulL}",
        "{\"a\":tru", "{\"a\":fals}", "{\"a\":01}", "{\"a\":-}", "{\"a\":-x}", "{\"a\":1.}",
        "{\"a\":1.e5}", "{\"a\":1e}", "{\"a\":1e+}", "{\"a\":1ex}", "{\"a\":.5}", "{\"a\":+1}",
        "{\"a\":1}x", "{\"a\":1} {}", "{\"a\":[1,]}", "{\"a\":[1 2]}", "{\"a\":[,1]}",
        "{\"a\":[", "{\"a\":[1,", "{\"a\":\"x\ny\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}",
        "{\"a\":\"\\u12G4\"}", "{\"a\":\"\\udc00\"}", "{\"a\":\"\\ud800\"}",
        "{\"a\":\"\\ud800x\"}", "{\"a\":\"\\ud800\\n\"}", "{\"a\":\"\\ud800\\u0041\"}",
        "{\"a\":\"\\ud800\\", "{\"a\":\"\\ud800", "{\"a\":\"\\", "{\"a\":\"abc",
        "{\"a\":1e309}", "{\"a\":1.8e308}", "{\"a\":-1e400}", "{\"a\":1e2147483648}",
        "{\"a\":1e99999999999,\"b\":}", "{\"x\":\n  [1,\n   2,,]}", "{\"a\":1}\n\n x",
        "{\"x\":179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792}",
    ] {
        same(text);
    }
}

#[test]
fn nesting_stops_where_serde_json_stops() {
    for depth in [126, 127, 128, 129, 300] {
        let text = format!("{{\"a\":{}{}}}", "[".repeat(depth), "]".repeat(depth));
        same(&text);
        let text = format!("{}{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        same(&text);
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
        "\"\\ud83d\\ude00\"",
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
    ];
    let mut x: u32 = 7;
    for _ in 0..20_000 {
        let mut text = String::from("{");
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let n = (x >> 16) % 12;
        for _ in 0..n {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let i = (x >> 16) as usize % PARTS.len();
            text.push_str(PARTS.get(i).copied().unwrap_or_default());
        }
        same(&text);
        // And a well-formed prefix with the walk as one member's value.
        let member = format!("{{\"k\":{}}}", text.get(1..).unwrap_or_default());
        same(&member);
    }
}
