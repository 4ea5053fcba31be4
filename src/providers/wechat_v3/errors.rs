//! Non-2xx answers: WeChat Pay's `{ code, message, detail }` body as a `PROVIDER_ERROR` (or
//! `ORDER_NOT_FOUND` / `REQUEST_SIGNATURE_REJECTED`, see `providers::outcome`), with
//! the `Request-ID`, the HTTP status and, for 401 `SIGN_ERROR`, the message WeChat Pay
//! reconstructed next to the one we signed.

use super::explain::{compare_messages, LineDiff};
use crate::error::{provider_said, Error, ErrorCode};
use crate::providers::outcome::{self, Vocabulary};
use crate::transport::{http_status_error, status_is_retryable, HttpResponse};
use serde_json::{json, Value};

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
        .get("sign_information")
        .or_else(|| detail.get("detail")?.get("sign_information"))
}

/// The detail of a `SIGN_ERROR`: both messages side by side, and the first line that differs.
pub fn sign_error_detail(detail: Option<&Value>, ours: Option<&str>) -> Value {
    let info = detail.and_then(sign_information);
    let wechat = info
        .and_then(|i| i.get("truncated_sign_message"))
        .and_then(Value::as_str);
    let first_difference: Option<LineDiff> = match (ours, wechat) {
        (Some(o), Some(w)) => compare_messages(o, w),
        _ => None,
    };
    json!({
        "ours": ours,
        "wechat": wechat,
        "oursLength": ours.map(str::len),
        "wechatLength": info.and_then(|i| i.get("sign_message_length")).cloned(),
        "firstDifference": first_difference,
        "provider": detail.cloned(),
    })
}

/// Maps a non-2xx response to an error. `signed` is the request message we signed, when known.
pub fn provider_error(response: &HttpResponse, signed: Option<&str>) -> Error {
    let status = response.status;
    let retryable = status_is_retryable(status);
    let body: Option<Value> = serde_json::from_slice(&response.body).ok();
    let code = body
        .as_ref()
        .and_then(|b| b.get("code"))
        .and_then(Value::as_str)
        .filter(|c| !c.is_empty())
        .map(|c| c.chars().take(64).collect::<String>());
    let Some(code) = code else {
        return http_status_error("WeChat Pay", status, "without an error body")
            .with_request_id(request_id(response));
    };
    let text = body
        .as_ref()
        .and_then(|b| b.get("message"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let detail = body.as_ref().and_then(|b| b.get("detail"));
    let stable = outcome::code_for(Vocabulary::WechatV3, &code, ErrorCode::ProviderError);
    let mut message = provider_said(&format!("WeChat Pay: HTTP {status}"), Some(&code), &[text]);
    if stable == ErrorCode::RequestSignatureRejected {
        message.push_str(&outcome::signature_hint(Vocabulary::WechatV3));
    }
    // Neither a missing order nor a refused signature changes by sending the same request again.
    let retryable = retryable && stable == ErrorCode::ProviderError;
    let mut err = Error::new(stable, message)
        .with_provider_code(code.clone())
        .with_provider_message(text)
        .with_http_status(status)
        .with_request_id(request_id(response))
        .with_retryable(retryable);
    if code == "SIGN_ERROR" {
        err = err.with_detail(sign_error_detail(detail, signed));
    } else if let Some(d) = detail {
        err = err.with_detail(d.clone());
    }
    err
}
