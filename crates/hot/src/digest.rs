//! MD5 and HMAC-SHA256 fed piece by piece, finished as uppercase hex; the canonical
//! `k=v&k2=v2` string fed to them without being built.

use crate::sha256::HmacSha256;
use crate::xml::Field;
use md5::{Digest, Md5};

/// The uppercase hex digits, indexed by nibble.
const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// The uppercase hex digit of the low four bits of `n`.
fn digit(n: u8) -> char {
    // Always in range (a nibble indexes 16 digits); the optimiser drops the check.
    char::from(
        HEX_UPPER
            .get(usize::from(n & 0x0f))
            .copied()
            .unwrap_or(b'0'),
    )
}

/// Uppercase hex of `bytes`, two table look-ups per byte.
pub fn hex_upper(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(digit(b >> 4));
        out.push(digit(b));
    }
    out
}

/// A digest being fed: MD5, or HMAC-SHA256 keyed at the start.
pub enum HexDigest {
    /// MD5.
    Md5(Md5),
    /// HMAC-SHA256.
    HmacSha256(HmacSha256),
}

impl HexDigest {
    /// An MD5 digest.
    pub fn md5() -> HexDigest {
        HexDigest::Md5(Md5::new())
    }

    /// An HMAC-SHA256 digest keyed with `key`.
    pub fn hmac_sha256(key: &[u8]) -> HexDigest {
        HexDigest::HmacSha256(HmacSha256::new(key))
    }

    /// Feeds `data`.
    pub fn update(&mut self, data: &[u8]) {
        match self {
            HexDigest::Md5(h) => Digest::update(h, data),
            HexDigest::HmacSha256(h) => h.update(data),
        }
    }

    /// Feeds the canonical string of `fields` (sorted by name): every field but the one named
    /// `skip` and those with an empty value, `k1=v1&k2=v2…`; returns whether it was non-empty.
    pub fn update_fields(&mut self, fields: &[Field<'_>], skip: &str) -> bool {
        self.update_joined(
            fields
                .iter()
                .filter(|(k, v)| *k != skip && !v.is_empty())
                .map(|(k, v)| (*k, v.as_ref())),
        )
    }

    /// Joins the pairs into one buffer and feeds it at once: a digest fed many short pieces
    /// spends more on each call than on the copy.
    fn update_joined<'a>(
        &mut self,
        pairs: impl Iterator<Item = (&'a str, &'a str)> + Clone,
    ) -> bool {
        let len: usize = pairs.clone().map(|(k, v)| k.len() + v.len() + 2).sum();
        let mut joined = Vec::with_capacity(len);
        for (k, v) in pairs {
            if !joined.is_empty() {
                joined.push(b'&');
            }
            joined.extend_from_slice(k.as_bytes());
            joined.push(b'=');
            joined.extend_from_slice(v.as_bytes());
        }
        self.update(&joined);
        !joined.is_empty()
    }

    /// The digest as uppercase hex.
    pub fn finish(self) -> String {
        match self {
            HexDigest::Md5(h) => hex_upper(&h.finalize()),
            HexDigest::HmacSha256(h) => hex_upper(&h.finish()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answers() {
        let md5 = |data: &[u8]| {
            let mut h = HexDigest::md5();
            h.update(data);
            h.finish()
        };
        assert_eq!(md5(b""), "D41D8CD98F00B204E9800998ECF8427E");
        // RFC 4231 test case 2, fed in two pieces.
        let mut h = HexDigest::hmac_sha256(b"Jefe");
        h.update(b"what do ya want ");
        h.update(b"for nothing?");
        assert_eq!(
            h.finish(),
            "5BDCC146BF60754E6A042426089575C75A003F089D2739839DEC58B964EC3843"
        );
        assert_eq!(hex_upper(&[0x00, 0xab, 0xff, 0x5c]), "00ABFF5C");
    }

    #[test]
    fn fields_are_fed_as_the_canonical_string() {
        use std::borrow::Cow::Borrowed;
        let fields = [
            ("B", Borrowed("0")),
            ("a", Borrowed("1")),
            ("b", Borrowed("")),
            ("sign", Borrowed("X")),
        ];
        let mut h = HexDigest::md5();
        assert!(h.update_fields(&fields, "sign"));
        let mut whole = HexDigest::md5();
        whole.update(b"B=0&a=1");
        assert_eq!(h.finish(), whole.finish());
        assert!(!HexDigest::md5().update_fields(&fields[2..], "sign"));
    }
}
