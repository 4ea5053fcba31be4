//! Constant-time comparison, so a signature check leaks nothing through its timing.

use subtle::ConstantTimeEq;

/// Whether `a` and `b` are equal, in time that depends only on their lengths.
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
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
}
