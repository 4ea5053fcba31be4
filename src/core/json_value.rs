//! One strict JSON reader for every JSON text payquery reads (params pasted as text, provider
//! answers, notifications), in place of serde_json's reader.
//!
//! serde_json's reader (its deserializer, its `lexical` float parser, its `Error` with the
//! I/O error names it prints) was 20 KB and more of every module. This reader accepts exactly
//! what `serde_json::from_slice::<serde_json::Value>` accepted and refuses the rest at the
//! same line and column (checked against serde_json in the tests and in fuzz/): strict JSON,
//! nesting below 128 levels, a number out of range when it rounds to infinity as a double.
//! It keeps more than serde_json's `Value`: numbers as their validated text (a yuan amount is
//! read exactly, a double only where one is asked for) and members in document order.

pub use crate::core::json_number::Number;
use crate::core::json_reader::Reader;
use payquery_hot::xml::{sort_by_name, Field};
use std::borrow::Cow;

/// A JSON value as read: numbers as their text, objects as their members in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Value {
    /// `null` (also the value of a model not yet given its `raw`).
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as its (validated) text: `80.07`, `-1`, `8.007e1`.
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object's members in document order (a name at most once when read with
    /// [`Names::Distinct`]).
    Object(Vec<(String, Value)>),
}

/// What the reader does with an object naming a member twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Names {
    /// Refused at any depth ([`ParseError::Duplicate`]): a signed answer with two
    /// `out_trade_no` would mean different orders to different readers.
    Distinct,
    /// Kept, both members in document order (where a map keeps the last, as serde_json did).
    Repeated,
}

/// Why a text is not the JSON asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Where the text stopped being JSON, as serde_json reports it: 1-based line, and column
    /// counted in bytes from the start of the line.
    Syntax {
        /// Line of the problem.
        line: usize,
        /// Column of the problem.
        column: usize,
    },
    /// An object names this member twice (read with [`Names::Distinct`]).
    Duplicate(String),
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseError::Syntax { line, column } => {
                write!(f, "invalid JSON at line {line} column {column}")
            }
            // Provider text: quoted bounded and escaped.
            ParseError::Duplicate(name) => write!(
                f,
                "duplicate name {} in a JSON object",
                crate::error::quote_untrusted(name)
            ),
        }
    }
}

/// Parses `bytes` as one JSON value (surrounding whitespace allowed).
pub fn parse(bytes: &[u8], names: Names) -> Result<Value, ParseError> {
    parse_with_spans(bytes, names).map(|(v, _)| v)
}

/// Parses `bytes` as [`parse`] does, and when the value is an object, also returns the byte
/// range of each of its members' values in `bytes` (in document order): their exact text.
pub fn parse_with_spans(
    bytes: &[u8],
    names: Names,
) -> Result<(Value, Vec<std::ops::Range<usize>>), ParseError> {
    let (value, spans) = Reader::new(bytes).document()?;
    // Checked once the text is read (a text that is not JSON is a syntax error even when it
    // repeats a name first): the reader stays one loop, and a caller that keeps repeated names
    // (params text) links no set of names.
    if names == Names::Distinct {
        if let Some(name) = value.repeated_name() {
            return Err(ParseError::Duplicate(name.to_owned()));
        }
    }
    Ok((value, spans))
}

impl Value {
    /// The value of member `name` of an object (the first, if named twice).
    pub fn get(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value of member `name` of an object, the last if named twice: what serde_json's map
    /// and `JSON.parse` keep (for texts read with [`Names::Repeated`], such as error bodies).
    pub fn get_last(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The integer, if this is a number whose text is one within `u64` (as serde_json's
    /// `as_u64`: not `5.0`, not `5e0`), without core's float parser.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(text) => Number::integer(text).and_then(Number::as_u64),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_number(&self) -> Option<Number> {
        match self {
            Value::Number(text) => Some(Number::of(text)),
            _ => None,
        }
    }

    /// A name some object in this value gives twice, at any depth (for values read with
    /// [`Names::Repeated`] where only part of a text must name each member once): the first
    /// met reading the text in order, as a set of the names seen so far would find it.
    pub fn repeated_name(&self) -> Option<&str> {
        match self {
            Value::Array(items) => items.iter().find_map(Value::repeated_name),
            Value::Object(members) => {
                let repeat = first_repeat(members);
                let before = members
                    .get(..repeat.unwrap_or(members.len()))
                    .unwrap_or_default();
                before
                    .iter()
                    .find_map(|(_, v)| v.repeated_name())
                    .or_else(|| repeat.and_then(|i| members.get(i)).map(|(k, _)| k.as_str()))
            }
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The same value as serde_json's `Value` (numbers as serde_json reads them, objects as
    /// its map: a name given twice keeps its last value), for the models and details that
    /// hold one.
    pub fn into_serde(self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(b),
            Value::Number(text) => match Number::of(&text) {
                Number::Unsigned(u) => J::from(u),
                Number::Signed(i) => J::from(i),
                Number::Float(f) => serde_json::Number::from_f64(f).map_or(J::Null, J::Number),
            },
            Value::String(s) => J::String(s),
            Value::Array(items) => J::Array(items.into_iter().map(Value::into_serde).collect()),
            Value::Object(members) => {
                let mut map = serde_json::Map::new();
                for (k, v) in members {
                    map.insert(k, v.into_serde());
                }
                J::Object(map)
            }
        }
    }
}

/// Values built by payquery (an error's `detail`): integers as their decimal text, strings,
/// `None` as `null`. Built directly rather than through serde_json's `Value` and map, which
/// would bring that map, its float parser and printer into every module.
impl Value {
    /// The object of these members, in the order given. Callers list them by name, as
    /// serde_json's map (a `BTreeMap`) ordered the details it built, so that `Object.keys` of
    /// a `detail` in JavaScript is unchanged.
    pub fn object<const N: usize>(members: [(&str, Value); N]) -> Value {
        Value::object_of(N, &mut members.into_iter())
    }

    /// [`Value::object`] once for every member count (a copy per count was about 290 bytes).
    fn object_of(count: usize, members: &mut dyn Iterator<Item = (&str, Value)>) -> Value {
        let mut out = Vec::with_capacity(count);
        for (k, v) in members {
            out.push((k.to_owned(), v));
        }
        Value::Object(out)
    }

    /// A non-negative integer, as its decimal text.
    pub fn unsigned(n: u64) -> Value {
        let mut text = String::new();
        crate::core::json_write::push_u64(&mut text, n);
        Value::Number(text)
    }

    /// An integer, as its decimal text.
    pub fn signed(n: i64) -> Value {
        let mut text = String::new();
        if n < 0 {
            text.push('-');
        }
        crate::core::json_write::push_u64(&mut text, n.unsigned_abs());
        Value::Number(text)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}

impl From<usize> for Value {
    fn from(n: usize) -> Value {
        // usize is at most 64 bits on every target this builds for.
        Value::unsigned(u64::try_from(n).unwrap_or(u64::MAX))
    }
}

impl From<u32> for Value {
    fn from(n: u32) -> Value {
        Value::unsigned(u64::from(n))
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::signed(n)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

/// The value of serde_json's text of `v` (tests: details and answers written as `json!`).
#[cfg(test)]
pub fn from_serde(v: &serde_json::Value) -> Value {
    parse(v.to_string().as_bytes(), Names::Repeated).unwrap()
}

/// The first name of `members` that an earlier member already has (not looking inside values).
pub fn repeated_member(members: &[(String, Value)]) -> Option<&str> {
    first_repeat(members)
        .and_then(|i| members.get(i))
        .map(|(k, _)| k.as_str())
}

/// The index of the first member whose name an earlier member already has.
///
/// The names are sorted by the crate's one sort; when two are equal, each member's name is
/// looked up in document order, the first sorted position of a name recording that it was
/// met. O(n log n) (an answer may have thousands of members) without a set of names: a
/// `BTreeSet<&str>` put about 2.6 KB of B-tree code into every module for this alone, and was
/// no faster (natively, 30 distinct names: 0.66 µs, the set 0.65-0.76 µs; 2,000: 185 µs, the
/// set 136 µs, against 290 µs to read that text).
fn first_repeat(members: &[(String, Value)]) -> Option<usize> {
    if members.len() < 2 {
        return None;
    }
    let mut sorted: Vec<Field<'_>> = members
        .iter()
        .map(|(k, _)| (k.as_str(), Cow::Borrowed("")))
        .collect();
    sort_by_name(&mut sorted);
    // Names given once each (every valid answer) have no equal neighbours once sorted.
    if !sorted
        .windows(2)
        .any(|w| matches!(w, [(a, _), (b, _)] if a == b))
    {
        return None;
    }
    let mut met = vec![false; sorted.len()];
    members.iter().position(|(k, _)| {
        let first = sorted.partition_point(|(name, _)| *name < k.as_str());
        met.get_mut(first)
            .is_some_and(|m| std::mem::replace(m, true))
    })
}

/// Written as the JSON it was read from: members in document order, numbers as serde_json
/// writes the value it reads from their text (so `JSON.parse` of the output gives what it
/// gives of the input).
impl serde::Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(text) => match Number::of(text) {
                Number::Unsigned(u) => s.serialize_u64(u),
                Number::Signed(i) => s.serialize_i64(i),
                Number::Float(f) => s.serialize_f64(f),
            },
            Value::String(v) => s.serialize_str(v),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(members) => {
                let mut map = s.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

#[cfg(test)]
#[path = "json_value_tests.rs"]
mod tests;
