//! Constant-time comparison, so a signature check leaks nothing through its timing.

use subtle::ConstantTimeEq;

/// Whether `a` and `b` are equal, in time that depends only on their lengths.
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// Whether a received hex signature equals `expected` (uppercase hex), in constant time.
/// Hex is case-insensitive: providers send uppercase, lowercase is tolerated.
pub fn hex_sign_matches(expected: &str, received: &str) -> bool {
    ct_eq(
        expected.as_bytes(),
        received.to_ascii_uppercase().as_bytes(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_content_and_length() {
        assert!(ct_eq(b"ABC", b"ABC"));
        assert!(!ct_eq(b"ABC", b"ABD"));
        assert!(!ct_eq(b"ABC", b"ABCD"));
        assert!(ct_eq(b"", b""));
    }

    #[test]
    fn hex_signatures_compare_case_insensitively() {
        assert!(hex_sign_matches("9A0A", "9a0a"));
        assert!(!hex_sign_matches("9A0A", "9A0B"));
    }
}
