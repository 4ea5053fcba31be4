//! Typed reads of an already parsed JSON value (a `json_value::Value`, numbers as their text),
//! for models that would otherwise derive `Deserialize`.
//!
//! A derived `Deserialize` is compiled once per model type and per input type, with serde's
//! buffering of unknown members for `#[serde(flatten)]`: tens of KB of WebAssembly for a few
//! models. These functions are compiled once and shared by every model; a model's reader is
//! a table of member names and where their values go ([`fields`]). The messages are serde's,
//! word for word (`invalid type: …, expected …`, `missing field …`), so an answer that does not
//! fit reads as it did when the models were derived (a number that is not a 64-bit integer is
//! quoted as its text), and members are read in the object's order, so the first misfit
//! reported is the one a derive reading the text reports (serde_json's `Value` was sorted by
//! name, so before, the first misfit by name was reported).

use crate::core::json_number::Number;
use crate::core::json_value::Value;

/// Why a value does not fit its model: serde's message for the same value.
pub type Fit<T> = Result<T, String>;

/// How serde_json names a JSON value in its messages (serde's `Unexpected` as serde_json's
/// `Error` prints it: `null`, `integer `5``, `floating point `1.5``, `string "x"`), written
/// here so that
/// serde_json's `Error` and its `Display` stay out of the modules. A number that is not an
/// integer within 64 bits is shown as its text (`1.50`, where serde_json printed the double it
/// read, `1.5`), so that no float parser or printer is linked for a message.
fn unexpected(v: &Value) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(text) => match Number::integer(text) {
            Some(Number::Unsigned(u)) => format!("integer `{u}`"),
            Some(Number::Signed(i)) => format!("integer `{i}`"),
            _ => format!("floating point `{text}`"),
        },
        // Provider text: bounded and escaped (`quote_untrusted`), where serde quoted it whole
        // with `{:?}` (which also linked str's `Debug` and its escape tables, 2.3 KB).
        Value::String(s) => format!("string {}", crate::error::quote_untrusted(s)),
        Value::Array(_) => "sequence".to_owned(),
        Value::Object(_) => "map".to_owned(),
    }
}

/// serde_json's `invalid type` message for `v` where `expected` was wanted.
pub fn invalid_type(v: &Value, expected: &str) -> String {
    format!("invalid type: {}, expected {expected}", unexpected(v))
}

/// serde's message for a required member the object lacks.
pub fn missing(name: &str) -> String {
    format!("missing field `{name}`")
}

/// A required member: its value, or serde's `missing field` message.
pub fn required<T>(value: Option<T>, name: &str) -> Fit<T> {
    value.ok_or_else(|| missing(name))
}

/// Reads the members of an object in order, as a derived `Deserialize` does: `known` types
/// the members it names (returning `Ok(true)`) and answers `Ok(false)` for the others, which
/// are returned in the object's order (a model's flattened `extra`, or ignored). `expecting`
/// names the model in the message of a value that is not an object (`struct TransactionOrder`).
/// Members are read in document order where serde_json's map read them sorted by name: for
/// the answers read here (names given once each) only which of two misfits is reported first
/// can differ.
pub fn members(
    v: &Value,
    expecting: &str,
    known: &mut dyn FnMut(&str, &Value) -> Fit<bool>,
) -> Fit<Vec<(String, Value)>> {
    let Value::Object(map) = v else {
        return Err(invalid_type(v, expecting));
    };
    let mut rest = Vec::new();
    for (name, value) in map {
        if !known(name, value)? {
            rest.push((name.clone(), value.clone()));
        }
    }
    Ok(rest)
}

/// Where [`fields`] puts a member's value.
pub enum Slot<'a> {
    /// An optional string: `null` is absent.
    Str(&'a mut Option<String>),
    /// A required string: `null` does not fit (absent is `missing field`, see [`required`]).
    Required(&'a mut Option<String>),
    /// An optional `i64` (`null` is absent), then checked (fen amounts; `Ok` for plain ones).
    Int(&'a mut Option<i64>, fn(i64) -> Fit<i64>),
    /// Any other value (a nested model, an array), read by the closure.
    With(&'a mut dyn FnMut(&Value) -> Fit<()>),
}

/// A destination that reads its own value (a nested model, an array of them, a required
/// string): one implementation per type, where a closure per member was one per use.
pub trait ReadValue {
    /// Reads `v` into `self`, or says why it does not fit.
    fn read_value(&mut self, v: &Value) -> Fit<()>;
}

/// A required string.
impl ReadValue for String {
    fn read_value(&mut self, v: &Value) -> Fit<()> {
        *self = string(v)?;
        Ok(())
    }
}

/// A model whose members are found by their index in a table of wire names (see [`table`]).
pub trait Slots {
    /// Reads `v` into the member named by the table's `index`-th name.
    fn put(&mut self, index: usize, v: &Value) -> Fit<()>;
}

/// Reads the members of an object into `model`, each by the index of its name in `names`, in
/// the object's order (see [`members`]); the members no name matches are returned. The member
/// `names[required]` must be present (serde's `missing field` once the rest fit). One
/// function for every model: its table is data, where a table of slots built per call was
/// code per member.
pub fn table(
    v: &Value,
    expecting: &str,
    names: &[&str],
    required: Option<usize>,
    model: &mut dyn Slots,
) -> Fit<Vec<(String, Value)>> {
    let mut found = required.is_none();
    let rest = members(v, expecting, &mut |name, v| {
        let Some(i) = names.iter().position(|n| *n == name) else {
            return Ok(false);
        };
        found |= required == Some(i);
        model.put(i, v)?;
        Ok(true)
    })?;
    match required.and_then(|i| names.get(i)) {
        Some(name) if !found => Err(missing(name)),
        _ => Ok(rest),
    }
}

/// An optional string into `s` ([`Slot::Str`]).
pub fn put_str(s: &mut Option<String>, v: &Value) -> Fit<()> {
    *s = opt_string(v)?;
    Ok(())
}

/// An optional integer into `n`, checked ([`Slot::Int`]).
pub fn put_int(n: &mut Option<i64>, v: &Value, check: fn(i64) -> Fit<i64>) -> Fit<()> {
    *n = match opt_i64(v)? {
        Some(i) => Some(check(i)?),
        None => None,
    };
    Ok(())
}

/// Puts `v` into `slot`.
fn put(slot: &mut Slot<'_>, v: &Value) -> Fit<()> {
    match slot {
        Slot::Str(s) => **s = opt_string(v)?,
        Slot::Required(s) => **s = Some(string(v)?),
        Slot::Int(n, check) => {
            **n = match opt_i64(v)? {
                Some(i) => Some(check(i)?),
                None => None,
            }
        }
        Slot::With(read) => read(v)?,
    }
    Ok(())
}

/// Reads the members of an object into the slots named like them, in the object's order (see
/// [`members`]); the members no slot names are returned.
pub fn fields(
    v: &Value,
    expecting: &str,
    slots: &mut [(&str, Slot<'_>)],
) -> Fit<Vec<(String, Value)>> {
    members(v, expecting, &mut |name, v| {
        let Some((_, slot)) = slots.iter_mut().find(|(n, _)| *n == name) else {
            return Ok(false);
        };
        put(slot, v)?;
        Ok(true)
    })
}

/// A required string: `null` does not fit.
pub fn string(v: &Value) -> Fit<String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        _ => Err(invalid_type(v, "a string")),
    }
}

/// An optional string: `null` is absent.
pub fn opt_string(v: &Value) -> Fit<Option<String>> {
    opt(v, string)
}

/// An optional `i64`: `null` is absent; floats and integers beyond `i64` do not fit.
pub fn opt_i64(v: &Value) -> Fit<Option<i64>> {
    let Value::Number(text) = v else {
        return match v {
            Value::Null => Ok(None),
            _ => Err(invalid_type(v, "i64")),
        };
    };
    match Number::integer(text) {
        Some(Number::Signed(i)) => Ok(Some(i)),
        Some(Number::Unsigned(u)) => match i64::try_from(u) {
            Ok(i) => Ok(Some(i)),
            Err(_) => Err(format!("invalid value: integer `{u}`, expected i64")),
        },
        _ => Err(invalid_type(v, "i64")),
    }
}

/// An optional value read by `read`: `null` is absent.
pub fn opt<T>(v: &Value, read: fn(&Value) -> Fit<T>) -> Fit<Option<T>> {
    match v {
        Value::Null => Ok(None),
        _ => read(v).map(Some),
    }
}

/// A required array, each item read by `item`: `null` does not fit.
pub fn array<T>(v: &Value, item: fn(&Value) -> Fit<T>) -> Fit<Vec<T>> {
    match v {
        // A loop, not `collect` into a `Result`: its adapters cost each item type ~0.5 KB.
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for i in items {
                out.push(item(i)?);
            }
            Ok(out)
        }
        _ => Err(invalid_type(v, "a sequence")),
    }
}

#[cfg(test)]
#[path = "json_read_tests.rs"]
mod tests;
