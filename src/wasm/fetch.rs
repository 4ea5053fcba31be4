//! Sends a core `HttpRequest` with the runtime's `fetch` (or the one passed in config) and
//! returns the raw `HttpResponse`. Timeout and caller cancellation share one AbortController
//! and one [`Deadline`], which also bounds every promise the response hands back: a `fetch`,
//! a body read or a getter that never settles or throws ends in a coded error.
//!
//! The body is read from its stream with a running cap of `MAX_BODY_BYTES`, so a chunked or
//! compressed answer of any size is refused without being buffered.

use crate::error::{Error, ErrorCode, Result};
use crate::transport::{HttpRequest, HttpResponse, MAX_BODY_BYTES};
use crate::wasm::args::{self, type_name, Obj};
use crate::wasm::deadline::{self, Deadline};
use crate::wasm::error::internal;
use crate::wasm::js_safe::{self, Bytes};
use crate::wasm::timer::{aborted, signal_aborted, Fired};
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;

/// Default per-attempt timeout.
pub const DEFAULT_TIMEOUT_MS: u32 = 10_000;
/// Largest timeout accepted (setTimeout's limit is 2^31-1 ms).
pub const MAX_TIMEOUT_MS: u32 = 2_147_483_647;

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
        let signal = Self::read_signal(&o.get("signal")?)?;
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

/// A readable message for a rejected fetch: its message plus a Node `cause.code` if any, each
/// bounded, read through catching imports (the rejection may be any value).
fn network_message(e: &JsValue) -> String {
    let text = |v: &JsValue, k: &str| -> Option<String> {
        let s = js_safe::get(v, k).ok()?;
        let s = js_safe::string(&s, ErrorCode::NetworkError, k).ok()??;
        Some(s.chars().take(200).collect())
    };
    let msg = if e.is_object() {
        text(e, "message")
    } else {
        None
    }
    .unwrap_or_else(|| "fetch failed".to_owned());
    let cause = if e.is_object() {
        js_safe::get(e, "cause")
            .ok()
            .filter(|c| c.is_object())
            .and_then(|c| text(&c, "code"))
    } else {
        None
    };
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

/// A `NETWORK_ERROR` for a response object that does not behave like one.
fn bad_response(what: &str) -> Error {
    Error::new(
        ErrorCode::NetworkError,
        format!("fetch returned a response whose {what} could not be read"),
    )
}

fn too_large(status: u16) -> Error {
    Error::malformed(format!(
        "response body exceeds the {MAX_BODY_BYTES} byte limit"
    ))
    .with_http_status(status)
}

/// Sends `request` and reads the whole response, within the timeout and the caller's signal.
pub async fn send(
    request: &HttpRequest,
    fetch: Option<&Function>,
    default_timeout_ms: u32,
    options: &CallOptions,
) -> Result<HttpResponse> {
    let fetch = resolve_fetch(fetch)?;
    if options.signal.as_ref().is_some_and(signal_aborted) {
        return Err(aborted());
    }
    let controller = web_sys::AbortController::new().map_err(|_| {
        Error::new(
            ErrorCode::Unsupported,
            "this runtime has no AbortController",
        )
    })?;
    let timeout_ms = options.timeout_ms.unwrap_or(default_timeout_ms);
    // The timeout and the caller's signal both abort this request's own controller, and end
    // every wait below.
    let deadline = {
        let controller = controller.clone();
        Deadline::start(timeout_ms, options.signal.as_ref(), move |_| {
            controller.abort()
        })?
    };
    let ended = |fired: Fired| -> Error {
        match fired {
            Fired::Abort => aborted(),
            Fired::Timer => Error::new(
                ErrorCode::Timeout,
                format!("no complete answer within {timeout_ms} ms"),
            ),
        }
    };
    // A rejection caused by our own abort is reported as what caused it.
    let fail = |e: JsValue| -> Error {
        match deadline.fired() {
            Some(fired) => ended(fired),
            None => Error::new(ErrorCode::NetworkError, network_message(&e)),
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

    let pending = fetch
        .call2(&JsValue::UNDEFINED, &JsValue::from_str(&request.url), &init)
        .map_err(fail)?;
    let response = deadline
        .wait(&pending)
        .await
        .map_err(ended)?
        .map_err(fail)?;
    if !response.is_object() {
        return Err(Error::new(
            ErrorCode::NetworkError,
            format!("fetch resolved to {}, not a Response", type_name(&response)),
        ));
    }
    let status = js_safe::get(&response, "status").map_err(|_| bad_response("status"))?;
    let status = status.as_f64().unwrap_or(-1.0);
    // Browsers report a manual redirect as an opaque response with status 0.
    if status == 0.0 || (300.0..400.0).contains(&status) {
        cancel_body(&response);
        return Err(Error::new(
            ErrorCode::HttpError,
            "the server answered with a redirect, which a payment API never does; refused",
        )
        .with_http_status(status as u16));
    }
    if !(100.0..=599.0).contains(&status) || status.fract() != 0.0 {
        return Err(Error::new(
            ErrorCode::NetworkError,
            "fetch returned no valid HTTP status",
        ));
    }
    // Checked to be an integer within 100..=599 just above.
    let status = status as u16;
    let headers_value = js_safe::get(&response, "headers").map_err(|_| bad_response("headers"))?;
    let headers = args::headers(
        &headers_value,
        "the response headers",
        ErrorCode::NetworkError,
    )?;
    let declared = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        cancel_body(&response);
        return Err(too_large(status));
    }
    let body = read_body(&response, declared, &deadline, status)
        .await
        .map_err(|e| match deadline.fired() {
            Some(fired) => ended(fired),
            None => e,
        })?;
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

/// Cancels a response body payquery will not read, so the connection is released. A
/// rejection of `cancel()` is handled here.
fn cancel_body(response: &JsValue) {
    if let Ok(body) = js_safe::get(response, "body") {
        if body.is_object() {
            if let Ok(Some(p)) = js_safe::call_method(&body, "cancel", &[]) {
                js_safe::ignore(&p);
            }
        }
    }
}

/// Reads the body: from `response.body`'s stream reader, with a running cap, cancelling the
/// stream as soon as the cap is passed; a null `body` is an empty one (WHATWG: 204, HEAD).
async fn read_body(
    response: &JsValue,
    declared: Option<u64>,
    deadline: &Deadline,
    status: u16,
) -> Result<Vec<u8>> {
    let body = js_safe::get(response, "body").map_err(|_| bad_response("body"))?;
    if body.is_null() {
        return Ok(Vec::new());
    }
    let reader = if body.is_object() {
        js_safe::call_method(&body, "getReader", &[]).map_err(|_| bad_response("body"))?
    } else {
        None
    };
    if let Some(reader) = reader {
        return read_stream(&reader, deadline, status).await;
    }
    // No body stream: a minimal fetch (`{ status, headers, arrayBuffer }`, payquery's own
    // FetchLike type before streams). `arrayBuffer()` buffers the whole answer before anything
    // can be measured, so it is used only when a declared Content-Length (checked above) bounds
    // what it can return; without one the size of the answer cannot be bounded, and the read
    // is refused rather than risked.
    if declared.is_none() {
        return Err(Error::new(
            ErrorCode::Unsupported,
            "fetch returned a response without a body stream (response.body.getReader) and \
             without a Content-Length, so its size cannot be bounded; use a WHATWG fetch",
        ));
    }
    let pending = js_safe::call_method(response, "arrayBuffer", &[])
        .map_err(|_| bad_response("body"))?
        .ok_or_else(|| bad_response("body (it has no arrayBuffer method)"))?;
    let buffer = match deadline.wait(&pending).await {
        Ok(Ok(buffer)) => buffer,
        Ok(Err(_)) => return Err(bad_response("body")),
        Err(fired) => return Err(deadline::error(fired, "fetch", 0)),
    };
    match js_safe::buffer_bytes(&buffer, MAX_BODY_BYTES) {
        Ok(Bytes::Copied(bytes)) => Ok(bytes),
        Ok(Bytes::TooLarge) => Err(too_large(status)),
        Ok(Bytes::Other) | Err(_) => Err(bad_response("body (arrayBuffer() gave no ArrayBuffer)")),
    }
}

/// Reads a `ReadableStreamDefaultReader` chunk by chunk; each chunk is measured in JavaScript
/// before it is copied, so wasm memory never holds more than the cap.
async fn read_stream(reader: &JsValue, deadline: &Deadline, status: u16) -> Result<Vec<u8>> {
    let cancel = || {
        if let Ok(Some(p)) = js_safe::call_method(reader, "cancel", &[]) {
            js_safe::ignore(&p);
        }
    };
    let mut body = Vec::new();
    loop {
        let pending = match js_safe::call_method(reader, "read", &[]) {
            Ok(Some(p)) => p,
            _ => {
                cancel();
                return Err(bad_response("body stream"));
            }
        };
        let chunk = match deadline.wait(&pending).await {
            Ok(Ok(chunk)) => chunk,
            Ok(Err(e)) => {
                return Err(Error::new(
                    ErrorCode::NetworkError,
                    format!("the response body broke off: {}", network_message(&e)),
                ))
            }
            Err(_) => {
                cancel();
                // The caller maps the deadline to TIMEOUT or ABORTED.
                return Err(bad_response("body stream"));
            }
        };
        let field = |k: &str| {
            if chunk.is_object() {
                js_safe::get(&chunk, k).map_err(|_| bad_response("body stream"))
            } else {
                Err(bad_response("body stream"))
            }
        };
        if field("done")?.as_bool() == Some(true) {
            return Ok(body);
        }
        let room = MAX_BODY_BYTES - body.len();
        let value = field("value")?;
        match js_safe::bytes(&value, room) {
            Ok(Bytes::Copied(bytes)) => body.extend_from_slice(&bytes),
            Ok(Bytes::TooLarge) => {
                cancel();
                return Err(too_large(status));
            }
            Ok(Bytes::Other) | Err(_) => {
                cancel();
                return Err(bad_response("body stream (a chunk is not a Uint8Array)"));
            }
        }
    }
}
