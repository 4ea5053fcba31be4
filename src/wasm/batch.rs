//! `queryMany`: bounded-concurrency batches for reconciliation, settled like
//! `Promise.allSettled` and in input order; one failure does not stop the rest.

use crate::error::{Error, ErrorCode, Result};
use crate::wasm::args::{type_name, Obj};
use crate::wasm::fetch::CallOptions;
use crate::wasm::timer;
use js_sys::{Array, Function, Object, Promise, Reflect};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

const DEFAULT_CONCURRENCY: u32 = 8;
const MAX_CONCURRENCY: u32 = 1_000;

fn settled(ok: bool, value: &JsValue) -> JsValue {
    let o = Object::new();
    let (status, key) = if ok {
        ("fulfilled", "value")
    } else {
        ("rejected", "reason")
    };
    let _ = Reflect::set(&o, &"status".into(), &status.into());
    let _ = Reflect::set(&o, &key.into(), value);
    o.into()
}

/// Runs `fn(query, index)` for every query with at most `concurrency` in flight.
#[wasm_bindgen(js_name = queryMany, skip_typescript)]
pub fn query_many(queries: JsValue, f: JsValue, options: Option<JsValue>) -> Promise {
    let prepared = (|| -> Result<(Array, Function, u32, CallOptions)> {
        if !Array::is_array(&queries) {
            return Err(Error::invalid_argument(format!(
                "queries must be an array, got {}",
                type_name(&queries)
            )));
        }
        let f = f.dyn_into::<Function>().map_err(|v| {
            Error::invalid_argument(format!("fn must be a function, got {}", type_name(&v)))
        })?;
        let options = options.unwrap_or(JsValue::UNDEFINED);
        let mut o = Obj::optional(&options, "options", ErrorCode::InvalidArgument)?;
        let concurrency = o
            .uint("concurrency", MAX_CONCURRENCY)?
            .unwrap_or(DEFAULT_CONCURRENCY);
        let signal = o.get("signal")?;
        o.finish()?;
        if concurrency == 0 {
            return Err(Error::invalid_argument(
                "options.concurrency must be at least 1",
            ));
        }
        let signal = CallOptions::read_signal(&signal)?;
        Ok((
            queries.unchecked_into(),
            f,
            concurrency,
            CallOptions {
                signal,
                ..CallOptions::default()
            },
        ))
    })();
    future_to_promise(async move {
        let (queries, f, concurrency, options) = prepared?;
        let total = queries.length();
        let results = Array::new_with_length(total);
        let next = Rc::new(Cell::new(0u32));
        let signal = Rc::new(options.signal);
        let workers = Array::new();
        for _ in 0..concurrency.min(total) {
            let (queries, f, results, next, signal) = (
                queries.clone(),
                f.clone(),
                results.clone(),
                next.clone(),
                signal.clone(),
            );
            workers.push(&future_to_promise(async move {
                loop {
                    let i = next.get();
                    if i >= total {
                        return Ok(JsValue::UNDEFINED);
                    }
                    next.set(i + 1);
                    if signal.as_ref().as_ref().is_some_and(|s| s.aborted()) {
                        results.set(i, settled(false, &timer::aborted().into()));
                        continue;
                    }
                    let outcome = match f.call2(&JsValue::UNDEFINED, &queries.get(i), &i.into()) {
                        Ok(v) => JsFuture::from(Promise::resolve(&v)).await,
                        Err(e) => Err(e),
                    };
                    let entry = match outcome {
                        Ok(v) => settled(true, &v),
                        Err(e) => settled(false, &e),
                    };
                    results.set(i, entry);
                }
            }));
        }
        JsFuture::from(Promise::all(&workers)).await?;
        Ok(results.into())
    })
}

/// Bytes of WebAssembly memory in use by this instance (diagnostics: leak checks in soak tests).
#[wasm_bindgen(js_name = wasmMemoryBytes)]
pub fn wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| {
            m.buffer()
                .dyn_into::<js_sys::ArrayBuffer>()
                .map(|b| f64::from(b.byte_length()))
                .unwrap_or(0.0)
        })
        .unwrap_or(0.0)
}
