//! The build/parse-only surface shared by the clients (`buildQueryRequest`,
//! `parseQueryResponse`), for callers with their own HTTP client. The request carries the query
//! it asks (`request.query`), and `parseQueryResponse(query, response)` takes that query back
//! (or the whole request), so that it checks the answer is about it exactly as `queryOrder` does.

use crate::error::{Error, Result};
use crate::transport::{HttpRequest, HttpResponse};
use crate::wasm::args;
use crate::wasm::convert::request_to_js;
use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// `{ method, url, headers, body, query: { <name>: <value> } }`: the request `queryOrder` would
/// send, with the query in the caller's spelling (`{ outTradeNo }`, `{ orderSn }`...).
pub fn request_with_query(request: &HttpRequest, name: &str, value: &str) -> Result<JsValue> {
    request_to_js(request, Some((name, value)))
}

/// The two arguments of `parseQueryResponse(query, response)`: the query object to read (the
/// `query` of a request from `buildQueryRequest`, when given the request) and the response.
/// `query_form` names the query shape in the message of an old-style one-argument call.
pub fn query_and_response(
    query: &JsValue,
    response: Option<JsValue>,
    query_form: &str,
) -> Result<(JsValue, HttpResponse)> {
    let Some(response) = response.filter(|r| !r.is_undefined()) else {
        return Err(Error::invalid_argument(format!(
            "parseQueryResponse(query, response) takes the query ({query_form}, or the object \
             buildQueryRequest returned) and then the response; the one-argument form \
             parseQueryResponse(response) is gone, because an answer can only be checked against \
             the order it was asked about"
        )));
    };
    let is_request = query.is_object()
        && Reflect::get(query, &JsValue::from_str("url")).is_ok_and(|u| u.is_string());
    let query = if is_request {
        Reflect::get(query, &JsValue::from_str("query")).unwrap_or(JsValue::UNDEFINED)
    } else {
        query.clone()
    };
    Ok((query, args::response(&response)?))
}
