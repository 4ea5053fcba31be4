//! `explainV3` for devtools: the exact message a request signs or a response is verified
//! over, the header fields, and for a mismatch the first line that differs. No key is needed
//! and none is ever shown.

use super::auth::{self, AuthorizationFields};
use super::verify::{self, PROBE_PREFIX};
use crate::error::{Error, Result};
use crate::transport::HttpResponse;
use serde::Serialize;

/// Names of the request message lines; every line after the fourth belongs to the body.
const REQUEST_LINES: [&str; 4] = ["METHOD", "URL", "TIMESTAMP", "NONCE"];

/// The first line where two request messages differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "V3LineDiff"))]
#[serde(rename_all = "camelCase")]
pub struct LineDiff {
    /// 1-based line number.
    pub line: usize,
    /// `METHOD`, `URL`, `TIMESTAMP`, `NONCE` or `BODY`.
    #[cfg_attr(test, ts(type = "'METHOD' | 'URL' | 'TIMESTAMP' | 'NONCE' | 'BODY'"))]
    pub name: &'static str,
    /// Our line.
    pub ours: Option<String>,
    /// WeChat Pay's line.
    pub wechat: Option<String>,
}

/// Compares our request message with the one WeChat Pay reconstructed. WeChat Pay truncates
/// the body of its copy, so a body that is a prefix of ours counts as equal.
pub fn compare_messages(ours: &str, wechat: &str) -> Option<LineDiff> {
    let mut o = ours.splitn(5, '\n');
    let mut w = wechat.splitn(5, '\n');
    for (i, name) in REQUEST_LINES.iter().enumerate() {
        let (a, b) = (o.next(), w.next());
        if a != b {
            return Some(LineDiff {
                line: i + 1,
                name,
                ours: a.map(str::to_owned),
                wechat: b.map(str::to_owned),
            });
        }
    }
    let (a, b) = (o.next().unwrap_or(""), w.next().unwrap_or(""));
    let b_trunc = b.strip_suffix('\n').unwrap_or(b);
    if a == b || a.starts_with(b_trunc) {
        return None;
    }
    Some(LineDiff {
        line: 5,
        name: "BODY",
        ours: Some(a.strip_suffix('\n').unwrap_or(a).to_owned()),
        wechat: Some(b_trunc.to_owned()),
    })
}

/// What `explainV3({ request })` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(rename = "V3RequestExplanation", optional_fields)
)]
#[serde(rename_all = "camelCase")]
pub struct RequestExplanation {
    /// Always `"request"`.
    #[cfg_attr(test, ts(type = "'request'"))]
    pub kind: &'static str,
    /// The exact message signed.
    pub message: String,
    /// The method line.
    pub method: String,
    /// The URL line (path and query as sent).
    pub url: String,
    /// The timestamp line.
    pub timestamp: i64,
    /// The nonce line.
    pub nonce: String,
    /// The fields of the `Authorization` header given, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization: Option<AuthorizationFields>,
    /// The message WeChat Pay reconstructed (from a `SIGN_ERROR`), if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wechat_message: Option<String>,
    /// Whether it matches ours (absent when none was given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matches: Option<bool>,
    /// The first differing line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_difference: Option<LineDiff>,
    /// A plain-language diagnosis of the difference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

fn hint_for(diff: &LineDiff) -> String {
    match diff.name {
        "METHOD" => "the HTTP method differs: sign the method you send, in uppercase".into(),
        "URL" => "the URL differs: sign the path and query exactly as sent, percent-encoding \
                  included, without scheme and host"
            .into(),
        "TIMESTAMP" | "NONCE" => {
            "the timestamp or nonce differs from the Authorization header: sign with the values \
             you send"
                .into()
        }
        _ => "the body differs: sign the exact bytes you send (no re-serialisation)".into(),
    }
}

/// Explains a request signature. Timestamp and nonce come from the arguments, else from the
/// `authorization` header.
pub fn explain_request(
    method: &str,
    url: &str,
    body: &str,
    timestamp: Option<i64>,
    nonce: Option<&str>,
    authorization: Option<&str>,
    wechat_message: Option<&str>,
) -> Result<RequestExplanation> {
    let method = auth::normalize_method(method)?;
    let url = auth::signed_url(url)?;
    let fields = authorization.map(auth::parse_authorization).transpose()?;
    let timestamp = match (timestamp, &fields) {
        (Some(t), _) => t,
        (None, Some(f)) => f
            .timestamp
            .parse()
            .map_err(|_| Error::invalid_argument("the authorization timestamp is not a number"))?,
        (None, None) => {
            return Err(Error::invalid_argument(
                "give timestamp and nonce, or the authorization header they came from",
            ))
        }
    };
    auth::check_timestamp(timestamp)?;
    let nonce = match (nonce, &fields) {
        (Some(n), _) => n.to_owned(),
        (None, Some(f)) => f.nonce_str.clone(),
        (None, None) => return Err(Error::invalid_argument("nonce is required")),
    };
    let message = auth::request_message(&method, &url, timestamp, &nonce, body);
    let first_difference = wechat_message.and_then(|w| compare_messages(&message, w));
    Ok(RequestExplanation {
        kind: "request",
        matches: wechat_message.map(|_| first_difference.is_none()),
        hint: first_difference.as_ref().map(hint_for),
        first_difference,
        wechat_message: wechat_message.map(str::to_owned),
        authorization: fields,
        message,
        method,
        url,
        timestamp,
        nonce,
    })
}

/// What `explainV3({ response })` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "V3ResponseExplanation"))]
#[serde(rename_all = "camelCase")]
pub struct ResponseExplanation {
    /// Always `"response"`.
    #[cfg_attr(test, ts(type = "'response'"))]
    pub kind: &'static str,
    /// The exact message verified (the body decoded as UTF-8 for display), when all headers
    /// were present.
    pub message: Option<String>,
    /// `Wechatpay-Timestamp`.
    pub timestamp: Option<String>,
    /// `Wechatpay-Nonce`.
    pub nonce: Option<String>,
    /// `Wechatpay-Serial`.
    pub serial: Option<String>,
    /// `Wechatpay-Signature`.
    pub signature: Option<String>,
    /// The headers that are missing.
    #[cfg_attr(
        test,
        ts(
            type = "Array<'Wechatpay-Timestamp' | 'Wechatpay-Nonce' | 'Wechatpay-Signature' | 'Wechatpay-Serial'>"
        )
    )]
    pub missing: Vec<&'static str>,
    /// Whether the signature is a WeChat Pay probe.
    pub probe: bool,
    /// `now - timestamp` in seconds.
    pub skew_seconds: Option<i64>,
    /// Whether the timestamp is within the allowed window.
    pub within_skew: Option<bool>,
    /// What to look at.
    pub hint: String,
}

/// Explains what a response is verified over, without verifying it.
pub fn explain_response(response: &HttpResponse, now: i64, max_skew: u32) -> ResponseExplanation {
    let get = |n: &str| response.header(n).map(str::trim).filter(|v| !v.is_empty());
    let names = [
        verify::TIMESTAMP,
        verify::NONCE,
        verify::SIGNATURE,
        verify::SERIAL,
    ];
    let missing: Vec<&'static str> = names.into_iter().filter(|n| get(n).is_none()).collect();
    let timestamp = get(verify::TIMESTAMP).map(str::to_owned);
    let nonce = get(verify::NONCE).map(str::to_owned);
    let signature = get(verify::SIGNATURE).map(str::to_owned);
    let probe = signature
        .as_deref()
        .is_some_and(|s| s.starts_with(PROBE_PREFIX));
    let skew_seconds = timestamp
        .as_deref()
        .and_then(|t| t.parse::<i64>().ok())
        .map(|t| now.saturating_sub(t));
    let within_skew = skew_seconds.map(|s| s.unsigned_abs() <= u64::from(max_skew));
    let message = match (&timestamp, &nonce) {
        (Some(t), Some(n)) => Some(
            String::from_utf8_lossy(&verify::verify_message(t, n, &response.body)).into_owned(),
        ),
        _ => None,
    };
    let hint = if !response.is_success() {
        "a non-2xx answer is an error report; payquery does not return it as data".to_owned()
    } else if !missing.is_empty() {
        format!(
            "missing {}: the response cannot be trusted",
            missing.join(", ")
        )
    } else if probe {
        "a WeChat Pay probe signature: it must fail verification".to_owned()
    } else if within_skew == Some(false) {
        "the timestamp is outside the allowed window: replayed, or a wrong clock".to_owned()
    } else {
        "verify the message with the key the serial names (verifyResponse)".to_owned()
    };
    ResponseExplanation {
        kind: "response",
        message,
        timestamp,
        nonce,
        serial: get(verify::SERIAL).map(str::to_owned),
        signature,
        missing,
        probe,
        skew_seconds,
        within_skew,
        hint,
    }
}
