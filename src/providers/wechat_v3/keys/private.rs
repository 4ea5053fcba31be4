//! The merchant API private key (`apiclient_key.pem`): PKCS#8, RSA, at least 2048 bits. Read
//! here only to fail early and to know its public half; it signs in WebCrypto.

use super::pem::{pem_block, wrong_label};
use super::rsa::{algorithm, check_bits, rsa_public, RsaPublic, RSA_ENCRYPTION};
use crate::core::der::{self, DerError, Reader, CONSTRUCTED};
use crate::error::{Error, Result};
use std::fmt;
use zeroize::Zeroizing;

const PKCS1_HINT: &str = "privateKey is a PKCS#1 key (BEGIN RSA PRIVATE KEY); WebCrypto imports \
PKCS#8 only. Convert it once with: openssl pkcs8 -topk8 -nocrypt -in apiclient_key.pem -out \
apiclient_key.pkcs8.pem";

/// The merchant's private key as PKCS#8 DER: zeroized on drop, never printed; with the
/// public key that goes with it, which is no secret.
pub struct PrivateKeyDer(Zeroizing<Vec<u8>>, RsaPublic);

impl PrivateKeyDer {
    /// The DER bytes, for the one WebCrypto import.
    pub fn der(&self) -> &[u8] {
        &self.0
    }

    /// The public half: what the merchant API certificate of this key carries.
    pub fn public(&self) -> &RsaPublic {
        &self.1
    }
}

impl fmt::Debug for PrivateKeyDer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrivateKeyDer([REDACTED])")
    }
}

/// The algorithm OID and the private key octets of a PKCS#8 `PrivateKeyInfo` (RFC 5958, as
/// `pkcs8` 0.10 reads it): version 0 (v1) or 1 (v2, which must carry the `[1]` public key);
/// `[0]` attributes skipped; later context-specific fields each an explicit single element.
fn private_key_info(der: &[u8]) -> der::Result<(Vec<u8>, &[u8])> {
    let mut reader = Reader::new(der)?;
    let mut seq = reader.sequence()?;
    let version = der::small_unsigned(seq.element(der::INTEGER)?)?;
    if version > 1 {
        return Err(DerError::BadValue);
    }
    let oid = algorithm(&mut seq)?;
    let private_key = seq.element(der::OCTET_STRING)?;
    // [1] IMPLICIT BIT STRING publicKey, after any [0] attributes.
    let mut public_key = false;
    while let Some(tag) = seq.peek_tag()? {
        let number = tag & 0x1F;
        if !der::is_context_specific(tag) || number > 1 {
            break;
        }
        let field = seq.any()?;
        if number == 1 {
            let (unused_bits, _) = der::bit_string(field.content)?;
            if tag & CONSTRUCTED != 0 || unused_bits != 0 {
                return Err(DerError::BadValue);
            }
            public_key = true;
            break;
        }
    }
    if public_key != (version == 1) {
        return Err(DerError::BadValue);
    }
    while !seq.is_empty() {
        let field = seq.any()?;
        if !der::is_context_specific(field.tag) || field.tag & CONSTRUCTED == 0 {
            return Err(DerError::UnexpectedTag);
        }
        let mut inner = Reader::new(field.content)?;
        inner.any()?;
        inner.finish()?;
    }
    reader.finish()?;
    Ok((oid, private_key))
}

/// Parses the merchant API private key (`apiclient_key.pem`): PKCS#8 PEM, RSA, >= 2048 bits.
pub fn parse_private_key(pem: &str) -> Result<PrivateKeyDer> {
    const FIELD: &str = "privateKey";
    let (label, der) = pem_block(FIELD, pem)?;
    match label.as_str() {
        "PRIVATE KEY" => {}
        "RSA PRIVATE KEY" => return Err(Error::invalid_config(PKCS1_HINT)),
        "ENCRYPTED PRIVATE KEY" => return Err(Error::invalid_config(
            "privateKey is encrypted; decrypt it once with: openssl pkcs8 -in key.pem -nocrypt \
                 -topk8 -out apiclient_key.pkcs8.pem",
        )),
        "CERTIFICATE" | "PUBLIC KEY" => {
            return Err(Error::invalid_config(format!(
                "privateKey holds a {label}, not a private key: use apiclient_key.pem"
            )))
        }
        other => return Err(wrong_label(FIELD, other, "PRIVATE KEY (PKCS#8)")),
    }
    let (oid, private_key) = private_key_info(&der).map_err(|_| {
        Error::invalid_config("privateKey is not a valid PKCS#8 structure (damaged or truncated?)")
    })?;
    if oid != RSA_ENCRYPTION {
        return Err(Error::invalid_config(
            "privateKey is not an RSA key; WeChat Pay APIv3 merchant keys are RSA-2048",
        ));
    }
    let public = rsa_public(private_key, true)
        .map_err(|_| Error::invalid_config("privateKey holds a damaged RSA private key"))?;
    check_bits(FIELD, &public)?;
    Ok(PrivateKeyDer(der, public))
}
