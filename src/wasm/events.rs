//! The `onEvent` option of every client: plain objects describing what a call did — each
//! attempt's start and end, a retry and its delay, a failover, a refused answer, a platform
//! certificate refresh — for logs, metrics and traces. An event names hosts, durations, codes
//! and request ids, never a key, a signature or a body.
//!
//! The hook is the caller's code running inside payquery's, so it is called as a guest: what
//! it throws is dropped, what it returns is not awaited (a rejecting promise gets a handler, so
//! it is no unhandled rejection), and events raised while a hook runs (the hook called a
//! client synchronously) are not delivered, so a hook can neither recurse nor reach the
//! caller's result. Nothing an event carries is read back.

use crate::error::{Error, ErrorCode, Result};
use crate::wasm::args::Obj;
use crate::wasm::{js_safe, timer};
use js_sys::{Array, Function, Object, Reflect};
use std::cell::Cell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const EVENTS_TS: &'static str = include_str!("ts/events.d.ts");

thread_local! {
    /// Whether a hook is running now: events raised meanwhile are dropped.
    static IN_HOOK: Cell<bool> = const { Cell::new(false) };
    /// The last call id handed out (one module instance, one sequence).
    static LAST_CALL: Cell<u32> = const { Cell::new(0) };
}

/// The codes of an answer or notification refused as untrustworthy: `verification-failed`.
pub fn is_verification_failure(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::SignatureMissing
            | ErrorCode::SignatureInvalid
            | ErrorCode::SignatureProbe
            | ErrorCode::TimestampSkew
            | ErrorCode::UnknownSerial
            | ErrorCode::ResponseMismatch
            | ErrorCode::DecryptFailed
    )
}

/// One event, as the hook receives it (camelCase, absent members omitted).
#[derive(Default)]
struct Event<'a> {
    kind: &'a str,
    provider: &'a str,
    operation: &'a str,
    call_id: Option<u32>,
    attempt: Option<u32>,
    host: Option<&'a str>,
    ok: Option<bool>,
    duration_ms: Option<u64>,
    code: Option<&'a str>,
    reason: Option<&'a str>,
    http_status: Option<u16>,
    provider_code: Option<&'a str>,
    request_id: Option<&'a str>,
    delay_ms: Option<u64>,
    from: Option<&'a str>,
    to: Option<&'a str>,
    serials: Option<&'a [String]>,
}

impl Event<'_> {
    /// The event as a fresh plain object, built member by member (smaller in the module than
    /// a serde round trip through JSON text; nothing here can throw: the object is ours).
    fn to_object(&self) -> JsValue {
        let o = Object::new();
        let put = |key: &str, value: JsValue| {
            let _ = Reflect::set(&o, &JsValue::from_str(key), &value);
        };
        let text = |key: &str, value: Option<&str>| {
            if let Some(v) = value {
                put(key, JsValue::from_str(v));
            }
        };
        let number = |key: &str, value: Option<f64>| {
            if let Some(v) = value {
                put(key, JsValue::from_f64(v));
            }
        };
        text("type", Some(self.kind));
        text("provider", Some(self.provider));
        text("operation", Some(self.operation));
        number("callId", self.call_id.map(f64::from));
        number("attempt", self.attempt.map(f64::from));
        text("host", self.host);
        if let Some(ok) = self.ok {
            put("ok", JsValue::from_bool(ok));
        }
        // Milliseconds fit a double exactly far beyond any real duration.
        number("durationMs", self.duration_ms.map(|v| v as f64));
        text("code", self.code);
        text("reason", self.reason);
        number("httpStatus", self.http_status.map(f64::from));
        text("providerCode", self.provider_code);
        text("requestId", self.request_id);
        number("delayMs", self.delay_ms.map(|v| v as f64));
        text("from", self.from);
        text("to", self.to);
        if let Some(serials) = self.serials {
            let list: Array = serials.iter().map(|s| JsValue::from_str(s)).collect();
            put("serials", list.into());
        }
        o.into()
    }
}

/// A client's hook (if any) and the provider its events name.
#[derive(Clone)]
pub struct Events {
    hook: Option<Function>,
    provider: &'static str,
}

impl Events {
    /// Reads `onEvent` (a function, or absent) from a client config.
    pub fn read(config: &mut Obj, provider: &'static str) -> Result<Events> {
        Ok(Events {
            hook: config.function("onEvent")?,
            provider,
        })
    }

    /// Starts the events of one call of `operation` under a fresh call id.
    pub fn call(&self, operation: &'static str) -> Call<'_> {
        let id = if self.hook.is_some() {
            LAST_CALL.with(|c| {
                let id = c.get().wrapping_add(1);
                c.set(id);
                id
            })
        } else {
            0
        };
        Call {
            events: self,
            operation,
            id,
        }
    }

    /// `certificates-refreshed`: the platform certificates in use now.
    pub fn certificates_refreshed(&self, operation: &str, reason: &str, serials: &[String]) {
        self.emit(&Event {
            kind: "certificates-refreshed",
            operation,
            reason: Some(reason),
            serials: Some(serials),
            ..self.base()
        });
    }

    /// `verification-failed` for `err` if it refuses an answer or notification as
    /// untrustworthy; nothing otherwise. `call` locates it within a call's events.
    pub fn failed(&self, operation: &str, call: Option<u32>, err: &Error) {
        if !is_verification_failure(err.code) {
            return;
        }
        self.emit(&Event {
            kind: "verification-failed",
            operation,
            call_id: call,
            code: Some(err.code.as_str()),
            host: err.host.as_deref(),
            request_id: err.request_id.as_deref(),
            ..self.base()
        });
    }

    fn base(&self) -> Event<'static> {
        Event {
            provider: self.provider,
            ..Event::default()
        }
    }

    /// Calls the hook with `event` (when there is a hook to call). Not generic: one copy.
    #[inline(never)]
    fn emit(&self, event: &Event<'_>) {
        let Some(hook) = &self.hook else {
            return;
        };
        if IN_HOOK.with(Cell::get) {
            return;
        }
        let event = event.to_object();
        IN_HOOK.with(|h| h.set(true));
        // `call1` catches: a throw (a Proxy's apply trap included) comes back as `Err`.
        let returned = hook.call1(&JsValue::UNDEFINED, &event);
        IN_HOOK.with(|h| h.set(false));
        if let Ok(value) = returned {
            if value.is_object() || value.is_function() {
                // A rejecting promise (or a thenable whose `then` throws) settles unobserved.
                js_safe::ignore(&value);
            }
        }
    }
}

/// The events of one call: every attempt of a query (or a certificate download) shares its
/// `callId`, so concurrent calls can be told apart.
#[derive(Clone, Copy)]
pub struct Call<'e> {
    events: &'e Events,
    operation: &'static str,
    id: u32,
}

impl<'e> Call<'e> {
    /// The call id events carry (0 when no hook is configured).
    pub fn id(&self) -> u32 {
        self.id
    }

    fn base(&self) -> Event<'static> {
        Event {
            operation: self.operation,
            call_id: Some(self.id),
            ..self.events.base()
        }
    }

    /// `attempt-start`, just before a request is sent; returns the start time for the
    /// duration `attempt-end` reports.
    pub fn attempt_start(&self, attempt: u32, host: &str) -> u64 {
        self.events.emit(&Event {
            kind: "attempt-start",
            attempt: Some(attempt),
            host: Some(host).filter(|h| !h.is_empty()),
            ..self.base()
        });
        timer::now_ms()
    }

    /// `attempt-end`: how the attempt started at `started_ms` ended.
    pub fn attempt_end(&self, attempt: u32, started_ms: u64, end: &AttemptEnd<'_>) {
        let err = end.error;
        self.events.emit(&Event {
            kind: "attempt-end",
            attempt: Some(attempt),
            host: Some(end.host).filter(|h| !h.is_empty()),
            ok: Some(err.is_none()),
            duration_ms: Some(timer::now_ms().saturating_sub(started_ms)),
            code: err.map(|e| e.code.as_str()),
            http_status: err.and_then(|e| e.http_status).or(end.http_status),
            provider_code: err.and_then(|e| e.provider_code.as_deref()),
            request_id: err.and_then(|e| e.request_id.as_deref()).or(end.request_id),
            ..self.base()
        });
    }

    /// `retry`: attempt `attempt` failed with `err` and the next one starts after `delay_ms`.
    pub fn retry(&self, attempt: u32, host: &str, err: &Error, delay_ms: u64) {
        self.events.emit(&Event {
            kind: "retry",
            attempt: Some(attempt),
            host: Some(host).filter(|h| !h.is_empty()),
            reason: Some(err.code.as_str()),
            http_status: err.http_status,
            provider_code: err.provider_code.as_deref(),
            delay_ms: Some(delay_ms),
            ..self.base()
        });
    }

    /// `failover`: the attempts after `attempt` go to the backup host `to`.
    pub fn failover(&self, attempt: u32, from: &str, to: &str) {
        self.events.emit(&Event {
            kind: "failover",
            attempt: Some(attempt),
            from: Some(from).filter(|h| !h.is_empty()),
            to: Some(to),
            ..self.base()
        });
    }

    /// `verification-failed` for `err`, if it is one ([`Events::failed`]).
    pub fn failed(&self, err: &Error) {
        self.events.failed(self.operation, Some(self.id), err);
    }
}

/// What an attempt ended with, for `attempt-end`.
pub struct AttemptEnd<'a> {
    /// The host it went to (empty for a call with none).
    pub host: &'a str,
    /// Why it failed; `None` when it produced a value.
    pub error: Option<&'a Error>,
    /// The answer's HTTP status, when there was an answer.
    pub http_status: Option<u16>,
    /// The answer's request id, when it named one.
    pub request_id: Option<&'a str>,
}
