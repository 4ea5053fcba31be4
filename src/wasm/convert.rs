//! Rust values to plain JavaScript objects (never `Map`s), numbers as numbers.

use crate::error::Error;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// Serialises `value` as JSON-compatible JavaScript: objects, arrays, strings, numbers, null.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Error> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&serializer)
        .map_err(|e| crate::wasm::error::internal(&format!("result conversion failed: {e}")))
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
        headers: request
            .headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect(),
        body: &request.body,
    })
}
