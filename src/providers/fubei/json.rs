//! Fubei JSON read with every number kept as its exact source text.
//!
//! Fubei sends amounts in yuan as JSON numbers or strings (`80.07`, `"20.00"`). Read into a
//! double, `80.070` and `8.007e1` would both become 80.07, and a value that is not an exact fen
//! amount could slip through rounded. The crate's reader (`core::json_value`) keeps each
//! number's text, so each amount is parsed from its token with `Fen::parse_yuan`.
//!
//! Names given twice are refused where serde_json's readers here refused them: at the top of
//! the envelope, of `data` and of each `payment_list` entry, and at any depth of a value kept
//! in `raw` or the untyped fields.
//!
//! The values payquery does not type (`raw` and the untyped fields of an order) are kept as
//! read and written back verbatim (`fubei::write`): numbers as their source text, members in
//! document order. `JSON.parse` of that text gives what it gives of Fubei's own text, and no
//! number goes through a double in Rust (which linked core's float parser with its tables and
//! serde_json's map into the Fubei module: 23 KB of it, 17 KB gzipped).

use crate::core::json_value::{self, Names, Value};
use crate::error::{Error, Result};
use crate::money::Fen;

/// A JSON object as `(name, value)` pairs in wire order, numbers as their text. Duplicate
/// names are refused: two readers could otherwise disagree about which value counts.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RawObject(pub Vec<(String, Value)>);

/// One JSON value, classified; numbers keep their text.
#[derive(Debug, Clone, PartialEq)]
pub enum Wire<'a> {
    /// `null`.
    Null,
    /// A string, unescaped.
    Str(&'a str),
    /// A number token exactly as sent (`80.07`, `8.007e1`, `-1`).
    Num(&'a str),
    /// `true` or `false`.
    Bool(bool),
    /// An object or array.
    Nested(&'a Value),
}

/// Classifies a value.
pub fn classify(value: &Value) -> Wire<'_> {
    match value {
        Value::Null => Wire::Null,
        Value::Bool(b) => Wire::Bool(*b),
        Value::Number(n) => Wire::Num(n),
        Value::String(s) => Wire::Str(s),
        Value::Array(_) | Value::Object(_) => Wire::Nested(value),
    }
}

impl RawObject {
    /// Parses a JSON object from `text`; anything else (or duplicate names) is `MALFORMED_RESPONSE`.
    pub fn parse(text: &str, what: &str) -> Result<RawObject> {
        let value = json_value::parse(text.as_bytes(), Names::Repeated)
            .map_err(|e| Error::malformed(format!("{what} is not a JSON object: {e}")))?;
        RawObject::of(value, what)
    }

    /// The members of an object value, each name at most once; anything else is
    /// `MALFORMED_RESPONSE`.
    pub fn of(value: Value, what: &str) -> Result<RawObject> {
        let Value::Object(members) = value else {
            return Err(Error::malformed(format!("{what} is not a JSON object")));
        };
        if let Some(name) = json_value::repeated_member(&members) {
            let why = json_value::ParseError::Duplicate(name.to_owned());
            return Err(Error::malformed(format!(
                "{what} is not a JSON object: {why}"
            )));
        }
        Ok(RawObject(members))
    }

    /// The value of `name`, if present.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// A field that names something (an id, a state, a message): a string, or a number taken
    /// as its exact token (ids such as `store_id` are sent as numbers). Absent, `null` and `""`
    /// are `None`.
    pub fn text(&self, name: &str) -> Result<Option<String>> {
        let Some(raw) = self.get(name) else {
            return Ok(None);
        };
        match classify(raw) {
            Wire::Null => Ok(None),
            Wire::Str("") => Ok(None),
            Wire::Str(s) => Ok(Some(s.to_owned())),
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
        let text = match classify(raw) {
            Wire::Null => return Ok(None),
            Wire::Str("") => return Ok(None),
            Wire::Str(s) | Wire::Num(s) => s,
            Wire::Bool(_) | Wire::Nested(_) => {
                return Err(Error::malformed(format!(
                    "{name} must be an amount in yuan"
                )))
            }
        };
        Fen::parse_yuan(text)
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

/// Refuses a value kept in `raw` or the untyped fields that names a member twice at any
/// depth (`MALFORMED_RESPONSE`): `JSON.parse` would keep the last, another reader the first.
pub fn check_untyped(raw: &Value) -> Result<()> {
    match raw.repeated_name() {
        Some(name) => {
            let why = json_value::ParseError::Duplicate(name.to_owned());
            Err(Error::malformed(format!("bad JSON value: {why}")))
        }
        None => Ok(()),
    }
}

/// Serialised as the object it holds (members in wire order), for the serde view of the
/// models (TypeScript declarations, tests, fuzz targets); the module writes it with
/// `fubei::write`.
impl serde::Serialize for RawObject {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
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
    fn integers() {
        let o = RawObject::parse(
            r#"{"t":1704081600,"s":"1704081600","x":1.5,"n":-3}"#,
            "data",
        )
        .unwrap();
        assert_eq!(o.integer("t").unwrap(), Some(1_704_081_600));
        assert_eq!(o.integer("s").unwrap(), Some(1_704_081_600));
        assert!(o.integer("x").is_err());
        assert!(o.integer("n").is_err());
    }

    #[test]
    fn untyped_values_naming_a_member_twice_are_refused_at_any_depth() {
        let o = RawObject::parse(
            r#"{"ok":{"a":[{"b":1,"c":2}]},"deep":[{"x":{"y":1,"y":2}}],"flat":{"a":1,"a":1}}"#,
            "data",
        )
        .unwrap();
        assert!(check_untyped(o.get("ok").unwrap()).is_ok());
        for bad in ["deep", "flat"] {
            let e = check_untyped(o.get(bad).unwrap()).unwrap_err();
            assert_eq!(e.code, ErrorCode::MalformedResponse, "{bad}");
            assert!(e.message.contains("duplicate name"), "{}", e.message);
        }
    }
}
