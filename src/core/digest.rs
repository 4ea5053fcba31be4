//! The digests the signing rules use, as uppercase hex.

use hmac::{Hmac, Mac};
use md5::{Digest, Md5};
use sha2::Sha256;

/// Uppercase hex of `bytes`.
pub fn hex_upper(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        for nibble in [b >> 4, b & 0x0f] {
            // A nibble is always < 16, so from_digit never falls back.
            let c = char::from_digit(u32::from(nibble), 16).unwrap_or('0');
            out.push(c.to_ascii_uppercase());
        }
    }
    out
}

/// MD5 of `data` as uppercase hex.
pub fn md5_hex_upper(data: &[u8]) -> String {
    hex_upper(&Md5::digest(data))
}

/// HMAC-SHA256 of `data` keyed with `key`, as uppercase hex.
pub fn hmac_sha256_hex_upper(key: &[u8], data: &[u8]) -> String {
    // HMAC accepts keys of any length, so this constructor cannot fail; map defensively anyway.
    match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            hex_upper(&mac.finalize().into_bytes())
        }
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answers() {
        assert_eq!(md5_hex_upper(b""), "D41D8CD98F00B204E9800998ECF8427E");
        // RFC 4231 test case 2.
        assert_eq!(
            hmac_sha256_hex_upper(b"Jefe", b"what do ya want for nothing?"),
            "5BDCC146BF60754E6A042426089575C75A003F089D2739839DEC58B964EC3843"
        );
        assert_eq!(hex_upper(&[0x00, 0xab, 0xff]), "00ABFF");
    }
}
