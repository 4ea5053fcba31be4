//! Bytes shown as text with invalid UTF-8 replaced, for messages and devtools output.

/// `String::from_utf8_lossy(bytes).into_owned()`, built on `str::from_utf8` (already in every
/// module) instead of std's `Utf8Chunks` iterator, which cost the APIv3 module about 600 bytes
/// for this alone. Each maximal invalid subpart becomes one U+FFFD, as std decides them: both
/// follow `Utf8Error::error_len`.
pub fn lossy(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                out.push_str(text);
                return out;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                out.push(char::REPLACEMENT_CHARACTER);
                // `None`: the input ends inside a sequence, which is one invalid subpart.
                let skip = e.error_len().map_or(after.len(), usize::from);
                rest = after.get(skip..).unwrap_or_default();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::lossy;

    #[test]
    fn agrees_with_std_from_utf8_lossy() {
        let cases: &[&[u8]] = &[
            b"",
            b"plain ascii",
            "中文 😀".as_bytes(),
            b"\xff",
            b"a\xffb",
            b"\xe4\xb8",
            b"ok\xe4\xb8",
            b"\xf0\x9f\x98",
            b"\xf0\x9f\x98a\xf0\x9f",
            b"\xed\xa0\x80",
            b"\xc0\xaf",
            b"\xf4\x90\x80\x80",
            b"\x80\x80\x80",
            b"x\xe2\x82\xac\xe2\x82y\xff\xfe",
        ];
        for bytes in cases {
            assert_eq!(lossy(bytes), String::from_utf8_lossy(bytes), "{bytes:?}");
        }
        // Every two-byte input, and three-byte ones around sequence starts.
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let two = [a, b];
                assert_eq!(lossy(&two), String::from_utf8_lossy(&two));
                for c in [0x41, 0x80, 0xbf, 0xc3, 0xe4, 0xf0] {
                    let three = [a, b, c];
                    assert_eq!(lossy(&three), String::from_utf8_lossy(&three));
                }
            }
        }
    }
}
