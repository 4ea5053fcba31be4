//! Rust values to plain JavaScript objects (never `Map`s), numbers as numbers.
//!
//! A value is written as JSON text in Rust (`core::json_text`) and handed to the runtime's
//! `JSON.parse` once, instead of being built in JavaScript one `obj[key] = value` call at a
//! time as `serde-wasm-bindgen` did: one boundary crossing per result rather than several per
//! field, and a smaller module than the per-type object builders. The objects are the same:
//! keys in the same order, `null` for `None`, integers beyond 2^53 refused, not rounded.
//!
//! Layering: this module depends on `wasm::error` (for `internal`), never the reverse.

use crate::core::json_text::to_json;
use crate::error::Error;
use crate::wasm::error::internal;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// Serialises `value` as JSON-compatible JavaScript: objects, arrays, strings, numbers, null.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Error> {
    let text = to_json(value).map_err(|e| internal(&format!("result conversion failed: {e}")))?;
    parse(&text)
}

/// An object of string members, in the order given (a v2 document's fields): its JSON text
/// written directly, as ASCII, and parsed once (`json_text::string_object`).
pub fn string_object_to_js<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<JsValue, Error> {
    parse(&crate::core::json_text::string_object(pairs))
}

/// The runtime's `JSON.parse` of text `to_json` wrote.
fn parse(text: &str) -> Result<JsValue, Error> {
    js_sys::JSON::parse(text).map_err(|_| internal("result conversion failed"))
}

/// A request as `{ method, url, headers: Record<string, string>, body }`.
pub fn request_to_js(request: &crate::transport::HttpRequest) -> Result<JsValue, Error> {
    #[derive(Serialize)]
    struct Out<'a> {
        method: &'a str,
        url: &'a str,
        headers: std::collections::BTreeMap<&'a str, &'a str>,
        body: &'a str,
    }
    to_js(&Out {
        method: request.method.as_str(),
        url: &request.url,
        headers: crate::core::maps::btree(
            request
                .headers
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str())),
        ),
        body: &request.body,
    })
}
