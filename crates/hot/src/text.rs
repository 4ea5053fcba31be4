//! Text that crossed from JavaScript in one piece.

/// The pairs of `name\0value\0name\0value…` (empty text: none), borrowed. The text holds
/// whole pairs, so the parts come in twos; a dangling last part is left out.
pub fn nul_pairs(text: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::with_capacity(16);
    if text.is_empty() {
        return out;
    }
    // One pass over the bytes (NUL is never part of a longer UTF-8 sequence).
    let mut name: Option<&str> = None;
    let mut start = 0;
    for (i, b) in text.bytes().enumerate().chain([(text.len(), 0)]) {
        if b != 0 {
            continue;
        }
        let part = text.get(start..i).unwrap_or_default();
        match name.take() {
            None => name = Some(part),
            Some(k) => out.push((k, part)),
        }
        start = i + 1;
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
