//! Text handed to the runtime's `JSON.parse`: JSON string literals in ASCII only, and whether
//! a JavaScript string survived its UTF-8 encoding unchanged.

/// Appends `value` as a JSON string literal made of ASCII characters only: `"` and `\` escaped,
/// control characters and everything beyond ASCII as `\uXXXX` (UTF-16 units, so a character
/// beyond the BMP is a surrogate pair). `JSON.parse` reads back exactly `value`. Runtimes
/// decode ASCII from wasm memory several times faster than UTF-8 (a 29-field v2 answer with
/// Chinese text: 2.8 µs to decode and parse as UTF-8, 1.8 µs as ASCII, Node 20).
pub fn push_ascii_string(out: &mut String, value: &str) {
    out.reserve(value.len() + 2);
    out.push('"');
    let bytes = value.as_bytes();
    // The plain run not yet copied starts at `plain`; `at` is where the scan is. Plain bytes
    // are ASCII, so both are always at character boundaries.
    let (mut plain, mut at) = (0, 0);
    while at < bytes.len() {
        if bytes.get(at..at + 8).is_some_and(all_plain) {
            at += 8;
            continue;
        }
        if bytes.get(at).is_some_and(|&b| is_plain(b)) {
            at += 1;
            continue;
        }
        out.push_str(value.get(plain..at).unwrap_or_default());
        let Some(c) = value.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    push_unit_escape(out, *u);
                }
            }
        }
        at += c.len_utf8();
        plain = at;
    }
    out.push_str(value.get(plain..).unwrap_or_default());
    out.push('"');
}

/// Whether all eight bytes of `word` are plain ([`is_plain`]), tested at once: most of a value
/// is plain ASCII, and a byte at a time was the larger part of this writer's time.
fn all_plain(word: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let Ok(word) = <[u8; 8]>::try_from(word) else {
        return false;
    };
    let x = u64::from_le_bytes(word);
    // Non-zero when some byte of `v` is zero (exact for "some", which is all that is asked).
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let beyond_ascii = x & HIGH;
    // Some byte below 0x20 (exact for bounds up to 0x80).
    let control = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
    let special = has_zero(x ^ (ONES * 0x7f))
        | has_zero(x ^ (ONES * u64::from(b'"')))
        | has_zero(x ^ (ONES * u64::from(b'\\')));
    beyond_ascii | control | special == 0
}

/// Whether `b` stands for itself inside a JSON string literal of ASCII characters: printable
/// ASCII but the quote and the backslash.
fn is_plain(b: u8) -> bool {
    (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\'
}

/// Appends `\uXXXX` for the UTF-16 code unit `u`, as one `push_str`.
fn push_unit_escape(out: &mut String, u: u16) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    // Always in range; the optimiser drops the check.
    let digit = |shift: u16| {
        HEX.get(usize::from((u >> shift) & 0xf))
            .copied()
            .unwrap_or(b'0')
    };
    let escape = [b'\\', b'u', digit(12), digit(8), digit(4), digit(0)];
    // ASCII only, so the check cannot fail.
    out.push_str(std::str::from_utf8(&escape).unwrap_or_default());
}

/// Whether `bytes` hold U+FFFD (`EF BF BD`), the character a lone surrogate becomes when a
/// JavaScript string is encoded as UTF-8: without one, the string and its UTF-8 hold the
/// same text.
pub fn has_replacement_char(bytes: &[u8]) -> bool {
    memchr::memchr_iter(0xef, bytes).any(|at| bytes.get(at + 1..at + 3) == Some(&[0xbf, 0xbd][..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literal(value: &str) -> String {
        let mut out = String::new();
        push_ascii_string(&mut out, value);
        out
    }

    #[test]
    fn escapes_to_ascii() {
        assert_eq!(literal(""), r#""""#);
        assert_eq!(literal("plain ~"), r#""plain ~""#);
        assert_eq!(literal("q\"b\\"), r#""q\"b\\""#);
        assert_eq!(literal("\n\u{0}\u{7f}"), r#""\u000a\u0000\u007f""#);
        assert_eq!(literal("中😀"), r#""\u4e2d\ud83d\ude00""#);
    }

    /// The writer as it was before it read eight bytes at a time: a character at a time.
    fn reference(value: &str) -> String {
        let mut out = String::from("\"");
        for c in value.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if (' '..'\u{7f}').contains(&c) => out.push(c),
                c => {
                    let mut units = [0u16; 2];
                    for u in c.encode_utf16(&mut units) {
                        out.push_str(&format!("\\u{:04x}", u));
                    }
                }
            }
        }
        out.push('"');
        out
    }

    #[test]
    fn writes_like_a_character_at_a_time() {
        // Every byte class the word test tells apart, at every offset within and across words.
        const ALPHABET: [char; 14] = [
            'a', ' ', '~', '"', '\\', '\u{7f}', '\u{0}', '\u{1f}', '\n', '\u{80}', 'é', '中', '😀',
            '\u{ffff}',
        ];
        let mut x: u32 = 11;
        let mut next = |n: usize| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (x >> 8) as usize % n
        };
        for round in 0..20_000 {
            let len = round % 40;
            // Mostly plain, so that whole plain words occur.
            let value: String = (0..len)
                .map(|_| {
                    if next(4) == 0 {
                        ALPHABET[next(ALPHABET.len())]
                    } else {
                        char::from(b' ' + next(95) as u8)
                    }
                })
                .collect();
            assert_eq!(literal(&value), reference(&value), "{value:?}");
        }
        for b in 0..=0xffu8 {
            let word = [b'a', b'b', b'c', b, b'd', b'e', b'f', b'g'];
            assert_eq!(all_plain(&word), word.iter().all(|&b| is_plain(b)), "{b}");
        }
    }

    #[test]
    fn finds_the_replacement_character() {
        assert!(has_replacement_char("a\u{FFFD}b".as_bytes()));
        assert!(!has_replacement_char("中文 \u{FFFC}\u{FFFE}".as_bytes()));
    }
}
