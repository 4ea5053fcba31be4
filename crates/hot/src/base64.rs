//! Standard base64 (RFC 4648, padded), constant-time (base64ct) because it also decodes keys,
//! instantiated here so that the signature of every v3 answer decodes at opt-level 3.

use base64ct::{Base64, Encoding};

/// Encodes `bytes` as padded standard base64.
pub fn encode(bytes: &[u8]) -> String {
    Base64::encode_string(bytes)
}

/// Decodes padded standard base64; `None` for anything else (whitespace included).
pub fn decode(text: &str) -> Option<Vec<u8>> {
    Base64::decode_vec(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_non_base64() {
        assert_eq!(encode(b"payquery"), "cGF5cXVlcnk=");
        assert_eq!(decode("cGF5cXVlcnk=").unwrap(), b"payquery");
        for bad in ["cGF5cXVlcnk", "cGF5 cXVlcnk=", "abc", "ab=c", "%%%%"] {
            assert_eq!(decode(bad), None, "{bad}");
        }
    }
}
