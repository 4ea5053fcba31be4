//! The JSON object of params pasted as text, read by the crate's JSON reader
//! ([`crate::core::json_value`]) and classified for the params list.
//!
//! serde_json's reader (its `Value`, a `BTreeMap<String, Value>` builder, its float parser and
//! power-of-ten table) was 14 KB of the APIv2 module for this one input. The reader accepts
//! exactly what `serde_json::from_str::<Value>` accepted and refuses the rest at the same
//! line and column (checked against serde_json in the tests); here a key given twice keeps its
//! last value, as serde_json's map did.

use crate::core::json_value::{parse, Names, Number, ParseError, Value};

/// One member value, as the params reader classifies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Member {
    /// `null`: the member is skipped.
    Null,
    /// A string, a boolean (`true`/`false`) or an integer within `i64`/`u64` (its text).
    Text(String),
    /// A fraction, an exponent, `-0`, an integer beyond 64 bits, an array or an object.
    Other,
}

/// Where the text stopped being JSON, as serde_json reports it: 1-based line, and column
/// counted in bytes from the start of the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyntaxError {
    /// Line of the problem.
    pub line: usize,
    /// Column of the problem.
    pub column: usize,
}

/// The members of the JSON object `text` (after its surrounding whitespace is trimmed by the
/// caller), sorted by name, each name once with its last value.
pub fn read_object(text: &str) -> Result<Vec<(String, Member)>, SyntaxError> {
    let members = match parse(text.as_bytes(), Names::Repeated) {
        Ok(Value::Object(members)) => members,
        // Every caller has checked for `{`.
        Ok(_) => return Ok(Vec::new()),
        Err(ParseError::Syntax { line, column }) => return Err(SyntaxError { line, column }),
        // Not with `Names::Repeated`.
        Err(ParseError::Duplicate(_)) => return Err(SyntaxError { line: 0, column: 0 }),
    };
    let mut out: Vec<(String, Member)> = Vec::with_capacity(members.len());
    for (name, value) in members {
        let member = classify(value);
        // Callers' params are a few dozen names: an insertion keeps them sorted.
        match out.binary_search_by(|(k, _)| k.as_str().cmp(&name)) {
            Ok(i) => {
                if let Some(slot) = out.get_mut(i) {
                    slot.1 = member;
                }
            }
            Err(i) => out.insert(i, (name, member)),
        }
    }
    Ok(out)
}

/// A member's value as the params list takes it: integers keep the input's text, which is how
/// serde_json wrote them back.
fn classify(value: Value) -> Member {
    match value {
        Value::Null => Member::Null,
        Value::Bool(true) => Member::Text("true".to_owned()),
        Value::Bool(false) => Member::Text("false".to_owned()),
        Value::String(s) => Member::Text(s),
        Value::Number(text) if Number::integer(&text).is_some() => Member::Text(text),
        Value::Number(_) => Member::Other,
        Value::Array(_) | Value::Object(_) => Member::Other,
    }
}

#[cfg(test)]
#[path = "params_json_tests.rs"]
mod tests;
