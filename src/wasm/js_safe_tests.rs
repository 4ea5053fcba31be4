//! wasm-bindgen tests of the catching reads: nesting, cycles and sizes are refused with the
//! caller's code at the documented limits, plain data reads exactly.

use super::js_safe::{self, read_json, Bytes, MAX_DEPTH, MAX_KEYS};
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
fn plain_data_reads_exactly() {
    let value = obj(&[
        ("s", "text".into()),
        ("n", 9_007_199_254_740_991.0.into()),
        ("f", 1.5.into()),
        ("b", true.into()),
        ("z", JsValue::NULL),
        ("u", JsValue::UNDEFINED),
        ("a", Array::of2(&1.into(), &JsValue::UNDEFINED).into()),
    ]);
    let json = read_json(&value, ErrorCode::MalformedResponse, "answer").unwrap();
    assert_eq!(
        json.to_string(),
        r#"{"a":[1,null],"b":true,"f":1.5,"n":9007199254740991,"s":"text","z":null}"#
    );
}

#[wasm_bindgen_test]
fn nesting_is_refused_at_the_limit_without_recursion() {
    assert!(read_json(&nested(MAX_DEPTH), ErrorCode::MalformedResponse, "answer").is_ok());
    for depth in [MAX_DEPTH + 1, 5_000, 100_000] {
        let err = read_json(&nested(depth), ErrorCode::MalformedResponse, "answer").unwrap_err();
        assert_eq!(err.code, ErrorCode::MalformedResponse);
        assert!(err.message.contains("deeper than 64"), "{}", err.message);
    }
}

#[wasm_bindgen_test]
fn cycles_wide_objects_and_non_data_are_refused() {
    let cyclic = Object::new();
    Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    let err = read_json(&cyclic, ErrorCode::InvalidArgument, "x").unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidArgument);

    let wide = Object::new();
    for i in 0..=MAX_KEYS {
        Reflect::set(&wide, &format!("k{i}").into(), &1.into()).unwrap();
    }
    let err = read_json(&wide, ErrorCode::InvalidConfig, "x").unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidConfig);

    let sparse = Array::new();
    sparse.set(1_000_000, 1.into());
    assert!(read_json(&sparse, ErrorCode::InvalidArgument, "x").is_err());
    for bad in [
        JsValue::from(f64::NAN),
        JsValue::symbol(None),
        js_sys::Function::new_no_args("").into(),
    ] {
        assert!(read_json(&bad, ErrorCode::InvalidArgument, "x").is_err());
    }
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
