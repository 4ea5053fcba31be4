//! Signing for the APIv3 client: a message with the configured key (by the crypto provider)
//! or the caller's `signer`, and the signed request of one attempt, which every signed call
//! (queries, certificate downloads) builds the same way.

use crate::error::{Error, ErrorCode, Result};
use crate::providers::wechat_v3::{self as v3, UnsignedRequest};
use crate::transport::{HttpRequest, HttpResponse};
use crate::wasm::args;
use crate::wasm::client::{boxed, Executed, Parsed};
use crate::wasm::deadline::{self, Deadline};
use crate::wasm::fetch::CallOptions;
use crate::wasm::v3_config::{Client, Signer};
use crate::wasm::{js_safe, random, runtime};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

type JsResult<T> = std::result::Result<T, JsValue>;

/// Why a signed call failed: a coded error, or a caller's `signer` error kept as thrown.
pub(crate) enum Failed {
    Coded(Error),
    Signer(JsValue),
}

impl From<Error> for Failed {
    fn from(e: Error) -> Failed {
        Failed::Coded(e)
    }
}

impl From<Failed> for JsValue {
    fn from(f: Failed) -> JsValue {
        match f {
            Failed::Coded(e) => e.into(),
            Failed::Signer(v) => v,
        }
    }
}

/// Calls `config.signer` with `message` under a deadline of `timeout_ms` and the call's
/// signal: the deadline and what the signer returned, as a promise. The signer's own throw is
/// passed on unchanged.
#[inline(never)]
fn call_signer(
    f: &js_sys::Function,
    message: &str,
    options: &CallOptions,
    timeout_ms: u32,
) -> JsResult<(Deadline, js_sys::Promise)> {
    let deadline = Deadline::start(f64::from(timeout_ms), options.signal.as_ref(), None)?;
    let out = f.call1(&JsValue::UNDEFINED, &JsValue::from_str(message))?;
    // Adopting what the signer returned reads its `then`/`constructor`: a revoked
    // Proxy or a throwing getter there is a bad result, not the signer's own error.
    let out = js_safe::resolve(&out).map_err(|_| {
        Error::invalid_config("config.signer returned a value that could not be read as a promise")
    })?;
    Ok((deadline, out))
}

/// What the signer resolved to, checked to be a base64 signature string.
#[inline(never)]
fn signer_text(value: &JsValue) -> Result<String> {
    let text = js_safe::string(value, ErrorCode::InvalidConfig, "config.signer's result")?
        .ok_or_else(|| {
            Error::invalid_config(format!(
                "config.signer must resolve to a base64 signature string, got {}",
                args::type_name(value)
            ))
        })?;
    v3::auth::check_signature(&text)?;
    Ok(text)
}

impl Client {
    /// Base64 signature of `message`. A failing `config.signer` rejects with its own error,
    /// unchanged, so a KMS error keeps its type. A signer that never settles ends in
    /// `TIMEOUT` after the call's `timeoutMs` (else the client's), or `ABORTED` at its signal.
    pub(crate) async fn sign(&self, message: &str, options: &CallOptions) -> JsResult<String> {
        match &self.signer {
            Signer::Key(key) => {
                let signature = key.rsa_sign(message.as_bytes()).await?;
                Ok(crate::core::base64::encode(&signature))
            }
            Signer::Function(f) => {
                let timeout_ms = options.timeout_ms.unwrap_or(self.transport.timeout_ms);
                let (deadline, out) = call_signer(f, message, options, timeout_ms)?;
                let value = deadline
                    .wait(&out)
                    .await
                    .map_err(|fired| deadline::error(fired, "config.signer", timeout_ms))??;
                Ok(signer_text(&value)?)
            }
        }
    }

    /// A signed call (a query, a certificate download), sent and retried by the transport:
    /// `build` makes each attempt's request, `accept` refuses an answer (given what was
    /// signed, for the `SIGN_ERROR` comparison) or lets the loop end with it. One
    /// non-generic copy for every signed call.
    pub(crate) async fn signed_call(
        &self,
        operation: &'static str,
        options: &CallOptions,
        build: &dyn Fn(i64, &str) -> Result<UnsignedRequest>,
        accept: &dyn Fn(&HttpResponse, Option<&str>) -> Result<()>,
    ) -> std::result::Result<Executed<HttpResponse>, Failed> {
        let signed: RefCell<Option<String>> = RefCell::new(None);
        let signer_error: RefCell<Option<JsValue>> = RefCell::new(None);
        let (signed_ref, failed) = (&signed, &signer_error);
        let parsed = Parsed::new();
        // Called for every attempt: a fresh timestamp and nonce, signed again.
        let build = || boxed(self.signed_attempt(build, options, signed_ref, failed));
        let parse = |response: HttpResponse| {
            parsed.keep(accept(&response, signed_ref.borrow().as_deref()).map(|()| response))
        };
        let outcome = self
            .transport
            .execute(operation, options, &build, &parse)
            .await;
        if let Some(e) = signer_error.borrow_mut().take() {
            return Err(Failed::Signer(e));
        }
        Ok(parsed.take(outcome?)?)
    }

    /// A refusal after a signed call's loop (a ciphertext, the RSA check, a rotation's second
    /// look): stamped with the answer's `Request-ID`, attempts and host, and raised as the
    /// call's `verification-failed`. One plain function for every such refusal.
    #[inline(never)]
    pub(crate) fn refused_after(
        &self,
        operation: &'static str,
        done: &Executed<HttpResponse>,
        e: Error,
    ) -> Error {
        let e = done.stamp(e.with_request_id(v3::errors::request_id(&done.value)));
        self.transport
            .events
            .failed(operation, Some(done.call_id), &e);
        e
    }

    /// The signed request of one attempt: `build` makes it for a fresh timestamp and nonce,
    /// what is signed is noted in `signed` (the `SIGN_ERROR` comparison reads it), and a
    /// failing signer's own error is kept in `failed`, for the caller to reject with it
    /// unchanged (the attempt itself fails `INTERNAL`, which the loop never retries).
    async fn signed_attempt(
        &self,
        build: &dyn Fn(i64, &str) -> Result<UnsignedRequest>,
        options: &CallOptions,
        signed: &RefCell<Option<String>>,
        failed: &RefCell<Option<JsValue>>,
    ) -> Result<HttpRequest> {
        let unsigned = build(runtime::now_seconds(), &random::nonce()?)?;
        *signed.borrow_mut() = Some(unsigned.auth.message.clone());
        match self.sign(&unsigned.auth.message, options).await {
            Ok(signature) => unsigned.sign(&signature),
            Err(e) => {
                *failed.borrow_mut() = Some(e);
                Err(Error::new(
                    ErrorCode::Internal,
                    "the request was not signed",
                ))
            }
        }
    }
}
