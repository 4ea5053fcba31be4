//! The digests the signing rules use, as uppercase hex. The code lives in `payquery-hot`
//! (crates/hot), compiled for speed; these are the names the rest of the crate uses.

pub use payquery_hot::digest::{hex_upper, HexDigest};
pub use payquery_hot::sha256::sha256;

/// MD5 of `data` as uppercase hex.
pub fn md5_hex_upper(data: &[u8]) -> String {
    let mut h = HexDigest::md5();
    h.update(data);
    h.finish()
}

/// HMAC-SHA256 of `data` keyed with `key`, as uppercase hex.
pub fn hmac_sha256_hex_upper(key: &[u8], data: &[u8]) -> String {
    let mut h = HexDigest::hmac_sha256(key);
    h.update(data);
    h.finish()
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
