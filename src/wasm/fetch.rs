//! Sends a core `HttpRequest` with the runtime's `fetch` (or the one passed in config) and
//! returns the raw `HttpResponse`. Timeout and caller cancellation share one AbortController.

use crate::error::{Error, ErrorCode, Result};
use crate::transport::{HttpRequest, HttpResponse, MAX_BODY_BYTES};
use crate::wasm::args::{type_name, Obj};
use crate::wasm::error::internal;
use crate::wasm::timer::{aborted, Fired, Watch};
use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Default per-attempt timeout.
pub const DEFAULT_TIMEOUT_MS: u32 = 10_000;
/// Largest timeout accepted (setTimeout's limit is 2^31-1 ms).
pub const MAX_TIMEOUT_MS: u32 = 2_147_483_647;

#[wasm_bindgen]
extern "C" {
    /// A fetch `Response`, duck-typed so any WHATWG-compatible implementation works.
    type FetchResponse;
    #[wasm_bindgen(method, getter)]
    fn status(this: &FetchResponse) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn headers(this: &FetchResponse) -> JsValue;
    #[wasm_bindgen(method, catch, js_name = arrayBuffer)]
    fn array_buffer(this: &FetchResponse) -> std::result::Result<Promise, JsValue>;
}

/// Per-call options: `{ signal?, timeoutMs?, retries? }`.
#[derive(Default)]
pub struct CallOptions {
    /// The caller's AbortSignal.
    pub signal: Option<web_sys::AbortSignal>,
    /// The timeout of each attempt of this call.
    pub timeout_ms: Option<u32>,
    /// Retries for this call, overriding the client's.
    pub retries: Option<u32>,
}

impl CallOptions {
    /// A query argument read by the caller, and the optional options argument read here: both
    /// before any await, so that a bad argument never reaches the network.
    pub fn with<Q>(query: Result<Q>, options: Option<JsValue>) -> Result<(Q, CallOptions)> {
        let query = query?;
        Ok((
            query,
            CallOptions::read(&options.unwrap_or(JsValue::UNDEFINED))?,
        ))
    }

    /// Reads an optional `signal` option: `undefined`, or an AbortSignal (duck-typed, so that
    /// signals from another realm or a polyfill work).
    pub fn read_signal(signal: &JsValue) -> Result<Option<web_sys::AbortSignal>> {
        if signal.is_undefined() {
            return Ok(None);
        }
        let looks_like_signal = signal.is_object()
            && Reflect::has(signal, &JsValue::from_str("aborted")).unwrap_or(false)
            && Reflect::has(signal, &JsValue::from_str("addEventListener")).unwrap_or(false);
        if looks_like_signal {
            Ok(Some(signal.clone().unchecked_into()))
        } else {
            Err(Error::invalid_argument(format!(
                "options.signal must be an AbortSignal, got {}",
                type_name(signal)
            )))
        }
    }

    /// Reads the options object (or `undefined`).
    pub fn read(value: &JsValue) -> Result<CallOptions> {
        let mut o = Obj::optional(value, "options", ErrorCode::InvalidArgument)?;
        let signal = Self::read_signal(&o.get("signal"))?;
        let timeout_ms = o.uint("timeoutMs", MAX_TIMEOUT_MS)?;
        let retries = o.uint("retries", crate::transport::MAX_RETRIES)?;
        o.finish()?;
        Ok(CallOptions {
            signal,
            timeout_ms,
            retries,
        })
    }
}

/// The `fetch` to use: the configured one, else the runtime's.
fn resolve_fetch(configured: Option<&Function>) -> Result<Function> {
    match configured {
        Some(f) => Ok(f.clone()),
        None => crate::wasm::runtime::fetch(),
    }
}

/// A readable message for a rejected fetch: its message plus a Node `cause.code` if any.
fn network_message(e: &JsValue) -> String {
    let get = |v: &JsValue, k: &str| Reflect::get(v, &JsValue::from_str(k)).ok();
    let msg = get(e, "message")
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "fetch failed".to_owned());
    let cause = get(e, "cause")
        .filter(|c| c.is_object())
        .and_then(|c| get(&c, "code"))
        .and_then(|c| c.as_string());
    match cause {
        // The runtime's (or a custom fetch's) text: bounded and escaped.
        Some(code) => format!(
            "network error: {} ({})",
            crate::error::quote_untrusted(&msg),
            crate::error::untrusted_code(&code)
        ),
        None => format!("network error: {}", crate::error::quote_untrusted(&msg)),
    }
}

fn set(obj: &Object, key: &str, value: &JsValue) -> Result<()> {
    Reflect::set(obj, &JsValue::from_str(key), value)
        .map(|_| ())
        .map_err(|_| internal("cannot build the fetch init object"))
}

/// Reads a WHATWG `Headers` (or anything with `forEach(value, key)`) as name/value pairs.
pub fn read_headers(headers: &JsValue) -> Vec<(String, String)> {
    let out = Rc::new(std::cell::RefCell::new(Vec::new()));
    let sink = out.clone();
    let each = Closure::<dyn FnMut(JsValue, JsValue)>::new(move |value: JsValue, key: JsValue| {
        if let (Some(k), Some(v)) = (key.as_string(), value.as_string()) {
            sink.borrow_mut().push((k, v));
        }
    });
    if let Ok(for_each) = Reflect::get(headers, &JsValue::from_str("forEach")) {
        if let Ok(f) = for_each.dyn_into::<Function>() {
            let _ = f.call1(headers, each.as_ref());
        }
    }
    drop(each);
    let headers = out.borrow().clone();
    headers
}

/// Sends `request` and reads the whole response, within the timeout and the caller's signal.
pub async fn send(
    request: &HttpRequest,
    fetch: Option<&Function>,
    default_timeout_ms: u32,
    options: &CallOptions,
) -> Result<HttpResponse> {
    let fetch = resolve_fetch(fetch)?;
    if options.signal.as_ref().is_some_and(|s| s.aborted()) {
        return Err(aborted());
    }
    let controller = web_sys::AbortController::new().map_err(|_| {
        Error::new(
            ErrorCode::Unsupported,
            "this runtime has no AbortController",
        )
    })?;
    let timeout_ms = options.timeout_ms.unwrap_or(default_timeout_ms);
    // The timeout and the caller's signal both abort this request's own controller.
    let fired = Rc::new(Cell::new(None));
    let _watch = {
        let (controller, fired) = (controller.clone(), fired.clone());
        Watch::start(
            f64::from(timeout_ms),
            options.signal.as_ref(),
            move |what| {
                fired.set(Some(what));
                controller.abort();
            },
        )?
    };
    let fail = |e: JsValue| -> Error {
        if fired.get() == Some(Fired::Timer) {
            Error::new(
                ErrorCode::Timeout,
                format!("no complete answer within {timeout_ms} ms"),
            )
        } else if options.signal.as_ref().is_some_and(|s| s.aborted()) {
            aborted()
        } else {
            Error::new(ErrorCode::NetworkError, network_message(&e))
        }
    };

    let init = Object::new();
    set(&init, "method", &JsValue::from_str(request.method.as_str()))?;
    let headers = Object::new();
    for (k, v) in &request.headers {
        set(&headers, k, &JsValue::from_str(v))?;
    }
    set(&init, "headers", &headers)?;
    if !request.body.is_empty() {
        set(&init, "body", &JsValue::from_str(&request.body))?;
    }
    set(&init, "signal", &controller.signal())?;
    // A payment API never redirects; following one would send a signed request elsewhere.
    // "manual" (not "error", which workerd refuses) hands the 3xx back, and it is refused below.
    set(&init, "redirect", &JsValue::from_str("manual"))?;

    let promise = fetch
        .call2(&JsValue::UNDEFINED, &JsValue::from_str(&request.url), &init)
        .map_err(fail)?;
    let promise: Promise = Promise::resolve(&promise);
    let response: FetchResponse = JsFuture::from(promise)
        .await
        .map_err(fail)?
        .unchecked_into();
    let status = response.status().as_f64().unwrap_or(-1.0);
    // Browsers report a manual redirect as an opaque response with status 0.
    if status == 0.0 || (300.0..400.0).contains(&status) {
        return Err(Error::new(
            ErrorCode::HttpError,
            "the server answered with a redirect, which a payment API never does; refused",
        )
        .with_http_status(status as u16));
    }
    if !(100.0..=599.0).contains(&status) {
        return Err(Error::new(
            ErrorCode::NetworkError,
            "fetch returned no valid HTTP status",
        ));
    }
    // Checked to be within 100..=599 just above.
    let status = status as u16;
    let headers = read_headers(&response.headers());
    let declared = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(Error::malformed(format!(
            "response body exceeds the {MAX_BODY_BYTES} byte limit"
        ))
        .with_http_status(status));
    }
    let body = response.array_buffer().map_err(fail)?;
    let body = JsFuture::from(body).await.map_err(fail)?;
    let body = Uint8Array::new(&body).to_vec();
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}
