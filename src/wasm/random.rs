//! Randomness from the platform's `crypto.getRandomValues`, looked up on `globalThis` at call
//! time (never through `window`, which workers, Node and Deno do not have).

use crate::core::nonce::{nonce_from, NONCE_LEN};
use crate::error::{Error, ErrorCode, Result};
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};

/// The runtime's `crypto` object (WebCrypto).
pub fn crypto() -> Result<web_sys::Crypto> {
    Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
        .ok()
        .filter(|c| c.is_object())
        .map(|c| c.unchecked_into::<web_sys::Crypto>())
        .ok_or_else(|| {
            Error::new(
                ErrorCode::Unsupported,
                "this runtime has no global crypto (WebCrypto); payquery needs crypto.getRandomValues",
            )
        })
}

/// A 32-character alphanumeric nonce.
pub fn nonce() -> Result<String> {
    let crypto = crypto()?;
    nonce_from(NONCE_LEN, |buf| {
        crypto
            .get_random_values_with_u8_array(buf)
            .map(|_| ())
            .map_err(|_| Error::new(ErrorCode::Unsupported, "crypto.getRandomValues failed"))
    })
}
