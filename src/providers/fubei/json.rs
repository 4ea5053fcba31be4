//! Fubei JSON read with every value kept as its exact source text.
//!
//! Fubei sends amounts in yuan as JSON numbers or strings (`80.07`, `"20.00"`). serde_json
//! parses numbers into `f64` by default, which loses the text: `80.070` and `8.007e1` would both
//! become 80.07, and a value that is not an exact fen amount could slip through rounded. So
//! objects are read as `(name, RawValue)` pairs (serde_json's additive `raw_value` feature) and
//! each amount is parsed from its token with `Fen::parse_yuan`. The crate-wide alternative,
//! `arbitrary_precision`, was rejected: it changes how every `serde_json::Value` number
//! serialises (error `detail` objects would reach JavaScript as `{"$serde_json::private::Number"…}`).

use crate::error::{Error, Result};
use crate::money::Fen;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::fmt;

/// Largest integer a JavaScript number holds exactly (2^53 - 1).
const MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;

/// A JSON object as `(name, exact value text)` pairs in wire order. Duplicate names are refused:
/// two readers could otherwise disagree about which value counts.
#[derive(Debug, Default)]
pub struct RawObject(pub Vec<(String, Box<RawValue>)>);

impl<'de> Deserialize<'de> for RawObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct ObjectVisitor;
        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = RawObject;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<RawObject, A::Error> {
                let mut out: Vec<(String, Box<RawValue>)> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if out.iter().any(|(k, _)| *k == key) {
                        return Err(crate::core::json_distinct::duplicate(&key));
                    }
                    let value: Box<RawValue> = map.next_value()?;
                    out.push((key, value));
                }
                Ok(RawObject(out))
            }
        }
        deserializer.deserialize_map(ObjectVisitor)
    }
}

/// One JSON value, classified by its first byte; numbers and nested values keep their text.
#[derive(Debug, Clone, PartialEq)]
pub enum Wire<'a> {
    /// `null`.
    Null,
    /// A string, unescaped.
    Str(String),
    /// A number token exactly as sent (`80.07`, `8.007e1`, `-1`).
    Num(&'a str),
    /// `true` or `false`.
    Bool(bool),
    /// An object or array, as its source text.
    Nested(&'a str),
}

/// Classifies a raw value. serde_json already validated it, so only the first byte matters.
pub fn classify(raw: &RawValue) -> Result<Wire<'_>> {
    let text = raw.get();
    match text.as_bytes().first() {
        Some(b'"') => serde_json::from_str::<String>(text)
            .map(Wire::Str)
            .map_err(|e| Error::malformed(format!("bad JSON string: {e}"))),
        Some(b'n') => Ok(Wire::Null),
        Some(b't') => Ok(Wire::Bool(true)),
        Some(b'f') => Ok(Wire::Bool(false)),
        Some(b'{' | b'[') => Ok(Wire::Nested(text)),
        Some(_) => Ok(Wire::Num(text)),
        None => Err(Error::malformed("empty JSON value")),
    }
}

impl RawObject {
    /// Parses a JSON object from `text`; anything else (or duplicate names) is `MALFORMED_RESPONSE`.
    pub fn parse(text: &str, what: &str) -> Result<RawObject> {
        serde_json::from_str(text)
            .map_err(|e| Error::malformed(format!("{what} is not a JSON object: {e}")))
    }

    /// The raw value of `name`, if present.
    pub fn get(&self, name: &str) -> Option<&RawValue> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_ref())
    }

    /// A field that names something (an id, a state, a message): a string, or a number taken
    /// as its exact token (ids such as `store_id` are sent as numbers). Absent, `null` and `""`
    /// are `None`.
    pub fn text(&self, name: &str) -> Result<Option<String>> {
        let Some(raw) = self.get(name) else {
            return Ok(None);
        };
        match classify(raw)? {
            Wire::Null => Ok(None),
            Wire::Str(s) if s.is_empty() => Ok(None),
            Wire::Str(s) => Ok(Some(s)),
            Wire::Num(n) => Ok(Some(n.to_owned())),
            Wire::Bool(_) | Wire::Nested(_) => Err(Error::malformed(format!(
                "{name} must be a string or a number"
            ))),
        }
    }

    /// An amount in yuan, from a JSON number or string, parsed exactly into fen. More than two
    /// decimals, a sign, an exponent or `NaN` is `MALFORMED_RESPONSE`, never rounded.
    pub fn amount(&self, name: &str) -> Result<Option<i64>> {
        let Some(raw) = self.get(name) else {
            return Ok(None);
        };
        let text = match classify(raw)? {
            Wire::Null => return Ok(None),
            Wire::Str(s) if s.is_empty() => return Ok(None),
            Wire::Str(s) => s,
            Wire::Num(n) => n.to_owned(),
            Wire::Bool(_) | Wire::Nested(_) => {
                return Err(Error::malformed(format!(
                    "{name} must be an amount in yuan"
                )))
            }
        };
        Fen::parse_yuan(&text)
            .map(|f| Some(f.0))
            .map_err(|e| Error::malformed(format!("{name} is not an exact yuan amount: {e}")))
    }

    /// A non-negative integer (Unix seconds, a channel number) from a number or a digit string.
    pub fn integer(&self, name: &str) -> Result<Option<i64>> {
        let Some(text) = self.text(name)? else {
            return Ok(None);
        };
        if text.is_empty() || text.len() > 15 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::malformed(format!(
                "{name} must be a non-negative integer"
            )));
        }
        text.parse::<i64>()
            .map(Some)
            .map_err(|_| Error::malformed(format!("{name} is out of range")))
    }
}

/// A raw value as `JSON.parse` would give it: numbers become doubles (integers beyond 2^53
/// too, so that the JavaScript conversion never refuses them). Used for `raw` and for fields
/// payquery does not type; typed amounts never go through here.
pub fn to_plain_value(raw: &RawValue) -> Result<serde_json::Value> {
    let value = crate::core::json_distinct::from_slice(raw.get().as_bytes())
        .map_err(|e| Error::malformed(format!("bad JSON value: {e}")))?;
    Ok(plain(value))
}

fn plain(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Number(n) => {
            let safe = n.as_u64().is_some_and(|v| v <= MAX_SAFE_INTEGER)
                || n.as_i64()
                    .is_some_and(|v| v.unsigned_abs() <= MAX_SAFE_INTEGER);
            if safe || n.is_f64() {
                Value::Number(n)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        Value::Array(items) => Value::Array(items.into_iter().map(plain).collect()),
        Value::Object(map) => Value::Object(crate::core::maps::json_object(
            map.into_iter().map(|(k, v)| (k, plain(v))),
        )),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn keeps_number_tokens_exactly() {
        let o = RawObject::parse(
            r#"{"a":80.07,"b":"0.29","c":100000.00,"d":8.007e1,"e":80.070,"f":-1,"g":null,"h":"","i":true}"#,
            "data",
        )
        .unwrap();
        assert_eq!(o.amount("a").unwrap(), Some(8007));
        assert_eq!(o.amount("b").unwrap(), Some(29));
        assert_eq!(o.amount("c").unwrap(), Some(10_000_000));
        for bad in ["d", "e", "f", "i"] {
            assert_eq!(
                o.amount(bad).unwrap_err().code,
                ErrorCode::MalformedResponse,
                "{bad}"
            );
        }
        assert_eq!(o.amount("g").unwrap(), None);
        assert_eq!(o.amount("h").unwrap(), None);
        assert_eq!(o.amount("missing").unwrap(), None);
        assert_eq!(o.text("c").unwrap().as_deref(), Some("100000.00"));
    }

    #[test]
    fn refuses_duplicates_and_non_objects() {
        for bad in [r#"{"a":1,"a":2}"#, "[1]", "1", "", "{", r#"{"a":NaN}"#] {
            assert_eq!(
                RawObject::parse(bad, "data").unwrap_err().code,
                ErrorCode::MalformedResponse,
                "{bad}"
            );
        }
    }

    #[test]
    fn integers_and_plain_values() {
        let o = RawObject::parse(
            r#"{"t":1704081600,"s":"1704081600","x":1.5,"n":-3,"big":12345678901234567890}"#,
            "data",
        )
        .unwrap();
        assert_eq!(o.integer("t").unwrap(), Some(1_704_081_600));
        assert_eq!(o.integer("s").unwrap(), Some(1_704_081_600));
        assert!(o.integer("x").is_err());
        assert!(o.integer("n").is_err());
        let big = to_plain_value(o.get("big").unwrap()).unwrap();
        assert!(big.is_f64());
        let small = to_plain_value(o.get("t").unwrap()).unwrap();
        assert_eq!(small, serde_json::json!(1_704_081_600));
    }
}
