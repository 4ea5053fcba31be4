//! The fast path of object reading: an object's names, or a flat record's names and values,
//! read in one crossing by `js_safe.js` (`joinedKeys`, `readFlat`) and handed over joined by
//! `\0` in one string, with the per-value fallback when they cannot be joined. The catching
//! and the limits are `js_safe`'s.

use crate::error::{ErrorCode, Result};
use crate::wasm::js_safe::{
    own_string, string, threw, too_long, too_many_keys, MAX_KEYS, MAX_STRING_LENGTH,
};
use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/src/wasm/js_safe.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = joinedKeys)]
    fn joined_keys(
        value: &JsValue,
        max_keys: u32,
        max_length: u32,
    ) -> std::result::Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = readFlat)]
    fn read_flat_js(
        value: &JsValue,
        max_keys: u32,
        max_length: u32,
        max_total: u32,
        record: bool,
    ) -> std::result::Result<JsValue, JsValue>;
}

/// What [`read_flat`] reads.
pub enum Limit {
    /// A params record: strings, safe integers, booleans, `null` and `undefined`.
    Record,
    /// Headers: strings only, at most this many bytes of names and values in all.
    Bytes(usize),
}

/// What [`read_flat`] read.
pub enum Flat {
    /// `name\0value…` pairs, joined in JavaScript.
    Joined(String),
    /// `[name, value, …]` as read, for the caller to check pair by pair: the last value is
    /// one it refuses, or, with an odd length, the last name's getter threw.
    Raw(Array),
    /// Asked for a record, `value` is not one (a primitive, `null`, a function, an array).
    NotRecord,
}

/// A flat record read in one call (`readFlat` in js_safe.js, which documents the reading):
/// getters and Proxy traps run there, each once, and what they throw is caught there. The
/// failures found before any value is read (`Object.keys` threw, too many keys, a name too
/// long) are errors with `code` naming `what`, as [`keys`] gives them. With `max_total`
/// (headers: only strings, at most that many bytes in all), reading stops past the limit and
/// the caller finds where its UTF-8 crossed it.
///
/// `Limit::Record` (params) first checks that `value` is a record ([`Flat::NotRecord`]; a
/// revoked Proxy is an error, as `Array.isArray` throws on it); `Limit::Bytes(n)` (headers:
/// only strings, at most `n` bytes in all) stops reading past the limit, and the caller finds
/// where its UTF-8 crossed it.
pub fn read_flat(value: &JsValue, limit: Limit, code: ErrorCode, what: &str) -> Result<Flat> {
    // `max_total` bounds headers only (a record's is not read); every limit here is far below
    // u32::MAX.
    let (max_total, record) = match limit {
        Limit::Record => (0, true),
        Limit::Bytes(n) => (u32::try_from(n).unwrap_or(u32::MAX), false),
    };
    let read = read_flat_js(
        value,
        MAX_KEYS as u32,
        MAX_STRING_LENGTH as u32,
        max_total,
        record,
    )
    .map_err(|_| threw(code, what))?;
    flat_of(read, code, what)
}

/// What a `readFlat` result `read` (js_safe.js) means, as [`read_flat`] returns it: for
/// [`read_flat`] itself and for a caller that ran `readFlat` in JavaScript and handed its
/// result over (the APIv2 wrappers of `fast_v2.js`), so that the reading is never repeated.
/// A call that threw is `null` here, as `readFlat` answers when `Object.keys` throws.
pub fn flat_of(read: JsValue, code: ErrorCode, what: &str) -> Result<Flat> {
    // The common answer first: a string is checked and measured in one crossing.
    if let Some(joined) = own_string(&read) {
        return Ok(Flat::Joined(joined));
    }
    if read.is_undefined() {
        return Ok(Flat::NotRecord);
    }
    if read.as_bool() == Some(true) {
        return Err(threw(code, what));
    }
    if read.is_null() {
        return Err(threw(code, what));
    }
    if let Some(n) = read.as_f64() {
        // A key count, so a small non-negative integer.
        return Err(too_many_keys(n as usize, code, what));
    }
    if read.as_bool().is_some() {
        return Err(too_long(code, what));
    }
    Ok(Flat::Raw(read.unchecked_into()))
}

impl Flat {
    /// The joined pairs, borrowed; `None` for [`Flat::Raw`].
    pub fn joined_pairs(&self) -> Option<Vec<(&str, &str)>> {
        let Flat::Joined(text) = self else {
            return None;
        };
        Some(payquery_hot::text::nul_pairs(text))
    }
}

/// The names [`key_list`] read.
pub enum Keys {
    /// No names.
    None,
    /// The names joined by `\0` (none is empty or holds `\0`).
    Joined(String),
    /// The names.
    List(Vec<String>),
}

impl Keys {
    /// Each name, in order.
    pub fn for_each<E>(
        &self,
        mut f: impl FnMut(&str) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        match self {
            Keys::None => Ok(()),
            Keys::Joined(text) => text.split('\0').try_for_each(f),
            Keys::List(list) => list.iter().try_for_each(|k| f(k)),
        }
    }
}

/// [`keys`] without a copy per name when they came joined.
pub fn key_list(value: &JsValue, code: ErrorCode, what: &str) -> Result<Keys> {
    // Both limits are far below u32::MAX.
    let read = joined_keys(value, MAX_KEYS as u32, MAX_STRING_LENGTH as u32)
        .map_err(|_| threw(code, what))?;
    if let Some(text) = own_string(&read) {
        // No name is empty or holds `\0`, so the split is exact.
        return Ok(if text.is_empty() {
            Keys::None
        } else {
            Keys::Joined(text)
        });
    }
    let keys: &Array = read.unchecked_ref();
    let n = keys.length() as usize;
    if n > MAX_KEYS {
        return Err(too_many_keys(n, code, what));
    }
    let mut out = Vec::with_capacity(n);
    for key in keys.iter() {
        // Object.keys returns a fresh array of strings: nothing here can throw.
        out.push(string(&key, code, what)?.unwrap_or_default());
    }
    Ok(Keys::List(out))
}
