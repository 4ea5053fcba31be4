// Compiled only under #[cfg(test)], as the parent module declares it.
//! Tests of HTTP as plain data: headers, URLs, retry policy and Retry-After.

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
    // http:// only for loopback hosts; https:// anywhere.
    for ok in [
        "http://127.0.0.1",
        "http://127.1.2.3:9/prefix",
        "http://localhost:3000",
        "http://LOCALHOST",
        "http://sandbox.localhost",
        "http://[::1]:8080",
        "https://10.0.0.1",
    ] {
        assert!(normalize_base_url("baseUrl", ok).is_ok(), "{ok}");
    }
    for bad in [
        "http://api.mch.weixin.qq.com",
        "http://10.0.0.1:8080",
        "http://128.0.0.1",
        "http://127.0.0.1.example.com",
        "http://localhost.example.com",
        "http://[::2]",
        "http://[::1",
        "http://0.0.0.0",
    ] {
        let e = normalize_base_url("backupBaseUrl", bad).unwrap_err();
        assert_eq!(e.code, crate::error::ErrorCode::InvalidConfig, "{bad}");
        assert!(e.message.starts_with("backupBaseUrl "), "{}", e.message);
    }
    let e = normalize_base_url("baseUrl", "http://api.mch.weixin.qq.com").unwrap_err();
    assert!(e.message.contains("use https://"), "{}", e.message);
    assert!(!e.message.contains("weixin"), "never echoes the URL");
}

fn err(code: crate::error::ErrorCode, status: Option<u16>, retryable: bool) -> crate::error::Error {
    let mut e = crate::error::Error::new(code, "x").with_retryable(retryable);
    e.http_status = status;
    e
}

#[test]
fn retries_only_retryable_errors_within_the_budget() {
    use crate::error::ErrorCode::*;
    let p = RetryPolicy::default();
    let net = err(NetworkError, None, true);
    assert!(matches!(
        p.next(1, &net, 0.5, None, false, false),
        Next::Retry { .. }
    ));
    assert!(matches!(
        p.next(2, &net, 0.5, None, false, false),
        Next::Retry { .. }
    ));
    assert_eq!(p.next(3, &net, 0.5, None, false, false), Next::Stop);
    for e in [
        err(SignatureInvalid, Some(200), false),
        err(ProviderError, Some(404), false),
        err(InvalidArgument, None, false),
    ] {
        assert_eq!(p.next(1, &e, 0.5, None, false, true), Next::Stop);
    }
    let none = RetryPolicy { retries: 0, ..p };
    assert_eq!(none.next(1, &net, 0.5, None, false, false), Next::Stop);
}

#[test]
fn backoff_is_full_jitter_capped_and_honours_retry_after() {
    let p = RetryPolicy::default();
    let e = err(crate::error::ErrorCode::HttpError, Some(503), true);
    let delay = |attempt, jitter, ra| match (RetryPolicy { retries: 10, ..p })
        .next(attempt, &e, jitter, ra, false, false)
    {
        Next::Retry { delay_ms, .. } => delay_ms,
        Next::Stop => u64::MAX,
    };
    assert_eq!(delay(1, 0.0, None), 0);
    assert_eq!(delay(1, 0.5, None), 100);
    assert_eq!(delay(2, 0.5, None), 200);
    assert_eq!(delay(3, 0.99, None), 792);
    assert_eq!(delay(9, 0.5, None), 2_500);
    assert_eq!(delay(1, 0.1, Some(3_000)), 3_000);
    assert_eq!(delay(1, f64::NAN, None), 0);
    assert_eq!(delay(1, 0.5, Some(120_000)), u64::MAX);
}

#[test]
fn transport_failures_and_5xx_fail_over_to_the_backup() {
    use crate::error::ErrorCode::*;
    let p = RetryPolicy::default();
    let to_backup = |e: &crate::error::Error, has| match p.next(1, e, 0.0, None, false, has) {
        Next::Retry { backup, .. } => backup,
        Next::Stop => false,
    };
    assert!(to_backup(&err(NetworkError, None, true), true));
    assert!(to_backup(&err(Timeout, None, true), true));
    assert!(to_backup(&err(HttpError, Some(502), true), true));
    assert!(!to_backup(&err(HttpError, Some(429), true), true));
    assert!(!to_backup(&err(ProviderError, Some(200), true), true));
    assert!(!to_backup(&err(NetworkError, None, true), false));
}

#[test]
fn retry_after_seconds_and_dates() {
    assert_eq!(parse_retry_after("2", 0), Some(2_000));
    assert_eq!(parse_retry_after(" 0 ", 0), Some(0));
    // 1994-11-06T08:49:37Z = 784111777 s
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_775_000),
        Some(2_000)
    );
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_787_000),
        Some(0)
    );
    assert_eq!(parse_retry_after("soon", 0), None);
    assert_eq!(parse_retry_after("-1", 0), None);
    assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:37 PST", 0), None);
}

#[test]
fn hosts_and_rebasing() {
    assert_eq!(
        url_host("https://api.mch.weixin.qq.com/pay/orderquery"),
        "api.mch.weixin.qq.com"
    );
    assert_eq!(url_host("http://127.0.0.1:8080"), "127.0.0.1:8080");
    assert_eq!(
        rebase_url(
            "https://api.mch.weixin.qq.com/v3/pay/transactions/id/42?mchid=1",
            "https://api2.mch.weixin.qq.com"
        ),
        "https://api2.mch.weixin.qq.com/v3/pay/transactions/id/42?mchid=1"
    );
    assert_eq!(rebase_url("http://a:1", "http://b:2"), "http://b:2");
}

#[test]
fn retryable_provider_codes() {
    assert!(provider_code_is_retryable("SYSTEMERROR"));
    assert!(provider_code_is_retryable("FREQUENCY_LIMITED"));
    assert!(!provider_code_is_retryable("ORDERNOTEXIST"));
}

#[test]
fn retryable_statuses() {
    assert!(status_is_retryable(500));
    assert!(status_is_retryable(503));
    assert!(status_is_retryable(429));
    assert!(!status_is_retryable(404));
    assert!(!status_is_retryable(200));
}
