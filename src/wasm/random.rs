//! Randomness from the platform's `crypto.getRandomValues` (see `runtime.rs` for where the
//! `crypto` object comes from; never `window`, which workers, Node and Deno do not have).

use crate::core::nonce::{nonce_from, NONCE_LEN};
use crate::error::{Error, ErrorCode, Result};

pub use crate::wasm::runtime::crypto;

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
