//! One error type for the whole crate, with stable SCREAMING_SNAKE codes.
//!
//! The code is the contract: callers branch on it, messages are for humans and may change.
//! No message ever contains a secret (API key, app secret, private key): messages are built
//! from field names and public values only. A value the caller passed that is refused is
//! described with [`describe_refused`] (its length and first two characters), never quoted,
//! because a secret pasted into the wrong position is the likeliest bad value. Text the provider
//! wrote (v2 `return_msg`, v3 `message`, Fubei `result_message`...) is unsigned and arrives from
//! the network: it enters a message only through [`quote_untrusted`] (bounded, control characters
//! escaped, so that it cannot forge log lines), and stays whole in `provider_message`.

use serde::Serialize;
use std::fmt;

/// Stable error codes, as `SCREAMING_SNAKE_CASE` strings (`INVALID_ARGUMENT`, ...): branch on
/// these (the README lists what each means).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "PayQueryErrorCode"))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// A query argument is missing, of the wrong type or out of range. Nothing was sent.
    InvalidArgument,
    /// The client configuration is missing a field, has a wrong or unknown field, or a bad key.
    InvalidConfig,
    /// The response could not be parsed (bad XML/JSON, oversize body, DOCTYPE, duplicates...).
    MalformedResponse,
    /// The response should carry a signature and does not.
    SignatureMissing,
    /// The response signature does not match its content: forged or tampered.
    SignatureInvalid,
    /// WeChat's deliberate probe signature (`WECHATPAY/SIGNTEST/...`), which must never verify.
    SignatureProbe,
    /// The response timestamp is too far from the local clock.
    TimestampSkew,
    /// The response names a key (serial) that is not configured.
    UnknownSerial,
    /// A response is about another order, merchant or app than the query, or does not name
    /// the order id queried (see `providers::identity`).
    ResponseMismatch,
    /// The provider refused the request before processing it (v2 `return_code=FAIL`).
    RequestRejected,
    /// The provider says our request's signature is wrong (v3 `SIGN_ERROR`, v2 `return_code=FAIL`
    /// with a signature message or `err_code=SIGNERROR`, Fubei's signature sub code): a wrong key
    /// or sign type. The message names the explain tool that shows what was signed.
    RequestSignatureRejected,
    /// The provider says there is no such order (v2 `ORDERNOTEXIST`, v3 and combine
    /// `ORDER_NOT_EXIST`, Fubei's not-found sub codes); `providerCode` keeps the provider's spelling.
    OrderNotFound,
    /// The provider processed the request and reported a business error (`providerCode` says which).
    ProviderError,
    /// An HTTP status the API does not document, without a provider error body.
    HttpError,
    /// The request never got an HTTP answer: refused, reset, DNS, TLS.
    NetworkError,
    /// No answer within `timeoutMs`.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// An encrypted payload (v3 notification resource) failed to decrypt or authenticate.
    DecryptFailed,
    /// The runtime lacks something payquery needs (WebCrypto, fetch).
    Unsupported,
    /// Thrown by the browser/bundler entry's JavaScript, never by the core: a call before
    /// `init()`, or `init()` could not fetch or compile the module. Listed for the README table.
    NotInitialized,
    /// Thrown by the package's JavaScript, never by the core: a method of a client after its
    /// `free()` (or the end of its `using` block). Listed for the README table.
    ClientFreed,
    /// A bug in payquery; please report it.
    Internal,
}

impl ErrorCode {
    /// The stable string form, e.g. `"INVALID_ARGUMENT"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidArgument => "INVALID_ARGUMENT",
            ErrorCode::InvalidConfig => "INVALID_CONFIG",
            ErrorCode::MalformedResponse => "MALFORMED_RESPONSE",
            ErrorCode::SignatureMissing => "SIGNATURE_MISSING",
            ErrorCode::SignatureInvalid => "SIGNATURE_INVALID",
            ErrorCode::SignatureProbe => "SIGNATURE_PROBE",
            ErrorCode::TimestampSkew => "TIMESTAMP_SKEW",
            ErrorCode::UnknownSerial => "UNKNOWN_SERIAL",
            ErrorCode::ResponseMismatch => "RESPONSE_MISMATCH",
            ErrorCode::RequestRejected => "REQUEST_REJECTED",
            ErrorCode::RequestSignatureRejected => "REQUEST_SIGNATURE_REJECTED",
            ErrorCode::OrderNotFound => "ORDER_NOT_FOUND",
            ErrorCode::ProviderError => "PROVIDER_ERROR",
            ErrorCode::HttpError => "HTTP_ERROR",
            ErrorCode::NetworkError => "NETWORK_ERROR",
            ErrorCode::Timeout => "TIMEOUT",
            ErrorCode::Aborted => "ABORTED",
            ErrorCode::DecryptFailed => "DECRYPT_FAILED",
            ErrorCode::Unsupported => "UNSUPPORTED",
            ErrorCode::NotInitialized => "NOT_INITIALIZED",
            ErrorCode::ClientFreed => "CLIENT_FREED",
            ErrorCode::Internal => "INTERNAL",
        }
    }

    /// Every code, in documentation order (the README table is checked against this list).
    pub const ALL: [ErrorCode; 22] = [
        ErrorCode::InvalidArgument,
        ErrorCode::InvalidConfig,
        ErrorCode::MalformedResponse,
        ErrorCode::SignatureMissing,
        ErrorCode::SignatureInvalid,
        ErrorCode::SignatureProbe,
        ErrorCode::TimestampSkew,
        ErrorCode::UnknownSerial,
        ErrorCode::ResponseMismatch,
        ErrorCode::RequestRejected,
        ErrorCode::RequestSignatureRejected,
        ErrorCode::OrderNotFound,
        ErrorCode::ProviderError,
        ErrorCode::HttpError,
        ErrorCode::NetworkError,
        ErrorCode::Timeout,
        ErrorCode::Aborted,
        ErrorCode::DecryptFailed,
        ErrorCode::Unsupported,
        ErrorCode::NotInitialized,
        ErrorCode::ClientFreed,
        ErrorCode::Internal,
    ];
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A payquery error: a stable code, a human message and what the provider said, if anything.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Error {
    /// The stable code.
    pub code: ErrorCode,
    /// A human-readable message; never contains a secret.
    pub message: String,
    /// The provider's own error code (`ORDERNOTEXIST`, `ORDER_NOT_EXIST`, a Fubei `sub_code`...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_code: Option<String>,
    /// The HTTP status of the response, when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// The provider's request id (v3 `Request-ID` header), for support tickets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Whether the same query may succeed if sent again.
    pub retryable: bool,
    /// Structured extras: the offending field, the messages compared by a signature check...
    /// A JSON value of the crate's own reader (`core::json_value`): a provider's `detail` is
    /// kept as read, numbers as their text, and none of serde_json's `Value` is linked for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<crate::core::json_value::Value>,
    /// How many attempts the call made before failing (set by the transport).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attempts: Option<u32>,
    /// The host the last attempt went to (set by the transport).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// The provider's own human-readable text, whole and unescaped (v2 `return_msg` or
    /// `err_code_des`, v3 `message`, Fubei `result_message`, CloudPay `errMsg`). Unsigned data from
    /// the network: escape it before displaying it. The message carries a bounded, escaped copy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_message: Option<String>,
}

impl Error {
    /// A new error with `code` and `message`; retryable is derived from the code.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        // Only failures that happened before an answer arrived are retryable by default;
        // provider codes that are retryable set it explicitly.
        let retryable = matches!(code, ErrorCode::NetworkError | ErrorCode::Timeout);
        Error {
            code,
            message: message.into(),
            provider_code: None,
            http_status: None,
            request_id: None,
            retryable,
            detail: None,
            attempts: None,
            host: None,
            provider_message: None,
        }
    }

    /// Shorthand for `INVALID_ARGUMENT`.
    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Error::new(ErrorCode::InvalidArgument, message)
    }

    /// Shorthand for `INVALID_CONFIG`.
    pub fn invalid_config(message: impl Into<String>) -> Self {
        Error::new(ErrorCode::InvalidConfig, message)
    }

    /// Shorthand for `MALFORMED_RESPONSE`.
    pub fn malformed(message: impl Into<String>) -> Self {
        Error::new(ErrorCode::MalformedResponse, message)
    }

    /// Sets the provider's error code.
    pub fn with_provider_code(mut self, code: impl Into<String>) -> Self {
        self.provider_code = Some(code.into());
        self
    }

    /// Sets the HTTP status.
    pub fn with_http_status(mut self, status: u16) -> Self {
        self.http_status = Some(status);
        self
    }

    /// Sets the provider request id.
    pub fn with_request_id(mut self, id: Option<String>) -> Self {
        self.request_id = id;
        self
    }

    /// Overrides whether the error is retryable.
    pub fn with_retryable(mut self, retryable: bool) -> Self {
        self.retryable = retryable;
        self
    }

    /// Keeps the provider's own text, whole, as data (see [`Error::provider_message`]); an
    /// empty text is no message and leaves it unset.
    pub fn with_provider_message(mut self, text: impl Into<String>) -> Self {
        let text = text.into();
        self.provider_message = Some(text).filter(|t| !t.is_empty());
        self
    }

    /// Attaches structured detail.
    pub fn with_detail(mut self, detail: crate::core::json_value::Value) -> Self {
        self.detail = Some(detail);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for Error {}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, Error>;

/// The most characters of untrusted text [`quote_untrusted`] puts into a message.
pub const MAX_QUOTED_CHARS: usize = 200;

/// Text payquery did not write (a provider's message or code, a header value from the network),
/// made safe to put into a message: in double quotes, at most [`MAX_QUOTED_CHARS`] characters
/// (then `…`), with `"`, `\`, control characters, line and paragraph separators and bidi
/// controls escaped as `\n`, `\u{202e}`..., so it cannot end the quote, break a log line or
/// reorder what follows. Never use it for values the caller passed: see [`describe_refused`].
pub fn quote_untrusted(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_QUOTED_CHARS * 4) + 2);
    out.push('"');
    for (i, c) in text.chars().enumerate() {
        if i == MAX_QUOTED_CHARS {
            out.push('…');
            break;
        }
        push_escaped(&mut out, c);
    }
    out.push('"');
    out
}

/// A provider's code (`ORDERNOTEXIST`, `SYSTEM_ERROR`, `40001`) for a message: as it is when it
/// is a plain token (1 to 64 ASCII letters, digits, `_`, `-`, `.`), otherwise
/// [`quote_untrusted`]. Codes come from the network like any other provider text.
pub fn untrusted_code(code: &str) -> String {
    let plain = (1..=64).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    if plain {
        code.to_owned()
    } else {
        quote_untrusted(code)
    }
}

/// The provider's code and message as one message, e.g. `WeChat Pay: ORDERNOTEXIST
/// "订单不存在"`: `who`, then (after `: `, when there is any) the code by [`untrusted_code`] and
/// each non-empty text by [`quote_untrusted`].
pub fn provider_said(who: &str, code: Option<&str>, texts: &[&str]) -> String {
    let mut parts = code.map(untrusted_code).into_iter().chain(
        texts
            .iter()
            .filter(|t| !t.is_empty())
            .map(|t| quote_untrusted(t)),
    );
    let mut out = who.to_owned();
    if let Some(first) = parts.next() {
        out.push_str(": ");
        out.push_str(&first);
    }
    for part in parts {
        out.push(' ');
        out.push_str(&part);
    }
    out
}

/// A refused value the caller passed, described without showing it: it may be a secret passed
/// in the wrong position (`signType: apiKey`), so only its length in characters and its first
/// two characters (escaped) appear, e.g. `a string of 32 characters starting with "ab"`.
pub fn describe_refused(value: &str) -> String {
    let count = value.chars().count();
    if count == 0 {
        return "an empty string".to_owned();
    }
    let mut start = String::new();
    for c in value.chars().take(2) {
        push_escaped(&mut start, c);
    }
    let unit = if count == 1 {
        "character"
    } else {
        "characters"
    };
    format!("a string of {count} {unit} starting with \"{start}\"")
}

/// The most characters of a caller's field or option name shown as it is.
pub const MAX_NAME_CHARS: usize = 24;

/// A field or option name the caller used that is refused (an unknown option, a bad parameter
/// name): as it is when it is a short identifier (at most [`MAX_NAME_CHARS`] ASCII letters,
/// digits and `_`), as a typo usually is; otherwise [`describe_refused`], since a key pasted
/// as an object key is longer (v2 API keys, app secrets and APIv3 keys are 32 characters).
pub fn describe_name(name: &str) -> String {
    let plain = (1..=MAX_NAME_CHARS).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if plain {
        name.to_owned()
    } else {
        format!("[{}]", describe_refused(name))
    }
}

/// Appends `c`, escaped if it could end a quote, break a line or reorder the display.
fn push_escaped(out: &mut String, c: char) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if c.is_control() || is_invisible_format(c) => {
            out.push_str(&format!("\\u{{{:04x}}}", u32::from(c)));
        }
        c => out.push(c),
    }
}

/// Line and paragraph separators, bidi embeddings, overrides and isolates, and the byte-order
/// mark: not `char::is_control`, but they break lines or reorder text in terminals and logs.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{feff}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_as_their_string_form() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn transport_failures_are_retryable_and_others_are_not() {
        assert!(Error::new(ErrorCode::NetworkError, "x").retryable);
        assert!(Error::new(ErrorCode::Timeout, "x").retryable);
        assert!(!Error::new(ErrorCode::SignatureInvalid, "x").retryable);
        assert!(!Error::new(ErrorCode::Internal, "x").retryable);
    }

    #[test]
    fn untrusted_text_is_quoted_whole_when_short() {
        assert_eq!(quote_untrusted("签名错误"), "\"签名错误\"");
        assert_eq!(quote_untrusted(""), "\"\"");
    }

    #[test]
    fn untrusted_text_cannot_break_a_line_end_the_quote_or_reorder() {
        let q =
            quote_untrusted("a\nFAKE LOG LINE\r\u{0}\u{1b}[31m\"x\\\u{2028}\u{202e}\u{85}\u{7f}\t");
        assert_eq!(
            q,
            "\"a\\nFAKE LOG LINE\\r\\u{0000}\\u{001b}[31m\\\"x\\\\\\u{2028}\\u{202e}\\u{0085}\\u{007f}\\t\""
        );
        assert!(!q.chars().any(|c| c.is_control()));
        // Only the outer quotes are unescaped.
        assert_eq!(q.matches('"').count() - q.matches("\\\"").count(), 2);
    }

    #[test]
    fn untrusted_text_is_bounded_in_characters_not_bytes() {
        let long = "错".repeat(10_000);
        let q = quote_untrusted(&long);
        assert_eq!(q.chars().count(), MAX_QUOTED_CHARS + 3);
        assert!(q.ends_with("…\""));
        let exact = "x".repeat(MAX_QUOTED_CHARS);
        assert_eq!(quote_untrusted(&exact), format!("\"{exact}\""));
        // Escapes lengthen the output but never past six characters per input character.
        let controls = "\u{1}".repeat(10_000);
        assert!(quote_untrusted(&controls).chars().count() <= MAX_QUOTED_CHARS * 8 + 3);
    }

    #[test]
    fn a_refused_value_shows_only_its_length_and_first_two_characters() {
        let key = "192006250b4c09247ec02edce69f6a2d";
        let d = describe_refused(key);
        assert_eq!(d, "a string of 32 characters starting with \"19\"");
        assert!(!d.contains("1920"));
        assert_eq!(describe_refused(""), "an empty string");
        assert_eq!(
            describe_refused("x"),
            "a string of 1 character starting with \"x\""
        );
        assert_eq!(
            describe_refused("\n\u{202e}secret"),
            "a string of 8 characters starting with \"\\n\\u{202e}\""
        );
    }

    #[test]
    fn the_provider_message_is_kept_whole_as_data() {
        let text = "line one\nline two ".repeat(100);
        let e = Error::new(ErrorCode::ProviderError, "x").with_provider_message(text.clone());
        assert_eq!(e.provider_message.as_deref(), Some(text.as_str()));
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["providerMessage"], serde_json::Value::String(text));
    }

    #[test]
    fn provider_codes_are_plain_when_tokens_and_quoted_otherwise() {
        assert_eq!(untrusted_code("ORDERNOTEXIST"), "ORDERNOTEXIST");
        assert_eq!(untrusted_code("40001"), "40001");
        assert_eq!(untrusted_code("A\nB"), "\"A\\nB\"");
        assert_eq!(untrusted_code(""), "\"\"");
        assert_eq!(
            untrusted_code(&"A".repeat(65)),
            format!("\"{}\"", "A".repeat(65))
        );
    }

    #[test]
    fn provider_said_skips_empty_texts() {
        assert_eq!(
            provider_said("WeChat Pay", Some("ORDERNOTEXIST"), &["订单不存在"]),
            "WeChat Pay: ORDERNOTEXIST \"订单不存在\""
        );
        assert_eq!(
            provider_said("Fubei", Some("500"), &["", "x"]),
            "Fubei: 500 \"x\""
        );
        assert_eq!(provider_said("WeChat Pay", None, &[""]), "WeChat Pay");
    }

    #[test]
    fn names_are_shown_when_short_identifiers_and_described_otherwise() {
        assert_eq!(describe_name("timeoutMS"), "timeoutMS");
        assert_eq!(describe_name("out_trade_no"), "out_trade_no");
        let key = "192006250b4c09247ec02edce69f6a2d";
        assert_eq!(
            describe_name(key),
            "[a string of 32 characters starting with \"19\"]"
        );
        assert!(describe_name("a b").starts_with("[a string of 3"));
        assert_eq!(describe_name(""), "[an empty string]");
    }
}
