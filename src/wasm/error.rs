//! Core errors as JavaScript `PayQueryError` objects (class defined in `error.js`).
//!
//! The bottom of the binding layer: it uses nothing else in `wasm/` (`convert` builds on it),
//! so that a failing conversion can itself become a `PayQueryError`.

use crate::core::json_write::to_json;
use crate::error::{Error, ErrorCode};
use crate::error_json::Extra;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/error.js")]
extern "C" {
    /// The JavaScript error class.
    #[wasm_bindgen(js_name = PayQueryError)]
    type JsPayQueryError;

    #[wasm_bindgen(constructor, js_class = "PayQueryError")]
    fn new(code: &str, message: &str, extra: &JsValue) -> JsPayQueryError;
}

/// Converts a core error into a thrown-ready `PayQueryError`.
pub fn to_js(err: &Error) -> JsValue {
    // Fails only for a `detail` holding an integer beyond 2^53 (provider data); the error then
    // still carries its code and message.
    let extra = to_json(&Extra(err))
        .ok()
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .unwrap_or(JsValue::UNDEFINED);
    JsPayQueryError::new(err.code.as_str(), &err.message, &extra).into()
}

impl From<Error> for JsValue {
    fn from(err: Error) -> JsValue {
        to_js(&err)
    }
}

/// A JavaScript-side failure that should not happen (a conversion the runtime refused).
pub fn internal(what: &str) -> Error {
    Error::new(ErrorCode::Internal, format!("internal error: {what}"))
}
