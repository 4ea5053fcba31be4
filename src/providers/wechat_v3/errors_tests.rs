// Compiled only under #[cfg(test)], as the parent module declares it.
//! Host tests of non-2xx answers (provider errors, the `SIGN_ERROR` comparison) and
//! `explainV3`.

use super::explain::{compare_messages, explain_request, explain_response};
use super::tests::{direct, NOW, PUB_ID};
use super::*;
use crate::error::ErrorCode;
use serde_json::json;

fn response(status: u16, body: serde_json::Value) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![("Request-ID".into(), "08F78BB5AF0610D302".into())],
        body: body.to_string().into_bytes(),
    }
}

#[test]
fn provider_errors_keep_code_status_request_id_and_retryability() {
    let c = direct();
    for (status, code, stable, retryable) in [
        (404, "ORDER_NOT_EXIST", ErrorCode::OrderNotFound, false),
        // Whatever the status, the code decides (never retried).
        (500, "ORDER_NOT_EXIST", ErrorCode::OrderNotFound, false),
        (429, "FREQUENCY_LIMITED", ErrorCode::ProviderError, true),
        (500, "SYSTEM_ERROR", ErrorCode::ProviderError, true),
        (403, "NO_AUTH", ErrorCode::ProviderError, false),
    ] {
        let r = response(
            status,
            json!({ "code": code, "message": "m", "detail": { "field": "f" } }),
        );
        let e = check_response(&c, &r, NOW, None).unwrap_err();
        assert_eq!(e.code, stable, "{status} {code}");
        assert_eq!(e.provider_code.as_deref(), Some(code));
        assert_eq!(e.http_status, Some(status));
        assert_eq!(e.request_id.as_deref(), Some("08F78BB5AF0610D302"));
        assert_eq!(e.retryable, retryable, "{code}");
        assert_eq!(
            e.detail.map(crate::core::json_value::Value::into_serde),
            Some(json!({ "field": "f" }))
        );
    }
    let html = HttpResponse {
        status: 502,
        headers: vec![],
        body: b"<html>".to_vec(),
    };
    let e = check_response(&c, &html, NOW, None).unwrap_err();
    assert_eq!((e.code, e.retryable), (ErrorCode::HttpError, true));
    // Verification failures of a 2xx answer keep the request id too.
    let unsigned = response(200, json!({}));
    let e = check_response(&c, &unsigned, NOW, None).unwrap_err();
    assert_eq!(e.code, ErrorCode::SignatureMissing);
    assert_eq!(e.request_id.as_deref(), Some("08F78BB5AF0610D302"));
}

#[test]
fn sign_error_shows_both_messages_and_the_first_difference() {
    let ours = "GET\n/v3/pay/transactions/out-trade-no/A?mchid=1\n1700000000\nN1\n\n";
    let theirs = "GET\n/v3/pay/transactions/out-trade-no/A%7C?mchid=1\n1700000000\nN1\n\n";
    let body = json!({ "code": "SIGN_ERROR", "message": "签名错误", "detail": {
        "field": "signature", "location": "authorization",
        "sign_information": { "method": "GET", "url": "/v3/…", "sign_message_length": 64,
            "truncated_sign_message": theirs } } });
    let e = check_response(&direct(), &response(401, body), NOW, Some(ours)).unwrap_err();
    assert_eq!(e.code, ErrorCode::RequestSignatureRejected);
    assert!(e.message.contains("explainV3()"), "{}", e.message);
    assert!(!e.retryable);
    assert_eq!(e.provider_code.as_deref(), Some("SIGN_ERROR"));
    let d = e.detail.unwrap().into_serde();
    assert_eq!(d["ours"], ours);
    assert_eq!(d["wechat"], theirs);
    assert_eq!(d["firstDifference"]["name"], "URL");
    assert_eq!(d["firstDifference"]["line"], 2);
    assert_eq!(d["wechatLength"], 64);
    assert_eq!(d["provider"]["location"], "authorization");
    // WeChat Pay truncates the body of its copy: a prefix is not a difference.
    let long = "POST\n/v3/x\n1\nN\n{\"amount\":1}\n";
    assert_eq!(compare_messages(long, "POST\n/v3/x\n1\nN\n{\"amo\n"), None);
    let diff = compare_messages(long, "POST\n/v3/x\n1\nN\n{\"other\n").unwrap();
    assert_eq!(diff.name, "BODY");
}

#[test]
fn explain_shows_the_exact_messages() {
    let auth = auth::authorization("1900000001", "N1", 1_700_000_000, "S", "c2ln");
    let r = explain_request(
        "get",
        "https://api.mch.weixin.qq.com/v3/x?a=1",
        "",
        None,
        None,
        Some(&auth),
        None,
    )
    .unwrap();
    assert_eq!(r.message, "GET\n/v3/x?a=1\n1700000000\nN1\n\n");
    assert_eq!(r.matches, None);
    let r = explain_request(
        "GET",
        "/v3/x?a=1",
        "",
        Some(1_700_000_000),
        Some("N1"),
        None,
        Some("GET\n/v3/x?a=2\n1700000000\nN1\n\n"),
    )
    .unwrap();
    assert_eq!(r.matches, Some(false));
    assert_eq!(r.first_difference.unwrap().name, "URL");
    assert!(r.hint.unwrap().contains("percent-encoding"));
    assert!(explain_request("GET", "/v3/x", "", None, None, None, None).is_err());
    let resp = HttpResponse {
        status: 200,
        headers: vec![
            ("Wechatpay-Timestamp".into(), (NOW - 400).to_string()),
            ("Wechatpay-Nonce".into(), "n".into()),
            ("Wechatpay-Signature".into(), "WECHATPAY/SIGNTEST/x".into()),
            ("Wechatpay-Serial".into(), PUB_ID.into()),
        ],
        body: b"{}".to_vec(),
    };
    let x = explain_response(&resp, NOW, 300);
    assert_eq!(
        x.message.as_deref(),
        Some(format!("{}\nn\n{{}}\n", NOW - 400).as_str())
    );
    assert!(x.probe);
    assert_eq!((x.skew_seconds, x.within_skew), (Some(400), Some(false)));
    let bare = explain_response(&HttpResponse::ok("{}"), NOW, 300);
    assert_eq!(bare.missing.len(), 4);
    assert_eq!(bare.message, None);
}

/// WeChat Pay's `detail` reaches JavaScript as sent: members in its order, numbers as their
/// text (so `JSON.parse` gives what it gives of the body), a name given twice written twice
/// (`JSON.parse` keeps the last, as serde_json's map did); `code` and `message` are the last
/// given.
#[test]
fn the_provider_detail_is_kept_as_read() {
    let body = br#"{"code":"X","message":"m","detail":{"z":1.50,"a":[8.007e1,-0],"z":2},"code":"PARAM_ERROR"}"#;
    let r = HttpResponse {
        status: 400,
        headers: vec![],
        body: body.to_vec(),
    };
    let e = check_response(&direct(), &r, NOW, None).unwrap_err();
    assert_eq!(e.provider_code.as_deref(), Some("PARAM_ERROR"));
    let text = crate::core::json_write::to_json(&crate::error_json::Extra(&e)).unwrap();
    assert!(
        text.contains(r#""detail":{"z":1.50,"a":[8.007e1,-0],"z":2}"#),
        "{text}"
    );
}
