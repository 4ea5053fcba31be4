//! Facts about the JavaScript runtime: `fetch` and WebCrypto from `globalThis`, looked up at
//! call time, with fallbacks an entry shim may hand over (Node 16 has neither global; Node 18
//! lacks `crypto`); the clock; and a name for the User-Agent. Fallbacks are kept here rather
//! than installed on `globalThis`, so payquery never changes what other code in the process sees;
//! and the size of this instance's memory, for leak checks.

use crate::error::{Error, ErrorCode, Result};
use crate::wasm::args::{type_name, Obj};
use js_sys::{Function, Reflect};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    static FALLBACK_FETCH: RefCell<Option<Function>> = const { RefCell::new(None) };
    static FALLBACK_CRYPTO: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// Called by the Node entry: `{ fetch?, crypto? }` used when the globals are missing.
#[wasm_bindgen(js_name = __setRuntimeFallbacks, skip_typescript)]
pub fn set_runtime_fallbacks(fallbacks: JsValue) -> std::result::Result<(), JsValue> {
    let mut o = Obj::new(&fallbacks, "fallbacks", ErrorCode::InvalidArgument)?;
    let fetch = o.function("fetch")?;
    let crypto = o.get("crypto")?;
    o.finish()?;
    if !crypto.is_undefined() && !crypto.is_object() {
        return Err(Error::invalid_argument(format!(
            "fallbacks.crypto must be a WebCrypto object, got {}",
            type_name(&crypto)
        ))
        .into());
    }
    FALLBACK_FETCH.with(|f| *f.borrow_mut() = fetch);
    FALLBACK_CRYPTO.with(|c| *c.borrow_mut() = Some(crypto).filter(|c| c.is_object()));
    Ok(())
}

fn global(name: &str) -> Option<JsValue> {
    Reflect::get(&js_sys::global(), &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// `globalThis.fetch`, else the fallback.
pub fn fetch() -> Result<Function> {
    global("fetch")
        .and_then(|f| f.dyn_into::<Function>().ok())
        .or_else(|| FALLBACK_FETCH.with(|f| f.borrow().clone()))
        .ok_or_else(|| {
            Error::new(
                ErrorCode::Unsupported,
                "this runtime has no global fetch; pass one as config.fetch",
            )
        })
}

/// `globalThis.crypto` (WebCrypto, with `getRandomValues` and `subtle`), else the fallback.
pub fn crypto() -> Result<web_sys::Crypto> {
    let has_subtle = |c: &JsValue| Reflect::has(c, &JsValue::from_str("subtle")).unwrap_or(false);
    global("crypto")
        .filter(|c| c.is_object() && has_subtle(c))
        .or_else(|| FALLBACK_CRYPTO.with(|c| c.borrow().clone()))
        .map(|c| c.unchecked_into::<web_sys::Crypto>())
        .ok_or_else(|| {
            Error::new(
                ErrorCode::Unsupported,
                "this runtime has no WebCrypto (globalThis.crypto); payquery needs it for nonces and RSA",
            )
        })
}

/// The local clock in Unix seconds.
pub fn now_seconds() -> i64 {
    // Milliseconds since the epoch fit i64 with room to spare.
    (crate::wasm::timer::now_ms() / 1000) as i64
}

fn path(keys: &[&str]) -> Option<String> {
    let mut v: JsValue = js_sys::global().into();
    for k in keys {
        v = Reflect::get(&v, &JsValue::from_str(k)).ok()?;
        if v.is_undefined() || v.is_null() {
            return None;
        }
    }
    v.as_string()
}

/// `node/20.11.0`, `deno/2.1.4`, `bun/1.1.0`, `workerd` or `web`. Deno and Bun also expose
/// `process.versions.node`, so they are asked first.
pub fn name() -> String {
    let clean = |v: String| -> String {
        v.chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
            .take(32)
            .collect()
    };
    if let Some(v) = path(&["Deno", "version", "deno"]) {
        return format!("deno/{}", clean(v));
    }
    if let Some(v) = path(&["Bun", "version"]) {
        return format!("bun/{}", clean(v));
    }
    if let Some(v) = path(&["process", "versions", "node"]) {
        return format!("node/{}", clean(v));
    }
    if path(&["navigator", "userAgent"]).as_deref() == Some("Cloudflare-Workers") {
        return "workerd".to_owned();
    }
    "web".to_owned()
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
