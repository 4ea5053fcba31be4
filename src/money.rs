//! Money as integer fen (分). Decimal yuan text is parsed exactly, never through `f64`.

use serde::Serialize;

/// An amount in fen (1/100 yuan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Fen(pub i64);

/// Largest amount accepted: keeps every value exactly representable as a JS number.
const MAX_FEN: i64 = 9_007_199_254_740_991;

/// Why an amount text was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoneyError {
    /// Empty text.
    Empty,
    /// A character other than digits and one decimal point (signs, exponents, spaces, `NaN`).
    NotDecimal,
    /// More than two decimals: the provider sent something that is not a fen amount.
    TooPrecise,
    /// Beyond the exactly representable range.
    TooLarge,
}

impl std::fmt::Display for MoneyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            MoneyError::Empty => "empty amount",
            MoneyError::NotDecimal => "not a non-negative decimal number",
            MoneyError::TooPrecise => "more than two decimals",
            MoneyError::TooLarge => "amount too large",
        })
    }
}

impl Fen {
    /// Parses yuan text such as `"80.07"`, `"0.01"`, `"80"`, `"19.9"` into fen, exactly.
    ///
    /// Rejects signs, exponents, blanks and more than two decimals rather than rounding.
    pub fn parse_yuan(text: &str) -> Result<Fen, MoneyError> {
        if text.is_empty() {
            return Err(MoneyError::Empty);
        }
        let (whole, frac) = match text.split_once('.') {
            Some((w, f)) => (w, f),
            None => (text, ""),
        };
        // "5." and ".5" are not amounts any provider documents.
        if whole.is_empty() || (text.contains('.') && frac.is_empty()) {
            return Err(MoneyError::NotDecimal);
        }
        if !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(MoneyError::NotDecimal);
        }
        if frac.len() > 2 {
            return Err(MoneyError::TooPrecise);
        }
        let mut fen: i64 = 0;
        for b in whole.bytes() {
            fen = fen
                .checked_mul(10)
                .and_then(|v| v.checked_add(i64::from(b - b'0')))
                .ok_or(MoneyError::TooLarge)?;
        }
        let mut cents: i64 = 0;
        for (i, b) in frac.bytes().enumerate() {
            let weight = if i == 0 { 10 } else { 1 };
            cents += i64::from(b - b'0') * weight;
        }
        let total = fen
            .checked_mul(100)
            .and_then(|v| v.checked_add(cents))
            .ok_or(MoneyError::TooLarge)?;
        if total > MAX_FEN {
            return Err(MoneyError::TooLarge);
        }
        Ok(Fen(total))
    }

    /// Checks an integer fen amount (APIv3 JSON numbers): non-negative and exactly
    /// representable as a JavaScript number.
    pub fn from_integer(fen: i64) -> Result<Fen, MoneyError> {
        if fen < 0 {
            return Err(MoneyError::NotDecimal);
        }
        if fen > MAX_FEN {
            return Err(MoneyError::TooLarge);
        }
        Ok(Fen(fen))
    }

    /// Parses an integer fen amount as WeChat sends it (`"101"`): digits only.
    pub fn parse_fen(text: &str) -> Result<Fen, MoneyError> {
        if text.is_empty() {
            return Err(MoneyError::Empty);
        }
        if !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(MoneyError::NotDecimal);
        }
        let v: i64 = text.parse().map_err(|_| MoneyError::TooLarge)?;
        if v > MAX_FEN {
            return Err(MoneyError::TooLarge);
        }
        Ok(Fen(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_amounts_where_floating_point_goes_wrong() {
        // 0.29 * 100 = 28.999999999999996 and 80.07 * 100 = 8006.999999999999 in f64.
        for (text, fen) in [
            ("0.01", 1),
            ("0.29", 29),
            ("19.99", 1999),
            ("80.07", 8007),
            ("100000.00", 10_000_000),
            ("80", 8000),
            ("20.00", 2000),
            ("19.9", 1990),
            ("0", 0),
            ("1.10", 110),
        ] {
            assert_eq!(Fen::parse_yuan(text), Ok(Fen(fen)), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_an_exact_amount() {
        assert_eq!(Fen::parse_yuan("0.001"), Err(MoneyError::TooPrecise));
        assert_eq!(Fen::parse_yuan("-1.00"), Err(MoneyError::NotDecimal));
        assert_eq!(Fen::parse_yuan("1e3"), Err(MoneyError::NotDecimal));
        assert_eq!(Fen::parse_yuan("NaN"), Err(MoneyError::NotDecimal));
        assert_eq!(Fen::parse_yuan(" 1"), Err(MoneyError::NotDecimal));
        assert_eq!(Fen::parse_yuan("1."), Err(MoneyError::NotDecimal));
        assert_eq!(Fen::parse_yuan(".5"), Err(MoneyError::NotDecimal));
        assert_eq!(Fen::parse_yuan("1.2.3"), Err(MoneyError::NotDecimal));
        assert_eq!(Fen::parse_yuan(""), Err(MoneyError::Empty));
        assert_eq!(
            Fen::parse_yuan("99999999999999999999"),
            Err(MoneyError::TooLarge)
        );
        assert_eq!(
            Fen::parse_yuan("90071992547409.92"),
            Err(MoneyError::TooLarge)
        );
    }

    #[test]
    fn parses_integer_fen() {
        assert_eq!(Fen::parse_fen("101"), Ok(Fen(101)));
        assert_eq!(Fen::parse_fen("-1"), Err(MoneyError::NotDecimal));
        assert_eq!(Fen::parse_fen("1.0"), Err(MoneyError::NotDecimal));
        assert_eq!(Fen::parse_fen(""), Err(MoneyError::Empty));
    }
}
