// Compiled only under #[cfg(test)], as the parent module declares it.
//! Helpers shared by the wasm-bindgen test modules: building JavaScript objects and reading
//! what a thrown `PayQueryError` carries.

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// A plain object with these properties.
pub fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

/// Property `k` of `v`.
pub fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(k)).unwrap()
}

/// The `code` of a thrown error, which must be a real `Error`.
pub fn code_of(err: &JsValue) -> String {
    assert!(err.is_instance_of::<js_sys::Error>(), "not an Error");
    get(err, "code").as_string().unwrap()
}
