//! The v3 key and certificate reading payquery did with RustCrypto's `pem-rfc7468`, `der`,
//! `spki`, `pkcs8` and `x509-cert` before its own strict readers (`core::pem`, `core::der`)
//! replaced them: the `keys` target checks that payquery accepts exactly what these accepted,
//! reads the same values and fails in the same category.

use der::asn1::{AnyRef, ContextSpecific, UintRef};
use der::{Decode, Encode, Reader, SliceReader, TagNumber};

const RSA_ENCRYPTION: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

/// What a key or certificate came to: its values, or the failure payquery's message names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// An RSA key with its modulus and exponent (magnitudes).
    Rsa(Vec<u8>, Vec<u8>),
    /// A certificate: serial INTEGER content, notBefore, notAfter, SPKI DER, and its key.
    Certificate(Vec<u8>, i64, i64, Vec<u8>, Box<Outcome>),
    /// The outer structure is not PKCS#8 / SPKI / X.509.
    NotValid,
    /// Not rsaEncryption.
    NotRsa,
    /// rsaEncryption, but the RSA key inside does not read.
    Damaged,
}

/// `pem_rfc7468::decode_vec`: the label and DER, or the error's text.
pub fn pem(text: &[u8]) -> Result<(String, Vec<u8>), String> {
    pem_rfc7468::decode_vec(text)
        .map(|(label, der)| (label.to_owned(), der))
        .map_err(|e| e.to_string())
}

fn rsa_public(der: &[u8], private: bool) -> der::Result<(Vec<u8>, Vec<u8>)> {
    let mut reader = SliceReader::new(der)?;
    let public = reader.sequence(|seq| {
        if private {
            u8::decode(seq)?;
        }
        let modulus = UintRef::decode(seq)?.as_bytes().to_vec();
        let exponent = UintRef::decode(seq)?.as_bytes().to_vec();
        let rest = seq.remaining_len();
        seq.read_slice(rest)?;
        Ok((modulus, exponent))
    })?;
    reader.finish(public)
}

/// A PKCS#8 private key's DER.
pub fn private_key(der: &[u8]) -> Outcome {
    let Ok(info) = pkcs8::PrivateKeyInfo::try_from(der) else {
        return Outcome::NotValid;
    };
    if info.algorithm.oid != RSA_ENCRYPTION {
        return Outcome::NotRsa;
    }
    match rsa_public(info.private_key, true) {
        Ok((n, e)) => Outcome::Rsa(n, e),
        Err(_) => Outcome::Damaged,
    }
}

/// An SPKI's DER.
pub fn public_key(der: &[u8]) -> Outcome {
    let Ok(spki) = spki::SubjectPublicKeyInfoRef::try_from(der) else {
        return Outcome::NotValid;
    };
    if spki.algorithm.oid != RSA_ENCRYPTION {
        return Outcome::NotRsa;
    }
    match spki
        .subject_public_key
        .as_bytes()
        .map(|k| rsa_public(k, false))
    {
        Some(Ok((n, e))) => Outcome::Rsa(n, e),
        _ => Outcome::Damaged,
    }
}

/// An X.509 certificate's DER, read as payquery read it (TBS fields, the rest opaque).
pub fn certificate(der: &[u8]) -> Outcome {
    let fields = || -> der::Result<_> {
        let mut reader = SliceReader::new(der)?;
        let fields = reader.sequence(|cert| {
            let fields = cert.sequence(|tbs| {
                ContextSpecific::<u8>::decode_explicit(tbs, TagNumber::N0)?;
                let serial: x509_cert::serial_number::SerialNumber =
                    x509_cert::serial_number::SerialNumber::decode(tbs)?;
                AnyRef::decode(tbs)?;
                AnyRef::decode(tbs)?;
                let validity = x509_cert::time::Validity::decode(tbs)?;
                AnyRef::decode(tbs)?;
                let spki_der = AnyRef::decode(tbs)?.to_der()?;
                let rest = tbs.remaining_len();
                tbs.read_slice(rest)?;
                Ok((serial, validity, spki_der))
            })?;
            let rest = cert.remaining_len();
            cert.read_slice(rest)?;
            Ok(fields)
        })?;
        reader.finish(fields)
    };
    let Ok((serial, validity, spki_der)) = fields() else {
        return Outcome::NotValid;
    };
    let secs = |t: x509_cert::time::Time| t.to_unix_duration().as_secs() as i64;
    let key = public_key(&spki_der);
    Outcome::Certificate(
        serial.as_bytes().to_vec(),
        secs(validity.not_before),
        secs(validity.not_after),
        spki_der,
        Box::new(key),
    )
}
