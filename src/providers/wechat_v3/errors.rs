//! Non-2xx answers: WeChat Pay's `{ code, message, detail }` body as a `PROVIDER_ERROR` (or
//! `ORDER_NOT_FOUND` / `REQUEST_SIGNATURE_REJECTED`, see `providers::outcome`), with
//! the `Request-ID`, the HTTP status and, for 401 `SIGN_ERROR`, the message WeChat Pay
//! reconstructed next to the one we signed, where they differ, and when they do not, that the
//! key is not the one `merchantSerialNo` names (with its public fingerprint).

use super::explain::{compare_signed, hint_for, member, LineDiff};
use super::Config;
use crate::core::json_value::{self, Names, Value};
use crate::error::{Error, ErrorCode};
use crate::providers::outcome::{self, Vocabulary};
use crate::transport::{http_status_error, status_is_retryable, HttpResponse};

/// The `Request-ID` header, kept on every error for support tickets.
pub fn request_id(response: &HttpResponse) -> Option<String> {
    response
        .header("Request-ID")
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| v.chars().take(128).collect())
}

/// `detail.sign_information` of a `SIGN_ERROR` (also looked for one level deeper).
fn sign_information(detail: &Value) -> Option<&Value> {
    detail
        .get_last("sign_information")
        .or_else(|| detail.get_last("detail")?.get_last("sign_information"))
}

/// A request we signed, for the `SIGN_ERROR` diagnosis.
pub struct Signed<'a> {
    /// The exact message signed: `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n`.
    pub message: &'a str,
    /// The configuration that signed it: serial and key fingerprints.
    pub config: &'a Config,
}

/// `sign_message_length`, a number (or, from some gateways, its decimal text).
fn message_length(info: &Value) -> Option<u64> {
    let v = info.get_last("sign_message_length")?;
    v.as_u64().or_else(|| v.as_str()?.trim().parse().ok())
}

/// Why the signature was refused when WeChat Pay checked the very message we signed: the
/// key and the certificate `merchantSerialNo` names are not a pair. What is known about our
/// key says where to look.
fn key_verdict(signed: &Signed<'_>) -> String {
    let signing = &signed.config.signing;
    let key = match (&signing.certificate_fingerprint, &signing.key_fingerprint) {
        (Some(_), Some(_)) => {
            return format!(
                "WeChat Pay checked exactly the message we signed, and privateKey, \
                 merchantCertificate and merchantSerialNo are one pair (checked at \
                 construction): WeChat Pay does not accept that certificate for merchant {} \
                 (replaced, revoked, or another merchant's).",
                signed.config.initiator()
            )
        }
        (Some(cert), None) => format!("the signer's key is not merchantCertificate's ({cert})"),
        (None, Some(fp)) => format!(
            "privateKey's public key has SHA-256 {fp}; compare the certificate's: `openssl x509 \
             -in apiclient_cert.pem -noout -pubkey | openssl pkey -pubin -outform DER | openssl \
             dgst -sha256` (or configure merchantCertificate)"
        ),
        (None, None) => "check the signer's key".to_owned(),
    };
    format!(
        "WeChat Pay checked exactly the message we signed, so the key does not match \
         merchantSerialNo: {key}."
    )
}

/// The detail of a `SIGN_ERROR` — both messages side by side, whether and where they differ,
/// and a verdict with its hint — and the sentence the error message gets for it. `verdict`
/// is `MESSAGE_DIFFERS` (WeChat Pay checked another message than we signed: `firstDifference`
/// says where), `KEY_MISMATCH` (it checked ours: the key and `merchantSerialNo` are not a
/// pair) or `UNDETERMINED` (no copy of the message to compare).
pub fn sign_error_detail(detail: Option<&Value>, signed: Option<&Signed<'_>>) -> (Value, String) {
    let info = detail.and_then(sign_information);
    let wechat = info
        .and_then(|i| i.get_last("truncated_sign_message"))
        .and_then(Value::as_str);
    let wechat_length = info.and_then(message_length);
    let ours = signed.map(|s| s.message);
    let compared = match (ours, wechat) {
        (Some(o), Some(w)) => Some(compare_signed(o, w, wechat_length)),
        _ => None,
    };
    let (verdict, hint, sentence) = match (&compared, signed) {
        (Some(Some(diff)), _) => {
            let mut hint = hint_for(diff);
            if diff.offset.is_none() {
                hint.push_str(&format!(
                    "; WeChat Pay's message is {} bytes, ours {}: it received another body",
                    wechat_length.unwrap_or_default(),
                    ours.map_or(0, str::len)
                ));
            }
            let at = diff
                .offset
                .map(|o| format!(", byte {o}"))
                .unwrap_or_default();
            let sentence = format!(
                " WeChat Pay checked another message than we signed: line {} ({}{at}) differs \
                 (error.detail.firstDifference).",
                diff.line, diff.name
            );
            ("MESSAGE_DIFFERS", hint, sentence)
        }
        (Some(None), Some(signed)) => {
            let hint = key_verdict(signed);
            let sentence = format!(" {hint}");
            ("KEY_MISMATCH", hint, sentence)
        }
        _ => (
            "UNDETERMINED",
            "WeChat Pay sent no copy of the message it checked: its message says what it \
             refused"
                .to_owned(),
            String::new(),
        ),
    };
    let signing = signed.map(|s| &s.config.signing);
    // Members by name, as serde_json's map had them (see `Value::object`).
    let mut m = Vec::with_capacity(11);
    let fingerprint = signing.and_then(|s| s.certificate_fingerprint.as_deref());
    member(&mut m, "certificateFingerprint", fingerprint.into());
    let first = compared.flatten().map(LineDiff::into_value);
    member(&mut m, "firstDifference", first.into());
    member(&mut m, "hint", hint.into());
    let key = signing.and_then(|s| s.key_fingerprint.as_deref());
    member(&mut m, "keyFingerprint", key.into());
    let serial = signed.map(|s| s.config.merchant_serial_no.as_str());
    member(&mut m, "merchantSerialNo", serial.into());
    member(&mut m, "ours", ours.into());
    member(&mut m, "oursLength", ours.map(str::len).into());
    member(&mut m, "provider", detail.cloned().into());
    member(&mut m, "verdict", verdict.into());
    member(&mut m, "wechat", wechat.into());
    member(
        &mut m,
        "wechatLength",
        wechat_length.map(Value::unsigned).into(),
    );
    let value = Value::Object(m);
    (value, sentence)
}

/// Maps a non-2xx response to an error. `signed` is the request message we signed, when known.
pub fn provider_error(response: &HttpResponse, signed: Option<Signed<'_>>) -> Error {
    let status = response.status;
    let retryable = status_is_retryable(status);
    // Names given twice keep their last value, as serde_json's map did (not a signed body).
    // WeChat Pay's `detail` is kept as read: members in its order (serde_json's map sorted
    // them), a name given twice written twice (`JSON.parse` keeps the last, as the map did).
    let body = json_value::parse(&response.body, Names::Repeated).ok();
    let code = body
        .as_ref()
        .and_then(|b| b.get_last("code"))
        .and_then(Value::as_str)
        .filter(|c| !c.is_empty())
        .map(|c| c.chars().take(64).collect::<String>());
    let Some(code) = code else {
        return http_status_error("WeChat Pay", status, "without an error body")
            .with_request_id(request_id(response));
    };
    let text = body
        .as_ref()
        .and_then(|b| b.get_last("message"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let detail = body.as_ref().and_then(|b| b.get_last("detail"));
    let sign_error = code == "SIGN_ERROR";
    let mut err = outcome::provider_error(
        &Vocabulary::WECHAT_V3,
        // As a u32: see `transport::http_status_error`.
        &format!("WeChat Pay: HTTP {}", u32::from(status)),
        Some(code),
        &[text],
        text,
    );
    let diagnosis = sign_error.then(|| sign_error_detail(detail, signed.as_ref()));
    if let Some((_, sentence)) = &diagnosis {
        err.message.push_str(sentence);
    }
    // Neither a missing order nor a refused signature changes by sending the same request again.
    err.retryable = retryable && err.code == ErrorCode::ProviderError;
    err.http_status = Some(status);
    err.request_id = request_id(response);
    err.detail = match diagnosis {
        Some((value, _)) => Some(value),
        None => detail.cloned(),
    };
    err
}
