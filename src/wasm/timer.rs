//! Timers from the runtime's global `setTimeout`: one [`Watch`] of a time limit and the
//! caller's `AbortSignal`; the retry loop's backoff waits on a `Deadline` of its own.

use crate::error::{Error, ErrorCode, Result};
use js_sys::Function;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

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

/// Whether the caller's signal has fired. Signals are duck-typed (another realm's, a
/// polyfill's), so `aborted` is read through a catching import; a getter that throws reads as
/// "not aborted", and the `abort` event still ends the wait.
pub fn signal_aborted(signal: &web_sys::AbortSignal) -> bool {
    crate::wasm::js_safe::get(signal, "aborted").is_ok_and(|v| v.as_bool() == Some(true))
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

/// What ended a [`Watch`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fired {
    /// The time limit passed.
    Timer,
    /// The caller's signal fired.
    Abort,
}

/// A time limit and the caller's `AbortSignal` watched together: `on_fire` is called for the
/// first of them, and on drop the timer is cleared and the listener detached, so no closure is
/// ever called after it was freed. Every wait in payquery (fetch, the CloudPay platform call,
/// backoff and polling pauses) goes through one.
pub struct Watch {
    timer: JsValue,
    signal: Option<web_sys::AbortSignal>,
    _on_timer: Closure<dyn FnMut()>,
    on_abort: Closure<dyn FnMut()>,
}

impl Watch {
    /// Starts watching `ms` and `signal`. `on_fire` runs at most once.
    pub fn start(
        ms: f64,
        signal: Option<&web_sys::AbortSignal>,
        on_fire: impl Fn(Fired) + 'static,
    ) -> Result<Watch> {
        let on_fire = Rc::new(Cell::new(Some(on_fire)));
        let fire = |what: Fired| {
            let on_fire = on_fire.clone();
            Closure::<dyn FnMut()>::new(move || {
                if let Some(f) = on_fire.take() {
                    f(what);
                }
            })
        };
        let on_timer = fire(Fired::Timer);
        let on_abort = fire(Fired::Abort);
        let timer = set_timeout(on_timer.as_ref().unchecked_ref(), ms);
        let watch = Watch {
            timer,
            signal: signal.cloned(),
            _on_timer: on_timer,
            on_abort,
        };
        if let Some(s) = signal {
            s.add_event_listener_with_callback("abort", watch.on_abort.as_ref().unchecked_ref())
                .map_err(|_| {
                    Error::invalid_argument(
                        "options.signal could not be listened to: its addEventListener threw",
                    )
                })?;
        }
        Ok(watch)
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        if let Some(s) = &self.signal {
            let _ = s.remove_event_listener_with_callback(
                "abort",
                self.on_abort.as_ref().unchecked_ref(),
            );
        }
    }
}
