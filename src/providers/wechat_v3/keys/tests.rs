//! The structures around the RSA numbers, varied one field at a time from the openssl-made
//! fixtures (tests/fixtures/v3): what `pkcs8`, `spki` and `x509-cert` accepted is accepted.

use super::*;
use crate::core::der::Reader;
use crate::core::pem;

const MERCHANT_KEY: &str = include_str!("../../../../tests/fixtures/v3/fake_merchant_key.pem");
const MERCHANT_PUB: &str = include_str!("../../../../tests/fixtures/v3/fake_merchant_pub.pem");
const MERCHANT_CERT: &str = include_str!("../../../../tests/fixtures/v3/fake_merchant_cert.pem");
/// `openssl pkey -pubout -outform DER | openssl dgst -sha256` of the merchant key.
const MERCHANT_FINGERPRINT: &str =
    "e149f179377770b5915f4bfd61c8e0fa634faf634d8b6eb5fed5f0406d0c889d";

fn der_of(text: &str) -> Vec<u8> {
    pem::decode(text.trim().as_bytes()).unwrap().1.to_vec()
}

fn pem_of(label: &str, der: &[u8]) -> String {
    let b64 = crate::core::base64::encode(der);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}

/// One DER element (short or long form length).
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let len = content.len();
    let mut out = vec![tag];
    match len {
        0..=0x7F => out.push(len as u8),
        0x80..=0xFF => out.extend([0x81, len as u8]),
        _ => out.extend([0x82, (len >> 8) as u8, len as u8]),
    }
    out.extend_from_slice(content);
    out
}

/// The elements of the SEQUENCE `der`, each as encoded.
fn fields(der: &[u8]) -> Vec<Vec<u8>> {
    let mut seq = Reader::new(der).unwrap().sequence().unwrap();
    let mut out = vec![];
    while !seq.is_empty() {
        out.push(seq.any().unwrap().encoded.to_vec());
    }
    out
}

fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

fn private(der: &[u8]) -> std::result::Result<String, String> {
    parse_private_key(&pem_of("PRIVATE KEY", der))
        .map(|k| k.public().fingerprint())
        .map_err(|e| e.message)
}

#[test]
fn pkcs8_versions_attributes_and_public_key() {
    let der = der_of(MERCHANT_KEY);
    assert_eq!(private(&der).as_deref(), Ok(MERCHANT_FINGERPRINT));
    let f = fields(&der); // version, algorithm, privateKey
    let v1 = tlv(0x02, &[0]);
    let v2 = tlv(0x02, &[1]);
    let attributes = tlv(0xA0, &tlv(0x30, &[]));
    let public = tlv(0x81, &[0, 0x30, 0x00]);
    let ok = |parts: &[Vec<u8>]| private(&seq(parts)).is_ok();
    let structure = |parts: &[Vec<u8>]| {
        private(&seq(parts))
            .unwrap_err()
            .contains("not a valid PKCS#8 structure")
    };
    let (alg, key) = (f[1].clone(), f[2].clone());
    assert!(ok(&[
        v1.clone(),
        alg.clone(),
        key.clone(),
        attributes.clone()
    ]));
    assert!(ok(&[v2.clone(), alg.clone(), key.clone(), public.clone()]));
    assert!(ok(&[
        v2.clone(),
        alg.clone(),
        key.clone(),
        attributes.clone(),
        public.clone()
    ]));
    // Later context-specific fields: each explicit, one element.
    let later = tlv(0xA2, &tlv(0x05, &[]));
    assert!(ok(&[v1.clone(), alg.clone(), key.clone(), later.clone()]));
    assert!(ok(&[
        v2.clone(),
        alg.clone(),
        key.clone(),
        public.clone(),
        attributes.clone()
    ]));
    assert!(structure(&[
        v1.clone(),
        alg.clone(),
        key.clone(),
        public.clone()
    ]));
    assert!(structure(&[v2.clone(), alg.clone(), key.clone()]));
    assert!(structure(&[tlv(0x02, &[2]), alg.clone(), key.clone()]));
    assert!(structure(&[
        v2.clone(),
        alg.clone(),
        key.clone(),
        tlv(0xA1, &[0, 0x30, 0x00])
    ]));
    assert!(structure(&[
        v2.clone(),
        alg.clone(),
        key.clone(),
        tlv(0x81, &[1, 0x30, 0x00])
    ]));
    assert!(structure(&[
        v1.clone(),
        alg.clone(),
        key.clone(),
        tlv(0x82, &[0])
    ]));
    assert!(structure(&[
        v1.clone(),
        alg.clone(),
        key.clone(),
        tlv(0xA2, &[])
    ]));
    assert!(structure(&[
        v1.clone(),
        alg.clone(),
        key.clone(),
        tlv(0x05, &[])
    ]));
    assert!(structure(&[v1.clone(), alg.clone()]));
    // Nothing after the PrivateKeyInfo.
    let mut trailing = der.clone();
    trailing.extend([0x05, 0x00]);
    assert!(private(&trailing).unwrap_err().contains("PKCS#8"));
    // The algorithm's parameters may be absent (der read them as ANY OPTIONAL).
    let bare = seq(&[tlv(0x06, rsa::RSA_ENCRYPTION)]);
    assert!(ok(&[v1.clone(), bare, key.clone()]));
    let ec = seq(&[tlv(0x06, &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01])]);
    assert!(private(&seq(&[v1.clone(), ec, key.clone()]))
        .unwrap_err()
        .contains("not an RSA key"));
    let bad_oid = seq(&[tlv(0x06, &[0x2a, 0x86])]);
    assert!(structure(&[v1.clone(), bad_oid, key.clone()]));
    // The RSAPrivateKey inside: damaged when it does not read.
    let damaged = tlv(0x04, &tlv(0x30, &tlv(0x02, &[0])));
    assert!(private(&seq(&[v1, alg, damaged]))
        .unwrap_err()
        .contains("damaged RSA private key"));
}

#[test]
fn spki_reads_as_openssl_writes_it() {
    let der = der_of(MERCHANT_PUB);
    let key = rsa::check_spki("k", &der).unwrap();
    assert_eq!(key.fingerprint(), MERCHANT_FINGERPRINT);
    // The canonical SPKI payquery writes for the fingerprint is openssl's, byte for byte.
    assert_eq!(key.spki_der(), der);
    let message = |der: &[u8]| rsa::check_spki("k", der).unwrap_err().message;
    let mut trailing = der.clone();
    trailing.push(0);
    assert!(message(&trailing).contains("not a valid public key"));
    let f = fields(&der); // algorithm, subjectPublicKey
    let bits = Reader::new(&f[1]).unwrap().element(0x03).unwrap();
    let mut unused = bits.to_vec();
    unused[0] = 1;
    assert!(message(&seq(&[f[0].clone(), tlv(0x03, &unused)])).contains("damaged RSA public key"));
    assert!(message(&seq(&[f[0].clone(), tlv(0x04, bits)])).contains("not a valid public key"));
    let pkcs1_trailing = [&bits[1..], &[0x05, 0x00][..]].concat();
    let with_zero = [&[0u8][..], &pkcs1_trailing].concat();
    assert!(message(&seq(&[f[0].clone(), tlv(0x03, &with_zero)])).contains("damaged"));
}

#[test]
fn certificates_read_as_openssl_prints_them() {
    // openssl x509 -noout -serial -startdate -enddate; date -u +%s.
    let cert = certificate_key("merchantCertificate", MERCHANT_CERT).unwrap();
    assert_eq!(cert.id, "3775C0FFEE00000000000000000000000000000A");
    assert_eq!(
        cert.source,
        KeySource::Certificate {
            not_before: 1_796_103_106,
            not_after: 4_949_703_106,
        }
    );
    // openssl x509 -noout -pubkey is the fixture public key.
    assert_eq!(cert.spki_der, der_of(MERCHANT_PUB));
}

#[test]
fn certificate_fields_vary() {
    let der = der_of(MERCHANT_CERT);
    let cert = fields(&der); // tbs, signatureAlgorithm, signature
    let tbs = fields(&cert[0]); // [0] version, serial, sigalg, issuer, validity, subject, spki, ...
    let build = |tbs_parts: &[Vec<u8>]| {
        let der = seq(&[seq(tbs_parts), cert[1].clone(), cert[2].clone()]);
        certificate_key("c", &pem_of("CERTIFICATE", &der)).map_err(|e| e.message)
    };
    let with = |i: usize, part: Vec<u8>| {
        let mut parts = tbs.clone();
        parts[i] = part;
        build(&parts)
    };
    assert!(build(&tbs).is_ok());
    // v1: no [0] version.
    assert!(build(&tbs[1..]).is_ok());
    assert!(with(0, tlv(0x80, &[2])).is_err());
    assert!(with(0, tlv(0xA0, &tlv(0x02, &[0x00, 0x7F]))).is_err());
    // Serials: up to 21 bytes (20 and a sign byte), negative ones read as encoded.
    let long = [&[0x00, 0x80][..], &[0; 19]].concat();
    assert_eq!(
        with(1, tlv(0x02, &long)).unwrap().id,
        format!("80{}", "00".repeat(19))
    );
    assert!(with(1, tlv(0x02, &[&long[..], &[0]].concat())).is_err());
    assert_eq!(with(1, tlv(0x02, &[0xFF, 0x01])).unwrap().id, "FF01");
    assert_eq!(with(1, tlv(0x02, &[0x00])).unwrap().id, "0");
    assert!(with(1, tlv(0x02, &[0x00, 0x01])).is_err());
    // Validity: UTCTime or GeneralizedTime from 1970.
    let times = |a: &[u8], b: &[u8]| with(4, seq(&[tlv(0x17, a), tlv(0x18, b)]));
    let key = times(b"700101000000Z", b"99991231235959Z").unwrap();
    assert_eq!(
        key.source,
        KeySource::Certificate {
            not_before: 0,
            not_after: 253_402_300_799
        }
    );
    assert!(times(b"691231235959Z", b"99991231235959Z").is_err());
    assert!(with(4, seq(&[tlv(0x17, b"700101000000Z")])).is_err());
    // The subject public key is checked as an SPKI.
    let err = with(6, tlv(0x05, &[])).unwrap_err();
    assert!(err.contains("c is not a valid public key"), "{err}");
    // Whatever follows the SPKI in the TBS, and the signature, is not read; nothing may
    // follow the certificate.
    let mut extra = tbs.clone();
    extra.push(vec![0xFF, 0xFF]);
    assert!(build(&extra).is_ok());
    let mut trailing = der.clone();
    trailing.extend([0x05, 0x00]);
    let err = certificate_key("c", &pem_of("CERTIFICATE", &trailing)).unwrap_err();
    assert!(err.message.contains("not a valid X.509 certificate"));
}
