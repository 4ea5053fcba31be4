//! A time limit and the caller's `AbortSignal` around a promise payquery does not own (the
//! caller's `cloud.cloudPay.queryOrder`): whichever settles first wins. That call cannot be
//! cancelled; a late answer is ignored. (`fetch.rs` aborts its own requests instead.)

use crate::error::{Error, ErrorCode, Result};
use crate::wasm::error::internal;
use crate::wasm::fetch::CallOptions;
use crate::wasm::timer::{aborted, clear_timeout, set_timeout};
use js_sys::{Array, Function, Promise};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Clears the timer and detaches the abort listener however the wait ends, so that no
/// closure is called after it was dropped.
struct Guard {
    timer: Option<JsValue>,
    on_timeout: Closure<dyn FnMut()>,
    on_abort: Closure<dyn FnMut()>,
    signal: Option<web_sys::AbortSignal>,
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(timer) = &self.timer {
            clear_timeout(timer);
        }
        if let Some(signal) = &self.signal {
            let _ = signal.remove_event_listener_with_callback(
                "abort",
                self.on_abort.as_ref().unchecked_ref(),
            );
        }
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
    if options.signal.as_ref().is_some_and(|s| s.aborted()) {
        return Err(aborted());
    }
    let timeout_ms = options.timeout_ms.unwrap_or(default_timeout_ms);
    let fired: Rc<Cell<Option<ErrorCode>>> = Rc::new(Cell::new(None));
    let mut reject_fn: Option<Function> = None;
    let stopper = Promise::new(&mut |_resolve, reject| reject_fn = Some(reject));
    let reject = reject_fn.ok_or_else(|| internal("the Promise executor did not run"))?;
    let stop = |code: ErrorCode| {
        let reject = reject.clone();
        let fired = fired.clone();
        Closure::<dyn FnMut()>::new(move || {
            fired.set(Some(code));
            let _ = reject.call0(&JsValue::UNDEFINED);
        })
    };
    let mut guard = Guard {
        timer: None,
        on_timeout: stop(ErrorCode::Timeout),
        on_abort: stop(ErrorCode::Aborted),
        signal: None,
    };
    guard.timer = Some(set_timeout(
        guard.on_timeout.as_ref().unchecked_ref(),
        f64::from(timeout_ms),
    ));
    if let Some(signal) = &options.signal {
        signal
            .add_event_listener_with_callback("abort", guard.on_abort.as_ref().unchecked_ref())
            .map_err(|_| internal("cannot listen to options.signal"))?;
        guard.signal = Some(signal.clone());
    }
    let outcome = JsFuture::from(Promise::race(&Array::of2(&promise, &stopper))).await;
    drop(guard);
    match (outcome, fired.get()) {
        // Only the call can resolve the race; the stopper only rejects.
        (Ok(value), _) => Ok(Ok(value)),
        (Err(_), Some(ErrorCode::Aborted)) => Err(aborted()),
        (Err(_), Some(_)) => Err(Error::new(
            ErrorCode::Timeout,
            format!("no answer from {what} within {timeout_ms} ms"),
        )),
        (Err(reason), None) => Ok(Err(reason)),
    }
}
