//! Flat parameter objects (`Record<string, string | number | boolean | null>`) read as the
//! name/value pairs that are signed: in one crossing when `js_safe::read_flat` can join them,
//! pair by pair otherwise, every value a string, a safe integer or a boolean.

use crate::error::{describe_name, Error, ErrorCode, Result};
use crate::wasm::args::type_name;
use crate::wasm::js_safe::{self, threw};
use wasm_bindgen::JsValue;

/// Largest integer a JavaScript number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// The decimal text of a JavaScript number that is a safe integer at least `min`; `None` for
/// fractions, NaN, infinities and anything beyond `Number.MAX_SAFE_INTEGER`. (Through `i64`
/// rather than float formatting, which would pull the float printer into the module.)
pub fn safe_integer_text(n: f64, min: f64) -> Option<String> {
    if n.fract() == 0.0 && (min..=MAX_SAFE_INTEGER).contains(&n) && n >= -MAX_SAFE_INTEGER {
        // Integral and within ±2^53, so the cast is exact.
        Some((n as i64).to_string())
    } else {
        None
    }
}

/// Flat parameters as read by [`read_params`]: joined in one string when they came in one
/// crossing (and borrowed from it), else owned pairs.
pub enum Params {
    /// As `js_safe::read_flat` joined them.
    Joined(js_safe::Flat),
    /// Name/value pairs.
    Pairs(Vec<(String, String)>),
}

impl Params {
    /// The pairs, in order, borrowed.
    pub fn pairs(&self) -> Vec<(&str, &str)> {
        match self {
            Params::Joined(flat) => flat.joined_pairs().unwrap_or_default(),
            Params::Pairs(pairs) => pairs
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect(),
        }
    }

    /// The pairs, in order, owned.
    pub fn into_owned(self) -> Vec<(String, String)> {
        match self {
            Params::Pairs(pairs) => pairs,
            joined => joined
                .pairs()
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
        }
    }
}

/// Reads a flat parameter object (`Record<string, string | number | boolean | null>`) as
/// name/value pairs, in one crossing (`js_safe::read_flat`): `null` and `undefined` values
/// are left out; numbers must be safe integers. Each key is read once, in `Object.keys`
/// order, and reading stops at the first value that cannot be signed.
pub fn read_params(value: &JsValue, name: &str) -> Result<Params> {
    let flat = js_safe::read_flat(
        value,
        js_safe::Limit::Record,
        ErrorCode::InvalidArgument,
        name,
    )?;
    params_of(flat, value, name)
}

/// The parameters `read_params` returns for `value`, from what `readFlat` read of it
/// (`js_safe::read_flat`, or `js_safe::flat_of` of a result read in JavaScript): the values
/// are checked here, pair by pair, without reading `value` again (only its type, for the
/// message when it is no record).
pub fn params_of(flat: js_safe::Flat, value: &JsValue, name: &str) -> Result<Params> {
    let code = ErrorCode::InvalidArgument;
    let read = match flat {
        js_safe::Flat::Raw(read) => read,
        js_safe::Flat::NotRecord => {
            return Err(Error::invalid_argument(format!(
                "{name} must be an object of field names to values, got {}",
                type_name(value)
            )))
        }
        joined => return Ok(Params::Joined(joined)),
    };
    // What was read, `[name, value, …]`, checked pair by pair as the values came.
    // Read with catching reads, bounded by what `readFlat` can return (a name and a value per
    // key): the array is `readFlat`'s own, but through `v2_fast`'s hidden export it is handed
    // over by JavaScript, where a direct caller could pass a Proxy. A rare path, so the
    // catching costs nothing that matters.
    let item = |i: u32| js_safe::get_index(&read, i).map_err(|_| threw(code, name));
    let len = js_safe::get(&read, "length")
        .map_err(|_| threw(code, name))?
        .as_f64()
        .map_or(0.0, |n| n.min((2 * js_safe::MAX_KEYS + 1) as f64)) as u32;
    let mut out = Vec::with_capacity(len as usize / 2);
    for i in (0..len).step_by(2) {
        let key = js_safe::string(&item(i)?, code, name)?.unwrap_or_default();
        if i + 1 == len {
            return Err(threw(code, &format!("{name}.{key}")));
        }
        if let Some(text) = value_text(&item(i + 1)?, name, &key)? {
            out.push((key, text));
        }
    }
    Ok(Params::Pairs(out))
}

/// [`read_params`], owned.
pub fn params(value: &JsValue, name: &str) -> Result<Vec<(String, String)>> {
    Ok(read_params(value, name)?.into_owned())
}

/// The signed text of the value of `name.key`: a string, a safe integer's digits, `true` or
/// `false`; `None` for `null` and `undefined`; anything else is refused.
fn value_text(v: &JsValue, name: &str, key: &str) -> Result<Option<String>> {
    let code = ErrorCode::InvalidArgument;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    if let Some(s) = js_safe::string(v, code, &format!("{name}.{key}"))? {
        return Ok(Some(s));
    }
    if let Some(n) = v.as_f64() {
        return safe_integer_text(n, -MAX_SAFE_INTEGER)
            .map(Some)
            .ok_or_else(|| {
                Error::invalid_argument(format!(
                    "{name}.{} must be a string or a safe integer",
                    describe_name(key)
                ))
            });
    }
    if let Some(b) = v.as_bool() {
        return Ok(Some(b.to_string()));
    }
    Err(Error::invalid_argument(format!(
        "{name}.{} must be a string, number or boolean, got {}",
        describe_name(key),
        type_name(v)
    )))
}
