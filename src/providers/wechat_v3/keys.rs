//! Keys and certificates, parsed and checked in Rust so that a bad one fails at construction
//! with `INVALID_CONFIG`. The RSA operations themselves run in WebCrypto (binding layer); this
//! module only hands it DER: the merchant's PKCS#8 private key and the SPKI of every key that
//! may verify WeChat Pay's signatures.

use crate::core::digest::hex_upper;
use crate::core::time::unix_to_beijing_rfc3339;
use crate::error::{describe_refused, quote_untrusted, Error, Result};
use der::asn1::UintRef;
use der::{Decode, Encode, Reader, SliceReader};
use std::fmt;
use zeroize::Zeroizing;

/// `rsaEncryption`, the algorithm of every WeChat Pay APIv3 key.
const RSA_ENCRYPTION: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// WeChat Pay issues RSA-2048 keys; anything shorter is refused.
const MIN_RSA_BITS: usize = 2048;
/// The prefix of a WeChat Pay public key id.
pub const PUBLIC_KEY_ID_PREFIX: &str = "PUB_KEY_ID_";

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

/// An RSA public key by its numbers, so that a key is compared with a certificate whatever
/// DER each was encoded with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RsaPublic {
    /// The modulus, big-endian, without leading zeros.
    modulus: Vec<u8>,
    /// The public exponent, likewise.
    exponent: Vec<u8>,
}

impl RsaPublic {
    /// The SHA-256 of the key's SubjectPublicKeyInfo DER, lowercase hex: what
    /// `openssl pkey -pubout -outform DER | openssl dgst -sha256` prints for the private key,
    /// and `openssl x509 -noout -pubkey | openssl pkey -pubin -outform DER | openssl dgst
    /// -sha256` for its certificate. Public: it identifies a key without revealing it.
    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        crate::core::digest::hex_upper(&Sha256::digest(self.spki_der())).to_ascii_lowercase()
    }

    /// The canonical SubjectPublicKeyInfo DER (rsaEncryption with NULL parameters), written
    /// by hand: the `der` crate's encoders cost about 6 KB of wasm for these few bytes.
    fn spki_der(&self) -> Vec<u8> {
        /// AlgorithmIdentifier { rsaEncryption, NULL }.
        const ALGORITHM: [u8; 15] = [
            0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05,
            0x00,
        ];
        let mut numbers = der_integer(&self.modulus);
        numbers.extend(der_integer(&self.exponent));
        let mut bits = vec![0];
        bits.extend(der_tlv(0x30, &numbers));
        let mut spki = ALGORITHM.to_vec();
        spki.extend(der_tlv(0x03, &bits));
        der_tlv(0x30, &spki)
    }
}

/// One DER element: `tag`, the definite length, `content`.
fn der_tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let len = content.len();
    let mut out = vec![tag];
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

/// A DER INTEGER of an unsigned big-endian number without leading zeros (a zero byte first
/// when the high bit is set, so that it stays positive).
fn der_integer(unsigned: &[u8]) -> Vec<u8> {
    let mut content = Vec::with_capacity(unsigned.len() + 1);
    if unsigned.first().map_or(true, |b| b & 0x80 != 0) {
        content.push(0);
    }
    content.extend_from_slice(unsigned);
    der_tlv(0x02, &content)
}

/// A PEM label for a message: shown when it looks like one (`EC PRIVATE KEY`, `X509 CRL`: at
/// most 24 uppercase letters, digits and spaces), otherwise described, since the label is the
/// caller's text and a secret pasted around `-----BEGIN ` would be quoted whole.
fn shown_label(label: &str) -> String {
    let plain = (1..=24).contains(&label.len())
        && label
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' ');
    if plain {
        format!("\"{label}\"")
    } else {
        format!("[{}]", describe_refused(label))
    }
}

/// Decodes one PEM block, mapping every failure to `INVALID_CONFIG` for `field`.
fn pem_block(field: &str, pem: &str) -> Result<(String, Zeroizing<Vec<u8>>)> {
    let text = pem.trim();
    // Keys pasted into environment variables often arrive with `\n` escapes instead of newlines.
    let hint = if text.contains("\\n") {
        " (it contains a literal \\n: replace those with real newlines)"
    } else {
        ""
    };
    if !text.starts_with("-----BEGIN ") {
        return Err(Error::invalid_config(format!(
            "{field} must be a PEM text starting with -----BEGIN{hint}"
        )));
    }
    pem_rfc7468::decode_vec(text.as_bytes())
        .map(|(label, der)| (label.to_owned(), Zeroizing::new(der)))
        .map_err(|e| {
            Error::invalid_config(format!(
                "{field} is not a valid PEM block ({e}); give exactly one BEGIN/END block{hint}"
            ))
        })
}

/// The bit length of a big-endian unsigned integer without leading zero bytes.
fn bit_len(bytes: &[u8]) -> usize {
    match bytes.first() {
        Some(&b) => bytes.len() * 8 - b.leading_zeros() as usize,
        None => 0,
    }
}

/// The modulus and public exponent of an `RSAPublicKey` or `RSAPrivateKey` (both start with
/// them, the private one after a version number).
fn rsa_public(der: &[u8], private: bool) -> der::Result<RsaPublic> {
    let mut reader = SliceReader::new(der)?;
    let public = reader.sequence(|seq| {
        if private {
            u8::decode(seq)?;
        }
        let modulus = UintRef::decode(seq)?.as_bytes().to_vec();
        let exponent = UintRef::decode(seq)?.as_bytes().to_vec();
        // The private exponent and CRT values follow; WebCrypto checks them on import.
        let rest = seq.remaining_len();
        seq.read_slice(rest)?;
        Ok(RsaPublic { modulus, exponent })
    })?;
    reader.finish(public)
}

fn check_bits(field: &str, key: &RsaPublic) -> Result<()> {
    let bits = bit_len(&key.modulus);
    if bits < MIN_RSA_BITS {
        return Err(Error::invalid_config(format!(
            "{field} is an RSA-{bits} key; WeChat Pay APIv3 uses RSA-2048"
        )));
    }
    Ok(())
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
        other => {
            return Err(Error::invalid_config(format!(
                "privateKey is a {} PEM block; expected BEGIN PRIVATE KEY (PKCS#8)",
                shown_label(other)
            )))
        }
    }
    let info = pkcs8::PrivateKeyInfo::try_from(der.as_slice()).map_err(|_| {
        Error::invalid_config("privateKey is not a valid PKCS#8 structure (damaged or truncated?)")
    })?;
    if info.algorithm.oid != RSA_ENCRYPTION {
        return Err(Error::invalid_config(
            "privateKey is not an RSA key; WeChat Pay APIv3 merchant keys are RSA-2048",
        ));
    }
    let public = rsa_public(info.private_key, true)
        .map_err(|_| Error::invalid_config("privateKey holds a damaged RSA private key"))?;
    check_bits(FIELD, &public)?;
    Ok(PrivateKeyDer(der, public))
}

/// Checks an SPKI DER (RSA, >= 2048 bits) and returns its key.
fn check_spki(field: &str, der: &[u8]) -> Result<RsaPublic> {
    let spki = spki::SubjectPublicKeyInfoRef::try_from(der)
        .map_err(|_| Error::invalid_config(format!("{field} is not a valid public key")))?;
    if spki.algorithm.oid != RSA_ENCRYPTION {
        return Err(Error::invalid_config(format!(
            "{field} is not an RSA key; WeChat Pay signs with RSA-2048"
        )));
    }
    let key = spki
        .subject_public_key
        .as_bytes()
        .ok_or(())
        .and_then(|k| rsa_public(k, false).map_err(|_| ()))
        .map_err(|_| Error::invalid_config(format!("{field} holds a damaged RSA public key")))?;
    check_bits(field, &key)?;
    Ok(key)
}

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
        other => {
            return Err(Error::invalid_config(format!(
                "wechatpayPublicKey.pem is a {} PEM block; expected BEGIN PUBLIC KEY",
                shown_label(other)
            )))
        }
    }
    check_spki(FIELD, &der)?;
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

fn show_time(secs: i64) -> String {
    unix_to_beijing_rfc3339(secs).unwrap_or_else(|| format!("@{secs}"))
}

/// The certificate fields payquery reads.
struct CertificateFields {
    serial: x509_cert::serial_number::SerialNumber,
    validity: x509_cert::time::Validity,
    spki_der: Vec<u8>,
}

/// Walks `Certificate ::= SEQUENCE { tbsCertificate, … }` and reads serial, validity and
/// SubjectPublicKeyInfo from the TBS, skipping names and extensions as opaque DER: decoding
/// the whole `x509_cert::Certificate` costs about 55 KB of wasm for fields never used.
/// The issuer's signature is not checked: the certificate is trusted configuration.
fn certificate_fields(der: &[u8]) -> der::Result<CertificateFields> {
    use der::asn1::{AnyRef, ContextSpecific};
    use der::TagNumber;
    let mut reader = SliceReader::new(der)?;
    let fields = reader.sequence(|cert| {
        let fields = cert.sequence(|tbs| {
            // [0] EXPLICIT Version DEFAULT v1
            ContextSpecific::<u8>::decode_explicit(tbs, TagNumber::N0)?;
            let serial = x509_cert::serial_number::SerialNumber::decode(tbs)?;
            AnyRef::decode(tbs)?; // signature algorithm
            AnyRef::decode(tbs)?; // issuer
            let validity = x509_cert::time::Validity::decode(tbs)?;
            AnyRef::decode(tbs)?; // subject
            let spki_der = AnyRef::decode(tbs)?.to_der()?;
            // Unique ids and extensions follow; nothing in them changes which key verifies.
            let rest = tbs.remaining_len();
            tbs.read_slice(rest)?;
            Ok(CertificateFields {
                serial,
                validity,
                spki_der,
            })
        })?;
        // signatureAlgorithm and signatureValue
        let rest = cert.remaining_len();
        cert.read_slice(rest)?;
        Ok(fields)
    })?;
    reader.finish(fields)
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
        return Err(Error::invalid_config(format!(
            "{field} is a {} PEM block; expected BEGIN CERTIFICATE",
            shown_label(&label)
        )));
    }
    let bad = || Error::invalid_config(format!("{field} is not a valid X.509 certificate"));
    let fields = certificate_fields(&der).map_err(|_| bad())?;
    let id = serial_hex(fields.serial.as_bytes());
    let secs = |t: x509_cert::time::Time| i64::try_from(t.to_unix_duration().as_secs());
    let (not_before, not_after) = match (
        secs(fields.validity.not_before),
        secs(fields.validity.not_after),
    ) {
        (Ok(a), Ok(b)) => (a, b),
        _ => return Err(bad()),
    };
    let spki_der = fields.spki_der;
    check_spki(field, &spki_der)?;
    Ok(VerifyKey {
        id,
        source: KeySource::Certificate {
            not_before,
            not_after,
        },
        spki_der,
    })
}

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
    let detail = |problem: &str| {
        serde_json::json!({
            "problem": problem,
            "certificateSerialNo": certificate.id,
            "certificateFingerprint": certificate_fingerprint,
            "keyFingerprint": key_fingerprint,
        })
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
