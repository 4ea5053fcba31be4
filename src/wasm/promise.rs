//! The `Promise` of every async export. `future_to_promise` is generic over its future and
//! inlines that future's whole poll into its own copy; given a boxed future, the module holds
//! one copy of it, whatever the exports.

use js_sys::Promise;
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::JsValue;

/// What an export's future resolves or rejects with.
type JsResult = std::result::Result<JsValue, JsValue>;

/// Runs `future` and returns the promise it settles.
pub fn promise<F>(future: F) -> Promise
where
    F: Future<Output = JsResult> + 'static,
{
    boxed(Box::pin(future))
}

/// The one instance of `future_to_promise`.
#[inline(never)]
fn boxed(future: Pin<Box<dyn Future<Output = JsResult>>>) -> Promise {
    wasm_bindgen_futures::future_to_promise(future)
}
