//! Timers from the runtime's global `setTimeout`, and an abortable sleep for backoff and polling.

use crate::error::{Error, ErrorCode, Result};
use js_sys::{Function, Promise};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    pub fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    pub fn clear_timeout(handle: &JsValue);
}

/// The error for a caller's signal that fired.
pub fn aborted() -> Error {
    Error::new(ErrorCode::Aborted, "the call was aborted by its signal")
}

/// Milliseconds since the Unix epoch from `Date.now()`.
pub fn now_ms() -> u64 {
    let ms = js_sys::Date::now();
    if ms.is_finite() && ms > 0.0 {
        ms as u64
    } else {
        0
    }
}

/// Waits `ms`, or fails with `ABORTED` as soon as `signal` fires (also if it already has).
pub async fn sleep(ms: u64, signal: Option<&web_sys::AbortSignal>) -> Result<()> {
    if signal.is_some_and(|s| s.aborted()) {
        return Err(aborted());
    }
    // The promise settles from either the timer or the abort listener, whichever comes first;
    // both are detached afterwards so nothing outlives the wait.
    let resolve_slot: Rc<RefCell<Option<Function>>> = Rc::new(RefCell::new(None));
    let promise = {
        let slot = resolve_slot.clone();
        Promise::new(&mut |resolve, _reject| {
            *slot.borrow_mut() = Some(resolve);
        })
    };
    let fire = |slot: Rc<RefCell<Option<Function>>>, value: bool| {
        move || {
            if let Some(resolve) = slot.borrow_mut().take() {
                let _ = resolve.call1(&JsValue::UNDEFINED, &JsValue::from_bool(value));
            }
        }
    };
    let on_timer = Closure::<dyn FnMut()>::new(fire(resolve_slot.clone(), true));
    let on_abort = Closure::<dyn FnMut()>::new(fire(resolve_slot.clone(), false));
    let timer = set_timeout(on_timer.as_ref().unchecked_ref(), ms as f64);
    if let Some(s) = signal {
        let _ = s.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
    }
    let completed = JsFuture::from(promise).await;
    clear_timeout(&timer);
    if let Some(s) = signal {
        let _ = s.remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
    }
    match completed {
        Ok(v) if v.as_bool() == Some(true) => Ok(()),
        _ => Err(aborted()),
    }
}
