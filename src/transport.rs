//! HTTP as plain data: what the core asks the binding layer to send, and what came back.
//!
//! The core builds an [`HttpRequest`] and parses an [`HttpResponse`]; performing the call is
//! the binding layer's job (or the caller's, with their own HTTP client).

use serde::Serialize;

/// The most response body payquery reads; anything larger is refused as malformed.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// GET (v3 queries).
    Get,
    /// POST (v2, Fubei).
    Post,
}

impl Method {
    /// `"GET"` or `"POST"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// A request ready to send: exactly these bytes are what was signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The absolute URL.
    pub url: String,
    /// Header names and values, in the order to send them.
    pub headers: Vec<(String, String)>,
    /// The body (empty for GET).
    pub body: String,
}

/// A response as received: status, headers and the raw body bytes, kept for verification.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HttpResponse {
    /// The HTTP status.
    pub status: u16,
    /// Header names (any case) and values.
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A response with status 200, no headers and `body`.
    pub fn ok(body: impl Into<Vec<u8>>) -> Self {
        HttpResponse {
            status: 200,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// The first header named `name`, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Checks a configured base URL (`http(s)://host[:port][/prefix]`) and drops a trailing `/`,
/// so that paths can be appended as they are signed.
pub fn normalize_base_url(field: &str, url: &str) -> crate::error::Result<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let ok = rest.is_some_and(|r| {
        let host = r.split('/').next().unwrap_or_default();
        !host.is_empty()
            && !r.contains(['?', '#', ' ', '\t', '\n', '\r', '\\'])
            && !host.contains('@')
    });
    if !ok {
        return Err(crate::error::Error::invalid_config(format!(
            "{field} must be an http(s) URL without query, fragment or credentials, got {url:?}"
        )));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// Whether an HTTP status means "try again later": 5xx and 429.
pub fn status_is_retryable(status: u16) -> bool {
    status == 429 || (500..600).contains(&status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lookup_ignores_case() {
        let r = HttpResponse {
            status: 200,
            headers: vec![("Request-ID".into(), "abc".into())],
            body: vec![],
        };
        assert_eq!(r.header("request-id"), Some("abc"));
        assert_eq!(r.header("x"), None);
        assert!(r.is_success());
    }

    #[test]
    fn base_urls_are_checked_and_trimmed() {
        assert_eq!(
            normalize_base_url("baseUrl", "http://127.0.0.1:8080/").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            normalize_base_url("baseUrl", "https://api.mch.weixin.qq.com").unwrap(),
            "https://api.mch.weixin.qq.com"
        );
        for bad in [
            "ftp://x",
            "http://",
            "http://a?b",
            "https://u:p@host",
            "api.mch.weixin.qq.com",
            "",
        ] {
            assert!(normalize_base_url("baseUrl", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn retryable_statuses() {
        assert!(status_is_retryable(500));
        assert!(status_is_retryable(503));
        assert!(status_is_retryable(429));
        assert!(!status_is_retryable(404));
        assert!(!status_is_retryable(200));
    }
}
