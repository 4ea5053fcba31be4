//! The crate's JSON reader (`core::json_value`) against serde_json, the reader it replaced.
//!
//! Input: control prefix + JSON text (the prefix is unused; kept so that every target's seeds
//! share one layout). Properties:
//! - read keeping repeated names, a text reads as exactly what `serde_json::from_slice` gave
//!   as a `serde_json::Value` (numbers as serde_json read them, doubles correctly rounded), and
//!   a text serde_json refused is refused, at the same line and column when it is UTF-8;
//! - read refusing repeated names, it fails with `Duplicate` exactly for the texts serde_json
//!   reads that name a member twice at some depth, and otherwise reads the same value;
//! - the spans of a top-level object's members are their exact text: each reads alone as the
//!   member's value;
//! - every number kept reads (`Number::of`) as serde_json read it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use payquery::core::json_value::{parse, parse_with_spans, Names, ParseError, Value};
use payquery_fuzz::{names_twice, Ctl};

fuzz_target!(|data: &[u8]| {
    let Some((_, bytes)) = Ctl::split(data) else {
        return;
    };
    let reference = serde_json::from_slice::<serde_json::Value>(bytes);
    let repeated = parse(bytes, Names::Repeated);
    match (&repeated, &reference) {
        (Ok(ours), Ok(theirs)) => assert_eq!(&ours.clone().into_serde(), theirs, "value"),
        (Err(ParseError::Syntax { line, column }), Err(e)) => {
            if std::str::from_utf8(bytes).is_ok() {
                assert_eq!((*line, *column), (e.line(), e.column()), "position");
            }
        }
        (ours, theirs) => panic!("ours {ours:?}, serde_json {theirs:?}"),
    }
    let distinct = parse(bytes, Names::Distinct);
    match (&distinct, &repeated) {
        (Ok(d), Ok(r)) => {
            assert_eq!(d, r, "distinct");
            assert!(!names_twice(bytes), "a name twice was read");
        }
        (Err(ParseError::Duplicate(_)), Ok(_)) => assert!(names_twice(bytes), "no name twice"),
        (Err(ParseError::Syntax { .. }), Err(_)) => {}
        // A syntax error after a repeated name: refused either way.
        (Err(ParseError::Duplicate(_)), Err(_)) => {}
        (d, r) => panic!("distinct {d:?}, repeated {r:?}"),
    }
    if let Ok((Value::Object(members), spans)) = parse_with_spans(bytes, Names::Repeated) {
        assert_eq!(members.len(), spans.len(), "one span a member");
        for ((_, value), span) in members.iter().zip(spans) {
            assert_eq!(
                &parse(&bytes[span], Names::Repeated).unwrap(),
                value,
                "span"
            );
        }
    }
    if let Ok(value) = repeated {
        numbers(&value);
    }
});

/// Every number in `v` reads as serde_json reads its text.
fn numbers(v: &Value) {
    match v {
        Value::Number(text) => {
            let n = payquery::core::json_value::Number::of(text);
            let theirs: serde_json::Number = serde_json::from_str(text).unwrap();
            assert_eq!(n.as_u64(), theirs.as_u64(), "{text}");
            assert_eq!(n.as_i64(), theirs.as_i64(), "{text}");
            assert_eq!(Some(n.as_f64()), theirs.as_f64(), "{text}");
        }
        Value::Array(items) => items.iter().for_each(numbers),
        Value::Object(members) => members.iter().for_each(|(_, v)| numbers(v)),
        _ => {}
    }
}
