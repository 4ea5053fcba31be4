//! Core errors as JavaScript `PayQueryError` objects (class defined in `error.js`).
//!
//! The bottom of the binding layer: it uses nothing else in `wasm/` (`convert` builds on it),
//! so that a failing conversion can itself become a `PayQueryError`.

use crate::error::{Error, ErrorCode};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/error.js")]
extern "C" {
    /// The JavaScript error class.
    #[wasm_bindgen(js_name = PayQueryError)]
    type JsPayQueryError;

    #[wasm_bindgen(constructor, js_class = "PayQueryError")]
    fn new(code: &str, message: &str, extra: &JsValue) -> JsPayQueryError;
}

/// The optional members of a `PayQueryError`, as one object for the constructor.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Extra<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    provider_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    http_status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id: Option<&'a str>,
    retryable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<&'a serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attempts: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    host: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider_message: Option<&'a str>,
}

/// Converts a core error into a thrown-ready `PayQueryError`.
pub fn to_js(err: &Error) -> JsValue {
    let extra = Extra {
        provider_code: err.provider_code.as_deref(),
        http_status: err.http_status,
        request_id: err.request_id.as_deref(),
        retryable: err.retryable,
        detail: err.detail.as_ref(),
        attempts: err.attempts,
        host: err.host.as_deref(),
        provider_message: err.provider_message.as_deref(),
    };
    // Fails only for a `detail` holding an integer beyond 2^53 (provider data); the error then
    // still carries its code and message.
    let extra = crate::core::json_text::to_json(&extra)
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
