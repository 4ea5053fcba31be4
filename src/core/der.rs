//! A minimal, strict DER reader: the few ASN.1 types payquery reads from keys and certificates
//! (v3 PKCS#8, SPKI, PKCS#1 and X.509), hand-written because RustCrypto's `der`, `spki`,
//! `pkcs8` and `x509-cert` cost the v3 module about 40 KB of wasm for them.
//!
//! It accepts what those crates (`der` 0.7) accepted, nothing more: definite lengths only, in
//! their minimal encoding, at most 4 length bytes and 0x0FFF_FFFF; single-byte tags of the
//! universal types `der` knows and of the other classes (numbers 0-30); minimal INTEGERs; OIDs
//! of 3-39 bytes with valid arcs. Every read is bounds-checked and returns [`DerError`] rather
//! than trapping. The reader never descends on its own: a caller opens each nested value it
//! wants as a new [`Reader`] over that value's content, so nesting is as deep as the caller's
//! code and no hostile input can make it recurse.

use std::fmt;

/// The largest input and the largest length `der` 0.7 reads (`Length::MAX`).
const MAX_LEN: usize = 0x0FFF_FFFF;

/// `SEQUENCE` (constructed).
pub const SEQUENCE: u8 = 0x30;
/// `INTEGER`.
pub const INTEGER: u8 = 0x02;
/// `BIT STRING`.
pub const BIT_STRING: u8 = 0x03;
/// `OCTET STRING`.
pub const OCTET_STRING: u8 = 0x04;
/// `OBJECT IDENTIFIER`.
pub const OID: u8 = 0x06;
/// `UTCTime`.
pub const UTC_TIME: u8 = 0x17;
/// `GeneralizedTime`.
pub const GENERALIZED_TIME: u8 = 0x18;
/// The constructed bit of a tag byte.
pub const CONSTRUCTED: u8 = 0x20;

/// Why DER was refused. Callers turn every kind into one message of their own; the kinds
/// exist for tests and debugging.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DerError {
    /// The input ends inside a tag, length or value.
    Truncated,
    /// `0x80`: indefinite length (BER, not DER).
    IndefiniteLength,
    /// A long-form length that is not minimal, has more than 4 bytes or exceeds 0x0FFF_FFFF.
    BadLength,
    /// A tag byte `der` does not know (high tag numbers, unknown universal types).
    UnknownTag,
    /// A valid tag where another one was expected.
    UnexpectedTag,
    /// Bytes left after the value(s) that should fill the input.
    TrailingData,
    /// A value that breaks its type's rules (non-minimal or negative INTEGER, bad OID, …).
    BadValue,
}

impl fmt::Display for DerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// A DER result.
pub type Result<T> = std::result::Result<T, DerError>;

/// One element: its tag, its content and the whole encoding (tag, length and content).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// The tag byte.
    pub tag: u8,
    /// The content octets.
    pub content: &'a [u8],
    /// Tag, length and content as they appear in the input.
    pub encoded: &'a [u8],
}

/// Whether `der` 0.7 knows the tag byte (`Tag::try_from`): the universal types it implements,
/// and application, context-specific and private tags with numbers 0-30 (31 starts a
/// multi-byte tag, which it does not read).
pub fn known_tag(byte: u8) -> bool {
    if byte & 0x1F == 0x1F {
        return false;
    }
    matches!(
        byte,
        0x01..=0x06 | 0x09 | 0x0A | 0x0C | 0x12..=0x18 | 0x1A | 0x1E | 0x30 | 0x31 | 0x40..=0xFE
    )
}

/// Whether a (known) tag byte is context-specific (`[n]`).
pub fn is_context_specific(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// Reads DER elements one after another from a slice.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    /// A reader over `der`; refuses inputs longer than `der` 0.7 reads.
    pub fn new(der: &'a [u8]) -> Result<Reader<'a>> {
        if der.len() > MAX_LEN {
            return Err(DerError::BadLength);
        }
        Ok(Reader { rest: der })
    }

    /// Whether everything was read.
    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The next tag byte, checked to be a known tag; `None` at the end.
    pub fn peek_tag(&self) -> Result<Option<u8>> {
        match self.rest.first() {
            Some(&tag) if known_tag(tag) => Ok(Some(tag)),
            Some(_) => Err(DerError::UnknownTag),
            None => Ok(None),
        }
    }

    /// Reads the next element, whatever its (known) tag.
    pub fn any(&mut self) -> Result<Tlv<'a>> {
        let (&tag, after_tag) = self.rest.split_first().ok_or(DerError::Truncated)?;
        if !known_tag(tag) {
            return Err(DerError::UnknownTag);
        }
        let (&first, mut after_len) = after_tag.split_first().ok_or(DerError::Truncated)?;
        let len = match first {
            0x00..=0x7F => usize::from(first),
            0x80 => return Err(DerError::IndefiniteLength),
            0x81..=0x84 => {
                let count = usize::from(first & 0x7F);
                let bytes = after_len.get(..count).ok_or(DerError::Truncated)?;
                after_len = after_len.get(count..).ok_or(DerError::Truncated)?;
                let len = bytes.iter().fold(0usize, |n, &b| (n << 8) | usize::from(b));
                // Minimal: as many bytes as the value needs, and the long form only from 0x80.
                let needed = match len {
                    0..=0x7F => 0,
                    0x80..=0xFF => 1,
                    0x100..=0xFFFF => 2,
                    0x1_0000..=0xFF_FFFF => 3,
                    _ => 4,
                };
                if needed != count || len > MAX_LEN {
                    return Err(DerError::BadLength);
                }
                len
            }
            _ => return Err(DerError::BadLength),
        };
        let content = after_len.get(..len).ok_or(DerError::Truncated)?;
        let rest = after_len.get(len..).ok_or(DerError::Truncated)?;
        let encoded_len = self.rest.len() - rest.len();
        let encoded = self.rest.get(..encoded_len).ok_or(DerError::Truncated)?;
        self.rest = rest;
        Ok(Tlv {
            tag,
            content,
            encoded,
        })
    }

    /// Reads the next element, which must have tag `tag`; returns its content.
    pub fn element(&mut self, tag: u8) -> Result<&'a [u8]> {
        let tlv = self.any()?;
        if tlv.tag != tag {
            return Err(DerError::UnexpectedTag);
        }
        Ok(tlv.content)
    }

    /// Reads a `SEQUENCE` and returns a reader over its content.
    pub fn sequence(&mut self) -> Result<Reader<'a>> {
        Ok(Reader {
            rest: self.element(SEQUENCE)?,
        })
    }

    /// Takes whatever is left, unread (fields a caller skips as opaque bytes).
    pub fn rest(&mut self) -> &'a [u8] {
        std::mem::take(&mut self.rest)
    }

    /// Refuses bytes left after the last value.
    pub fn finish(&self) -> Result<()> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(DerError::TrailingData)
        }
    }
}

/// A non-negative INTEGER's magnitude (`der`'s `UintRef`): the content must be minimal and
/// non-negative; the leading zero that keeps a high bit positive is dropped (zero is `[0]`).
pub fn unsigned(content: &[u8]) -> Result<&[u8]> {
    match content {
        [] => Err(DerError::BadValue),
        [0] => Ok(content),
        [0, next, ..] if *next < 0x80 => Err(DerError::BadValue),
        [0, rest @ ..] => Ok(rest),
        [first, ..] if *first >= 0x80 => Err(DerError::BadValue),
        _ => Ok(content),
    }
}

/// A non-negative INTEGER that fits a byte (`der`'s `u8`).
pub fn small_unsigned(content: &[u8]) -> Result<u8> {
    match unsigned(content)? {
        [value] => Ok(*value),
        _ => Err(DerError::BadValue),
    }
}

/// Checks a signed INTEGER's content is minimal two's complement (`der`'s `Int`).
pub fn signed(content: &[u8]) -> Result<&[u8]> {
    match content {
        [] => Err(DerError::BadValue),
        [0x00, next, ..] if *next < 0x80 => Err(DerError::BadValue),
        [0xFF, next, ..] if *next >= 0x80 => Err(DerError::BadValue),
        _ => Ok(content),
    }
}

/// Checks an OBJECT IDENTIFIER's content as `const-oid` 0.9 does: 3 to 39 bytes, a first
/// byte naming arcs 0-2 and 0-39, then base-128 arcs of which none is cut short and none
/// runs on past its fifth byte.
pub fn check_oid(content: &[u8]) -> Result<()> {
    let (&first, arcs) = content.split_first().ok_or(DerError::BadValue)?;
    if !(3..=39).contains(&content.len()) || first >= 120 {
        return Err(DerError::BadValue);
    }
    let mut arc_bytes = 0usize;
    for &b in arcs {
        arc_bytes += 1;
        if arc_bytes > 4 && b & 0xF0 != 0 {
            return Err(DerError::BadValue);
        }
        if b & 0x80 == 0 {
            arc_bytes = 0;
        }
    }
    if arc_bytes == 0 {
        Ok(())
    } else {
        Err(DerError::BadValue)
    }
}

/// A BIT STRING's content: the count of unused bits (0-7; 0 when empty) and the bytes.
pub fn bit_string(content: &[u8]) -> Result<(u8, &[u8])> {
    match content.split_first() {
        Some((&unused, bytes)) if unused <= 7 && (unused == 0 || !bytes.is_empty()) => {
            Ok((unused, bytes))
        }
        _ => Err(DerError::BadValue),
    }
}

/// Reads an X.509 `Time` (UTCTime `YYMMDDHHMMSSZ` or GeneralizedTime `YYYYMMDDHHMMSSZ`, as
/// `der` 0.7 reads them: UTC, whole seconds, years 1970 to 9999) as Unix seconds.
pub fn time(tlv: &Tlv<'_>) -> Result<i64> {
    let (year, rest) = match (tlv.tag, tlv.content) {
        (UTC_TIME, [y1, y2, rest @ .., b'Z']) if rest.len() == 10 => {
            let yy = i64::from(two_digits(*y1, *y2)?);
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, rest)
        }
        (GENERALIZED_TIME, [y1, y2, y3, y4, rest @ .., b'Z']) if rest.len() == 10 => {
            let hi = i64::from(two_digits(*y1, *y2)?);
            (hi * 100 + i64::from(two_digits(*y3, *y4)?), rest)
        }
        (UTC_TIME | GENERALIZED_TIME, _) => return Err(DerError::BadValue),
        _ => return Err(DerError::UnexpectedTag),
    };
    let field = |i: usize| -> Result<i64> {
        match (rest.get(i), rest.get(i + 1)) {
            (Some(&hi), Some(&lo)) => Ok(i64::from(two_digits(hi, lo)?)),
            _ => Err(DerError::BadValue),
        }
    };
    let (month, day, hour, minute, second) =
        (field(0)?, field(2)?, field(4)?, field(6)?, field(8)?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let valid = year >= 1970
        && (1..=12).contains(&month)
        && (1..=month_days).contains(&day)
        && hour <= 23
        && minute <= 59
        && second <= 59;
    if !valid {
        return Err(DerError::BadValue);
    }
    let days = crate::core::time::days_from_civil(year, month, day);
    Ok(days * 86_400 + hour * 3600 + minute * 60 + second)
}

/// Two ASCII digits as a number.
fn two_digits(hi: u8, lo: u8) -> Result<u8> {
    if hi.is_ascii_digit() && lo.is_ascii_digit() {
        Ok((hi - b'0') * 10 + (lo - b'0'))
    } else {
        Err(DerError::BadValue)
    }
}

#[cfg(test)]
#[path = "der_tests.rs"]
mod tests;
