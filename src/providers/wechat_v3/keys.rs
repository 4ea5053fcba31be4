//! Keys and certificates, parsed and checked in Rust so that a bad one fails at construction
//! with `INVALID_CONFIG`. The RSA operations themselves run in WebCrypto (binding layer); this
//! module only hands it DER: the merchant's PKCS#8 private key and the SPKI of every key that
//! may verify WeChat Pay's signatures. PEM and DER are read by payquery's own strict readers
//! (`core::pem`, `core::der`).

mod certificate;
mod pairing;
mod pem;
mod private;
mod rsa;

pub use certificate::{certificate_key, parse_certificate};
pub use pairing::{check_signing_key, SigningKey};
pub use private::{parse_private_key, PrivateKeyDer};
pub use rsa::RsaPublic;

use crate::core::digest::hex_upper;
use crate::error::{quote_untrusted, Error, Result};
use pem::{pem_block, wrong_label};

/// The prefix of a WeChat Pay public key id.
pub const PUBLIC_KEY_ID_PREFIX: &str = "PUB_KEY_ID_";

/// What a verification key is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// A WeChat Pay public key (`PUB_KEY_ID_…`), valid until replaced.
    PublicKey,
    /// A platform certificate with its validity window (Unix seconds).
    Certificate {
        /// `notBefore`.
        not_before: i64,
        /// `notAfter`.
        not_after: i64,
    },
}

/// A key that may verify WeChat Pay's signatures, and the id (serial) that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyKey {
    /// `PUB_KEY_ID_…`, or the certificate serial in uppercase hex (no leading zeros).
    pub id: String,
    /// Public key or certificate.
    pub source: KeySource,
    /// The SubjectPublicKeyInfo DER, for WebCrypto's `spki` import.
    pub spki_der: Vec<u8>,
}

impl VerifyKey {
    /// Whether this key may be used at `now`.
    pub fn valid_at(&self, now: i64) -> bool {
        match self.source {
            KeySource::PublicKey => true,
            KeySource::Certificate {
                not_before,
                not_after,
            } => not_before <= now && now <= not_after,
        }
    }
}

/// Parses `wechatpayPublicKey: { id, pem }` (SPKI PEM, `BEGIN PUBLIC KEY`).
pub fn parse_public_key(id: &str, pem: &str) -> Result<VerifyKey> {
    let rest = id.strip_prefix(PUBLIC_KEY_ID_PREFIX).unwrap_or_default();
    if rest.is_empty() || id.len() > 64 || !rest.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::invalid_config(
            "wechatpayPublicKey.id must be the key's id as shown in the merchant platform: \
             PUB_KEY_ID_ followed by letters and digits",
        ));
    }
    const FIELD: &str = "wechatpayPublicKey.pem";
    let (label, der) = pem_block(FIELD, pem)?;
    match label.as_str() {
        "PUBLIC KEY" => {}
        "RSA PUBLIC KEY" => {
            return Err(Error::invalid_config(
                "wechatpayPublicKey.pem is PKCS#1 (BEGIN RSA PUBLIC KEY); convert it with: \
                 openssl rsa -RSAPublicKey_in -in pub_key.pem -pubout -out pub_key.spki.pem",
            ))
        }
        "CERTIFICATE" => {
            return Err(Error::invalid_config(
                "wechatpayPublicKey.pem is a certificate: pass it in platformCertificates",
            ))
        }
        other => return Err(wrong_label(FIELD, other, "PUBLIC KEY")),
    }
    rsa::check_spki(FIELD, &der)?;
    Ok(VerifyKey {
        id: id.to_owned(),
        source: KeySource::PublicKey,
        spki_der: der.to_vec(),
    })
}

/// A certificate serial as WeChat Pay prints it: uppercase hex without leading zeros.
pub fn serial_hex(bytes: &[u8]) -> String {
    let hex = hex_upper(bytes);
    let trimmed = hex.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// Whether two serials name the same certificate: hex compared case-insensitively, leading
/// zeros ignored (OpenSSL prints them, Go and Java do not).
pub fn same_serial(a: &str, b: &str) -> bool {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.eq_ignore_ascii_case(b)
}

/// Every configured verification key. Never empty: without a key nothing could be trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyStore {
    keys: Vec<VerifyKey>,
}

impl KeyStore {
    /// Builds the store; refuses an empty list and two keys with one id.
    pub fn new(keys: Vec<VerifyKey>) -> Result<KeyStore> {
        if keys.is_empty() {
            return Err(Error::invalid_config(
                "configure wechatpayPublicKey or platformCertificates: without a key no response \
                 can be verified",
            ));
        }
        for (i, k) in keys.iter().enumerate() {
            if keys.iter().skip(i + 1).any(|o| same_serial(&o.id, &k.id)) {
                return Err(Error::invalid_config(format!(
                    "the key {} is configured twice",
                    k.id
                )));
            }
        }
        Ok(KeyStore { keys })
    }

    /// A store that may start empty: with `platformCertificates: 'auto'` the certificates
    /// arrive with the first download. Two keys with one id are still refused.
    pub fn pending(keys: Vec<VerifyKey>) -> Result<KeyStore> {
        if keys.is_empty() {
            return Ok(KeyStore { keys });
        }
        KeyStore::new(keys)
    }

    /// This store plus `downloaded` certificates: a configured key keeps its place, a
    /// downloaded one with the serial of a configured one is skipped, and one already
    /// expired at `now` is dropped (one not yet valid is kept: it is the next certificate of
    /// a rotation).
    pub fn with_downloaded(&self, downloaded: &[VerifyKey], now: i64) -> KeyStore {
        let mut keys = self.keys.clone();
        for k in downloaded {
            let expired =
                matches!(k.source, KeySource::Certificate { not_after, .. } if now > not_after);
            if !expired && !keys.iter().any(|o| same_serial(&o.id, &k.id)) {
                keys.push(k.clone());
            }
        }
        KeyStore { keys }
    }

    /// Whether the store holds no key at all (only before the first download).
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The keys, in configuration order (the binding imports them in this order).
    pub fn keys(&self) -> &[VerifyKey] {
        &self.keys
    }

    /// The id to send as `Wechatpay-Serial`: the public key's id, or else the serial of the
    /// newest platform certificate valid at `now`.
    pub fn request_serial(&self, now: i64) -> Option<&str> {
        if let Some(k) = self.keys.iter().find(|k| k.source == KeySource::PublicKey) {
            return Some(&k.id);
        }
        self.keys
            .iter()
            .filter(|k| k.valid_at(now))
            .max_by_key(|k| match k.source {
                KeySource::Certificate { not_before, .. } => not_before,
                KeySource::PublicKey => i64::MAX,
            })
            .map(|k| k.id.as_str())
    }

    /// The key named by a response's `Wechatpay-Serial`, with its index in [`KeyStore::keys`].
    pub fn select(&self, serial: &str, now: i64) -> Result<(usize, &VerifyKey)> {
        let found = self
            .keys
            .iter()
            .enumerate()
            .find(|(_, k)| match k.source {
                KeySource::PublicKey => k.id == serial,
                KeySource::Certificate { .. } => same_serial(&k.id, serial),
            })
            .ok_or_else(|| {
                Error::new(
                    crate::error::ErrorCode::UnknownSerial,
                    format!(
                        "the response is signed with key {}, which is not configured \
                         (configured: {})",
                        quote_untrusted(serial),
                        self.ids()
                    ),
                )
            })?;
        if !found.1.valid_at(now) {
            return Err(Error::new(
                crate::error::ErrorCode::UnknownSerial,
                format!(
                    "the response is signed with certificate {serial}, which is outside its \
                     validity now"
                ),
            ));
        }
        Ok(found)
    }

    fn ids(&self) -> String {
        let ids: Vec<&str> = self.keys.iter().map(|k| k.id.as_str()).collect();
        ids.join(", ")
    }
}

#[cfg(test)]
mod tests;
