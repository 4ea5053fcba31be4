//! One error type for the whole crate, with stable SCREAMING_SNAKE codes.
//!
//! The code is the contract: callers branch on it, messages are for humans and may change.
//! No message ever contains a secret (API key, app secret, private key): messages are built
//! from field names and public values only.

use serde::Serialize;
use std::fmt;

/// Stable error codes. Serialised as `SCREAMING_SNAKE_CASE` strings (`INVALID_ARGUMENT`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
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
            ErrorCode::ProviderError => "PROVIDER_ERROR",
            ErrorCode::HttpError => "HTTP_ERROR",
            ErrorCode::NetworkError => "NETWORK_ERROR",
            ErrorCode::Timeout => "TIMEOUT",
            ErrorCode::Aborted => "ABORTED",
            ErrorCode::DecryptFailed => "DECRYPT_FAILED",
            ErrorCode::Unsupported => "UNSUPPORTED",
            ErrorCode::Internal => "INTERNAL",
        }
    }

    /// Every code, in documentation order (the README table is checked against this list).
    pub const ALL: [ErrorCode; 18] = [
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
        ErrorCode::ProviderError,
        ErrorCode::HttpError,
        ErrorCode::NetworkError,
        ErrorCode::Timeout,
        ErrorCode::Aborted,
        ErrorCode::DecryptFailed,
        ErrorCode::Unsupported,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<serde_json::Value>,
    /// How many attempts the call made before failing (set by the transport).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attempts: Option<u32>,
    /// The host the last attempt went to (set by the transport).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
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

    /// Attaches structured detail.
    pub fn with_detail(mut self, detail: serde_json::Value) -> Self {
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
}
