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

/// What a [`Reading`] waits for.
enum Stage {
    /// The promise `fetch` returned.
    Answer,
    /// The next `read()` of the body's stream reader.
    Stream(JsValue),
    /// `arrayBuffer()`, for a response without a body stream.
    Buffer,
}

/// A request in flight: its deadline, what it waits for, and the answer read so far.
/// [`Reading::start`] sends the request; then, until [`Reading::advance`] has the response or
/// the error, the caller (the transport's attempt) waits for [`Reading::pending`] under
/// [`Reading::deadline`], awaiting each wait itself. Every step between the waits is a plain
/// function: what an async function holds across several awaits lives in a state machine
/// that costs several times the code, and a future around this loop would be one more.
pub struct Reading {
    /// The attempt's time limit and the caller's signal, which end every wait.
    pub deadline: Deadline,
    timeout_ms: u32,
    /// What to wait for next.
    pub pending: JsValue,
    stage: Stage,
    response: HttpResponse,
}

impl Reading {
    /// Sends `request` (within `options.timeout_ms`, else `default_timeout_ms`): the reading
    /// that waits for its answer.
    pub fn start(
        request: &HttpRequest,
        fetch: Option<&Function>,
        default_timeout_ms: u32,
        options: &CallOptions,
    ) -> Result<Reading> {
        let timeout_ms = options.timeout_ms.unwrap_or(default_timeout_ms);
        let (deadline, pending) = start(request, fetch, timeout_ms, options)?;
        Ok(Reading {
            deadline,
            timeout_ms,
            pending,
            stage: Stage::Answer,
            response: HttpResponse::default(),
        })
    }

    /// The step after a wait ended: `None` when there is another promise to wait for (now in
    /// `pending`), else the response or the error. Errors while reading the body are reported
    /// as the deadline when it has fired (a stream's rejection after our own abort).
    #[inline(never)]
    pub fn advance(
        &mut self,
        outcome: std::result::Result<std::result::Result<JsValue, JsValue>, Fired>,
    ) -> Option<Result<HttpResponse>> {
        let step = match std::mem::replace(&mut self.stage, Stage::Answer) {
            Stage::Answer => {
                let response = match outcome {
                    Ok(Ok(response)) => response,
                    Ok(Err(e)) => return Some(Err(failed(&self.deadline, self.timeout_ms, &e))),
                    Err(fired) => return Some(Err(ended(fired, self.timeout_ms))),
                };
                let declared = match head(&response, &mut self.response) {
                    Ok(declared) => declared,
                    Err(e) => return Some(Err(e)),
                };
                match body_source(&response, declared) {
                    Ok(Source::Empty) => Ok(true),
                    Ok(Source::Stream(reader)) => self.next_chunk(reader),
                    Ok(Source::Buffer(pending)) => {
                        self.pending = pending;
                        self.stage = Stage::Buffer;
                        Ok(false)
                    }
                    Err(e) => Err(e),
                }
            }
            Stage::Stream(reader) => {
                let chunk = match outcome {
                    Ok(Ok(chunk)) => Ok(chunk),
                    Ok(Err(e)) => Err(broke_off(&e)),
                    // Mapped to TIMEOUT or ABORTED below.
                    Err(_) => Err(cancel_stream(&reader, bad_response("body stream"))),
                };
                let status = self.response.status;
                match chunk.and_then(|c| take_chunk(&reader, &c, &mut self.response.body, status)) {
                    Ok(true) => Ok(true),
                    Ok(false) => self.next_chunk(reader),
                    Err(e) => Err(e),
                }
            }
            Stage::Buffer => match outcome {
                Ok(Ok(buffer)) => buffer_body(&buffer, self.response.status).map(|body| {
                    self.response.body = body;
                    true
                }),
                Ok(Err(_)) => Err(bad_response("body")),
                Err(fired) => Err(deadline::error(fired, "fetch", 0)),
            },
        };
        match step {
            Ok(false) => None,
            Ok(true) => Some(Ok(std::mem::take(&mut self.response))),
            Err(e) => Some(Err(match self.deadline.fired() {
                Some(fired) => ended(fired, self.timeout_ms),
                None => e,
            })),
        }
    }

    /// Asks the stream `reader` for its next chunk.
    fn next_chunk(&mut self, reader: JsValue) -> Result<bool> {
        match js_safe::call_method(&reader, "read", &[]) {
            Ok(Some(p)) => {
                self.pending = p;
                self.stage = Stage::Stream(reader);
                Ok(false)
            }
            _ => Err(cancel_stream(&reader, bad_response("body stream"))),
        }
    }
}

/// The error for a deadline that ended the request.
#[inline(never)]
fn ended(fired: Fired, timeout_ms: u32) -> Error {
    match fired {
        Fired::Abort => aborted(),
        Fired::Timer => Error::new(
            ErrorCode::Timeout,
            format!("no complete answer within {timeout_ms} ms"),
        ),
    }
}

/// A rejected `fetch`: a rejection caused by our own abort is reported as what caused it.
#[inline(never)]
fn failed(deadline: &Deadline, timeout_ms: u32, e: &JsValue) -> Error {
    match deadline.fired() {
        Some(fired) => ended(fired, timeout_ms),
        None => Error::new(ErrorCode::NetworkError, network_message(e)),
    }
}

/// Everything before the first await: the `fetch`, the deadline (whose timeout and the
/// caller's signal both abort this request's own controller, and end every wait), and the
/// call, which returns the pending answer.
#[inline(never)]
fn start(
    request: &HttpRequest,
    fetch: Option<&Function>,
    timeout_ms: u32,
    options: &CallOptions,
) -> Result<(Deadline, JsValue)> {
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
    let deadline = Deadline::start(
        f64::from(timeout_ms),
        options.signal.as_ref(),
        Some(controller.clone()),
    )?;
    let init = init(request, &controller)?;
    let pending = fetch
        .call2(&JsValue::UNDEFINED, &JsValue::from_str(&request.url), &init)
        .map_err(|e| failed(&deadline, timeout_ms, &e))?;
    Ok((deadline, pending))
}

/// The `init` argument of `fetch`: method, headers, body, the controller's signal.
fn init(request: &HttpRequest, controller: &web_sys::AbortController) -> Result<Object> {
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
    Ok(init)
}

/// What `fetch` resolved to, before its body: the status (a redirect refused) and the
/// headers, set on `out`, and the declared `Content-Length` (refused beyond the cap).
#[inline(never)]
fn head(response: &JsValue, out: &mut HttpResponse) -> Result<Option<u64>> {
    if !response.is_object() {
        return Err(Error::new(
            ErrorCode::NetworkError,
            format!("fetch resolved to {}, not a Response", type_name(response)),
        ));
    }
    let status = js_safe::get(response, "status").map_err(|_| bad_response("status"))?;
    let status = status.as_f64().unwrap_or(-1.0);
    // Browsers report a manual redirect as an opaque response with status 0.
    if status == 0.0 || (300.0..400.0).contains(&status) {
        cancel_body(response);
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
    let headers_value = js_safe::get(response, "headers").map_err(|_| bad_response("headers"))?;
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
        cancel_body(response);
        return Err(too_large(status));
    }
    out.status = status;
    out.headers = headers;
    Ok(declared)
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

/// Where a response's body comes from.
enum Source {
    /// A null `body`.
    Empty,
    /// `response.body.getReader()`.
    Stream(JsValue),
    /// The pending `response.arrayBuffer()`.
    Buffer(JsValue),
}

/// Finds the body's reader, or starts `arrayBuffer()` when there is no stream.
#[inline(never)]
fn body_source(response: &JsValue, declared: Option<u64>) -> Result<Source> {
    let body = js_safe::get(response, "body").map_err(|_| bad_response("body"))?;
    if body.is_null() {
        return Ok(Source::Empty);
    }
    let reader = if body.is_object() {
        js_safe::call_method(&body, "getReader", &[]).map_err(|_| bad_response("body"))?
    } else {
        None
    };
    if let Some(reader) = reader {
        return Ok(Source::Stream(reader));
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
    Ok(Source::Buffer(pending))
}

/// The bytes `arrayBuffer()` resolved to, within the cap.
#[inline(never)]
fn buffer_body(buffer: &JsValue, status: u16) -> Result<Vec<u8>> {
    match js_safe::buffer_bytes(buffer, MAX_BODY_BYTES) {
        Ok(Bytes::Copied(bytes)) => Ok(bytes),
        Ok(Bytes::TooLarge) => Err(too_large(status)),
        Ok(Bytes::Other) | Err(_) => Err(bad_response("body (arrayBuffer() gave no ArrayBuffer)")),
    }
}

/// The error for a body stream whose read rejected.
#[inline(never)]
fn broke_off(e: &JsValue) -> Error {
    Error::new(
        ErrorCode::NetworkError,
        format!("the response body broke off: {}", network_message(e)),
    )
}

/// Cancels the stream `reader` reads (a rejection of `cancel()` is handled), then returns `e`.
#[inline(never)]
fn cancel_stream(reader: &JsValue, e: Error) -> Error {
    if let Ok(Some(p)) = js_safe::call_method(reader, "cancel", &[]) {
        js_safe::ignore(&p);
    }
    e
}

/// Appends one `read()` result to `body`: `Ok(true)` when the stream is done. Beyond the cap,
/// or for a chunk that is no `Uint8Array`, the stream is cancelled.
#[inline(never)]
fn take_chunk(reader: &JsValue, chunk: &JsValue, body: &mut Vec<u8>, status: u16) -> Result<bool> {
    let field = |k: &str| {
        if chunk.is_object() {
            js_safe::get(chunk, k).map_err(|_| bad_response("body stream"))
        } else {
            Err(bad_response("body stream"))
        }
    };
    if field("done")?.as_bool() == Some(true) {
        return Ok(true);
    }
    let room = MAX_BODY_BYTES - body.len();
    let value = field("value")?;
    match js_safe::bytes(&value, room) {
        Ok(Bytes::Copied(bytes)) => {
            body.extend_from_slice(&bytes);
            Ok(false)
        }
        Ok(Bytes::TooLarge) => Err(cancel_stream(reader, too_large(status))),
        Ok(Bytes::Other) | Err(_) => Err(cancel_stream(
            reader,
            bad_response("body stream (a chunk is not a Uint8Array)"),
        )),
    }
}
