//! PEM, DER, SPKI, PKCS#8 and X.509 parsing of the v3 keys and certificates.
//!
//! Input: control prefix + bytes. Choice 0-2 wraps the bytes as the DER of a `PRIVATE KEY`,
//! `PUBLIC KEY` or `CERTIFICATE` PEM block (reaching the ASN.1 parsers directly); any other
//! choice reads them as PEM text for all three. Properties:
//! - every failure is `INVALID_CONFIG`, and no message quotes the private key material;
//! - what is accepted is exactly what was given: the private key's DER, the SPKI of a public
//!   key; a certificate's id is its serial in canonical hex, valid at the clock it was read at,
//!   and a key store finds it again by any spelling of that serial.
#![no_main]

use libfuzzer_sys::fuzz_target;
use payquery::providers::wechat_v3::keys::{self, KeySource};
use payquery::providers::wechat_v3::KeyStore;
use payquery::ErrorCode;
use payquery_fuzz::{Ctl, V3_NOW, V3_PUBLIC_KEY_ID};
use pem_rfc7468::LineEnding;

fn refused(e: &payquery::Error) {
    assert_eq!(e.code, ErrorCode::InvalidConfig, "{e:?}");
}

fn private(pem: &str, der: Option<&[u8]>) {
    match keys::parse_private_key(pem) {
        Ok(key) => {
            if let Some(der) = der {
                assert_eq!(key.der(), der, "the private key is not the DER given");
            }
            assert_eq!(format!("{key:?}"), "PrivateKeyDer([REDACTED])");
        }
        Err(e) => {
            refused(&e);
            // The key material (base64 lines) never reaches a message. Other lines may be
            // anything, the message text itself included.
            let base64_line = |l: &&str| {
                l.len() >= 16
                    && l.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
            };
            for line in pem.lines().map(str::trim).filter(base64_line) {
                assert!(!e.message.contains(line), "a message quotes the key: {e:?}");
            }
        }
    }
}

fn public(pem: &str, der: Option<&[u8]>) {
    match keys::parse_public_key(V3_PUBLIC_KEY_ID, pem) {
        Ok(key) => {
            if let Some(der) = der {
                assert_eq!(key.spki_der, der, "the SPKI is not the DER given");
            }
            assert_eq!(key.id, V3_PUBLIC_KEY_ID);
            assert_eq!(key.source, KeySource::PublicKey);
        }
        Err(e) => refused(&e),
    }
}

fn certificate(pem: &str) {
    match keys::parse_certificate(0, pem, V3_NOW) {
        Ok(key) => {
            assert!(key.valid_at(V3_NOW), "an expired certificate accepted");
            let canonical = !key.id.is_empty()
                && key
                    .id
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))
                && (key.id == "0" || !key.id.starts_with('0'));
            assert!(canonical, "serial {:?} is not canonical hex", key.id);
            assert!(
                keys::parse_public_key(V3_PUBLIC_KEY_ID, &spki_pem(&key.spki_der)).is_ok(),
                "its SPKI does not read back"
            );
            let store = KeyStore::new(vec![key.clone()]).expect("one key");
            for spelling in [
                key.id.clone(),
                key.id.to_lowercase(),
                format!("00{}", key.id),
            ] {
                let (i, found) = store
                    .select(&spelling, V3_NOW)
                    .expect("found by its serial");
                assert_eq!((i, found), (0, &key));
            }
            assert_eq!(store.request_serial(V3_NOW), Some(key.id.as_str()));
        }
        Err(e) => refused(&e),
    }
}

fn spki_pem(der: &[u8]) -> String {
    pem_rfc7468::encode_string("PUBLIC KEY", LineEnding::LF, der).expect("PEM encoding")
}

fuzz_target!(|data: &[u8]| {
    let Some((ctl, bytes)) = Ctl::split(data) else {
        return;
    };
    let wrap = |label: &str| {
        pem_rfc7468::encode_string(label, LineEnding::LF, bytes).expect("PEM encoding")
    };
    match ctl.choice() % 4 {
        0 => private(&wrap("PRIVATE KEY"), Some(bytes)),
        1 => public(&wrap("PUBLIC KEY"), Some(bytes)),
        2 => certificate(&wrap("CERTIFICATE")),
        _ => {
            let Ok(text) = std::str::from_utf8(bytes) else {
                return;
            };
            private(text, None);
            public(text, None);
            certificate(text);
        }
    }
});
