//! Host tests of the platform certificate download rules: reading the answer, the decrypted
//! certificate's serial, merging keys during a rotation, and when to download again.

use super::certificates::*;
use super::keys::{self, KeyStore};
use super::tests::{CERT_NOT_BEFORE, CERT_SERIAL, NOW, PLATFORM_CERT, WECHATPAY_PUB};
use crate::error::ErrorCode;

fn answer(serial: &str) -> String {
    format!(
        r#"{{"data":[{{"serial_no":"{serial}","effective_time":"2026-11-23T10:02:58+08:00","expire_time":"2126-11-23T10:02:58+08:00","encrypt_certificate":{{"algorithm":"AEAD_AES_256_GCM","nonce":"abcdefghijkl","associated_data":"certificate","ciphertext":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}}}}]}}"#
    )
}

#[test]
fn the_answer_is_read_into_what_to_decrypt() {
    let items = open_download(answer(CERT_SERIAL).as_bytes()).unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].sealed.iv, b"abcdefghijkl");
    assert_eq!(items[0].sealed.aad, b"certificate");
    assert_eq!(items[0].sealed.data.len(), 24);
    let e = open_download(br#"{"data":[]}"#).unwrap_err();
    assert_eq!(e.code, ErrorCode::MalformedResponse);
    let other = answer(CERT_SERIAL).replace("AEAD_AES_256_GCM", "AES_128_CBC");
    assert_eq!(
        open_download(other.as_bytes()).unwrap_err().code,
        ErrorCode::DecryptFailed
    );
}

#[test]
fn an_answer_that_does_not_fit_is_malformed_and_says_why() {
    let message = |body: &str| open_download(body.as_bytes()).unwrap_err().message;
    let prefix = "the certificate download is not the expected JSON: ";
    assert_eq!(
        message(r#"{"data":null}"#),
        format!("{prefix}\"invalid type: null, expected a sequence\"")
    );
    assert_eq!(
        message(r#"{"other":[]}"#),
        format!("{prefix}\"missing field `data`\"")
    );
    let unnamed = answer(CERT_SERIAL).replace(r#""serial_no""#, r#""serial""#);
    assert_eq!(
        message(&unnamed),
        format!("{prefix}\"missing field `serial_no`\"")
    );
    let twice = answer(CERT_SERIAL).replacen(r#""nonce""#, r#""nonce":"x","nonce""#, 1);
    let e = open_download(twice.as_bytes()).unwrap_err();
    assert_eq!(e.code, ErrorCode::MalformedResponse);
    assert!(e.message.contains("duplicate name"), "{}", e.message);
    // Every item is read before any is checked for decryption, as the count is.
    let two = format!(
        r#"{{"data":[{}, 1]}}"#,
        answer(CERT_SERIAL)
            .replace("AEAD_AES_256_GCM", "AES_128_CBC")
            .trim_start_matches(r#"{"data":["#)
            .trim_end_matches("]}")
    );
    assert_eq!(
        message(&two),
        format!("{prefix}\"invalid type: integer `1`, expected struct Item\"")
    );
}

#[test]
fn a_decrypted_certificate_must_carry_the_serial_it_is_listed_under() {
    let items = open_download(answer(CERT_SERIAL).as_bytes()).unwrap();
    let d = read_decrypted(&items[0], PLATFORM_CERT.as_bytes()).unwrap();
    assert_eq!(d.serial_no, CERT_SERIAL);
    assert!(d.not_before.ends_with("+08:00"));
    let listed_wrong = open_download(answer("0123ABCD").as_bytes()).unwrap();
    let e = read_decrypted(&listed_wrong[0], PLATFORM_CERT.as_bytes()).unwrap_err();
    assert_eq!(e.code, ErrorCode::UnknownSerial);
    let e = read_decrypted(&items[0], b"not a pem").unwrap_err();
    assert_eq!(e.code, ErrorCode::MalformedResponse);
}

#[test]
fn downloaded_keys_join_the_configured_ones_and_expired_ones_are_dropped() {
    let cert = keys::certificate_key("c", PLATFORM_CERT).unwrap();
    let empty = KeyStore::pending(vec![]).unwrap();
    assert!(empty.is_empty());
    assert_eq!(empty.request_serial(NOW), None);
    let merged = empty.with_downloaded(std::slice::from_ref(&cert), NOW);
    assert_eq!(merged.request_serial(NOW), Some(CERT_SERIAL));
    // Downloaded twice, kept once; after its expiry, dropped.
    let twice = merged.with_downloaded(std::slice::from_ref(&cert), NOW);
    assert_eq!(twice.keys().len(), 1);
    let late = empty.with_downloaded(&[cert], i64::MAX);
    assert!(late.is_empty());
    let public =
        keys::parse_public_key("PUB_KEY_ID_0114232134912410000000000000", WECHATPAY_PUB).unwrap();
    let mixed = KeyStore::new(vec![public]).unwrap();
    assert_eq!(
        mixed.request_serial(NOW),
        Some("PUB_KEY_ID_0114232134912410000000000000")
    );
}

#[test]
fn the_schedule_downloads_first_then_on_interval_and_near_expiry() {
    let cert = keys::certificate_key("c", PLATFORM_CERT).unwrap();
    let store = KeyStore::pending(vec![])
        .unwrap()
        .with_downloaded(&[cert], NOW);
    let mut s = Schedule::default();
    assert!(s.due(&store, NOW));
    s.last_download = Some(NOW);
    assert!(!s.due(&store, NOW + 60));
    assert!(s.due(&store, NOW + REFRESH_INTERVAL_SECONDS));
    // No certificate valid yet (before notBefore): due.
    assert!(s.due(&store, CERT_NOT_BEFORE - 1));
    let empty = KeyStore::pending(vec![]).unwrap();
    assert!(s.due(&empty, NOW + 60));
}

#[test]
fn an_unknown_serial_downloads_at_most_once_a_minute() {
    let mut s = Schedule::default();
    assert!(s.take_unknown_serial(NOW));
    assert!(!s.take_unknown_serial(NOW + 1));
    assert!(!s.take_unknown_serial(NOW + UNKNOWN_SERIAL_INTERVAL_SECONDS - 1));
    assert!(s.take_unknown_serial(NOW + UNKNOWN_SERIAL_INTERVAL_SECONDS));
}
