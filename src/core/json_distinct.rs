//! JSON read with duplicate object names refused, at every depth.
//!
//! serde_json keeps the last value of a name that comes twice; other readers keep the first
//! (or fail). A signed body with two `out_trade_no` or two `trade_state` is therefore
//! ambiguous: the merchant's verifier and payquery could each see a different order. payquery
//! types such a body as nothing, and every JSON reader of provider answers refuses duplicate
//! names with [`duplicate`].

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// The error of an object that names `key` twice. The name is quoted bounded and escaped: it
/// is provider text.
pub fn duplicate<E: de::Error>(key: &str) -> E {
    E::custom(format_args!(
        "duplicate name {} in a JSON object",
        crate::error::quote_untrusted(key)
    ))
}

/// Parses `bytes` as a JSON value like `serde_json::from_slice`, except that an object naming
/// any member twice, at any depth, is an error.
pub fn from_slice(bytes: &[u8]) -> serde_json::Result<Value> {
    serde_json::from_slice::<Distinct>(bytes).map(|d| d.0)
}

/// A value read by [`DistinctVisitor`].
struct Distinct(Value);

impl<'de> Deserialize<'de> for Distinct {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DistinctVisitor).map(Distinct)
    }
}

/// Builds a `serde_json::Value` as serde_json's own visitor does, refusing duplicate names.
struct DistinctVisitor;

impl<'de> Visitor<'de> for DistinctVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // JSON text has no NaN or infinity, so this is always a number (as in serde_json).
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(Distinct(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(duplicate(&key));
            }
            let Distinct(v) = map.next_value()?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_serde_json_reads() {
        let text = br#"{"a":[1,-2,3.5,"x",null,true,{"b":{}}],"c":18446744073709551615}"#;
        let plain: Value = serde_json::from_slice(text).unwrap();
        assert_eq!(from_slice(text).unwrap(), plain);
    }

    #[test]
    fn refuses_a_name_twice_at_any_depth() {
        for text in [
            r#"{"trade_state":"SUCCESS","trade_state":"NOTPAY"}"#,
            r#"{"amount":{"total":1,"total":100}}"#,
            r#"{"sub_orders":[{"out_trade_no":"A","out_trade_no":"B"}]}"#,
        ] {
            let e = from_slice(text.as_bytes()).unwrap_err();
            assert!(e.to_string().contains("duplicate name"), "{text}: {e}");
        }
        // The same name in sibling objects is not a duplicate.
        assert!(from_slice(br#"[{"a":1},{"a":2}]"#).is_ok());
    }

    #[test]
    fn names_the_duplicate_bounded_and_escaped() {
        let long = "k\u{1}".repeat(1000);
        let text = format!(r#"{{"{long}":1,"{long}":2}}"#).replace('\u{1}', "\\u0001");
        let message = from_slice(text.as_bytes()).unwrap_err().to_string();
        assert!(message.len() < 2000, "{}", message.len());
        assert!(!message.contains('\u{1}'));
    }
}
