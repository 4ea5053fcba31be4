//! WebCrypto (`crypto.subtle`, looked up on `globalThis` at call time, never via `window`):
//! RSASSA-PKCS1-v1_5 SHA-256 signing and verification and AES-256-GCM decryption. The
//! platform's implementation is native and constant-time; payquery ships no RSA of its own.

use crate::error::{Error, ErrorCode, Result};
use crate::wasm::crypto::{sign_failed, verify_failed};
use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

/// The RSA scheme of WeChat Pay APIv3.
const RSA: &str = "RSASSA-PKCS1-v1_5";
/// Where a failed key import parks its error, so that the shared promise never rejects
/// (a rejection nobody awaits yet would be reported as unhandled).
const IMPORT_ERROR: &str = "payqueryImportError";

/// The runtime's `crypto.subtle`.
pub fn subtle() -> Result<SubtleCrypto> {
    let crypto = crate::wasm::random::crypto()?;
    Reflect::get(&crypto, &JsValue::from_str("subtle"))
        .ok()
        .filter(|s| s.is_object())
        .map(|s| s.unchecked_into::<SubtleCrypto>())
        .ok_or_else(|| {
            Error::new(
                ErrorCode::Unsupported,
                "this runtime has no crypto.subtle (WebCrypto)",
            )
        })
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

fn algorithm(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        set(&o, k, v);
    }
    o
}

/// The runtime's (or a caller-supplied WebCrypto's) text of a failure: bounded and escaped.
pub fn js_message(e: &JsValue) -> String {
    Reflect::get(e, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .map(|m| crate::error::quote_untrusted(&m))
        .unwrap_or_else(|| "unknown error".to_owned())
}

/// The rejection handler of a key import: parks the error as a value.
type OnImportError = Closure<dyn FnMut(JsValue) -> std::result::Result<JsValue, JsError>>;

/// A key import started once (at construction) and awaited by every use.
#[derive(Clone)]
pub struct SharedKey {
    settled: Promise,
    // The key once imported: later uses skip a promise round trip.
    ready: Rc<RefCell<Option<CryptoKey>>>,
    what: &'static str,
    // Kept alive as long as the key: the rejection handler of the import.
    _on_error: Rc<OnImportError>,
}

impl SharedKey {
    fn start(
        format: &str,
        der: &[u8],
        algorithm: &Object,
        usage: &str,
        what: &'static str,
    ) -> Result<SharedKey> {
        let usages = Array::of1(&JsValue::from_str(usage));
        let import = subtle()?
            .import_key_with_object(format, &Uint8Array::from(der), algorithm, false, &usages)
            .map_err(|e| {
                Error::invalid_config(format!(
                    "the runtime's crypto refused the {what}: {}",
                    js_message(&e)
                ))
            })?;
        let on_error: OnImportError = Closure::new(|e: JsValue| {
            let parked = Object::new();
            set(&parked, IMPORT_ERROR, &e);
            Ok(parked.into())
        });
        let settled: Promise = import.catch_map(&on_error).unchecked_into();
        Ok(SharedKey {
            settled,
            ready: Rc::new(RefCell::new(None)),
            what,
            _on_error: Rc::new(on_error),
        })
    }

    /// Imports the merchant private key (PKCS#8 DER) for signing.
    pub fn rsa_private(pkcs8: &[u8]) -> Result<SharedKey> {
        let alg = algorithm(&[("name", RSA.into()), ("hash", "SHA-256".into())]);
        SharedKey::start("pkcs8", pkcs8, &alg, "sign", "merchant private key")
    }

    /// Imports a WeChat Pay public key (SPKI DER) for verification.
    pub fn rsa_public(spki: &[u8]) -> Result<SharedKey> {
        let alg = algorithm(&[("name", RSA.into()), ("hash", "SHA-256".into())]);
        SharedKey::start("spki", spki, &alg, "verify", "WeChat Pay public key")
    }

    /// Imports the APIv3 key (32 raw bytes) for AES-256-GCM decryption.
    pub fn aes_gcm(raw: &[u8]) -> Result<SharedKey> {
        let alg = algorithm(&[("name", "AES-GCM".into())]);
        SharedKey::start("raw", raw, &alg, "decrypt", "APIv3 key")
    }

    /// The imported key; a failed import is `INVALID_CONFIG`.
    pub async fn get(&self) -> Result<CryptoKey> {
        if let Some(key) = self.ready.borrow().as_ref() {
            return Ok(key.clone());
        }
        let value = JsFuture::from(self.settled.clone())
            .await
            .map_err(|e| Error::invalid_config(format!("{}: {}", self.what, js_message(&e))))?;
        if let Ok(e) = Reflect::get(&value, &JsValue::from_str(IMPORT_ERROR)) {
            if !e.is_undefined() {
                return Err(Error::invalid_config(format!(
                    "the runtime's crypto refused the {}: {}",
                    self.what,
                    js_message(&e)
                )));
            }
        }
        let key: CryptoKey = value.unchecked_into();
        *self.ready.borrow_mut() = Some(key.clone());
        Ok(key)
    }
}

/// A WebCrypto operation with an imported key: every one is started, then awaited, by
/// [`run`], so that the module holds one state machine for the three.
pub enum Op<'a> {
    /// RSASSA-PKCS1-v1_5 SHA-256 signature of `data`.
    Sign { data: &'a [u8] },
    /// Whether `signature` is a valid RSASSA-PKCS1-v1_5 SHA-256 signature of `data`.
    Verify { signature: &'a [u8], data: &'a [u8] },
    /// AES-256-GCM decryption of `data` (ciphertext ‖ 16-byte tag).
    Decrypt {
        iv: &'a [u8],
        aad: &'a [u8],
        data: &'a [u8],
    },
}

/// The error of a failed `op`: a signing or verification failure with the runtime's text;
/// for decryption any failure, a wrong key or a tampered byte included, is `DECRYPT_FAILED`.
#[inline(never)]
fn op_failed(op: &Op<'_>, e: &JsValue) -> Error {
    match op {
        Op::Sign { .. } => sign_failed(&js_message(e)),
        Op::Verify { .. } => verify_failed(&js_message(e)),
        Op::Decrypt { .. } => decrypt_failed(),
    }
}

/// Starts `op` with `key`. Byte arguments are copied into JS memory: a view on wasm memory
/// could move if memory grows.
#[inline(never)]
fn start(key: &CryptoKey, op: &Op<'_>) -> Result<Promise> {
    let subtle = subtle()?;
    let rsa = || algorithm(&[("name", RSA.into())]);
    let started = match op {
        Op::Sign { data } => {
            subtle.sign_with_object_and_js_u8_array(&rsa(), key, &Uint8Array::from(*data))
        }
        Op::Verify { signature, data } => subtle
            .verify_with_object_and_js_u8_array_and_js_u8_array(
                &rsa(),
                key,
                &Uint8Array::from(*signature),
                &Uint8Array::from(*data),
            ),
        Op::Decrypt { iv, aad, data } => {
            let alg = algorithm(&[
                ("name", "AES-GCM".into()),
                ("iv", Uint8Array::from(*iv).into()),
                ("additionalData", Uint8Array::from(*aad).into()),
                ("tagLength", 128.into()),
            ]);
            subtle.decrypt_with_object_and_js_u8_array(&alg, key, &Uint8Array::from(*data))
        }
    };
    started.map_err(|e| op_failed(op, &e))
}

/// Runs `op` with `key` once imported: what the operation resolved to (an `ArrayBuffer` of
/// the signature or plaintext, or the verdict).
pub async fn run(key: &SharedKey, op: Op<'_>) -> Result<JsValue> {
    let key = key.get().await?;
    let promise = start(&key, &op)?;
    JsFuture::from(promise)
        .await
        .map_err(|e| op_failed(&op, &e))
}

/// The bytes of an `ArrayBuffer` an operation resolved to.
pub fn bytes(buffer: &JsValue) -> Vec<u8> {
    Uint8Array::new(buffer).to_vec()
}

/// Any AES-GCM failure of either provider: a wrong key or a tampered byte look alike.
pub fn decrypt_failed() -> Error {
    Error::new(
        ErrorCode::DecryptFailed,
        "the notification resource did not decrypt: wrong apiV3Key, or the ciphertext, \
         nonce or associated data was altered",
    )
}
