//! HTTP values handed in by callers and by `fetch`: headers (a WHATWG `Headers` or a plain
//! record, bounded by count and size) and responses given to `parse…` methods.

use crate::error::{Error, ErrorCode, Result};
use crate::wasm::args::{type_name, Obj};
use crate::wasm::js_safe::{self, threw};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// Most headers read from one response or request.
const MAX_HEADERS: usize = js_safe::MAX_KEYS;
/// Most bytes of header names and values read from one response or request.
const MAX_HEADER_BYTES: usize = 256 * 1024;

/// Reads headers as name/value pairs: a WHATWG `Headers` (or anything with `forEach(value,
/// key)`, which has no own keys) or a plain `Record<string, string>`. Bounded by count and
/// total size; a throwing `forEach`, getter or trap is an error with `code`.
pub fn headers(value: &JsValue, what: &str, code: ErrorCode) -> Result<Vec<(String, String)>> {
    match js_safe::headers_kind_of(value).map_err(|()| threw(code, what))? {
        js_safe::HeadersKind::None => return Ok(Vec::new()),
        js_safe::HeadersKind::NotObject => {
            return Err(Error::new(
                code,
                format!("{what} must be headers, got {}", type_name(value)),
            ))
        }
        js_safe::HeadersKind::Class => return header_class(value, what, code),
        js_safe::HeadersKind::Record => {}
    }
    let mut out = Vec::new();
    let mut size = 0;
    let mut add = |key: String, v: String| {
        size += key.len() + v.len();
        if size > MAX_HEADER_BYTES {
            return Err(headers_too_big(what, code));
        }
        out.push((key, v));
        Ok(())
    };
    // One crossing (`js_safe::read_flat`): names and values as read, in order.
    let read = match js_safe::read_flat(value, js_safe::Limit::Bytes(MAX_HEADER_BYTES), code, what)?
    {
        js_safe::Flat::Raw(read) => read,
        // Only a record read is asked whether it is one.
        js_safe::Flat::NotRecord => return Ok(out),
        joined => {
            for (k, v) in joined.joined_pairs().unwrap_or_default() {
                add(k.to_owned(), v.to_owned())?;
            }
            return Ok(out);
        }
    };
    let len = read.length();
    for i in (0..len).step_by(2) {
        let key = js_safe::string(&read.get(i), code, what)?.unwrap_or_default();
        if i + 1 == len {
            return Err(threw(code, what));
        }
        let v = js_safe::string(&read.get(i + 1), code, what)?
            .ok_or_else(|| Error::new(code, format!("{what}.{key} must be a string")))?;
        add(key, v)?;
    }
    Ok(out)
}

fn headers_too_big(what: &str, code: ErrorCode) -> Error {
    Error::new(
        code,
        format!(
            "{what} exceed the {MAX_HEADERS} headers or {MAX_HEADER_BYTES} bytes payquery reads"
        ),
    )
}

/// A `Headers` read through its `forEach`: each pair is measured in JavaScript before it is
/// copied, and reading stops at the limits.
fn header_class(value: &JsValue, what: &str, code: ErrorCode) -> Result<Vec<(String, String)>> {
    #[derive(Default)]
    struct Sink {
        pairs: Vec<(String, String)>,
        size: usize,
        over: bool,
    }
    let sink = Rc::new(RefCell::new(Sink::default()));
    let each = {
        let sink = sink.clone();
        Closure::<dyn FnMut(JsValue, JsValue)>::new(move |value: JsValue, key: JsValue| {
            let Ok(mut sink) = sink.try_borrow_mut() else {
                return;
            };
            let len = |v: &JsValue| {
                v.dyn_ref::<js_sys::JsString>()
                    .map_or(0, |s| s.length() as usize)
            };
            if sink.over || !key.is_string() || !value.is_string() {
                return;
            }
            sink.size += len(&key) + len(&value);
            if sink.size > MAX_HEADER_BYTES || sink.pairs.len() >= MAX_HEADERS {
                sink.over = true;
                return;
            }
            if let (Some(k), Some(v)) = (key.as_string(), value.as_string()) {
                sink.pairs.push((k, v));
            }
        })
    };
    let called = js_safe::call_method(value, "forEach", &[each.as_ref().clone()]);
    drop(each);
    called.map_err(|_| threw(code, what))?;
    let sink = sink.take();
    if sink.over {
        return Err(headers_too_big(what, code));
    }
    Ok(sink.pairs)
}

/// Reads a response handed to a `parse…` method: a string, a `Uint8Array`, or
/// `{ status?, headers?, body }` (status 200 when omitted). Bodies over
/// `transport::MAX_BODY_BYTES` are refused.
pub fn response(value: &JsValue) -> Result<crate::transport::HttpResponse> {
    Ok(response_and_text(value)?.0)
}

/// The error for a response body over `transport::MAX_BODY_BYTES`: refused as the core refuses
/// one that came over the network.
pub fn body_too_large() -> Error {
    Error::malformed(format!(
        "response body exceeds the {} byte limit",
        crate::transport::MAX_BODY_BYTES
    ))
}

/// [`response`], and the body as the JavaScript string it was given as (read once), if it was
/// one: a caller can hand that string to `JSON.parse` instead of decoding the bytes again.
pub fn response_and_text(
    value: &JsValue,
) -> Result<(crate::transport::HttpResponse, Option<JsValue>)> {
    use crate::transport::{HttpResponse, MAX_BODY_BYTES};
    let code = ErrorCode::InvalidArgument;
    let too_large = body_too_large;
    let body_of = |v: &JsValue, name: &str| -> Result<Vec<u8>> {
        if let Some(s) = js_safe::string_bytes(v, ErrorCode::MalformedResponse, name)? {
            if s.len() > MAX_BODY_BYTES {
                return Err(too_large());
            }
            return Ok(s);
        }
        match js_safe::bytes(v, MAX_BODY_BYTES).map_err(|_| threw(code, name))? {
            js_safe::Bytes::Copied(bytes) => Ok(bytes),
            js_safe::Bytes::TooLarge => Err(too_large()),
            js_safe::Bytes::Other => Err(Error::invalid_argument(format!(
                "{name} must be a string or a Uint8Array, got {}",
                type_name(v)
            ))),
        }
    };
    let text = |v: JsValue| v.is_string().then_some(v);
    // A string first: the common case, and one that no typed-array check needs to see.
    if value.is_string() {
        let response = HttpResponse::ok(body_of(value, "response")?);
        return Ok((response, text(value.clone())));
    }
    let is_bytes = !matches!(
        js_safe::bytes(value, 0).map_err(|_| threw(code, "response"))?,
        js_safe::Bytes::Other
    );
    if is_bytes {
        return Ok((HttpResponse::ok(body_of(value, "response")?), None));
    }
    let mut o = Obj::new(value, "response", code)?;
    let status = o.uint("status", 599)?.unwrap_or(200);
    let status = u16::try_from(status)
        .ok()
        .filter(|s| *s >= 100)
        .ok_or_else(|| Error::invalid_argument("response.status must be an HTTP status"))?;
    let headers = headers(&o.get("headers")?, "response.headers", code)?;
    let body_value = o.get("body")?;
    let body = body_of(&body_value, "response.body")?;
    o.finish()?;
    let response = HttpResponse {
        status,
        headers,
        body,
    };
    Ok((response, text(body_value)))
}
