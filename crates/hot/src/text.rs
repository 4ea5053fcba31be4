//! Text that crossed from JavaScript in one piece.

/// The pairs of `name\0value\0name\0value…` (empty text: none), borrowed. The text holds
/// whole pairs, so the parts come in twos; a dangling last part is left out.
pub fn nul_pairs(text: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::with_capacity(16);
    if text.is_empty() {
        return out;
    }
    let mut parts = text.split('\0');
    while let (Some(k), Some(v)) = (parts.next(), parts.next()) {
        out.push((k, v));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_whole_pairs() {
        assert_eq!(nul_pairs(""), []);
        assert_eq!(nul_pairs("\0"), [("", "")]);
        assert_eq!(nul_pairs("a\u{0}1\u{0}b\u{0}"), [("a", "1"), ("b", "")]);
        assert_eq!(nul_pairs("a\u{0}1\u{0}b"), [("a", "1")]);
    }
}
