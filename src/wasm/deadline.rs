//! A time limit and the caller's `AbortSignal` around promises payquery does not own (a
//! custom `fetch`, its response's body reads, the v3 `signer`, the caller's
//! `cloud.cloudPay.queryOrder`): whichever settles first wins, so a promise that never
//! settles still ends in `TIMEOUT` or `ABORTED`. Such a promise cannot be cancelled; a late
//! answer is ignored, and a late rejection is handled (never reported as unhandled).

use crate::error::{Error, ErrorCode, Result};
use crate::wasm::error::internal;
use crate::wasm::fetch::CallOptions;
use crate::wasm::js_safe;
use crate::wasm::timer::{aborted, signal_aborted, Fired, Watch};
use js_sys::{Array, Function, Object, Promise};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// One time limit and signal shared by several waits (a fetch and its body reads).
pub struct Deadline {
    /// Resolves, to `sentinel`, when the watch fires. It resolves rather than rejects so that a
    /// deadline nobody is waiting on at that moment is never an unhandled rejection.
    stopper: Promise,
    sentinel: JsValue,
    fired: Rc<Cell<Option<Fired>>>,
    _watch: Watch,
}

impl Deadline {
    /// Starts a limit of `ms` and the optional `signal`; `abort` is aborted when it ends (a
    /// fetch's own controller). An already-aborted signal is `ABORTED` at once. Not generic:
    /// every wait, the backoff sleep included, shares one copy.
    pub fn start(
        ms: f64,
        signal: Option<&web_sys::AbortSignal>,
        abort: Option<web_sys::AbortController>,
    ) -> Result<Deadline> {
        if signal.is_some_and(signal_aborted) {
            return Err(aborted());
        }
        let sentinel: JsValue = Object::new().into();
        let mut resolve_fn: Option<Function> = None;
        let stopper = Promise::new(&mut |resolve, _reject| resolve_fn = Some(resolve));
        let resolve = resolve_fn.ok_or_else(|| internal("the Promise executor did not run"))?;
        let fired = Rc::new(Cell::new(None));
        let watch = {
            let (fired, sentinel) = (fired.clone(), sentinel.clone());
            Watch::start(ms, signal, move |what| {
                fired.set(Some(what));
                // Settle the stopper first, so it wins the race against what the abort causes.
                let _ = resolve.call1(&JsValue::UNDEFINED, &sentinel);
                if let Some(controller) = &abort {
                    controller.abort();
                }
            })?
        };
        Ok(Deadline {
            stopper,
            sentinel,
            fired,
            _watch: watch,
        })
    }

    /// The wait until the deadline ends, which never rejects; [`Deadline::fired`] then says
    /// what ended it. The promise itself, so that its caller needs no future around it.
    pub fn ended(&self) -> JsFuture {
        JsFuture::from(self.stopper.clone())
    }

    /// What ended the deadline, if it has ended.
    pub fn fired(&self) -> Option<Fired> {
        self.fired.get()
    }

    /// Waits for `value` (a promise, a thenable or a plain value): `Ok(Ok(v))` when it
    /// resolved, `Ok(Err(reason))` when it rejected (or its `then` threw), `Err(fired)` when
    /// the deadline ended first.
    pub async fn wait(
        &self,
        value: &JsValue,
    ) -> std::result::Result<std::result::Result<JsValue, JsValue>, Fired> {
        if let Some(f) = self.fired.get() {
            return Err(f);
        }
        let promise = match js_safe::resolve(value) {
            Ok(p) => p,
            Err(thrown) => return Ok(Err(thrown)),
        };
        // Promise.race never throws for a fresh array: a throwing `then` becomes its rejection.
        let outcome = JsFuture::from(Promise::race(&Array::of2(&promise, &self.stopper))).await;
        match (outcome, self.fired.get()) {
            (Ok(v), Some(f)) if v == self.sentinel => Err(f),
            (_, Some(f)) => Err(f),
            (outcome, None) => Ok(outcome),
        }
    }
}

/// The `TIMEOUT` or `ABORTED` error for a deadline that ended while waiting for `what`.
pub fn error(fired: Fired, what: &str, timeout_ms: u32) -> Error {
    match fired {
        Fired::Abort => aborted(),
        Fired::Timer => Error::new(
            ErrorCode::Timeout,
            format!("no answer from {what} within {timeout_ms} ms"),
        ),
    }
}

/// Waits for `promise` within `options.timeout_ms` (else `default_timeout_ms`) and the
/// caller's signal: `Ok(Ok(value))` when it resolved, `Ok(Err(reason))` when it rejected,
/// `Err` with `TIMEOUT` or `ABORTED` when the wait ended first. `what` names the call.
pub async fn within(
    promise: Promise,
    what: &str,
    default_timeout_ms: u32,
    options: &CallOptions,
) -> Result<std::result::Result<JsValue, JsValue>> {
    let timeout_ms = options.timeout_ms.unwrap_or(default_timeout_ms);
    let deadline = Deadline::start(f64::from(timeout_ms), options.signal.as_ref(), None)?;
    deadline
        .wait(&promise)
        .await
        .map_err(|fired| error(fired, what, timeout_ms))
}
