//! Verification for the APIv3 client: the RSA check of answers, notifications and downloads
//! with the key each selected, the verified JSON of `verifyResponse`, and notifications
//! verified, decrypted and typed.

use crate::error::{Error, ErrorCode, Result};
use crate::providers::wechat_v3::{
    self as v3,
    verify::{Check, Verified},
};
use crate::transport::HttpResponse;
use crate::wasm::convert::to_js;
use crate::wasm::crypto::Key;
use crate::wasm::fetch::CallOptions;
use crate::wasm::js_safe;
use crate::wasm::v3_certs::Reason;
use crate::wasm::v3_config::{Active, Client};
use wasm_bindgen::prelude::*;

type JsResult<T> = std::result::Result<T, JsValue>;

impl Active {
    /// The imported key `check` selected.
    fn verifier(&self, check: &Check<'_>) -> Result<&Key> {
        self.verifiers
            .get(check.key_index)
            .ok_or_else(|| crate::wasm::error::internal("verification key index"))
    }

    /// Checks the RSA signature `check` describes, with the key it selected: the one way every
    /// v3 answer, notification and certificate download is verified.
    pub async fn verify(&self, check: &Check<'_>) -> Result<Verified> {
        let ok = self
            .verifier(check)?
            .rsa_verify(&check.signature, &check.message)
            .await?;
        v3::verify::verdict(ok, check)
    }

    /// [`Active::verify`] now, when the selected key is synchronous; `None` otherwise.
    pub(crate) fn verify_now(&self, check: &Check<'_>) -> Option<Result<Verified>> {
        let key = match self.verifier(check) {
            Ok(key) => key,
            Err(e) => return Some(Err(e)),
        };
        let ok = key.rsa_verify_now(&check.signature, &check.message)?;
        Some(ok.and_then(|ok| v3::verify::verdict(ok, check)))
    }

    /// Whether every verification key completes synchronously.
    pub(crate) fn verifies_now(&self) -> bool {
        self.verifiers.iter().all(Key::is_sync)
    }

    /// `verifyResponse` after its arguments were read: the answer's JSON once its signature
    /// verified; a non-2xx answer is its provider error.
    pub(crate) fn verified_json(
        &self,
        response: &HttpResponse,
        text: Option<&JsValue>,
        now: i64,
    ) -> JsResult<JsValue> {
        let check = v3::check_response(&self.config, response, now, None)?;
        let located = |e: Error| e.with_request_id(v3::errors::request_id(response));
        match self.verify_now(&check) {
            Some(verified) => verified.map_err(located)?,
            None => return Err(crate::wasm::error::internal("verify_now").into()),
        };
        json_of(response, text).map_err(located).map_err(Into::into)
    }
}

/// The runtime's `JSON.parse` of a verified body (`null` when empty): the caller gets exactly
/// what their own parser would give.
/// `text` is the body as the caller's string, when it was one: parsed as it is, without
/// decoding the verified bytes again, unless it held a lone surrogate (its UTF-8, which was
/// verified, has U+FFFD there instead; the bytes are parsed then).
pub(crate) fn json_of(response: &HttpResponse, text: Option<&JsValue>) -> Result<JsValue> {
    if response.body.is_empty() {
        return Ok(JsValue::NULL);
    }
    let not_json = |_| Error::malformed("the body is not JSON");
    match text {
        Some(text) if !payquery_hot::json::has_replacement_char(&response.body) => {
            js_safe::parse_json_string(text).map_err(not_json)
        }
        _ => {
            let text = std::str::from_utf8(&response.body)
                .map_err(|_| Error::malformed("the body is not UTF-8"))?;
            js_sys::JSON::parse(text).map_err(not_json)
        }
    }
}

impl Client {
    /// Verifies, decrypts and types a notification. With `'auto'` certificates, one signed by
    /// an unknown serial triggers a download (at most once a minute) and is checked again. A
    /// refusal raises `verification-failed` for `operation`. One state machine: each step's
    /// error breaks out of the block (no inner future for `?`).
    pub(crate) async fn notification(
        &self,
        request: &HttpResponse,
        now: i64,
        operation: &'static str,
    ) -> Result<JsValue> {
        let outcome = 'verified: {
            let Some(aes) = &self.aes else {
                break 'verified Err(Error::invalid_config(
                    "configure apiV3Key to parse notifications",
                ));
            };
            let mut active = self.active();
            let unknown = matches!(
                v3::check_notification(&active.config, &request.headers, &request.body, now),
                Err(e) if e.code == ErrorCode::UnknownSerial
            );
            if unknown
                && self.unknown_serial_allowed()
                && self
                    .refresh(&CallOptions::default(), Reason::UnknownSerial)
                    .await
                    .is_ok()
            {
                active = self.active();
            }
            let check = match v3::check_notification(
                &active.config,
                &request.headers,
                &request.body,
                now,
            ) {
                Ok(check) => check,
                Err(e) => break 'verified Err(e),
            };
            if let Err(e) = active.verify(&check).await {
                break 'verified Err(e);
            }
            let (envelope, sealed) = match v3::notify::open(&request.body) {
                Ok(opened) => opened,
                Err(e) => break 'verified Err(e),
            };
            match aes
                .aes_gcm_decrypt(&sealed.iv, &sealed.aad, &sealed.data)
                .await
            {
                Ok(plain) => v3::parse_notification(&active.config, envelope, &plain)
                    .and_then(|notification| to_js(&notification)),
                Err(e) => Err(e),
            }
        };
        if let Err(e) = &outcome {
            self.transport.events.failed(operation, None, e);
        }
        outcome
    }
}
