// Compiled only under #[cfg(test)], as the parent module declares it.
//! The readers against serde's derived `Deserialize` of the same shapes: same values, same
//! messages, same first misfit, for hostile values at every member.

use super::*;
use crate::core::json_value::from_serde;
use serde::Deserialize;
use serde_json::{json, Map, Value as SerdeValue};

/// A model with every kind of member the readers type, derived the way the models were.
#[derive(Debug, Default, PartialEq, Deserialize)]
struct Derived {
    #[serde(flatten)]
    extra: Map<String, SerdeValue>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    count: Option<i64>,
    state: String,
    #[serde(default)]
    inner: Option<Inner>,
    #[serde(default)]
    items: Option<Vec<Inner>>,
    list: Vec<Inner>,
}

#[derive(Debug, Default, PartialEq, Deserialize)]
struct Inner {
    #[serde(flatten)]
    extra: Map<String, SerdeValue>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    n: Option<i64>,
}

fn inner(v: &Value) -> Fit<Inner> {
    let mut i = Inner::default();
    let extra = members(v, "struct Inner", &mut |name, v| {
        match name {
            "id" => i.id = opt_string(v)?,
            "n" => i.n = opt_i64(v)?,
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    i.extra = serde_map(extra);
    Ok(i)
}

fn inners(v: &Value) -> Fit<Vec<Inner>> {
    array(v, inner)
}

/// Through [`fields`] (`inner` above goes through [`members`] directly).
fn read(v: &Value) -> Fit<Derived> {
    let mut d = Derived::default();
    let (mut state, mut list, mut items) = (None, None, None);
    let extra = fields(
        v,
        "struct Derived",
        &mut [
            ("name", Slot::Str(&mut d.name)),
            ("count", Slot::Int(&mut d.count, Ok)),
            ("state", Slot::Required(&mut state)),
            (
                "inner",
                Slot::With(&mut |v| {
                    d.inner = opt(v, inner)?;
                    Ok(())
                }),
            ),
            (
                "items",
                Slot::With(&mut |v| {
                    items = opt(v, inners)?;
                    Ok(())
                }),
            ),
            (
                "list",
                Slot::With(&mut |v| {
                    list = Some(array(v, inner)?);
                    Ok(())
                }),
            ),
        ],
    )?;
    d.state = required(state, "state")?;
    d.list = required(list, "list")?;
    d.items = items;
    d.extra = serde_map(extra);
    Ok(d)
}

/// The rest of an object as serde_json's map, to compare with the derive's.
fn serde_map(members: Vec<(String, Value)>) -> Map<String, SerdeValue> {
    match Value::Object(members).into_serde() {
        SerdeValue::Object(map) => map,
        _ => unreachable!(),
    }
}

/// Our reading of serde_json's value: its text read by `json_value`, then [`read`].
fn ours(v: &SerdeValue) -> Fit<Derived> {
    read(&from_serde(v))
}

/// A string needing escapes. serde quotes a string in its messages with `{:?}`, the readers with
/// `quote_untrusted` (bounded, escapes a log cannot misread): the derive's message is compared
/// with that quoting put in.
const AWKWARD: &str = "a\"b\n\u{1}é\u{202e}";

fn derived(v: &SerdeValue) -> Fit<Derived> {
    Derived::deserialize(v).map_err(|e| {
        e.to_string().replace(
            &format!("{AWKWARD:?}"),
            &crate::error::quote_untrusted(AWKWARD),
        )
    })
}

fn hostile() -> Vec<SerdeValue> {
    let mut values = vec![
        SerdeValue::Null,
        json!(true),
        json!(false),
        json!(0),
        json!(-1),
        json!(1.5),
        json!(-0.0),
        json!(2.0),
        json!(1e20),
        json!(1e300),
        json!(5e-324),
        json!(u64::MAX),
        json!(i64::MAX),
        json!(i64::MIN),
        json!(""),
        json!(AWKWARD),
        json!([]),
        json!([1, "x"]),
        json!({}),
        json!({ "id": 1 }),
        json!({ "n": 1.5, "id": 2 }),
        json!([{ "id": "x", "other": [1] }]),
    ];
    // What the reader (`json_value`) makes of these texts, as serde_json read them.
    for text in ["1.0", "-0", "123456789012345678901234567890", "1E400"] {
        if let Ok(v) = serde_json::from_str::<SerdeValue>(text) {
            values.push(v);
        }
    }
    values
}

fn base() -> SerdeValue {
    json!({
        "name": "n", "count": 3, "state": "S", "unknown": { "deep": [1, null] },
        "inner": { "id": "i", "n": 4, "more": true },
        "items": [{ "id": "a" }, { "n": 0 }],
        "list": [{ "id": "b", "x": "y" }],
    })
}

#[test]
fn reads_what_the_derive_reads() {
    let v = base();
    let ours = ours(&v).unwrap();
    assert_eq!(ours, derived(&v).unwrap());
    assert_eq!(ours.extra["unknown"], json!({ "deep": [1, null] }));
    assert_eq!(ours.inner.unwrap().extra["more"], true);
}

#[test]
fn every_misfit_reads_as_the_derive_says() {
    let paths: [&[&str]; 9] = [
        &[],
        &["name"],
        &["count"],
        &["state"],
        &["inner"],
        &["items"],
        &["list"],
        &["inner", "n"],
        &["inner", "id"],
    ];
    let mut compared = 0;
    for path in paths {
        for h in hostile() {
            let mut v = base();
            let mut at = &mut v;
            for key in path {
                at = &mut at[*key];
            }
            *at = h;
            assert_eq!(ours(&v), derived(&v), "{v}");
            compared += 1;
        }
    }
    // Arrays: each item, and members inside items.
    for h in hostile() {
        for (key, i) in [("items", 0), ("list", 0)] {
            let mut v = base();
            v[key][i] = h.clone();
            assert_eq!(ours(&v), derived(&v), "{v}");
            v = base();
            v[key][i]["n"] = h.clone();
            assert_eq!(ours(&v), derived(&v), "{v}");
            compared += 2;
        }
    }
    assert!(compared > 200);
}

#[test]
fn missing_members_and_the_first_misfit_in_member_order() {
    let mut v = base();
    v.as_object_mut().unwrap().remove("state");
    assert_eq!(ours(&v).unwrap_err(), "missing field `state`");
    v.as_object_mut().unwrap().remove("list");
    // Both missing: the first declared is reported, as derived.
    assert_eq!(ours(&v), derived(&v));
    let mut v = base();
    v["state"] = json!(1);
    v["count"] = json!("x");
    v["list"] = SerdeValue::Null;
    // `count` comes first in the (sorted) object, so its misfit is the one reported.
    assert_eq!(
        ours(&v).unwrap_err(),
        "invalid type: string \"x\", expected i64"
    );
    assert_eq!(ours(&v), derived(&v));
    v.as_object_mut().unwrap().remove("count");
    assert_eq!(ours(&v), derived(&v));
}

#[test]
fn pinned_messages() {
    let cases = [
        (SerdeValue::Null, "invalid type: null, expected a string"),
        (
            json!(1.5),
            "invalid type: floating point `1.5`, expected a string",
        ),
        (
            json!(1e20),
            "invalid type: floating point `1e+20`, expected a string",
        ),
        (
            json!(u64::MAX),
            "invalid type: integer `18446744073709551615`, expected a string",
        ),
        (json!("x"), "invalid type: string \"x\", expected a string"),
        (json!([]), "invalid type: sequence, expected a string"),
        (json!({}), "invalid type: map, expected a string"),
    ];
    for (v, message) in cases {
        let v = from_serde(&v);
        if v.as_str().is_some() {
            assert_eq!(string(&v).unwrap(), "x");
        } else {
            assert_eq!(string(&v).unwrap_err(), message);
        }
    }
    assert_eq!(
        opt_i64(&from_serde(&json!(u64::MAX))).unwrap_err(),
        "invalid value: integer `18446744073709551615`, expected i64"
    );
    assert_eq!(
        opt_i64(&from_serde(&json!(i64::MIN))).unwrap(),
        Some(i64::MIN)
    );
    assert_eq!(opt_i64(&Value::Null).unwrap(), None);
    // A string is the provider's text: escaped and bounded in the message.
    assert_eq!(
        opt_i64(&Value::String("a\nb\u{1b}".into())).unwrap_err(),
        "invalid type: string \"a\\nb\\u{001b}\", expected i64"
    );
    let long = opt_i64(&Value::String("x".repeat(10_000))).unwrap_err();
    assert!(
        long.contains("xx…\", expected i64") && long.len() < 300,
        "{long}"
    );
    assert_eq!(
        members(&from_serde(&json!([1])), "struct X", &mut |_, _| Ok(true)).unwrap_err(),
        "invalid type: sequence, expected struct X"
    );
}

#[test]
fn integer_slots_are_checked() {
    let positive = |n: i64| {
        if n >= 0 {
            Ok(n)
        } else {
            Err(format!("amount {n}: negative"))
        }
    };
    let mut n = None;
    let read = |v: &SerdeValue, n: &mut Option<i64>| {
        fields(
            &from_serde(v),
            "struct N",
            &mut [("n", Slot::Int(n, positive))],
        )
        .map(|rest| rest.len())
    };
    assert_eq!(read(&json!({ "n": 5, "m": 1 }), &mut n), Ok(1));
    assert_eq!(n, Some(5));
    assert_eq!(read(&json!({ "n": null }), &mut n), Ok(0));
    assert_eq!(n, None);
    assert_eq!(
        read(&json!({ "n": -1 }), &mut n).unwrap_err(),
        "amount -1: negative"
    );
    assert_eq!(
        read(&json!({ "n": "1" }), &mut n).unwrap_err(),
        "invalid type: string \"1\", expected i64"
    );
}
