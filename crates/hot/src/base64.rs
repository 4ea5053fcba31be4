//! Standard base64 (RFC 4648, padded): constant-time (base64ct) because it also decodes keys;
//! public data (the signature of every v3 answer) through a plain decoder first.

use base64ct::{Base64, Encoding};

/// Encodes `bytes` as padded standard base64.
pub fn encode(bytes: &[u8]) -> String {
    Base64::encode_string(bytes)
}

/// Decodes padded standard base64; `None` for anything else (whitespace included).
pub fn decode(text: &str) -> Option<Vec<u8>> {
    Base64::decode_vec(text).ok()
}

/// [`decode`] for public data (a signature): a canonical padded string is decoded directly,
/// several times faster than the constant-time decoder (whose timing guarantee a
/// public value does not need); anything else goes to [`decode`], so what is accepted, and
/// the bytes, are exactly [`decode`]'s.
pub fn decode_public(text: &str) -> Option<Vec<u8>> {
    decode_canonical(text).or_else(|| decode(text))
}

/// The value of a base64 character; `None` for the others.
fn value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Decodes `text` when it is canonical padded standard base64 (length a multiple of 4, at
/// most two `=` at the end, the bits the padding leaves over all zero); `None` otherwise.
fn decode_canonical(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || bytes.len() % 4 != 0 {
        return None;
    }
    let pad = bytes.iter().rev().take_while(|b| **b == b'=').count();
    let body = bytes.get(..bytes.len().checked_sub(pad).filter(|_| pad <= 2)?)?;
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in body {
        acc = (acc << 6) | u32::from(value(c)?);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            // The low 8 bits of the shifted accumulator are the next byte.
            out.push((acc >> bits) as u8);
        }
    }
    // Canonical: what the padding leaves over is zero.
    (acc & ((1 << bits) - 1) == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_decoding_agrees_with_the_constant_time_decoder() {
        let mut inputs: Vec<String> = [
            "", "QQ==", "QR==", "QUI=", "QUJ=", "QUJD", "Q===", "QQ=", "QQ", "=QQ=", "Q=Q=",
            "QUJD\n", "QU JD", "QUJD====", "-_==", "YWJj+/8=", "////", "AAAA",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for len in 0..40 {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let text = encode(&data);
            assert_eq!(decode_public(&text), Some(data.clone()));
            if len > 0 {
                assert_eq!(decode_canonical(&text), Some(data), "{text}");
            }
            inputs.push(text.clone());
            inputs.push(text.replace('=', "A"));
            inputs.push(format!("{text}="));
        }
        for text in &inputs {
            assert_eq!(decode_public(text), decode(text), "{text:?}");
            if let Some(fast) = decode_canonical(text) {
                assert_eq!(Some(fast), decode(text), "{text:?}");
            }
        }
    }

    #[test]
    fn round_trips_and_refuses_non_base64() {
        assert_eq!(encode(b"payquery"), "cGF5cXVlcnk=");
        assert_eq!(decode("cGF5cXVlcnk=").unwrap(), b"payquery");
        for bad in ["cGF5cXVlcnk", "cGF5 cXVlcnk=", "abc", "ab=c", "%%%%"] {
            assert_eq!(decode(bad), None, "{bad}");
        }
    }
}
