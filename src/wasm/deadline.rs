//! A time limit and the caller's `AbortSignal` around a promise payquery does not own (the
//! caller's `cloud.cloudPay.queryOrder`): whichever settles first wins. That call cannot be
//! cancelled; a late answer is ignored. (`fetch.rs` aborts its own requests instead.)

use crate::error::{Error, ErrorCode, Result};
use crate::wasm::error::internal;
use crate::wasm::fetch::CallOptions;
use crate::wasm::timer::{aborted, Fired, Watch};
use js_sys::{Array, Function, Promise};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

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
    let fired = Rc::new(Cell::new(None));
    let mut reject_fn: Option<Function> = None;
    let stopper = Promise::new(&mut |_resolve, reject| reject_fn = Some(reject));
    let reject = reject_fn.ok_or_else(|| internal("the Promise executor did not run"))?;
    let watch = {
        let fired = fired.clone();
        Watch::start(
            f64::from(timeout_ms),
            options.signal.as_ref(),
            move |what| {
                fired.set(Some(what));
                let _ = reject.call0(&JsValue::UNDEFINED);
            },
        )?
    };
    let outcome = JsFuture::from(Promise::race(&Array::of2(&promise, &stopper))).await;
    drop(watch);
    match (outcome, fired.get()) {
        // Only the call can resolve the race; the stopper only rejects.
        (Ok(value), _) => Ok(Ok(value)),
        (Err(_), Some(Fired::Abort)) => Err(aborted()),
        (Err(_), Some(Fired::Timer)) => Err(Error::new(
            ErrorCode::Timeout,
            format!("no answer from {what} within {timeout_ms} ms"),
        )),
        (Err(reason), None) => Ok(Err(reason)),
    }
}
