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
/// so that paths can be appended as they are signed. Plain `http://` is only for a loopback
/// host (a local sandbox or proxy): anywhere else the answer (Fubei's is unsigned) and the
/// request could be read or changed on the way.
pub fn normalize_base_url(field: &str, url: &str) -> crate::error::Result<String> {
    let (rest, tls) = match url.strip_prefix("https://") {
        Some(r) => (Some(r), true),
        None => (url.strip_prefix("http://"), false),
    };
    // The URL itself is never quoted: it may carry a password (`https://user:pass@host`).
    let problem = match rest {
        None => Some("does not start with https:// or http://"),
        Some(r) => {
            let host = r.split('/').next().unwrap_or_default();
            if host.contains('@') {
                Some("has credentials (user:password@)")
            } else if host.is_empty() {
                Some("has no host")
            } else if r.contains(['?', '#', ' ', '\t', '\n', '\r', '\\']) {
                Some("has a query, a fragment, a backslash or whitespace")
            } else if !tls && !is_loopback_authority(host) {
                Some("uses http:// for a host that is not loopback (127.0.0.0/8, ::1, localhost): use https://")
            } else {
                None
            }
        }
    };
    if let Some(problem) = problem {
        return Err(crate::error::Error::invalid_config(format!(
            "{field} must be an http(s) URL without query, fragment or credentials; it {problem}"
        )));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// Whether `authority` (`host[:port]`, no credentials) names this machine: `localhost` (or a
/// name under `.localhost`), an IPv4 address in 127.0.0.0/8, or `[::1]`.
fn is_loopback_authority(authority: &str) -> bool {
    let host = if let Some(v6) = authority.strip_prefix('[') {
        match v6.split_once(']') {
            Some((addr, port)) if port.is_empty() || port.starts_with(':') => {
                return crate::core::ip::ipv6(addr) == Some([0, 0, 0, 0, 0, 0, 0, 1]);
            }
            _ => return false,
        }
    } else {
        authority.split(':').next().unwrap_or_default()
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || crate::core::ip::ipv4(&host).is_some_and(|[first, ..]| first == 127)
}

/// What follows the first `://` of `url` (all of it without one). A byte search: a `str`
/// pattern would link core's two-way substring searcher (1.8 KB) for this and one other use.
fn after_scheme(url: &str) -> &str {
    url.as_bytes()
        .windows(3)
        .position(|w| w == b"://")
        .and_then(|i| url.get(i + 3..))
        .unwrap_or(url)
}

/// The `host[:port]` of an absolute URL (what results report as `host`).
pub fn url_host(url: &str) -> &str {
    let rest = after_scheme(url);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// `url` with its scheme and authority replaced by `base` (a normalised base URL): moves a
/// signed request to the backup host. APIv2 and APIv3 signatures do not cover the host.
pub fn rebase_url(url: &str, base: &str) -> String {
    let rest = after_scheme(url);
    let path = rest
        .find(['/', '?', '#'])
        .map_or("", |i| rest.get(i..).unwrap_or(""));
    format!("{base}{path}")
}

/// Whether an HTTP status means "try again later": 5xx and 429.
pub fn status_is_retryable(status: u16) -> bool {
    status == 429 || (500..600).contains(&status)
}

/// `HTTP_ERROR` for a status the API does not answer with data: `who` names the provider,
/// `why` (may be empty) adds what was missing. Retryable for 5xx and 429.
pub fn http_status_error(who: &str, status: u16, why: &str) -> crate::error::Error {
    // Printed as a u32, whose formatter the module has anyway (u16's is another 290 bytes).
    let shown = u32::from(status);
    let message = if why.is_empty() {
        format!("{who} answered HTTP {shown}")
    } else {
        format!("{who} answered HTTP {shown} {why}")
    };
    crate::error::Error::new(crate::error::ErrorCode::HttpError, message)
        .with_http_status(status)
        .with_retryable(status_is_retryable(status))
}

/// Provider error codes documented as "retry with the same request": WeChat APIv2
/// (`SYSTEMERROR`, `BANKERROR`) and APIv3 (`SYSTEM_ERROR`, `BANK_ERROR`, `FREQUENCY_LIMITED`,
/// `RATELIMIT_EXCEEDED`). Providers mark their errors retryable from this list.
pub const RETRYABLE_PROVIDER_CODES: &[&str] = &[
    "SYSTEMERROR",
    "BANKERROR",
    "SYSTEM_ERROR",
    "BANK_ERROR",
    "FREQUENCY_LIMITED",
    "RATELIMIT_EXCEEDED",
];

/// Whether a provider error code is one of [`RETRYABLE_PROVIDER_CODES`].
pub fn provider_code_is_retryable(code: &str) -> bool {
    RETRYABLE_PROVIDER_CODES.contains(&code)
}

/// The retry policy every client uses, as pure data. Order queries are idempotent reads, so a
/// failure that may be transient is retried; a verified "no" (signature, 4xx, bad argument) is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (2 means up to 3 attempts).
    pub retries: u32,
    /// Backoff base: the first retry waits up to this long.
    pub base_delay_ms: u64,
    /// Backoff cap.
    pub max_delay_ms: u64,
    /// A `Retry-After` longer than this ends the retries instead of blocking the caller.
    pub max_retry_after_ms: u64,
}

/// Most retries a caller may ask for.
pub const MAX_RETRIES: u32 = 10;

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            retries: 2,
            base_delay_ms: 200,
            max_delay_ms: 5_000,
            max_retry_after_ms: 60_000,
        }
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Give up and report the error.
    Stop,
    /// Wait this long, then try again (on the backup host if `backup`).
    Retry {
        /// The wait in ms.
        delay_ms: u64,
        /// Whether the next attempt goes to the backup host.
        backup: bool,
    },
}

impl RetryPolicy {
    /// Decides after attempt number `attempt` (1-based) failed with `err`.
    ///
    /// `jitter` is a uniform random number in [0, 1) (full jitter: the wait is uniform in
    /// [0, min(cap, base * 2^(attempt-1)))), `retry_after_ms` the server's `Retry-After`, which is
    /// honoured as a minimum. `on_backup` says where the failed attempt went; `has_backup` whether
    /// a backup host is configured: a transport failure or 5xx moves the next attempt there.
    pub fn next(
        &self,
        attempt: u32,
        err: &crate::error::Error,
        jitter: f64,
        retry_after_ms: Option<u64>,
        on_backup: bool,
        has_backup: bool,
    ) -> Next {
        if !err.retryable || attempt > self.retries {
            return Next::Stop;
        }
        if retry_after_ms.is_some_and(|ms| ms > self.max_retry_after_ms) {
            return Next::Stop;
        }
        let exp = self
            .base_delay_ms
            .saturating_mul(1u64 << attempt.saturating_sub(1).min(20));
        let ceiling = exp.min(self.max_delay_ms);
        let jitter = if jitter.is_finite() {
            jitter.clamp(0.0, 1.0)
        } else {
            0.0
        };
        // ceiling <= max_delay_ms, far below 2^53, so the float round trip is exact enough.
        let jittered = (ceiling as f64 * jitter) as u64;
        let delay_ms = jittered.max(retry_after_ms.unwrap_or(0));
        Next::Retry {
            delay_ms,
            backup: on_backup || (has_backup && fails_over(err)),
        }
    }
}

/// Whether `err` says the host itself is in trouble (no answer, or a 5xx), so the next attempt
/// should go to the backup host. A provider's business answer is not a host failure.
pub fn fails_over(err: &crate::error::Error) -> bool {
    use crate::error::ErrorCode;
    match err.code {
        ErrorCode::NetworkError | ErrorCode::Timeout => true,
        ErrorCode::HttpError | ErrorCode::ProviderError => {
            err.http_status.is_some_and(|s| (500..600).contains(&s))
        }
        _ => false,
    }
}

/// Parses `Retry-After`: delay-seconds, or an HTTP-date (IMF-fixdate) relative to `now_ms`.
pub fn parse_retry_after(value: &str, now_ms: u64) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse::<u64>().ok()?.checked_mul(1000);
    }
    // "Sun, 06 Nov 1994 08:49:37 GMT"
    let mut parts = value.split_whitespace();
    let (_, day, month, year, time, zone) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if zone != "GMT" || parts.next().is_some() {
        return None;
    }
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| *m == month)?;
    let mut hms = time.split(':').map(|p| p.parse::<i64>().ok());
    let (h, mi, s) = (hms.next()??, hms.next()??, hms.next()??);
    let days =
        crate::core::time::days_from_civil(year.parse().ok()?, month as i64 + 1, day.parse().ok()?);
    let at_ms = (days * 86_400 + h * 3600 + mi * 60 + s).checked_mul(1000)?;
    let now = i64::try_from(now_ms).ok()?;
    Some(u64::try_from(at_ms.saturating_sub(now)).unwrap_or(0))
}

#[cfg(test)]
#[path = "transport_tests.rs"]
mod tests;
