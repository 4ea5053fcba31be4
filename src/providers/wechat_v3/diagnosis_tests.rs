// Compiled only under #[cfg(test)], as the parent module declares it.
//! Host tests of "a wrong key diagnosed": the signing key's public fingerprint, the
//! key/certificate/serial pairing checked at construction, and the `SIGN_ERROR` verdict
//! (messages differ, and where; or equal, so the key does not match `merchantSerialNo`).
//! Fingerprints were computed independently with OpenSSL (tests/fixtures/v3/README.md).

use super::explain::{compare_signed, visible};
use super::keys::{check_signing_key, parse_private_key, SigningKey};
use super::tests::{direct, MERCHANT_KEY, PLATFORM_CERT};
use super::*;
use crate::error::ErrorCode;
use serde_json::{json, Value};

const MERCHANT_CERT: &str = include_str!("../../../tests/fixtures/v3/fake_merchant_cert.pem");
const MERCHANT_CERT_SERIAL: &str = "3775C0FFEE00000000000000000000000000000A";
/// `openssl pkey -in fake_merchant_key.pem -pubout -outform DER | openssl dgst -sha256`.
const MERCHANT_FINGERPRINT: &str =
    "e149f179377770b5915f4bfd61c8e0fa634faf634d8b6eb5fed5f0406d0c889d";
/// The same for `fake_wechatpay_pub.pem`, the platform certificate's key.
const PLATFORM_FINGERPRINT: &str =
    "a3746758d60ebbcf8d04373680497fd641a41ba3e9a321e56b7702d5ead478a6";

#[test]
fn fingerprints_are_openssls() {
    let key = parse_private_key(MERCHANT_KEY).unwrap();
    assert_eq!(key.public().fingerprint(), MERCHANT_FINGERPRINT);
    let signing = check_signing_key(MERCHANT_CERT_SERIAL, Some(&key), Some(MERCHANT_CERT)).unwrap();
    assert_eq!(
        signing,
        SigningKey {
            key_fingerprint: Some(MERCHANT_FINGERPRINT.into()),
            certificate_fingerprint: Some(MERCHANT_FINGERPRINT.into()),
        }
    );
    // A certificate's fingerprint is its key's, whoever holds the private half.
    let platform = check_signing_key(
        "9A00C0FFEE0000000000000000000000000000F1",
        None,
        Some(PLATFORM_CERT),
    );
    assert_eq!(
        platform.unwrap().certificate_fingerprint.as_deref(),
        Some(PLATFORM_FINGERPRINT)
    );
}

#[test]
fn key_certificate_and_serial_must_be_one_pair() {
    let key = parse_private_key(MERCHANT_KEY).unwrap();
    // Without a certificate only the key's fingerprint is known.
    let alone = check_signing_key("3775B6A45ACD588826D15E583A95F5DD", Some(&key), None).unwrap();
    assert_eq!(alone.key_fingerprint.as_deref(), Some(MERCHANT_FINGERPRINT));
    assert_eq!(alone.certificate_fingerprint, None);
    // Serials compare as hex: case and leading zeros do not matter.
    for serial in [
        MERCHANT_CERT_SERIAL,
        "3775c0ffee00000000000000000000000000000a",
        "003775C0FFEE00000000000000000000000000000A",
    ] {
        assert!(
            check_signing_key(serial, Some(&key), Some(MERCHANT_CERT)).is_ok(),
            "{serial}"
        );
    }
    // Another serial: refused, saying which certificate serial it should be.
    let e = check_signing_key(
        "3775B6A45ACD588826D15E583A95F5DD",
        Some(&key),
        Some(MERCHANT_CERT),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidConfig);
    assert!(
        e.message
            .starts_with("merchantSerialNo is not the serial of merchantCertificate"),
        "{}",
        e.message
    );
    assert!(e.message.contains(MERCHANT_CERT_SERIAL), "{}", e.message);
    let d = e.detail.unwrap().into_serde();
    assert_eq!(d["problem"], "SERIAL_MISMATCH");
    assert_eq!(d["certificateSerialNo"], MERCHANT_CERT_SERIAL);
    // A certificate of another key, with its own serial: the key is what is wrong.
    let e = check_signing_key(
        "9A00C0FFEE0000000000000000000000000000F1",
        Some(&key),
        Some(PLATFORM_CERT),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidConfig);
    assert!(
        e.message
            .starts_with("privateKey does not match merchantCertificate"),
        "{}",
        e.message
    );
    assert!(e.message.contains(MERCHANT_FINGERPRINT) && e.message.contains(PLATFORM_FINGERPRINT));
    let d = e.detail.unwrap().into_serde();
    assert_eq!(d["problem"], "KEY_MISMATCH");
    assert_eq!(d["keyFingerprint"], MERCHANT_FINGERPRINT);
    assert_eq!(d["certificateFingerprint"], PLATFORM_FINGERPRINT);
    // With a signer (no private key) only the serial can be checked.
    let signer = check_signing_key(
        "9A00C0FFEE0000000000000000000000000000F1",
        None,
        Some(PLATFORM_CERT),
    );
    assert!(signer.is_ok());
    // Not a certificate.
    let e = check_signing_key(MERCHANT_CERT_SERIAL, Some(&key), Some(MERCHANT_KEY)).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidConfig);
    assert!(
        e.message.starts_with("merchantCertificate is a"),
        "{}",
        e.message
    );
    assert!(!e.message.contains("MII"), "no key material: {}", e.message);
}

fn sign_error(info: Value) -> HttpResponse {
    let body = json!({ "code": "SIGN_ERROR", "message": "错误的签名，验签失败", "detail": {
        "detail": { "issue": "sign not match" }, "field": "signature", "location": "authorization",
        "sign_information": info } });
    HttpResponse {
        status: 401,
        headers: vec![("Request-ID".into(), "08F78BB5AF0610D302".into())],
        body: serde_json::to_vec(&body).unwrap(),
    }
}

/// WeChat Pay's copy of `message`: the first `shown` bytes of the body, then a newline.
fn truncated(message: &str, shown: usize) -> String {
    let head: Vec<&str> = message.splitn(5, '\n').collect();
    let body = head[4].strip_suffix('\n').unwrap();
    format!(
        "{}\n{}\n",
        head[..4].join("\n"),
        &body[..shown.min(body.len())]
    )
}

fn diagnose(config: &Config, ours: &str, info: Value) -> crate::error::Error {
    check_response(config, &sign_error(info), 1_800_000_000, Some(ours)).unwrap_err()
}

const GET: &str = "GET\n/v3/pay/transactions/out-trade-no/A?mchid=1900000001\n1700000000\nN1\n\n";
const POST: &str = "POST\n/v3/pay/transactions/jsapi\n1700000000\nN1\n{\"amount\":{\"total\":1}}\n";

#[test]
fn equal_messages_mean_the_key_does_not_match_the_serial() {
    let key = parse_private_key(MERCHANT_KEY).unwrap();
    let with_key = direct().with_signing(
        check_signing_key("3775B6A45ACD588826D15E583A95F5DD", Some(&key), None).unwrap(),
    );
    let e = diagnose(
        &with_key,
        GET,
        json!({ "method": "GET", "url": "/v3/…", "sign_message_length": GET.len(), "truncated_sign_message": GET }),
    );
    assert_eq!(e.code, ErrorCode::RequestSignatureRejected);
    assert!(
        e.message.contains("checked exactly the message we signed"),
        "{}",
        e.message
    );
    assert!(
        e.message
            .contains("the key does not match merchantSerialNo"),
        "{}",
        e.message
    );
    assert!(e.message.contains(MERCHANT_FINGERPRINT), "{}", e.message);
    assert!(
        e.message
            .contains("openssl x509 -in apiclient_cert.pem -noout -pubkey"),
        "{}",
        e.message
    );
    let d = e.detail.unwrap().into_serde();
    assert_eq!(d["verdict"], "KEY_MISMATCH");
    assert_eq!(d["firstDifference"], Value::Null);
    assert_eq!(d["keyFingerprint"], MERCHANT_FINGERPRINT);
    assert_eq!(d["certificateFingerprint"], Value::Null);
    assert_eq!(d["merchantSerialNo"], "3775B6A45ACD588826D15E583A95F5DD");
    assert_eq!(d["ours"], GET);
    assert_eq!(d["wechat"], GET);
    assert!(d["hint"].as_str().unwrap().contains(MERCHANT_FINGERPRINT));
    // A body WeChat Pay cut short, with the length of ours: the same message.
    let e = diagnose(
        &with_key,
        POST,
        json!({ "sign_message_length": POST.len(), "truncated_sign_message": truncated(POST, 8) }),
    );
    assert_eq!(e.detail.unwrap().into_serde()["verdict"], "KEY_MISMATCH");
    // With the certificate checked at construction, the certificate is what WeChat Pay refuses.
    let checked = direct().with_signing(SigningKey {
        key_fingerprint: Some(MERCHANT_FINGERPRINT.into()),
        certificate_fingerprint: Some(MERCHANT_FINGERPRINT.into()),
    });
    let e = diagnose(
        &checked,
        GET,
        json!({ "sign_message_length": GET.len(), "truncated_sign_message": GET }),
    );
    assert!(
        e.message
            .contains("privateKey, merchantCertificate and merchantSerialNo are one pair"),
        "{}",
        e.message
    );
    assert!(
        e.message.contains("for merchant 1900000001"),
        "{}",
        e.message
    );
    assert_eq!(
        e.detail.unwrap().into_serde()["certificateFingerprint"],
        MERCHANT_FINGERPRINT
    );
    // A signer: no key to fingerprint.
    let e = diagnose(
        &direct(),
        GET,
        json!({ "sign_message_length": GET.len(), "truncated_sign_message": GET }),
    );
    assert!(
        e.message
            .contains("the key does not match merchantSerialNo: check the signer's key"),
        "{}",
        e.message
    );
    assert_eq!(
        e.detail.unwrap().into_serde()["keyFingerprint"],
        Value::Null
    );
}

#[test]
fn different_messages_say_where() {
    let theirs = GET.replace("A?mchid", "A%7C?mchid");
    let e = diagnose(
        &direct(),
        GET,
        json!({ "sign_message_length": theirs.len(), "truncated_sign_message": theirs }),
    );
    assert!(
        e.message.contains("line 2 (URL, byte 39) differs"),
        "{}",
        e.message
    );
    assert!(
        !e.message.contains("%7C"),
        "WeChat Pay's text stays out of the message"
    );
    let d = e.detail.unwrap().into_serde();
    assert_eq!(d["verdict"], "MESSAGE_DIFFERS");
    assert_eq!(d["firstDifference"]["name"], "URL");
    assert_eq!(d["firstDifference"]["offset"], 39);
    assert_eq!(&GET[..39], &theirs[..39]);
    assert_ne!(GET.as_bytes()[39], theirs.as_bytes()[39]);
    assert!(d["hint"].as_str().unwrap().contains("URL"));
    // The real case of a client that signed a body and sent none: WeChat Pay shows its whole
    // message (its length says so), which ends where ours has a body.
    let sent = "POST\n/v3/transfer/batches\n1700000000\nN1\n\n";
    let e = diagnose(
        &direct(),
        POST.replace("/v3/pay/transactions/jsapi", "/v3/transfer/batches")
            .as_str(),
        json!({ "sign_message_length": sent.len(), "truncated_sign_message": sent }),
    );
    let d = e.detail.unwrap().into_serde();
    assert_eq!(d["verdict"], "MESSAGE_DIFFERS");
    assert_eq!(d["firstDifference"]["name"], "BODY");
    assert_eq!(d["firstDifference"]["offset"], sent.len() - 1);
    // A body that agrees as far as WeChat Pay shows it but is longer: the length tells.
    let e = diagnose(
        &direct(),
        POST,
        json!({ "sign_message_length": POST.len() + 3, "truncated_sign_message": truncated(POST, 8) }),
    );
    assert!(e.message.contains("line 5 (BODY) differs"), "{}", e.message);
    let d = e.detail.unwrap().into_serde();
    assert_eq!(d["firstDifference"]["offset"], Value::Null);
    let hint = d["hint"].as_str().unwrap();
    assert!(
        hint.contains(&format!("{} bytes, ours {}", POST.len() + 3, POST.len())),
        "{hint}"
    );
    // sign_message_length as text, as some gateways relay it.
    let e = diagnose(
        &direct(),
        POST,
        json!({ "sign_message_length": (POST.len() + 1).to_string(), "truncated_sign_message": truncated(POST, 8) }),
    );
    assert_eq!(
        e.detail.unwrap().into_serde()["wechatLength"],
        POST.len() + 1
    );
    // Invisible characters are shown.
    let theirs = GET.replace("A?mchid", "A\u{200b}?mchid");
    let e = diagnose(
        &direct(),
        GET,
        json!({ "sign_message_length": theirs.len(), "truncated_sign_message": theirs }),
    );
    let d = e.detail.unwrap().into_serde();
    assert_eq!(
        d["firstDifference"]["wechatShown"],
        "/v3/pay/transactions/out-trade-no/A⟨U+200B⟩?mchid=1900000001"
    );
    assert_eq!(
        d["firstDifference"]["oursShown"],
        "/v3/pay/transactions/out-trade-no/A?mchid=1900000001"
    );
}

#[test]
fn without_wechats_copy_there_is_no_verdict() {
    let body = json!({ "code": "SIGN_ERROR", "message": "商户证书序列号有误。请使用签名私钥匹配的证书序列号" });
    let r = HttpResponse {
        status: 401,
        headers: vec![],
        body: serde_json::to_vec(&body).unwrap(),
    };
    let e = check_response(&direct(), &r, 1_800_000_000, Some(GET)).unwrap_err();
    assert_eq!(e.code, ErrorCode::RequestSignatureRejected);
    let d = e.detail.unwrap().into_serde();
    assert_eq!(d["verdict"], "UNDETERMINED");
    assert_eq!(d["ours"], GET);
    assert_eq!(d["wechat"], Value::Null);
    // verifyResponse knows no message of ours: no verdict either.
    let e = check_response(
        &direct(),
        &sign_error(json!({ "truncated_sign_message": GET })),
        1_800_000_000,
        None,
    )
    .unwrap_err();
    assert_eq!(e.detail.unwrap().into_serde()["verdict"], "UNDETERMINED");
}

#[test]
fn compare_and_show() {
    assert_eq!(compare_signed(GET, GET, None), None);
    assert_eq!(compare_signed(POST, &truncated(POST, 3), None), None);
    assert_eq!(
        compare_signed(POST, &truncated(POST, 3), Some(POST.len() as u64)),
        None
    );
    let d = compare_signed(POST, &truncated(POST, 3), Some(POST.len() as u64 - 1)).unwrap();
    assert_eq!((d.name, d.offset), ("BODY", None));
    // A whole copy (its length is the reported one) must equal ours, prefix or not.
    let short = truncated(POST, 3);
    let d = compare_signed(POST, &short, Some(short.len() as u64)).unwrap();
    assert_eq!(d.offset, Some(short.len() - 1));
    let d = compare_signed(GET, &GET.replace("1700000000", "1700000001"), None).unwrap();
    assert_eq!((d.line, d.name), (3, "TIMESTAMP"));
    assert_eq!(
        visible("a\r\n\tb\u{a0}c\u{feff}  "),
        "a␍␊␉b⟨U+00A0⟩c⟨U+FEFF⟩␠␠"
    );
    assert_eq!(visible("签名 ok"), "签名 ok");
}
