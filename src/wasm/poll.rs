//! `waitForFinalState`: polls a query until the order's `status.final` is true — the documented
//! way to follow a payment-code (`USERPAYING`) order — retrying retryable errors.

use crate::error::{Error, ErrorCode, Result};
use crate::wasm::args::{type_name, Obj};
use crate::wasm::fetch::CallOptions;
use crate::wasm::timer;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Default pause between polls.
const DEFAULT_INTERVAL_MS: u32 = 5_000;
/// Default overall time limit.
const DEFAULT_TIMEOUT_MS: u32 = 60_000;

fn is_final(order: &JsValue) -> bool {
    Reflect::get(order, &"status".into())
        .and_then(|s| Reflect::get(&s, &"final".into()))
        .ok()
        .and_then(|f| f.as_bool())
        == Some(true)
}

fn retryable(err: &JsValue) -> bool {
    Reflect::get(err, &"retryable".into())
        .ok()
        .and_then(|v| v.as_bool())
        == Some(true)
}

async fn call(f: &Function) -> std::result::Result<JsValue, JsValue> {
    let value = f.call0(&JsValue::UNDEFINED)?;
    JsFuture::from(Promise::resolve(&value)).await
}

/// Calls `fn` until the order it resolves to is final; see the TypeScript declaration.
#[wasm_bindgen(js_name = waitForFinalState, skip_typescript)]
pub fn wait_for_final_state(f: JsValue, options: Option<JsValue>) -> Promise {
    let prepared = (|| -> Result<(Function, u32, u32, CallOptions)> {
        let f = f.dyn_into::<Function>().map_err(|v| {
            Error::invalid_argument(format!("fn must be a function, got {}", type_name(&v)))
        })?;
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let mut o = Obj::optional(&options, "options", ErrorCode::InvalidArgument)?;
        let interval = o
            .uint("intervalMs", 3_600_000)?
            .unwrap_or(DEFAULT_INTERVAL_MS);
        let timeout = o
            .uint("timeoutMs", 86_400_000)?
            .unwrap_or(DEFAULT_TIMEOUT_MS);
        let signal = o.get("signal")?;
        o.finish()?;
        let signal = CallOptions::read_signal(&signal)?;
        Ok((
            f,
            interval,
            timeout,
            CallOptions {
                signal,
                ..CallOptions::default()
            },
        ))
    })();
    wasm_bindgen_futures::future_to_promise(async move {
        let (f, interval, timeout, options) = prepared?;
        let signal = options.signal.as_ref();
        let deadline = timer::now_ms().saturating_add(u64::from(timeout));
        let mut last_order = JsValue::UNDEFINED;
        let mut last_error = JsValue::UNDEFINED;
        let mut polls: u32 = 0;
        loop {
            if signal.is_some_and(|s| s.aborted()) {
                return Err(timer::aborted().into());
            }
            polls += 1;
            match call(&f).await {
                Ok(order) if is_final(&order) => return Ok(order),
                Ok(order) => last_order = order,
                // Retryable failures (timeouts, SYSTEMERROR...) do not end the wait.
                Err(e) if retryable(&e) => last_error = e,
                Err(e) => return Err(e),
            }
            let now = timer::now_ms();
            if now >= deadline {
                let mut err = Error::new(
                    ErrorCode::Timeout,
                    format!("the order was not final after {timeout} ms ({polls} queries)"),
                )
                .with_retryable(true);
                err.attempts = Some(polls);
                let js = JsValue::from(err);
                // The last order seen (and the last retryable error, if any) travel on the error.
                let _ = Reflect::set(&js, &"lastOrder".into(), &last_order);
                if !last_error.is_undefined() {
                    let _ = Reflect::set(&js, &"lastError".into(), &last_error);
                }
                return Err(js);
            }
            let pause = u64::from(interval).min(deadline - now);
            timer::sleep(pause, signal).await?;
        }
    })
}
