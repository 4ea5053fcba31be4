//! Host tests of the v3 core: messages with an injected clock and nonce (known answers),
//! header and URL rules, verification rules in order, and key and certificate parsing.
//! The fixtures are fake keys generated with OpenSSL (tests/fixtures/v3/README.md).

use super::keys::{self, KeySource};
use super::*;
use crate::error::ErrorCode;

pub(super) const MERCHANT_KEY: &str =
    include_str!("../../../tests/fixtures/v3/fake_merchant_key.pem");
const MERCHANT_KEY_PKCS1: &str =
    include_str!("../../../tests/fixtures/v3/fake_merchant_key_pkcs1.pem");
const MERCHANT_KEY_ENCRYPTED: &str =
    include_str!("../../../tests/fixtures/v3/fake_merchant_key_encrypted.pem");
const MERCHANT_PUB: &str = include_str!("../../../tests/fixtures/v3/fake_merchant_pub.pem");
const MERCHANT_PUB_PKCS1: &str =
    include_str!("../../../tests/fixtures/v3/fake_merchant_pub_pkcs1.pem");
pub(super) const PLATFORM_CERT: &str =
    include_str!("../../../tests/fixtures/v3/fake_platform_cert.pem");
pub(super) const WECHATPAY_PUB: &str =
    include_str!("../../../tests/fixtures/v3/fake_wechatpay_pub.pem");
const RSA1024_KEY: &str = include_str!("../../../tests/fixtures/v3/fake_rsa1024_key.pem");
const EC_KEY: &str = include_str!("../../../tests/fixtures/v3/fake_ec_key.pem");
const REQUEST_MESSAGE: &str = include_str!("../../../tests/fixtures/v3/request_message.txt");

/// The fixture certificate's validity (see the fixtures README).
pub(super) const CERT_NOT_BEFORE: i64 = 1_795_346_578;
const CERT_NOT_AFTER: i64 = 4_948_946_578;
/// A clock inside the certificate's validity.
pub(super) const NOW: i64 = CERT_NOT_BEFORE + 86_400;
pub(super) const CERT_SERIAL: &str = "9A00C0FFEE0000000000000000000000000000F1";
pub(super) const PUB_ID: &str = "PUB_KEY_ID_0114232134912410000000000000";
const NONCE: &str = "593BEC0C930BF1AFEB40B4A08C8FB242";

pub(super) fn store() -> KeyStore {
    KeyStore::new(vec![
        keys::parse_certificate(0, PLATFORM_CERT, NOW).unwrap(),
        keys::parse_public_key(PUB_ID, WECHATPAY_PUB).unwrap(),
    ])
    .unwrap()
}

pub(super) fn direct() -> Config {
    Config::new(
        Mode::Direct {
            mchid: "1900000001".into(),
        },
        "3775B6A45ACD588826D15E583A95F5DD".into(),
        store(),
        None,
        None,
        Some(Secret::new("0123456789abcdef0123456789ABCDEF")),
    )
    .unwrap()
}

pub(super) fn partner() -> Config {
    Config::new(
        Mode::Partner {
            sp_mchid: "1900000100".into(),
            sub_mchid: "1900000109".into(),
        },
        "3775B6A45ACD588826D15E583A95F5DD".into(),
        store(),
        Some("http://127.0.0.1:9000/"),
        Some(60),
        None,
    )
    .unwrap()
}

#[test]
fn direct_query_message_is_the_known_answer() {
    let q = Query::by_out_trade_no("PQ-V3-PAID").unwrap();
    let u = build_query(&direct(), &q, 1_700_000_000, NONCE, "node/20").unwrap();
    assert_eq!(u.auth.message, REQUEST_MESSAGE);
    assert_eq!(
        u.auth.message,
        "GET\n/v3/pay/transactions/out-trade-no/PQ-V3-PAID?mchid=1900000001\n1700000000\n\
         593BEC0C930BF1AFEB40B4A08C8FB242\n\n"
    );
    assert_eq!(
        u.request.url,
        "https://api.mch.weixin.qq.com/v3/pay/transactions/out-trade-no/PQ-V3-PAID?mchid=1900000001"
    );
    let r = u.sign("c2ln".repeat(86).as_str()).unwrap();
    let header = |n: &str| {
        r.headers
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(
        header("Authorization"),
        Some(
            format!(
                "WECHATPAY2-SHA256-RSA2048 mchid=\"1900000001\",nonce_str=\"{NONCE}\",\
                 timestamp=\"1700000000\",serial_no=\"3775B6A45ACD588826D15E583A95F5DD\",\
                 signature=\"{}\"",
                "c2ln".repeat(86)
            )
            .as_str()
        )
    );
    assert_eq!(header("Accept"), Some("application/json"));
    assert_eq!(
        header("User-Agent"),
        Some(format!("payquery/{} (node/20)", env!("CARGO_PKG_VERSION")).as_str())
    );
    // The public key wins over the certificate: it is what makes WeChat Pay sign with it.
    assert_eq!(header("Wechatpay-Serial"), Some(PUB_ID));
}

#[test]
fn partner_transaction_id_and_combine_paths() {
    let p = partner();
    let id = Query::by_transaction_id("4200000000202401010000000001").unwrap();
    let u = build_query(&p, &id, 1_700_000_000, NONCE, "deno/2").unwrap();
    assert_eq!(
        u.auth.message,
        "GET\n/v3/pay/partner/transactions/id/4200000000202401010000000001\
         ?sp_mchid=1900000100&sub_mchid=1900000109\n1700000000\n\
         593BEC0C930BF1AFEB40B4A08C8FB242\n\n"
    );
    assert_eq!(u.auth.mchid, "1900000100", "the service provider signs");
    assert!(u
        .request
        .url
        .starts_with("http://127.0.0.1:9000/v3/pay/partner/"));
    let otn = Query::by_out_trade_no("PQ-V3-SP").unwrap();
    assert_eq!(
        query_url(&p, &otn),
        "/v3/pay/partner/transactions/out-trade-no/PQ-V3-SP?sp_mchid=1900000100&sub_mchid=1900000109"
    );
    let combine = Query::by_combine_out_trade_no("PQ-V3-COMBINE").unwrap();
    assert_eq!(
        query_url(&p, &combine),
        "/v3/combine-transactions/out-trade-no/PQ-V3-COMBINE"
    );
}

#[test]
fn path_segments_are_percent_encoded_and_signed_as_sent() {
    let q = Query::by_out_trade_no("a|b*c@d_e-f").unwrap();
    let url = query_url(&direct(), &q);
    assert_eq!(
        url,
        "/v3/pay/transactions/out-trade-no/a%7Cb%2Ac%40d_e-f?mchid=1900000001"
    );
    let u = build_query(&direct(), &q, 1_700_000_000, NONCE, "node/20").unwrap();
    assert!(u.auth.message.contains(&url));
    assert!(u.request.url.ends_with(&url));
    for bad in ["", "has space", "中文", &"x".repeat(33)] {
        assert_eq!(
            Query::by_out_trade_no(bad).unwrap_err().code,
            ErrorCode::InvalidArgument
        );
    }
}

#[test]
fn build_authorization_takes_any_url_form() {
    let c = direct();
    let u = unsigned_authorization(
        &c,
        "post",
        "https://api.mch.weixin.qq.com/v3/pay/transactions/jsapi",
        "{\"a\":1}",
        1_554_208_460,
        "593BEC0C930BF1AFEB40B4A08C8FB242",
    )
    .unwrap();
    assert_eq!(
        u.message,
        "POST\n/v3/pay/transactions/jsapi\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n{\"a\":1}\n"
    );
    for (url, signed) in [
        ("https://h/v3/x?a=%20b", "/v3/x?a=%20b"),
        ("http://h:8080?x=1", "/?x=1"),
        ("https://h", "/"),
        ("/v3/certificates", "/v3/certificates"),
    ] {
        assert_eq!(auth::signed_url(url).unwrap(), signed, "{url}");
    }
    for bad in ["v3/x", "https:///x", "/a b", "/a#b", "/中"] {
        assert!(auth::signed_url(bad).is_err(), "{bad}");
    }
    for (bad_nonce, bad_ts) in [("", 1), ("has-dash", 1), (NONCE, 0), (NONCE, -5)] {
        assert!(unsigned_authorization(&c, "GET", "/x", "", bad_ts, bad_nonce).is_err());
    }
    assert!(unsigned_authorization(&c, "TRACE", "/x", "", 1, NONCE).is_err());
    assert_eq!(
        u.header("not base64!").unwrap_err().code,
        ErrorCode::InvalidConfig
    );
}

#[test]
fn authorization_headers_parse_back() {
    let h = auth::authorization("1900000001", NONCE, 1_700_000_000, "ABC", "c2ln");
    let f = auth::parse_authorization(&h).unwrap();
    assert_eq!(
        (f.mchid.as_str(), f.nonce_str.as_str(), f.timestamp.as_str()),
        ("1900000001", NONCE, "1700000000")
    );
    assert_eq!(
        (f.serial_no.as_str(), f.signature.as_str()),
        ("ABC", "c2ln")
    );
    assert!(auth::parse_authorization("Bearer x").is_err());
    assert!(auth::parse_authorization("WECHATPAY2-SHA256-RSA2048 mchid=\"1\"").is_err());
}

fn headers(ts: &str, nonce: &str, sig: &str, serial: &str) -> Vec<(String, String)> {
    vec![
        ("wechatpay-timestamp".into(), ts.into()),
        ("Wechatpay-Nonce".into(), nonce.into()),
        ("WECHATPAY-SIGNATURE".into(), sig.into()),
        ("Wechatpay-Serial".into(), serial.into()),
        ("Request-ID".into(), "08F78BB5AF0610D302".into()),
    ]
}

#[test]
fn verification_message_is_raw_bytes_with_three_lines() {
    let body = b"{\"a\": 1}\xff";
    assert_eq!(
        verify::verify_message("1700000000", "n0", body),
        b"1700000000\nn0\n{\"a\": 1}\xff\n".to_vec()
    );
    let ts = NOW.to_string();
    let s = store();
    let check = verify::prepare(&s, &headers(&ts, "n0", "c2ln", PUB_ID), body, NOW, 300).unwrap();
    assert_eq!(check.key_index, 1);
    assert_eq!(check.signature, b"sig");
    assert_eq!(check.message, verify::verify_message(&ts, "n0", body));
    assert_eq!(
        verify::verdict(false, &check).unwrap_err().code,
        ErrorCode::SignatureInvalid
    );
    assert!(verify::verdict(true, &check).is_ok());
}

#[test]
fn verification_rules_apply_in_order() {
    let s = store();
    let ts = NOW.to_string();
    let code = |h: Vec<(String, String)>, now: i64| {
        verify::prepare(&s, &h, b"{}", now, 300).unwrap_err().code
    };
    let mut missing = headers(&ts, "n", "c2ln", PUB_ID);
    missing.remove(1);
    assert_eq!(code(missing, NOW), ErrorCode::SignatureMissing);
    assert_eq!(
        code(headers(&ts, "n", "", PUB_ID), NOW),
        ErrorCode::SignatureMissing
    );
    let err = verify::signed_headers(&[]).unwrap_err();
    assert!(err.message.contains("Wechatpay-Timestamp, Wechatpay-Nonce"));
    // A probe is named even when the clock is off too.
    let probe = "WECHATPAY/SIGNTEST/abc";
    assert_eq!(
        code(headers(&ts, "n", probe, PUB_ID), NOW + 9999),
        ErrorCode::SignatureProbe
    );
    assert_eq!(
        code(headers(&ts, "n", "c2ln", PUB_ID), NOW + 301),
        ErrorCode::TimestampSkew
    );
    assert_eq!(
        code(headers(&ts, "n", "c2ln", PUB_ID), NOW - 301),
        ErrorCode::TimestampSkew
    );
    assert!(verify::prepare(&s, &headers(&ts, "n", "c2ln", PUB_ID), b"", NOW + 300, 300).is_ok());
    assert_eq!(
        code(headers("17e8", "n", "c2ln", PUB_ID), NOW),
        ErrorCode::MalformedResponse
    );
    assert_eq!(
        code(headers(&ts, "n", "c2ln", "PUB_KEY_ID_OTHER"), NOW),
        ErrorCode::UnknownSerial
    );
    assert_eq!(
        code(headers(&ts, "n", "c2ln", "ABCDEF"), NOW),
        ErrorCode::UnknownSerial
    );
    assert_eq!(
        code(headers(&ts, "n", "not*b64", PUB_ID), NOW),
        ErrorCode::SignatureInvalid
    );
}

#[test]
fn serials_match_without_case_or_leading_zeros() {
    let s = store();
    for serial in [
        CERT_SERIAL,
        "9a00c0ffee0000000000000000000000000000f1",
        "009A00C0FFEE0000000000000000000000000000F1",
    ] {
        let ts = NOW.to_string();
        let check = verify::prepare(&s, &headers(&ts, "n", "c2ln", serial), b"", NOW, 300).unwrap();
        assert_eq!(check.key_index, 0, "{serial}");
    }
    // A certificate that expired since construction no longer verifies anything.
    let late = CERT_NOT_AFTER + 1;
    let ts = late.to_string();
    let err =
        verify::prepare(&s, &headers(&ts, "n", "c2ln", CERT_SERIAL), b"", late, 300).unwrap_err();
    assert_eq!(err.code, ErrorCode::UnknownSerial);
}

#[test]
fn request_serial_prefers_the_public_key_then_the_newest_valid_certificate() {
    let cert = keys::parse_certificate(0, PLATFORM_CERT, NOW).unwrap();
    assert_eq!(cert.id, CERT_SERIAL);
    let mut older = cert.clone();
    older.id = "01".into();
    older.source = KeySource::Certificate {
        not_before: CERT_NOT_BEFORE - 100,
        not_after: CERT_NOT_AFTER,
    };
    let certs = KeyStore::new(vec![older.clone(), cert.clone()]).unwrap();
    assert_eq!(certs.request_serial(NOW), Some(CERT_SERIAL));
    assert_eq!(certs.request_serial(CERT_NOT_AFTER + 1), None);
    assert_eq!(store().request_serial(NOW), Some(PUB_ID));
    assert_eq!(
        KeyStore::new(vec![]).unwrap_err().code,
        ErrorCode::InvalidConfig
    );
    assert_eq!(
        KeyStore::new(vec![cert.clone(), cert]).unwrap_err().code,
        ErrorCode::InvalidConfig
    );
}

fn config_error(result: crate::error::Result<impl std::fmt::Debug>) -> String {
    let e = result.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidConfig, "{}", e.message);
    e.message
}

#[test]
fn private_keys_must_be_pkcs8_rsa_2048() {
    let key = keys::parse_private_key(MERCHANT_KEY).unwrap();
    assert!(key.der().len() > 1000);
    assert_eq!(format!("{key:?}"), "PrivateKeyDer([REDACTED])");
    let crlf = MERCHANT_KEY.replace('\n', "\r\n");
    assert!(keys::parse_private_key(&format!("  {crlf}  ")).is_ok());
    let msg = config_error(keys::parse_private_key(MERCHANT_KEY_PKCS1));
    assert!(
        msg.contains(
            "openssl pkcs8 -topk8 -nocrypt -in apiclient_key.pem -out apiclient_key.pkcs8.pem"
        ),
        "{msg}"
    );
    assert!(config_error(keys::parse_private_key(MERCHANT_KEY_ENCRYPTED)).contains("encrypted"));
    assert!(config_error(keys::parse_private_key(RSA1024_KEY)).contains("RSA-1024"));
    assert!(config_error(keys::parse_private_key(EC_KEY)).contains("not an RSA key"));
    assert!(config_error(keys::parse_private_key(PLATFORM_CERT)).contains("CERTIFICATE"));
    assert!(
        config_error(keys::parse_private_key(&MERCHANT_KEY.replace('\n', "\\n")))
            .contains("literal \\n")
    );
    let damaged = MERCHANT_KEY.replacen("MII", "MIA", 1);
    config_error(keys::parse_private_key(&damaged));
    let truncated: String = MERCHANT_KEY
        .lines()
        .take(10)
        .chain(MERCHANT_KEY.lines().last())
        .collect::<Vec<_>>()
        .join("\n");
    config_error(keys::parse_private_key(&truncated));
    config_error(keys::parse_private_key("not a key"));
    // No message ever echoes key material.
    let msg = config_error(keys::parse_private_key(&damaged));
    assert!(!msg.contains("MIA"), "{msg}");
}

#[test]
fn public_keys_and_certificates() {
    let k = keys::parse_public_key(PUB_ID, WECHATPAY_PUB).unwrap();
    assert_eq!(k.source, KeySource::PublicKey);
    let cert = keys::parse_certificate(0, PLATFORM_CERT, NOW).unwrap();
    // The certificate's key and the standalone public key are the same key.
    assert_eq!(cert.spki_der, k.spki_der);
    assert!(
        config_error(keys::parse_public_key("PUB_KEY_ID_1", MERCHANT_PUB_PKCS1))
            .contains("-RSAPublicKey_in")
    );
    assert!(
        config_error(keys::parse_public_key("PUB_KEY_ID_1", PLATFORM_CERT))
            .contains("platformCertificates")
    );
    config_error(keys::parse_public_key("KEY_1", MERCHANT_PUB));
    config_error(keys::parse_public_key("PUB_KEY_ID_", MERCHANT_PUB));
    config_error(keys::parse_public_key("PUB_KEY_ID_1", MERCHANT_KEY));
    let msg = config_error(keys::parse_certificate(
        2,
        PLATFORM_CERT,
        CERT_NOT_AFTER + 1,
    ));
    assert!(
        msg.contains("platformCertificates[2]") && msg.contains("expired"),
        "{msg}"
    );
    let msg = config_error(keys::parse_certificate(
        0,
        PLATFORM_CERT,
        CERT_NOT_BEFORE - 1,
    ));
    assert!(msg.contains("not valid before"), "{msg}");
    assert!(keys::parse_certificate(0, PLATFORM_CERT, CERT_NOT_AFTER).is_ok());
    config_error(keys::parse_certificate(0, MERCHANT_PUB, NOW));
    let two = format!("{PLATFORM_CERT}{PLATFORM_CERT}");
    config_error(keys::parse_certificate(0, &two, NOW));
    assert_eq!(keys::serial_hex(&[0, 0x0a, 0xbc]), "ABC");
    assert_eq!(keys::serial_hex(&[0]), "0");
}

#[test]
fn config_is_validated() {
    let mk = |mode: Mode, serial: &str, skew: Option<u32>, key: Option<&str>| {
        Config::new(
            mode,
            serial.into(),
            store(),
            None,
            skew,
            key.map(Secret::new),
        )
    };
    let direct = |m: &str| Mode::Direct { mchid: m.into() };
    let serial = "3775B6A45ACD588826D15E583A95F5DD";
    assert!(mk(direct("1900000001"), serial, None, None).is_ok());
    config_error(mk(direct("19x"), serial, None, None));
    config_error(mk(direct("1900000001"), "NOTHEX!!", None, None));
    config_error(mk(direct("1900000001"), "abc", None, None));
    config_error(mk(direct("1900000001"), serial, Some(0), None));
    config_error(mk(direct("1900000001"), serial, Some(86_401), None));
    config_error(mk(direct("1900000001"), serial, None, Some("short")));
    let partner = Mode::Partner {
        sp_mchid: "1".into(),
        sub_mchid: "".into(),
    };
    config_error(mk(partner, serial, None, None));
    assert_eq!(partner_initiator(), "1900000100");
}

fn partner_initiator() -> String {
    partner().initiator().to_owned()
}
