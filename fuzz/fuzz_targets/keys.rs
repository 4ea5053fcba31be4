//! PEM, DER, SPKI, PKCS#8 and X.509 parsing of the v3 keys and certificates.
//!
//! Input: control prefix + bytes. Choice 0-2 wraps the bytes as the DER of a `PRIVATE KEY`,
//! `PUBLIC KEY` or `CERTIFICATE` PEM block (reaching the ASN.1 parsers directly); any other
//! choice reads them as PEM text for all three. Properties:
//! - every failure is `INVALID_CONFIG`, and no message quotes the private key material;
//! - payquery's own PEM and DER readers agree with the RustCrypto crates they replaced
//!   (`payquery_fuzz::keys_reference`): the same PEM label, bytes and error text; the same
//!   keys, serials, validity windows and SPKI accepted; each refusal in the same category
//!   (not PKCS#8/SPKI/X.509, not RSA, damaged RSA key, too short); the same fingerprint;
//! - what is accepted is exactly what was given: the private key's DER, the SPKI of a public
//!   key; a certificate's id is its serial in canonical hex, valid at the clock it was read at,
//!   and a key store finds it again by any spelling of that serial.
#![no_main]

use libfuzzer_sys::fuzz_target;
use payquery::providers::wechat_v3::keys::{self, KeySource};
use payquery::providers::wechat_v3::KeyStore;
use payquery::ErrorCode;
use payquery_fuzz::keys_reference::{self as reference, Outcome};
use payquery_fuzz::{Ctl, V3_NOW, V3_PUBLIC_KEY_ID};
use pem_rfc7468::LineEnding;
use sha2::{Digest, Sha256};

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

/// The bit length of a magnitude without leading zero bytes.
fn bits(n: &[u8]) -> usize {
    n.first()
        .map_or(0, |b| n.len() * 8 - b.leading_zeros() as usize)
}

/// The reference's fingerprint of an RSA key: SHA-256 of its SPKI as `der` encodes it.
fn reference_fingerprint(n: &[u8], e: &[u8]) -> String {
    use der::asn1::{BitString, UintRef};
    use der::{Encode, Sequence};
    #[derive(Sequence)]
    struct RsaPublicKey<'a> {
        n: UintRef<'a>,
        e: UintRef<'a>,
    }
    let pkcs1 = RsaPublicKey {
        n: UintRef::new(n).expect("n"),
        e: UintRef::new(e).expect("e"),
    }
    .to_der()
    .expect("PKCS#1");
    let spki = spki::SubjectPublicKeyInfo {
        algorithm: spki::AlgorithmIdentifier {
            oid: der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1"),
            parameters: Some(der::asn1::Null),
        },
        subject_public_key: BitString::from_bytes(&pkcs1).expect("bits"),
    }
    .to_der()
    .expect("SPKI");
    Sha256::digest(spki)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What payquery must answer for a key the reference read as `outcome`: the fingerprint, or
/// a piece of the message. `structure` is the message for [`Outcome::NotValid`].
fn expected_key(outcome: &Outcome, structure: &str, damaged: &str) -> Result<String, String> {
    match outcome {
        Outcome::Rsa(n, e) if bits(n) >= 2048 => Ok(reference_fingerprint(n, e)),
        Outcome::Rsa(n, _) => Err(format!("is an RSA-{} key", bits(n))),
        Outcome::NotValid => Err(structure.to_owned()),
        Outcome::NotRsa => Err("is not an RSA key".to_owned()),
        Outcome::Damaged => Err(damaged.to_owned()),
        Outcome::Certificate(..) => unreachable!("not a key"),
    }
}

fn agree(what: &str, expected: Result<String, String>, actual: Result<String, payquery::Error>) {
    match (&expected, &actual) {
        (Ok(a), Ok(b)) if a == b => {}
        (Err(part), Err(e)) if e.message.contains(part.as_str()) => {}
        _ => panic!("{what}: the reference says {expected:?}, payquery {actual:?}"),
    }
}

/// Compares payquery with the reference on one PEM text, for the parser its label names.
fn differential(text: &str) {
    let trimmed = text.trim();
    if !trimmed.starts_with("-----BEGIN ") {
        return;
    }
    let ours = payquery::core::pem::decode(trimmed.as_bytes())
        .map(|(label, der)| (label.to_owned(), der.to_vec()))
        .map_err(|e| e.to_string());
    let theirs = reference::pem(trimmed.as_bytes());
    assert_eq!(ours, theirs, "PEM of {trimmed:?}");
    let Ok((label, der)) = theirs else {
        return;
    };
    match label.as_str() {
        "PRIVATE KEY" => agree(
            "private key",
            expected_key(
                &reference::private_key(&der),
                "is not a valid PKCS#8 structure",
                "holds a damaged RSA private key",
            ),
            keys::parse_private_key(text).map(|k| k.public().fingerprint()),
        ),
        "PUBLIC KEY" => agree(
            "public key",
            expected_key(
                &reference::public_key(&der),
                "is not a valid public key",
                "holds a damaged RSA public key",
            )
            .map(|_| hex(&der)),
            keys::parse_public_key(V3_PUBLIC_KEY_ID, text).map(|k| hex(&k.spki_der)),
        ),
        "CERTIFICATE" => {
            let expected = match reference::certificate(&der) {
                Outcome::Certificate(serial, not_before, not_after, spki, key) => expected_key(
                    &key,
                    "is not a valid public key",
                    "holds a damaged RSA public key",
                )
                .map(|_| {
                    let id = hex(&serial).trim_start_matches('0').to_owned();
                    let id = if id.is_empty() { "0".to_owned() } else { id };
                    format!("{id} {not_before} {not_after} {}", hex(&spki))
                }),
                _ => Err("is not a valid X.509 certificate".to_owned()),
            };
            let actual = keys::certificate_key("c", text).map(|k| match k.source {
                KeySource::Certificate {
                    not_before,
                    not_after,
                } => format!("{} {not_before} {not_after} {}", k.id, hex(&k.spki_der)),
                KeySource::PublicKey => "a public key".to_owned(),
            });
            agree("certificate", expected, actual);
        }
        _ => {}
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
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
        0 => {
            let pem = wrap("PRIVATE KEY");
            differential(&pem);
            private(&pem, Some(bytes));
        }
        1 => {
            let pem = wrap("PUBLIC KEY");
            differential(&pem);
            public(&pem, Some(bytes));
        }
        2 => {
            let pem = wrap("CERTIFICATE");
            differential(&pem);
            certificate(&pem);
        }
        _ => {
            let Ok(text) = std::str::from_utf8(bytes) else {
                return;
            };
            differential(text);
            private(text, None);
            public(text, None);
            certificate(text);
        }
    }
});
