//! The merchant's signing key and API certificate as a pair: WeChat Pay checks every request
//! against the certificate `merchantSerialNo` names, so a mismatch is found at construction.

use super::certificate::certificate_key;
use super::private::PrivateKeyDer;
use super::rsa::check_spki;
use super::same_serial;
use crate::core::json_value::Value;
use crate::error::{Error, Result};

/// Public facts about the key that signs requests, kept to diagnose a signature WeChat Pay
/// refuses (`SIGN_ERROR`). Never the key itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SigningKey {
    /// [`RsaPublic::fingerprint`] of `privateKey` (`None` with a `signer`).
    pub key_fingerprint: Option<String>,
    /// The same for `merchantCertificate`'s key, when one is configured: then its serial was
    /// checked to be `merchantSerialNo` and, with a `privateKey`, its key the private key's.
    pub certificate_fingerprint: Option<String>,
}

/// Checks the pairing WeChat Pay checks on every request, at construction: with
/// `merchantCertificate` (`apiclient_cert.pem`) its serial must be `merchantSerialNo` and its
/// public key the private key's. `INVALID_CONFIG` says which, with `detail.problem`
/// `SERIAL_MISMATCH` or `KEY_MISMATCH` and the (public) serial and fingerprints.
pub fn check_signing_key(
    serial_no: &str,
    private: Option<&PrivateKeyDer>,
    certificate_pem: Option<&str>,
) -> Result<SigningKey> {
    let key_fingerprint = private.map(|k| k.public().fingerprint());
    let Some(pem) = certificate_pem else {
        return Ok(SigningKey {
            key_fingerprint,
            certificate_fingerprint: None,
        });
    };
    const FIELD: &str = "merchantCertificate";
    let certificate = certificate_key(FIELD, pem)?;
    let public = check_spki(FIELD, &certificate.spki_der)?;
    let certificate_fingerprint = public.fingerprint();
    // Members by name, as serde_json's map had them (see `Value::object`).
    let detail = |problem: &str| {
        Value::object([
            (
                "certificateFingerprint",
                certificate_fingerprint.as_str().into(),
            ),
            ("certificateSerialNo", certificate.id.as_str().into()),
            ("keyFingerprint", key_fingerprint.as_deref().into()),
            ("problem", problem.into()),
        ])
    };
    if !same_serial(&certificate.id, serial_no) {
        return Err(Error::invalid_config(format!(
            "merchantSerialNo is not the serial of merchantCertificate (which is {}): WeChat \
             Pay checks the signature with the certificate merchantSerialNo names",
            certificate.id
        ))
        .with_detail(detail("SERIAL_MISMATCH")));
    }
    if private.is_some_and(|k| *k.public() != public) {
        return Err(Error::invalid_config(format!(
            "privateKey does not match merchantCertificate: the key's public key has SHA-256 \
             {}, the certificate's {}; apiclient_key.pem and apiclient_cert.pem must be one pair",
            key_fingerprint.as_deref().unwrap_or_default(),
            certificate_fingerprint
        ))
        .with_detail(detail("KEY_MISMATCH")));
    }
    Ok(SigningKey {
        key_fingerprint,
        certificate_fingerprint: Some(certificate_fingerprint),
    })
}
