//! X.509 certificates (platform certificates, the merchant API certificate): serial, validity
//! window and public key, read from the TBS certificate; names and extensions are skipped
//! as opaque DER. The issuer's signature is not checked: the certificate is trusted
//! configuration (or arrived authenticated under the APIv3 key).

use super::pem::{pem_block, wrong_label};
use super::rsa::check_spki;
use super::{serial_hex, KeySource, VerifyKey};
use crate::core::der::{self, Reader, CONSTRUCTED, INTEGER};
use crate::core::time::unix_to_beijing_rfc3339;
use crate::error::{Error, Result};

/// The most bytes of a serial's INTEGER content: RFC 5280 allows 20 octets, and the
/// INTEGER may add a zero byte before a high bit (as `x509-cert` 0.2 reads it).
const MAX_SERIAL_LEN: usize = 21;

/// The certificate fields payquery reads.
struct CertificateFields<'a> {
    /// The serial's INTEGER content (minimal two's complement, as encoded).
    serial: &'a [u8],
    /// `notBefore` and `notAfter`, Unix seconds.
    not_before: i64,
    not_after: i64,
    /// The SubjectPublicKeyInfo element as encoded.
    spki_der: &'a [u8],
}

/// Walks `Certificate ::= SEQUENCE { tbsCertificate, … }` and reads serial, validity and
/// SubjectPublicKeyInfo from the TBS.
fn certificate_fields(der: &[u8]) -> der::Result<CertificateFields<'_>> {
    let mut reader = Reader::new(der)?;
    let mut cert = reader.sequence()?;
    let mut tbs = cert.sequence()?;
    // [0] EXPLICIT Version DEFAULT v1: one small INTEGER, whatever its value.
    if let Some(tag) = tbs.peek_tag()? {
        if der::is_context_specific(tag) && tag & 0x1F == 0 {
            let version = tbs.any()?;
            if tag & CONSTRUCTED == 0 {
                return Err(der::DerError::UnexpectedTag);
            }
            let mut inner = Reader::new(version.content)?;
            der::small_unsigned(inner.element(INTEGER)?)?;
            inner.finish()?;
        }
    }
    let serial = der::signed(tbs.element(INTEGER)?)?;
    if serial.len() > MAX_SERIAL_LEN {
        return Err(der::DerError::BadValue);
    }
    tbs.any()?; // signature algorithm
    tbs.any()?; // issuer
    let mut validity = tbs.sequence()?;
    let not_before = der::time(&validity.any()?)?;
    let not_after = der::time(&validity.any()?)?;
    validity.finish()?;
    tbs.any()?; // subject
    let spki_der = tbs.any()?.encoded;
    // Unique ids and extensions follow; nothing in them changes which key verifies.
    tbs.rest();
    // signatureAlgorithm and signatureValue
    cert.rest();
    reader.finish()?;
    Ok(CertificateFields {
        serial,
        not_before,
        not_after,
        spki_der,
    })
}

fn show_time(secs: i64) -> String {
    unix_to_beijing_rfc3339(secs).unwrap_or_else(|| format!("@{secs}"))
}

/// Parses a platform certificate (X.509 PEM): serial, validity and public key from the
/// certificate itself. One that is expired or not yet valid at `now` is refused.
pub fn parse_certificate(index: usize, pem: &str, now: i64) -> Result<VerifyKey> {
    let field = format!("platformCertificates[{index}]");
    let key = certificate_key(&field, pem)?;
    if let KeySource::Certificate {
        not_before,
        not_after,
    } = key.source
    {
        if now < not_before {
            return Err(Error::invalid_config(format!(
                "{field} (serial {}) is not valid before {}",
                key.id,
                show_time(not_before)
            )));
        }
        if now > not_after {
            return Err(Error::invalid_config(format!(
                "{field} (serial {}) expired at {}; download the current platform certificate \
                 (platformCertificates: 'auto' or downloadPlatformCertificates())",
                key.id,
                show_time(not_after)
            )));
        }
    }
    Ok(key)
}

/// Reads a certificate's serial, validity window and RSA public key, without judging the
/// window (a downloaded certificate may be the next one, valid from tomorrow). `field` names
/// it in messages.
pub fn certificate_key(field: &str, pem: &str) -> Result<VerifyKey> {
    let (label, der) = pem_block(field, pem)?;
    if label != "CERTIFICATE" {
        return Err(wrong_label(field, &label, "CERTIFICATE"));
    }
    let fields = certificate_fields(&der)
        .map_err(|_| Error::invalid_config(format!("{field} is not a valid X.509 certificate")))?;
    check_spki(field, fields.spki_der)?;
    Ok(VerifyKey {
        id: serial_hex(fields.serial),
        source: KeySource::Certificate {
            not_before: fields.not_before,
            not_after: fields.not_after,
        },
        spki_der: fields.spki_der.to_vec(),
    })
}
