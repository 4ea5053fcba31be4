//! Rust values to plain JavaScript objects (never `Map`s), numbers as numbers.
//!
//! A value is written as JSON text in Rust (`core::json_write`) and handed to the runtime's
//! `JSON.parse` once, instead of being built in JavaScript one `obj[key] = value` call at a
//! time as `serde-wasm-bindgen` did: one boundary crossing per result rather than several per
//! field, and a smaller module than the per-type object builders. The objects are the same:
//! keys in the same order, `null` for `None`, integers beyond 2^53 refused, not rounded.
//!
//! Layering: this module depends on `wasm::error` (for `internal`), never the reverse.

use crate::core::json_write::{to_json, WriteJson};
use crate::error::Error;
use crate::wasm::error::internal;
use wasm_bindgen::JsValue;

/// Serialises `value` as JSON-compatible JavaScript: objects, arrays, strings, numbers, null.
pub fn to_js<T: WriteJson + ?Sized>(value: &T) -> Result<JsValue, Error> {
    json_to_js(to_json(value))
}

/// The rest of [`to_js`], once for every result type rather than once per type (about 250 bytes
/// each).
fn json_to_js(text: Result<String, String>) -> Result<JsValue, Error> {
    let text = text.map_err(|e| internal(&format!("result conversion failed: {e}")))?;
    parse(&text)
}

/// An object of string members from the JSON text `json_text::string_object` wrote (a v2
/// document's fields, in order), parsed once.
pub fn string_object_to_js(text: &str) -> Result<JsValue, Error> {
    parse(text)
}

/// The runtime's `JSON.parse` of text `to_json` wrote.
fn parse(text: &str) -> Result<JsValue, Error> {
    js_sys::JSON::parse(text).map_err(|_| internal("result conversion failed"))
}

/// A request as `{ method, url, headers: Record<string, string>, body }`, with
/// `query: { <name>: <value> }` last when given. Header names are sorted by bytes (a name given
/// twice keeps its last value, as a map would). Written as text directly rather than through
/// a serde map, which put a `BTreeMap<&str, &str>` in the module (3 KB) for these few names.
pub fn request_to_js(
    request: &crate::transport::HttpRequest,
    query: Option<(&str, &str)>,
) -> Result<JsValue, Error> {
    use payquery_hot::json::push_ascii_string;
    let mut headers: Vec<payquery_hot::xml::Field<'_>> = request
        .headers
        .iter()
        .map(|(k, v)| (k.as_str(), std::borrow::Cow::Borrowed(v.as_str())))
        .collect();
    // Stable for these few names, so that of two equal names the last one given is last.
    payquery_hot::xml::sort_by_name(&mut headers);
    let mut out = String::with_capacity(256 + request.body.len());
    out.push_str("{\"method\":");
    push_ascii_string(&mut out, request.method.as_str());
    out.push_str(",\"url\":");
    push_ascii_string(&mut out, &request.url);
    out.push_str(",\"headers\":");
    let mut last = headers.iter().peekable();
    let unique = std::iter::from_fn(|| loop {
        let (k, v) = last.next()?;
        if last.peek().map_or(true, |(next, _)| next != k) {
            return Some((*k, v.as_ref()));
        }
    });
    out.push_str(&crate::core::json_text::string_object(unique));
    out.push_str(",\"body\":");
    push_ascii_string(&mut out, &request.body);
    if let Some(query) = query {
        out.push_str(",\"query\":");
        out.push_str(&crate::core::json_text::string_object([query]));
    }
    out.push('}');
    parse(&out)
}
