//! wasm-bindgen tests of the catching reads: nesting, cycles and sizes are refused with the
//! caller's code at the documented limits, plain data reads exactly.

use super::js_safe::{self, json_text, Bytes, MAX_KEYS};
use super::test_support::obj;
use crate::error::ErrorCode;
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

/// `depth` arrays, one inside the other, around a string.
fn nested(depth: usize) -> JsValue {
    let mut v = JsValue::from_str("leaf");
    for _ in 0..depth {
        v = Array::of1(&v).into();
    }
    v
}

#[wasm_bindgen_test]
fn json_text_keeps_order_and_values_as_given() {
    let value = obj(&[
        ("s", "text".into()),
        ("n", 9_007_199_254_740_991.0.into()),
        ("f", 1.5.into()),
        ("b", true.into()),
        ("z", JsValue::NULL),
        ("u", JsValue::UNDEFINED),
        ("a", Array::of2(&1.into(), &JsValue::UNDEFINED).into()),
    ]);
    let text = json_text(&value, 1000, ErrorCode::MalformedResponse, "answer").unwrap();
    assert_eq!(
        text.as_deref(),
        Some(r#"{"s":"text","n":9007199254740991,"f":1.5,"b":true,"z":null,"a":[1,null]}"#)
    );
    let no_form = js_sys::Function::new_no_args("");
    assert_eq!(
        json_text(&no_form, 1000, ErrorCode::MalformedResponse, "x").unwrap(),
        None
    );
}

#[wasm_bindgen_test]
fn json_text_refuses_what_throws_and_what_is_too_long_with_the_callers_code() {
    let cyclic = Object::new();
    Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    let err = json_text(&cyclic, 1000, ErrorCode::InvalidArgument, "x").unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidArgument);

    let big = obj(&[("k", "y".repeat(2000).into())]);
    let err = json_text(&big, 1000, ErrorCode::MalformedResponse, "x").unwrap_err();
    assert_eq!(err.code, ErrorCode::MalformedResponse);
    assert!(err.message.contains("1000"), "{}", err.message);

    let bigint = obj(&[("n", js_sys::BigInt::from(1u8).into())]);
    let err = json_text(&bigint, 1000, ErrorCode::MalformedResponse, "x").unwrap_err();
    assert_eq!(err.code, ErrorCode::MalformedResponse);

    // 100,000 levels: the engine's own limit throws, caught; the instance goes on.
    let _ = json_text(&nested(100_000), 1 << 20, ErrorCode::MalformedResponse, "x");
    assert!(json_text(&obj(&[]), 10, ErrorCode::MalformedResponse, "x").is_ok());
}

#[wasm_bindgen_test]
fn wide_objects_are_refused_before_their_keys_are_copied() {
    let wide = Object::new();
    for i in 0..=MAX_KEYS {
        Reflect::set(&wide, &format!("k{i}").into(), &1.into()).unwrap();
    }
    let err = js_safe::keys(&wide, ErrorCode::InvalidConfig, "x").unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidConfig);
    assert_eq!(
        js_safe::keys(&obj(&[("a", 1.into())]), ErrorCode::InvalidConfig, "x").unwrap(),
        ["a"]
    );
}

#[wasm_bindgen_test]
fn bytes_are_measured_before_they_are_copied() {
    let small = Uint8Array::from(&b"abc"[..]);
    assert!(matches!(js_safe::bytes(&small, 3), Ok(Bytes::Copied(b)) if b == b"abc"));
    assert!(matches!(js_safe::bytes(&small, 2), Ok(Bytes::TooLarge)));
    assert!(matches!(js_safe::bytes(&"abc".into(), 3), Ok(Bytes::Other)));
    assert!(matches!(
        js_safe::bytes(&Array::new().into(), 3),
        Ok(Bytes::Other)
    ));
    let buffer = small.buffer();
    assert!(matches!(js_safe::buffer_bytes(&buffer, 3), Ok(Bytes::Copied(b)) if b == b"abc"));
    assert!(matches!(js_safe::buffer_bytes(&small, 3), Ok(Bytes::Other)));
    let long = JsValue::from_str(&"x".repeat(js_safe::MAX_STRING_LENGTH + 1));
    assert!(js_safe::string(&long, ErrorCode::InvalidArgument, "s").is_err());
}
