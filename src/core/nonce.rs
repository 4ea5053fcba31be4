//! Nonces: random alphanumeric strings. The randomness comes from the caller
//! (`crypto.getRandomValues` in the binding layer), so the core stays deterministic and testable.

use crate::error::{Error, ErrorCode, Result};

const ALPHABET: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/// Bytes at or above this are rejected so that every character is equally likely (248 = 4 * 62).
const LIMIT: u8 = 248;

/// The nonce length both WeChat APIs allow at most, and what payquery always sends.
pub const NONCE_LEN: usize = 32;

/// Builds a `len`-character alphanumeric nonce from random bytes supplied by `fill`.
/// `fill` is called until enough unbiased bytes arrived (a few rounds at most).
pub fn nonce_from<F: FnMut(&mut [u8]) -> Result<()>>(len: usize, mut fill: F) -> Result<String> {
    let mut out = String::with_capacity(len);
    let mut buf = [0u8; 64];
    for _ in 0..64 {
        fill(&mut buf)?;
        for &b in buf.iter().filter(|&&b| b < LIMIT) {
            if out.len() == len {
                return Ok(out);
            }
            // b % 62 < ALPHABET.len(), so the fallback is never taken.
            out.push(char::from(
                ALPHABET.get(usize::from(b % 62)).copied().unwrap_or(b'A'),
            ));
        }
        if out.len() == len {
            return Ok(out);
        }
    }
    Err(Error::new(
        ErrorCode::Internal,
        "the random source returned too few usable bytes",
    ))
}

/// Whether `nonce` is one payquery would accept from a caller: 1..=32 ASCII alphanumerics.
pub fn is_valid_nonce(nonce: &str) -> bool {
    (1..=NONCE_LEN).contains(&nonce.len()) && nonce.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_alphanumeric_nonces_of_the_requested_length() {
        let mut counter = 0u8;
        let n = nonce_from(NONCE_LEN, |buf| {
            for b in buf.iter_mut() {
                *b = counter;
                counter = counter.wrapping_add(1);
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(n.len(), 32);
        assert!(is_valid_nonce(&n));
        assert!(n.starts_with("ABCDEFGHIJ"));
    }

    #[test]
    fn skips_biased_bytes_and_fails_cleanly_on_a_broken_source() {
        let err = nonce_from(32, |buf| {
            buf.fill(255);
            Ok(())
        })
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::Internal);
    }
}
