//! `explainV3` for devtools: the exact message a request signs or a response is verified
//! over, the header fields, and for a mismatch the first line that differs. No key is needed
//! and none is ever shown.

use super::auth::{self, AuthorizationFields};
use super::verify::{self, PROBE_PREFIX};
use crate::core::json_value::Value;
use crate::core::utf8::lossy;
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
    /// The byte offset in the message of the first byte that differs; `null` when WeChat Pay's
    /// copy agrees as far as it shows the body and only its length says the bodies differ.
    pub offset: Option<usize>,
    /// Our line with invisible characters shown: `␍ ␊ ␉`, trailing spaces as `␠`, others as
    /// `⟨U+200B⟩`.
    pub ours_shown: Option<String>,
    /// WeChat Pay's line with invisible characters shown.
    pub wechat_shown: Option<String>,
}

impl LineDiff {
    /// This difference as a JSON value (an error's `detail.firstDifference`), members by name
    /// as serde_json's `to_value` gave them, without serde's `Serialize` (see
    /// `core::json_write`). Consumes the difference: its strings move rather than being copied.
    pub fn into_value(self) -> Value {
        let mut m = Vec::with_capacity(7);
        member(&mut m, "line", self.line.into());
        member(&mut m, "name", self.name.into());
        member(&mut m, "offset", self.offset.into());
        member(&mut m, "ours", self.ours.into());
        member(&mut m, "oursShown", self.ours_shown.into());
        member(&mut m, "wechat", self.wechat.into());
        member(&mut m, "wechatShown", self.wechat_shown.into());
        Value::Object(m)
    }

    fn new(
        line: usize,
        name: &'static str,
        ours: Option<&str>,
        wechat: Option<&str>,
        offset: Option<usize>,
    ) -> LineDiff {
        LineDiff {
            line,
            name,
            ours: ours.map(str::to_owned),
            wechat: wechat.map(str::to_owned),
            offset,
            ours_shown: ours.map(visible),
            wechat_shown: wechat.map(visible),
        }
    }
}

/// Appends a member to an object being built. Out of line so that each member costs a call:
/// `Value::object`'s array had every name and value stored into it and copied again, about 30
/// bytes a member in `errors::provider_error`.
#[inline(never)]
pub(super) fn member(members: &mut Vec<(String, Value)>, name: &str, value: Value) {
    members.push((name.to_owned(), value));
}

/// `text` with what a terminal or a browser does not show made visible: CR, LF and tab as
/// the control pictures `␍ ␊ ␉`, trailing spaces as `␠`, other control, zero-width, bidi and
/// unusual space characters (a no-break space looks like a space) as `⟨U+00A0⟩`.
pub fn visible(text: &str) -> String {
    let kept = text.trim_end_matches(' ');
    let mut out = String::with_capacity(text.len() + 8);
    for c in kept.chars() {
        match c {
            '\r' => out.push('␍'),
            '\n' => out.push('␊'),
            '\t' => out.push('␉'),
            c if c.is_control()
                || matches!(c, '\u{a0}' | '\u{ad}' | '\u{2000}'..='\u{200f}' | '\u{2028}'..='\u{202f}'
                    | '\u{205f}'..='\u{206f}' | '\u{3000}' | '\u{feff}') =>
            {
                out.push_str(&format!("⟨U+{:04X}⟩", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    for _ in kept.len()..text.len() {
        out.push('␠');
    }
    out
}

/// The length in bytes of the longest common prefix of `a` and `b`, on a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or_else(|| a.len().min(b.len()), |((i, _), _)| i)
}

/// Compares our request message with the one WeChat Pay reconstructed. WeChat Pay truncates
/// the body of its copy, so a body that is a prefix of ours counts as equal.
pub fn compare_messages(ours: &str, wechat: &str) -> Option<LineDiff> {
    compare_signed(ours, wechat, None)
}

/// Compares our request message with WeChat Pay's copy of it (`truncated_sign_message`, whose
/// body it cuts short and ends with a newline) and the byte length of the message it checked
/// (`sign_message_length`), when known: a copy that agrees as far as it goes differs when the
/// lengths do (WeChat Pay received another body than the one we signed).
pub fn compare_signed(ours: &str, wechat: &str, wechat_length: Option<u64>) -> Option<LineDiff> {
    let mut o = ours.splitn(5, '\n');
    let mut w = wechat.splitn(5, '\n');
    let mut offset = 0;
    for (i, name) in REQUEST_LINES.iter().enumerate() {
        let (a, b) = (o.next(), w.next());
        if a != b {
            let at = offset + common_prefix(a.unwrap_or(""), b.unwrap_or(""));
            return Some(LineDiff::new(i + 1, name, a, b, Some(at)));
        }
        offset += a.map_or(0, str::len) + 1;
    }
    let (a, b) = (o.next().unwrap_or(""), w.next().unwrap_or(""));
    let a = a.strip_suffix('\n').unwrap_or(a);
    let b = b.strip_suffix('\n').unwrap_or(b);
    let whole = wechat_length.is_some_and(|n| usize::try_from(n) == Ok(wechat.len()));
    let diff = |at| Some(LineDiff::new(5, "BODY", Some(a), Some(b), at));
    if a == b {
        return None;
    }
    if whole || !a.starts_with(b) {
        return diff(Some(offset + common_prefix(a, b)));
    }
    match wechat_length {
        Some(n) if usize::try_from(n) != Ok(ours.len()) => diff(None),
        _ => None,
    }
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

/// What a first difference most likely means, in plain language.
pub fn hint_for(diff: &LineDiff) -> String {
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
    let first_difference = wechat_message.and_then(|w| compare_signed(&message, w, None));
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
    let names = [
        verify::TIMESTAMP,
        verify::NONCE,
        verify::SIGNATURE,
        verify::SERIAL,
    ];
    // Each header looked up once, in `names`' order; a loop, not an iterator chain (smaller).
    let mut missing = Vec::new();
    let values = names.map(|n| {
        let value = response.header(n).map(str::trim).filter(|v| !v.is_empty());
        if value.is_none() {
            missing.push(n);
        }
        value.map(str::to_owned)
    });
    let [timestamp, nonce, signature, serial] = values;
    let probe = signature
        .as_deref()
        .is_some_and(|s| s.starts_with(PROBE_PREFIX));
    let skew_seconds = timestamp
        .as_deref()
        .and_then(|t| t.parse::<i64>().ok())
        .map(|t| now.saturating_sub(t));
    let within_skew = skew_seconds.map(|s| s.unsigned_abs() <= u64::from(max_skew));
    let message = match (&timestamp, &nonce) {
        (Some(t), Some(n)) => Some(lossy(&verify::verify_message(t, n, &response.body))),
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
        serial,
        signature,
        missing,
        probe,
        skew_seconds,
        within_skew,
        hint,
    }
}
