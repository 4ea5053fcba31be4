//! JSON numbers: the value of a number's text as serde_json read it, and the reader's check
//! that it does not round to infinity as a double (which serde_json refused as out of range).

/// The decimal digits of 2^1024 - 2^970, halfway between `f64::MAX` and 2^1024: a decimal at
/// or above it rounds to infinity (a tie goes to the even 2^1024).
const HALFWAY: &[u8] = b"179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";

/// Whether the non-zero decimal `int.frac × 10^exponent` rounds to infinity as an `f64`.
pub fn rounds_to_infinity(int: &[u8], frac: &[u8], exponent: i64) -> bool {
    let all: Vec<u8> = int.iter().chain(frac).copied().collect();
    let first = all.iter().position(|d| *d != b'0').unwrap_or(all.len());
    let significant = all.get(first..).unwrap_or_default();
    // The value is 0.significant × 10^top: its leading digit is worth 10^(top - 1).
    let top = int.len() as i64 - first as i64 + exponent;
    let halfway_top = HALFWAY.len() as i64;
    if top != halfway_top {
        return top > halfway_top;
    }
    let width = significant.len().max(HALFWAY.len());
    let digit = |s: &[u8], i: usize| s.get(i).copied().unwrap_or(b'0');
    for i in 0..width {
        let (a, b) = (digit(significant, i), digit(HALFWAY, i));
        if a != b {
            return a > b;
        }
    }
    true
}

/// A number's value as serde_json reads it: an integer within `u64` (or negative within
/// `i64`, `-0` aside) is exact; anything else is the nearest double.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// A non-negative integer.
    Unsigned(u64),
    /// A negative integer.
    Signed(i64),
    /// Any other number (`-0`, a fraction, an exponent, an integer beyond 64 bits).
    Float(f64),
}

impl Number {
    /// The value of a number's text (as kept in [`Value::Number`]).
    pub fn of(text: &str) -> Number {
        // core's parser rounds correctly, as serde_json's `float_roundtrip` and `JSON.parse`
        // do; the reader only keeps texts it parses to a finite double.
        Number::integer(text).unwrap_or_else(|| Number::Float(text.parse().unwrap_or(f64::NAN)))
    }

    /// The number, if its text is an integer serde_json read as one (`Unsigned` or
    /// `Signed`). Apart from [`Number::of`] so that a caller asking only this (params text)
    /// does not link core's float parser and its tables (12 KB).
    pub fn integer(text: &str) -> Option<Number> {
        if text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
            return None;
        }
        if let Ok(u) = text.parse::<u64>() {
            return Some(Number::Unsigned(u));
        }
        if text == "-0" {
            return None;
        }
        text.parse::<i64>().ok().map(Number::Signed)
    }

    /// The integer, if the number is one within `u64`.
    pub fn as_u64(self) -> Option<u64> {
        match self {
            Number::Unsigned(u) => Some(u),
            _ => None,
        }
    }

    /// The integer, if the number is one within `i64`.
    pub fn as_i64(self) -> Option<i64> {
        match self {
            Number::Unsigned(u) => i64::try_from(u).ok(),
            Number::Signed(i) => Some(i),
            Number::Float(_) => None,
        }
    }

    /// The number as a double (integers beyond 2^53 rounded).
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Unsigned(u) => u as f64,
            Number::Signed(i) => i as f64,
            Number::Float(f) => f,
        }
    }
}

/// The decimal text of the integer a number's text denotes (`5.0`, `1e3`, `-20`, `0.0`),
/// when it is one of magnitude below 2^53, as JavaScript prints it; `None` for a fraction or
/// a larger number. Decided on the digits, without reading a double: where a double was read
/// (`5.0` as 5, printed `5`) this gives the same text, and no float parser is linked (only a
/// fraction too small for a double, `5e-400`, which a double reads as 0, is no integer here).
pub fn safe_integer_text(text: &str) -> Option<String> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (body.get(..i)?, body.get(i + 1..)?.parse::<i64>().ok()?),
        None => (body, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: Vec<u8> = int.bytes().chain(frac.bytes()).collect();
    let lead = all.iter().take_while(|d| **d == b'0').count();
    let significant = all.get(lead..).unwrap_or_default();
    let zeros = significant.iter().rev().take_while(|d| **d == b'0').count();
    let significant = significant.get(..significant.len() - zeros)?;
    if significant.is_empty() {
        return Some(if negative { "-0" } else { "0" }.to_owned());
    }
    // Digits of the integer part: the significant digits, then zeros up to the point.
    let width = i64::try_from(int.len()).ok()? - i64::try_from(lead).ok()? + exponent;
    let shown = i64::try_from(significant.len()).ok()?;
    if width < shown || width > 16 {
        return None;
    }
    let mut digits = String::from_utf8(significant.to_vec()).ok()?;
    for _ in shown..width {
        digits.push('0');
    }
    let value: u64 = digits.parse().ok()?;
    if value >= 1 << 53 {
        return None;
    }
    Some(if negative {
        format!("-{digits}")
    } else {
        digits
    })
}
