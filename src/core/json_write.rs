//! The JSON text of a result, for one `JSON.parse` on the JavaScript side, written by hand:
//! each result type says how it is written ([`WriteJson`]) into one non-generic sink
//! ([`JsonWriter`]). serde_json's writer with its formatter, integer and float printers and the
//! `Serialize` impls of the results monomorphised for it cost every module about 24 KB; this
//! costs a few hundred bytes plus a short function per result type.
//!
//! The text is what serde_json's compact writer wrote before (keys in the same order, `null`
//! for `None`, optional members left out where the type says so), with two differences that
//! `JSON.parse` cannot see: strings are ASCII only (`\uXXXX` escapes, which runtimes decode
//! faster, see `payquery_hot::json::push_ascii_string`), and integers beyond
//! `Number.MAX_SAFE_INTEGER` are refused rather than silently rounded by `JSON.parse`, with the
//! message serde_json's checked formatter gave. The comparison tests are in
//! `json_write_tests.rs` and beside each provider's models.

use payquery_hot::json::push_ascii_string;
#[cfg(test)]
use serde_json::{Map, Number, Value};
use std::collections::BTreeMap;

/// Largest integer a JavaScript number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;

/// A value with a JSON form.
pub trait WriteJson {
    /// Appends this value's JSON text to `w`.
    fn write_json(&self, w: &mut JsonWriter);
}

/// A struct written as a JSON object, whose members can also be written into an enclosing
/// object (serde's `#[serde(flatten)]`).
pub trait WriteFields {
    /// Appends this value's members, each preceded by a comma when one is needed.
    fn write_fields(&self, w: &mut JsonWriter);
}

/// Implements [`WriteJson`] for types implementing [`WriteFields`]: `{`, the members, `}`.
macro_rules! json_object {
    ($($t:ty),* $(,)?) => {
        $(impl $crate::core::json_write::WriteJson for $t {
            fn write_json(&self, w: &mut $crate::core::json_write::JsonWriter) {
                w.begin_object();
                $crate::core::json_write::WriteFields::write_fields(self, w);
                w.end_object();
            }
        })*
    };
}
pub(crate) use json_object;

/// Writes `value` as JSON text; integers outside ±`Number.MAX_SAFE_INTEGER` are an error,
/// whose message is returned.
pub fn to_json<T: WriteJson + ?Sized>(value: &T) -> Result<String, String> {
    let mut w = JsonWriter::new();
    value.write_json(&mut w);
    w.finish()
}

/// The JSON text being written, and the first integer refused, if any (the text is then
/// dropped: [`JsonWriter::finish`] returns the refusal).
#[derive(Debug, Default)]
pub struct JsonWriter {
    out: String,
    refused: Option<String>,
}

impl JsonWriter {
    /// An empty writer.
    pub fn new() -> JsonWriter {
        JsonWriter {
            out: String::with_capacity(512),
            refused: None,
        }
    }

    /// The text written, or why an integer was refused.
    pub fn finish(self) -> Result<String, String> {
        match self.refused {
            Some(message) => Err(message),
            None => Ok(self.out),
        }
    }

    /// A comma, unless this is the first member or element (the text so far ends with the
    /// opening bracket: no value's text does).
    fn separate(&mut self) {
        if !matches!(self.out.as_bytes().last(), Some(b'{' | b'[') | None) {
            self.out.push(',');
        }
    }

    /// `{`.
    pub fn begin_object(&mut self) {
        self.out.push('{');
    }

    /// `}`.
    pub fn end_object(&mut self) {
        self.out.push('}');
    }

    /// `[`.
    pub fn begin_array(&mut self) {
        self.out.push('[');
    }

    /// `]`.
    pub fn end_array(&mut self) {
        self.out.push(']');
    }

    /// Before an array element: a comma unless it is the first.
    pub fn element(&mut self) {
        self.separate();
    }

    /// A member's name and colon, with a comma before it unless it is the first.
    pub fn key(&mut self, name: &str) {
        self.separate();
        push_ascii_string(&mut self.out, name);
        self.out.push(':');
    }

    /// A member.
    pub fn field<T: WriteJson + ?Sized>(&mut self, name: &str, value: &T) {
        self.key(name);
        value.write_json(self);
    }

    /// A member left out when `None` (serde's `skip_serializing_if = "Option::is_none"`).
    pub fn field_opt<T: WriteJson>(&mut self, name: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.field(name, value);
        }
    }

    /// A string literal (ASCII only).
    pub fn string(&mut self, value: &str) {
        push_ascii_string(&mut self.out, value);
    }

    /// JSON text written as is (a `RawValue`, checked when it was read).
    pub fn raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// `null`.
    pub fn null(&mut self) {
        self.out.push_str("null");
    }

    /// `true` or `false`.
    pub fn bool(&mut self, value: bool) {
        self.out.push_str(if value { "true" } else { "false" });
    }

    /// An unsigned integer; beyond `Number.MAX_SAFE_INTEGER` it is refused.
    pub fn u64(&mut self, value: u64) {
        if value > MAX_SAFE_INTEGER {
            self.refuse(&value);
        } else {
            push_u64(&mut self.out, value);
        }
    }

    /// A signed integer; beyond ±`Number.MAX_SAFE_INTEGER` it is refused.
    pub fn i64(&mut self, value: i64) {
        if value.unsigned_abs() > MAX_SAFE_INTEGER {
            self.refuse(&value);
        } else {
            if value < 0 {
                self.out.push('-');
            }
            push_u64(&mut self.out, value.unsigned_abs());
        }
    }

    /// An unsigned integer, unchecked: for JSON text sent to a provider, never to JavaScript
    /// (serde_json wrote such integers whole).
    pub fn unchecked_u64(&mut self, value: u64) {
        push_u64(&mut self.out, value);
    }

    /// Records the first refused integer (serde_json's writer stopped at it).
    fn refuse(&mut self, value: &dyn std::fmt::Display) {
        if self.refused.is_none() {
            self.refused = Some(format!(
                "{value} can't be represented as a JavaScript number"
            ));
        }
    }

    /// A `serde_json` number as serde_json wrote it (tests: no result holds serde_json values
    /// any more, see the `json_value::Value` impl below): integers checked, floats (always finite
    /// in a `Value`) in the shortest form that reads back the same, by serde_json's printer.
    #[cfg(test)]
    pub fn number(&mut self, n: &Number) {
        if let Some(u) = n.as_u64() {
            self.u64(u);
        } else if let Some(i) = n.as_i64() {
            self.i64(i);
        } else {
            // A float (always `Some`). serde_json's own float printer (its `Display` of a float
            // `Number`), called directly: through `Display` its integer printer came along.
            self.float(n.as_f64().unwrap_or_default());
        }
    }

    /// A finite float in the shortest form that reads back the same (serde_json's printer).
    #[cfg(test)]
    pub fn float(&mut self, f: f64) {
        self.out.push_str(zmij::Buffer::new().format_finite(f));
    }

    /// The members of a JSON object, in the map's order.
    pub fn entries<'a, V: WriteJson + 'a>(
        &mut self,
        entries: impl IntoIterator<Item = (&'a String, &'a V)>,
    ) {
        for (k, v) in entries {
            self.field(k, v);
        }
    }
}

/// Appends `value` as a JSON string literal exactly as serde_json writes one: UTF-8, `"` and
/// `\` escaped, control characters as `\b \t \n \f \r` or `\u00XX`, everything else as is.
/// For text whose bytes are kept (a CloudPay answer's `raw` and members), where
/// [`JsonWriter::string`]'s ASCII form would change them.
pub fn push_serde_string(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut start = 0;
    for (i, b) in value.bytes().enumerate() {
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        // `b` is ASCII, so `i` is a character boundary.
        out.push_str(value.get(start..i).unwrap_or_default());
        start = i + 1;
        if short.is_empty() {
            let hex = |shift: u8| {
                char::from(
                    HEX.get(usize::from(b >> shift) & 0xf)
                        .copied()
                        .unwrap_or(b'0'),
                )
            };
            out.push_str("\\u00");
            out.push(hex(4));
            out.push(hex(0));
        } else {
            out.push_str(short);
        }
    }
    out.push_str(value.get(start..).unwrap_or_default());
    out.push('"');
}

/// Appends the decimal digits of `value`.
pub fn push_u64(out: &mut String, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            // `value % 10` is below 10.
            *d = b'0' + (value % 10) as u8;
        }
        value /= 10;
        if value == 0 || at == 0 {
            break;
        }
    }
    // ASCII digits only, so the check cannot fail.
    out.push_str(std::str::from_utf8(digits.get(at..).unwrap_or_default()).unwrap_or_default());
}

impl<T: WriteJson + ?Sized> WriteJson for &T {
    fn write_json(&self, w: &mut JsonWriter) {
        (**self).write_json(w);
    }
}

impl<T: WriteJson + ?Sized> WriteJson for Box<T> {
    fn write_json(&self, w: &mut JsonWriter) {
        (**self).write_json(w);
    }
}

impl<T: WriteJson> WriteJson for Option<T> {
    fn write_json(&self, w: &mut JsonWriter) {
        match self {
            Some(v) => v.write_json(w),
            None => w.null(),
        }
    }
}

impl<T: WriteJson> WriteJson for [T] {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_array();
        for v in self {
            w.element();
            v.write_json(w);
        }
        w.end_array();
    }
}

impl<T: WriteJson> WriteJson for Vec<T> {
    fn write_json(&self, w: &mut JsonWriter) {
        self.as_slice().write_json(w);
    }
}

impl WriteJson for str {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self);
    }
}

impl WriteJson for String {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self);
    }
}

impl WriteJson for bool {
    fn write_json(&self, w: &mut JsonWriter) {
        w.bool(*self);
    }
}

impl WriteJson for i64 {
    fn write_json(&self, w: &mut JsonWriter) {
        w.i64(*self);
    }
}

impl WriteJson for u64 {
    fn write_json(&self, w: &mut JsonWriter) {
        w.u64(*self);
    }
}

impl WriteJson for u32 {
    fn write_json(&self, w: &mut JsonWriter) {
        w.u64(u64::from(*self));
    }
}

impl WriteJson for u16 {
    fn write_json(&self, w: &mut JsonWriter) {
        w.u64(u64::from(*self));
    }
}

impl WriteJson for usize {
    fn write_json(&self, w: &mut JsonWriter) {
        // usize is at most 64 bits on every target this builds for.
        w.u64(u64::try_from(*self).unwrap_or(u64::MAX));
    }
}

/// serde_json's values, as serde_json wrote them (tests: the reference the writer is compared
/// with; the modules write `json_value::Value`s).
#[cfg(test)]
impl WriteJson for Number {
    fn write_json(&self, w: &mut JsonWriter) {
        w.number(self);
    }
}

#[cfg(test)]
impl WriteJson for Value {
    fn write_json(&self, w: &mut JsonWriter) {
        match self {
            Value::Null => w.null(),
            Value::Bool(b) => w.bool(*b),
            Value::Number(n) => w.number(n),
            Value::String(s) => w.string(s),
            Value::Array(a) => a.write_json(w),
            Value::Object(m) => m.write_json(w),
        }
    }
}

#[cfg(test)]
impl WriteJson for Map<String, Value> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.entries(self);
        w.end_object();
    }
}

impl<V: WriteJson> WriteJson for BTreeMap<String, V> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.entries(self);
        w.end_object();
    }
}

/// A value as read by `json_value` (or built as one): members in document order, an integer
/// within 64 bits checked like every result's (refused beyond ±`Number.MAX_SAFE_INTEGER`, as
/// serde_json's checked writer refused it), any other number as its validated text. `JSON.parse`
/// of the output gives what it gives of the input: the reader keeps only texts that are finite
/// doubles, and `JSON.parse` rounds a fraction, an exponent or a longer integer correctly, as
/// serde_json's float parser and printer did, which this leaves out of the modules (core's
/// float parser with its tables and a float printer, about 10 KB).
impl WriteJson for crate::core::json_value::Value {
    fn write_json(&self, w: &mut JsonWriter) {
        use crate::core::json_number::Number as N;
        use crate::core::json_value::Value as V;
        match self {
            V::Null => w.null(),
            V::Bool(b) => w.bool(*b),
            V::Number(text) => match N::integer(text) {
                Some(N::Unsigned(u)) => w.u64(u),
                Some(N::Signed(i)) => w.i64(i),
                _ => w.raw(text),
            },
            V::String(s) => w.string(s),
            V::Array(items) => items.write_json(w),
            V::Object(members) => {
                w.begin_object();
                for (k, v) in members {
                    w.field(k, v);
                }
                w.end_object();
            }
        }
    }
}

#[cfg(test)]
#[path = "json_write_tests.rs"]
pub(crate) mod tests;
