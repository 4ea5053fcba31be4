//! RSA public keys: read from PKCS#1 and SPKI DER, compared by their numbers, identified by
//! the SHA-256 of their canonical SPKI.

use crate::core::der::{self, DerError, Reader};
use crate::error::{Error, Result};

/// The content of the OID `rsaEncryption` (1.2.840.113549.1.1.1), the algorithm of every
/// WeChat Pay APIv3 key.
pub(super) const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// WeChat Pay issues RSA-2048 keys; anything shorter is refused.
const MIN_RSA_BITS: usize = 2048;

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
        crate::core::digest::hex_upper(&crate::core::digest::sha256(&self.spki_der()))
            .to_ascii_lowercase()
    }

    /// The canonical SubjectPublicKeyInfo DER (rsaEncryption with NULL parameters), written
    /// by hand: a DER encoder would cost wasm for these few bytes.
    pub(super) fn spki_der(&self) -> Vec<u8> {
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

/// The bit length of a big-endian unsigned integer without leading zero bytes.
fn bit_len(bytes: &[u8]) -> usize {
    match bytes.first() {
        Some(&b) => bytes.len() * 8 - b.leading_zeros() as usize,
        None => 0,
    }
}

/// The modulus and public exponent of an `RSAPublicKey` or `RSAPrivateKey` (both start with
/// them, the private one after a version number, any value up to 255).
pub(super) fn rsa_public(der: &[u8], private: bool) -> der::Result<RsaPublic> {
    let mut reader = Reader::new(der)?;
    let mut seq = reader.sequence()?;
    if private {
        der::small_unsigned(seq.element(der::INTEGER)?)?;
    }
    let modulus = der::unsigned(seq.element(der::INTEGER)?)?.to_vec();
    let exponent = der::unsigned(seq.element(der::INTEGER)?)?.to_vec();
    // The private exponent and CRT values follow; WebCrypto checks them on import.
    seq.rest();
    reader.finish()?;
    Ok(RsaPublic { modulus, exponent })
}

/// An `AlgorithmIdentifier`'s OID content: `SEQUENCE { OID, parameters ANY OPTIONAL }`.
pub(super) fn algorithm(reader: &mut Reader<'_>) -> der::Result<Vec<u8>> {
    let mut seq = reader.sequence()?;
    let oid = seq.element(der::OID)?;
    der::check_oid(oid)?;
    if seq.peek_tag()?.is_some() {
        seq.any()?;
    }
    seq.finish()?;
    Ok(oid.to_vec())
}

pub(super) fn check_bits(field: &str, key: &RsaPublic) -> Result<()> {
    let bits = bit_len(&key.modulus);
    if bits < MIN_RSA_BITS {
        return Err(Error::invalid_config(format!(
            "{field} is an RSA-{bits} key; WeChat Pay APIv3 uses RSA-2048"
        )));
    }
    Ok(())
}

/// A `SubjectPublicKeyInfo`'s algorithm OID and key BIT STRING.
struct Spki<'a> {
    oid: Vec<u8>,
    /// The BIT STRING's unused bits and bytes.
    key: (u8, &'a [u8]),
}

/// Reads a `SubjectPublicKeyInfo` (nothing may follow it).
fn spki(der: &[u8]) -> der::Result<Spki<'_>> {
    let mut reader = Reader::new(der)?;
    let mut seq = reader.sequence()?;
    let oid = algorithm(&mut seq)?;
    let key = der::bit_string(seq.element(der::BIT_STRING)?)?;
    seq.finish()?;
    reader.finish()?;
    Ok(Spki { oid, key })
}

/// Checks an SPKI DER (RSA, >= 2048 bits) and returns its key.
pub(super) fn check_spki(field: &str, der: &[u8]) -> Result<RsaPublic> {
    let Spki {
        oid,
        key: (unused_bits, key),
    } = spki(der)
        .map_err(|_| Error::invalid_config(format!("{field} is not a valid public key")))?;
    if oid != RSA_ENCRYPTION {
        return Err(Error::invalid_config(format!(
            "{field} is not an RSA key; WeChat Pay signs with RSA-2048"
        )));
    }
    let key = Some(key)
        .filter(|_| unused_bits == 0)
        .ok_or(DerError::BadValue)
        .and_then(|k| rsa_public(k, false))
        .map_err(|_| Error::invalid_config(format!("{field} holds a damaged RSA public key")))?;
    check_bits(field, &key)?;
    Ok(key)
}
