//! The crypto provider: RSA-SHA256 (RSASSA-PKCS1-v1_5) sign and verify and AES-256-GCM
//! decryption, by whichever implementation the runtime does fastest. The Node entry hands over
//! `node:crypto` (pkg-template/node/crypto.cjs), synchronous and about 3x faster per verify
//! than `crypto.subtle`, whose every call is a thread-pool round trip; every other runtime uses
//! WebCrypto (`webcrypto.rs`). A key is imported once per client, by the provider in place
//! when the client is built; both give the same bytes and the same errors.

use crate::error::{Error, ErrorCode, Result};
use crate::wasm::args::Obj;
use crate::wasm::webcrypto::{self, js_message, Op, SharedKey};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// A synchronous provider object (`{ importKey, rsaSign, rsaVerify, aesGcmDecrypt }`).
    /// Byte arguments are views on wasm memory, valid for the duration of the call only.
    #[derive(Clone)]
    pub type SyncProvider;

    #[wasm_bindgen(method, catch, js_name = importKey)]
    fn import_key(
        this: &SyncProvider,
        kind: &str,
        der: &[u8],
    ) -> std::result::Result<JsValue, JsValue>;

    #[wasm_bindgen(method, catch, js_name = rsaSign)]
    fn rsa_sign(
        this: &SyncProvider,
        key: &JsValue,
        data: &[u8],
    ) -> std::result::Result<Vec<u8>, JsValue>;

    #[wasm_bindgen(method, catch, js_name = rsaVerify)]
    fn rsa_verify(
        this: &SyncProvider,
        key: &JsValue,
        signature: &[u8],
        data: &[u8],
    ) -> std::result::Result<bool, JsValue>;

    #[wasm_bindgen(method, catch, js_name = aesGcmDecrypt)]
    fn aes_gcm_decrypt(
        this: &SyncProvider,
        key: &JsValue,
        iv: &[u8],
        aad: &[u8],
        data: &[u8],
    ) -> std::result::Result<Vec<u8>, JsValue>;
}

/// The provider clients built from now on import their keys with.
enum Choice {
    /// A function that returns the provider, called at the first key import: the Node entry
    /// hands `node:crypto`'s over this way, so that `require` neither loads nor checks it (the
    /// check is a wasm call that compiles the object reader: about 1 ms of every cold start).
    Pending(js_sys::Function),
    /// The provider, or `None` for WebCrypto.
    Chosen(Option<SyncProvider>),
}

thread_local! {
    static PROVIDER: RefCell<Choice> = const { RefCell::new(Choice::Chosen(None)) };
}

/// Called by the Node entry with a function returning `node:crypto`'s provider (called on the
/// first key import), or with a provider object (checked now); `undefined` restores WebCrypto
/// for clients built afterwards (tests compare both providers in one process).
#[wasm_bindgen(js_name = __setCryptoProvider, skip_typescript)]
pub fn set_crypto_provider(provider: JsValue) -> std::result::Result<(), JsValue> {
    let choice = if provider.is_undefined() {
        Choice::Chosen(None)
    } else if provider.is_function() {
        Choice::Pending(provider.unchecked_into())
    } else {
        Choice::Chosen(Some(checked(provider)?))
    };
    PROVIDER.with(|p| *p.borrow_mut() = choice);
    Ok(())
}

/// `provider` as a provider, once it has every function the core calls.
fn checked(provider: JsValue) -> Result<SyncProvider> {
    let mut o = Obj::new(&provider, "provider", ErrorCode::InvalidArgument)?;
    for name in ["importKey", "rsaSign", "rsaVerify", "aesGcmDecrypt"] {
        if o.function(name)?.is_none() {
            return Err(Error::invalid_argument(
                "the crypto provider lacks a function",
            ));
        }
    }
    o.finish()?;
    Ok(provider.unchecked_into())
}

/// The provider in place, calling a pending function first (its provider then stays).
fn provider() -> Result<Option<SyncProvider>> {
    // Copied out of the cell before any JS runs: the function may itself set a provider.
    let pending = PROVIDER.with(|p| match &*p.borrow() {
        Choice::Pending(f) => Ok(f.clone()),
        Choice::Chosen(chosen) => Err(chosen.clone()),
    });
    let f = match pending {
        Ok(f) => f,
        Err(chosen) => return Ok(chosen),
    };
    let provider = f.call0(&JsValue::UNDEFINED).map_err(|e| {
        crate::wasm::error::internal(&format!(
            "the crypto provider could not be loaded: {}",
            js_message(&e)
        ))
    })?;
    let chosen = if provider.is_undefined() {
        None
    } else {
        Some(checked(provider)?)
    };
    PROVIDER.with(|p| *p.borrow_mut() = Choice::Chosen(chosen.clone()));
    Ok(chosen)
}

/// A key imported once, at client construction, by the provider in place then.
#[derive(Clone)]
pub enum Key {
    /// A provider handle (a `KeyObject` in Node), used synchronously.
    Sync(SyncProvider, JsValue),
    /// A WebCrypto import, awaited by every use.
    Web(SharedKey),
}

impl Key {
    /// Imports `der` with the provider in place: `kind` names the key for a synchronous
    /// provider, `web` imports it with WebCrypto. A function pointer, not a closure, so that
    /// every key kind shares one copy.
    fn import(
        kind: &'static str,
        der: &[u8],
        what: &'static str,
        web: fn(&[u8]) -> Result<SharedKey>,
    ) -> Result<Key> {
        Key::import_with(provider()?, kind, der, what, web)
    }

    fn import_with(
        provider: Option<SyncProvider>,
        kind: &'static str,
        der: &[u8],
        what: &'static str,
        web: fn(&[u8]) -> Result<SharedKey>,
    ) -> Result<Key> {
        match provider {
            Some(p) => match p.import_key(kind, der) {
                Ok(handle) => Ok(Key::Sync(p, handle)),
                Err(e) => Err(Error::invalid_config(format!(
                    "the runtime's crypto refused the {what}: {}",
                    js_message(&e)
                ))),
            },
            None => web(der).map(Key::Web),
        }
    }

    /// Imports the merchant private key (PKCS#8 DER) for signing.
    pub fn rsa_private(pkcs8: &[u8]) -> Result<Key> {
        Key::import(
            "pkcs8",
            pkcs8,
            "merchant private key",
            SharedKey::rsa_private,
        )
    }

    /// Imports a WeChat Pay public key (SPKI DER) for verification.
    pub fn rsa_public(spki: &[u8]) -> Result<Key> {
        Key::import("spki", spki, "WeChat Pay public key", SharedKey::rsa_public)
    }

    /// Imports a public key (SPKI DER) learnt after construction (a downloaded platform
    /// certificate) with the provider that imported `self`, so one client never mixes providers.
    pub fn rsa_public_beside(&self, spki: &[u8]) -> Result<Key> {
        let provider = match self {
            Key::Sync(p, _) => Some(p.clone()),
            Key::Web(_) => None,
        };
        Key::import_with(
            provider,
            "spki",
            spki,
            "platform certificate",
            SharedKey::rsa_public,
        )
    }

    /// Imports the APIv3 key (32 raw bytes) for AES-256-GCM decryption.
    pub fn aes_gcm(raw: &[u8]) -> Result<Key> {
        Key::import("aes-256-gcm", raw, "APIv3 key", SharedKey::aes_gcm)
    }

    /// Whether every operation with this key completes synchronously.
    pub fn is_sync(&self) -> bool {
        matches!(self, Key::Sync(..))
    }

    /// RSASSA-PKCS1-v1_5 SHA-256 signature of `data`, now; `None` for a WebCrypto key.
    pub fn rsa_sign_now(&self, data: &[u8]) -> Option<Result<Vec<u8>>> {
        match self {
            Key::Sync(p, k) => Some(
                p.rsa_sign(k, data)
                    .map_err(|e| sign_failed(&js_message(&e))),
            ),
            Key::Web(_) => None,
        }
    }

    /// RSASSA-PKCS1-v1_5 SHA-256 signature of `data`.
    pub async fn rsa_sign(&self, data: &[u8]) -> Result<Vec<u8>> {
        match (self.rsa_sign_now(data), self) {
            (Some(done), _) => done,
            (None, Key::Web(k)) => Ok(webcrypto::bytes(
                &webcrypto::run(k, Op::Sign { data }).await?,
            )),
            (None, Key::Sync(..)) => Err(crate::wasm::error::internal("sync key")),
        }
    }

    /// Whether `signature` is a valid RSA-SHA256 signature of `data`, now; `None` for a
    /// WebCrypto key.
    pub fn rsa_verify_now(&self, signature: &[u8], data: &[u8]) -> Option<Result<bool>> {
        match self {
            Key::Sync(p, k) => Some(
                p.rsa_verify(k, signature, data)
                    .map_err(|e| verify_failed(&js_message(&e))),
            ),
            Key::Web(_) => None,
        }
    }

    /// Whether `signature` is a valid RSA-SHA256 signature of `data`.
    pub async fn rsa_verify(&self, signature: &[u8], data: &[u8]) -> Result<bool> {
        match (self.rsa_verify_now(signature, data), self) {
            (Some(done), _) => done,
            (None, Key::Web(k)) => {
                let verdict = webcrypto::run(k, Op::Verify { signature, data }).await?;
                Ok(verdict.as_bool() == Some(true))
            }
            (None, Key::Sync(..)) => Err(crate::wasm::error::internal("sync key")),
        }
    }

    /// AES-256-GCM decryption of `data` (ciphertext ‖ 16-byte tag), now; `None` for a
    /// WebCrypto key. Any failure is `DECRYPT_FAILED`.
    pub fn aes_gcm_decrypt_now(
        &self,
        iv: &[u8],
        aad: &[u8],
        data: &[u8],
    ) -> Option<Result<Vec<u8>>> {
        match self {
            Key::Sync(p, k) => Some(
                p.aes_gcm_decrypt(k, iv, aad, data)
                    .map_err(|_| webcrypto::decrypt_failed()),
            ),
            Key::Web(_) => None,
        }
    }

    /// AES-256-GCM decryption of `data` (ciphertext ‖ 16-byte tag); any failure is
    /// `DECRYPT_FAILED`.
    pub async fn aes_gcm_decrypt(&self, iv: &[u8], aad: &[u8], data: &[u8]) -> Result<Vec<u8>> {
        match (self.aes_gcm_decrypt_now(iv, aad, data), self) {
            (Some(done), _) => done,
            (None, Key::Web(k)) => Ok(webcrypto::bytes(
                &webcrypto::run(k, Op::Decrypt { iv, aad, data }).await?,
            )),
            (None, Key::Sync(..)) => Err(crate::wasm::error::internal("sync key")),
        }
    }
}

/// A signing failure of either provider.
pub fn sign_failed(message: &str) -> Error {
    Error::new(
        ErrorCode::Internal,
        format!("the runtime's crypto failed to sign: {message}"),
    )
}

/// A verification failure of either provider (not a mismatch: an error raised by the provider).
pub fn verify_failed(message: &str) -> Error {
    Error::new(
        ErrorCode::Internal,
        format!("the runtime's crypto failed to verify: {message}"),
    )
}
