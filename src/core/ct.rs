//! Constant-time comparison, so a signature check leaks nothing through its timing.

use subtle::ConstantTimeEq;

/// Whether `a` and `b` are equal, in time that depends only on their lengths.
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// Whether a received hex signature equals `expected` (uppercase hex), in constant time.
/// Hex is case-insensitive: providers send uppercase, lowercase is tolerated. Signatures up
/// to 64 characters (SHA-256) are uppercased on the stack, without an allocation.
pub fn hex_sign_matches(expected: &str, received: &str) -> bool {
    let (expected, received) = (expected.as_bytes(), received.as_bytes());
    if expected.len() != received.len() {
        // Another length never matches (the length is not secret).
        return false;
    }
    let mut upper = [0u8; 64];
    match upper.get_mut(..received.len()) {
        Some(buf) => {
            for (u, r) in buf.iter_mut().zip(received) {
                *u = r.to_ascii_uppercase();
            }
            ct_eq(expected, buf)
        }
        None => ct_eq(expected, &received.to_ascii_uppercase()),
    }
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
        assert!(!hex_sign_matches("9A0A", "9A0"));
        assert!(hex_sign_matches("", ""));
        let long = "A".repeat(65);
        assert!(hex_sign_matches(&long, &long.to_ascii_lowercase()));
        assert!(!hex_sign_matches(&long, &"B".repeat(65)));
        let sha = "AB".repeat(32);
        assert!(hex_sign_matches(&sha, &sha.to_ascii_lowercase()));
    }
}
