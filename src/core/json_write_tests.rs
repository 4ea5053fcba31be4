// Compiled only under #[cfg(test)], as the parent module declares it.
//! `json_write` against the serde_json writer it replaced (`json_text::reference`): the same
//! text byte for byte once serde_json's string literals are written in ASCII, the same value
//! for `JSON.parse`, the same refusals.

use super::{push_u64, to_json, JsonWriter, WriteFields, WriteJson};
use crate::core::json_text::reference;
use serde::Serialize;
use serde_json::{json, Value};

/// Asserts that `value` is written exactly as serde_json wrote it (strings in ASCII), and
/// reads back as the same value as serde_json's own text.
pub fn same<T: Serialize + WriteJson + ?Sized>(value: &T) {
    let ours = to_json(value);
    assert_eq!(ours, reference::to_ascii_json(value));
    if let Ok(text) = &ours {
        assert!(text.is_ascii(), "{text}");
        let back: Value = serde_json::from_str(text).unwrap();
        let theirs: Value = serde_json::from_str(&reference::to_json(value).unwrap()).unwrap();
        assert_eq!(back, theirs);
    }
}

/// Strings that need every kind of escape, and none.
pub const AWKWARD: [&str; 6] = [
    "",
    "plain ~",
    "quote \" backslash \\ nl \n cr \r tab \t bs \u{8} ff \u{c} nul \u{0} us \u{1f} del \u{7f}",
    "中文 ☃ 😀 \u{2028}\u{2029} \u{FFFD}",
    "</script><!-- &amp; '",
    "{[,:]}",
];

#[test]
fn json_values_are_written_as_serde_json_wrote_them() {
    same(&json!({
        "b": 1, "a": [1, -2, 3.5, -0.0, 1e300, 1.2345678901234568e19, 9007199254740991i64,
                   -9007199254740991i64, 0, -1, 1e-7, 0.1, 1e21, 5e-324, 1.7976931348623157e308,
                   null, true, false],
        "s": AWKWARD.to_vec(),
        "10": "integer-like keys", "": "",
        "中 \"key\"\n": {"deep": [{"x": {}}, [], [[]], {"": null}]}
    }));
    for s in AWKWARD {
        same(&json!(s));
        same(&json!({ s: s }));
        same(s);
        same(&s.to_owned());
    }
    same(&json!([]));
    same(&json!({}));
    same(&json!(null));
    same(&json!(true));
    same(&json!(-0.0));
}

#[test]
fn integers_beyond_javascript_numbers_are_refused_with_the_same_message() {
    for value in [
        json!(9_007_199_254_740_992u64),
        json!({"a": [-9_007_199_254_740_992i64]}),
        json!(u64::MAX),
        json!(i64::MIN),
        json!([1, 2, {"x": 18_014_398_509_481_984u64, "y": -18_014_398_509_481_984i64}]),
    ] {
        let ours = to_json(&value).unwrap_err();
        assert_eq!(Err(ours), reference::to_json(&value));
    }
    for v in [
        0,
        1,
        -1,
        9_007_199_254_740_991,
        -9_007_199_254_740_991,
        9_007_199_254_740_992,
        -9_007_199_254_740_992,
        i64::MAX,
        i64::MIN,
    ] {
        same(&v);
        same(&Some(v));
    }
    for v in [0u64, 9_007_199_254_740_991, 9_007_199_254_740_992, u64::MAX] {
        same(&v);
    }
    for v in [0u32, u32::MAX] {
        same(&v);
    }
    for v in [0u16, u16::MAX] {
        same(&v);
    }
    for v in [0usize, 12_345, usize::MAX] {
        same(&v);
    }
}

#[test]
fn digits_are_written_for_every_length() {
    let mut v = 1u64;
    for _ in 0..20 {
        for w in [v - 1, v, v.saturating_add(1)] {
            let mut out = String::new();
            push_u64(&mut out, w);
            assert_eq!(out, w.to_string());
        }
        v = v.saturating_mul(10);
    }
    let mut out = String::new();
    push_u64(&mut out, u64::MAX);
    assert_eq!(out, u64::MAX.to_string());
}

#[test]
fn containers_are_written_as_serde_json_wrote_them() {
    same(&Vec::<String>::new());
    same(&vec![Some(1i64), None, Some(-3)]);
    same(&AWKWARD.to_vec());
    same(&Option::<String>::None);
    let map: std::collections::BTreeMap<String, String> = AWKWARD
        .iter()
        .map(|s| ((*s).to_owned(), (*s).to_owned()))
        .collect();
    same(&map);
    same(&Box::new(json!({"a": [1, {"b": null}]})));
}

#[test]
fn the_first_refusal_is_reported() {
    let mut w = JsonWriter::new();
    w.begin_array();
    w.element();
    w.u64(u64::MAX);
    w.element();
    w.i64(i64::MIN);
    w.end_array();
    assert_eq!(
        w.finish().unwrap_err(),
        "18446744073709551615 can't be represented as a JavaScript number"
    );
}

/// A struct with every kind of member, written both ways.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Sample {
    #[serde(flatten)]
    extra: std::collections::BTreeMap<String, Value>,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    maybe: Option<i64>,
    always: Option<String>,
    #[serde(flatten)]
    inner: Inner,
    list: Vec<Inner>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Inner {
    #[serde(skip_serializing_if = "Option::is_none")]
    first_one: Option<bool>,
    count: u32,
}

impl WriteFields for Sample {
    fn write_fields(&self, w: &mut JsonWriter) {
        w.entries(&self.extra);
        w.field("name", &self.name);
        w.field_opt("maybe", &self.maybe);
        w.field("always", &self.always);
        self.inner.write_fields(w);
        w.field("list", &self.list);
    }
}

impl WriteFields for Inner {
    fn write_fields(&self, w: &mut JsonWriter) {
        w.field_opt("firstOne", &self.first_one);
        w.field("count", &self.count);
    }
}

super::json_object!(Sample, Inner);

#[test]
fn objects_with_flattened_and_optional_members_are_written_as_serde_json_wrote_them() {
    let empty = Sample {
        extra: Default::default(),
        name: String::new(),
        maybe: None,
        always: None,
        inner: Inner {
            first_one: None,
            count: 0,
        },
        list: vec![],
    };
    same(&empty);
    let full = Sample {
        extra: [
            ("x".to_owned(), json!(AWKWARD)),
            ("中".to_owned(), json!(1.5)),
        ]
        .into(),
        name: AWKWARD[2].to_owned(),
        maybe: Some(-9_007_199_254_740_991),
        always: Some(AWKWARD[3].to_owned()),
        inner: Inner {
            first_one: Some(true),
            count: u32::MAX,
        },
        list: vec![
            Inner {
                first_one: None,
                count: 1,
            },
            Inner {
                first_one: Some(false),
                count: 2,
            },
        ],
    };
    same(&full);
    let refused = Sample {
        maybe: Some(i64::MAX),
        ..full
    };
    same(&refused);
}

#[test]
fn serde_string_literals_are_serde_jsons_byte_for_byte() {
    let every_ascii: String = (0u8..0x80).map(char::from).collect();
    let mut cases: Vec<String> = AWKWARD.iter().map(|s| (*s).to_owned()).collect();
    cases.push(every_ascii);
    cases.push("\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}\u{10ffff}".into());
    cases.push("\\\\\"\"\n\n".into());
    for s in cases {
        let mut ours = String::new();
        super::push_serde_string(&mut ours, &s);
        assert_eq!(ours, serde_json::to_string(&s).unwrap());
        assert_eq!(ours, Value::from(s.as_str()).to_string());
    }
}
