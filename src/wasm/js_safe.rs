//! Every JavaScript operation payquery performs on a value it did not create, as an import that
//! catches (`#[wasm_bindgen(catch)]`), and the limits on what it copies into wasm memory.
//!
//! Why: a JavaScript exception thrown inside a non-catching import unwinds straight through the
//! wasm frames below it. Nothing restores wasm's shadow-stack pointer, so each such exception
//! leaks a frame, and after about 1,500 of them the instance traps on every call for good. A
//! caller's getter, Proxy trap, revoked Proxy, `toString`, iterator or `fetch` can throw at any
//! of these points, so each one goes through here and the thrown value becomes a coded error
//! (the caller decides which: `INVALID_ARGUMENT`, `INVALID_CONFIG`, `NETWORK_ERROR`...).
//!
//! Size: a string, a byte array or an object is measured in JavaScript before it is copied, so
//! a huge value is refused without growing wasm memory (which never shrinks).

use crate::error::{Error, ErrorCode, Result};
use crate::transport::MAX_BODY_BYTES;
use js_sys::{Array, Function, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Deepest nesting of objects and arrays read into Rust ([`read_json`]).
pub const MAX_DEPTH: usize = 64;
/// Most own enumerable keys of one object read into Rust (params, config, headers, answers).
pub const MAX_KEYS: usize = 1024;
/// Longest array read into Rust.
pub const MAX_ARRAY_LENGTH: usize = 1024;
/// Longest string read into Rust, in UTF-16 code units (the response-body limit, 1 MiB).
pub const MAX_STRING_LENGTH: usize = MAX_BODY_BYTES;
/// Most values (objects, arrays, strings, numbers...) in one nested value read into Rust.
pub const MAX_VALUES: usize = 16 * 1024;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn array_is_array(value: &JsValue) -> std::result::Result<bool, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(value: &JsValue) -> std::result::Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = get)]
    fn reflect_get(target: &JsValue, key: &JsValue) -> std::result::Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Promise, js_name = resolve)]
    fn promise_resolve(value: &JsValue) -> std::result::Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ArrayBuffer, js_name = isView)]
    fn array_buffer_is_view(value: &JsValue) -> std::result::Result<bool, JsValue>;

    /// A `Uint8Array` payquery constructed itself, so its `length` is its own.
    #[wasm_bindgen(js_name = Uint8Array)]
    type FreshBytes;
    #[wasm_bindgen(constructor, catch, js_class = "Uint8Array")]
    fn copy_of(source: &JsValue) -> std::result::Result<FreshBytes, JsValue>;
    #[wasm_bindgen(constructor, catch, js_class = "Uint8Array")]
    fn view_of_buffer(buffer: &JsValue) -> std::result::Result<FreshBytes, JsValue>;

    #[wasm_bindgen(js_name = DataView)]
    type CheckedView;
    #[wasm_bindgen(constructor, catch, js_class = "DataView")]
    fn new_data_view(buffer: &JsValue) -> std::result::Result<CheckedView, JsValue>;
}

/// What a thrown value is turned into: a coded error naming where it was thrown. The thrown
/// value itself is not quoted: it may be anything, a secret included.
pub fn threw(code: ErrorCode, what: &str) -> Error {
    Error::new(
        code,
        format!("{what} could not be read: an exception was thrown while reading it"),
    )
}

/// `Array.isArray(value)`; a revoked Proxy throws.
pub fn is_array(value: &JsValue) -> std::result::Result<bool, JsValue> {
    array_is_array(value)
}

/// `value[key]`: getters and Proxy traps run, and may throw.
pub fn get(value: &JsValue, key: &str) -> std::result::Result<JsValue, JsValue> {
    reflect_get(value, &JsValue::from_str(key))
}

/// `value[index]`.
pub fn get_index(value: &JsValue, index: u32) -> std::result::Result<JsValue, JsValue> {
    reflect_get(value, &JsValue::from(index))
}

/// `Object.keys(value)` as strings, refused beyond [`MAX_KEYS`] (counted in JavaScript, before
/// any key is copied).
pub fn keys(value: &JsValue, code: ErrorCode, what: &str) -> Result<Vec<String>> {
    let keys = object_keys(value).map_err(|_| threw(code, what))?;
    let n = keys.length() as usize;
    if n > MAX_KEYS {
        return Err(Error::new(
            code,
            format!("{what} has {n} keys, more than the {MAX_KEYS} payquery reads"),
        ));
    }
    let mut out = Vec::with_capacity(n);
    for key in keys.iter() {
        // Object.keys returns a fresh array of strings: nothing here can throw.
        out.push(string(&key, code, what)?.unwrap_or_default());
    }
    Ok(out)
}

/// The length of an array (`value.length`), refused beyond [`MAX_ARRAY_LENGTH`].
pub fn array_length(value: &JsValue, code: ErrorCode, what: &str) -> Result<u32> {
    let len = get(value, "length").map_err(|_| threw(code, what))?;
    match len.as_f64() {
        Some(n) if n >= 0.0 && n <= MAX_ARRAY_LENGTH as f64 && n.fract() == 0.0 => Ok(n as u32),
        Some(n) if n > MAX_ARRAY_LENGTH as f64 => Err(Error::new(
            code,
            format!("{what} has more than the {MAX_ARRAY_LENGTH} elements payquery reads"),
        )),
        _ => Err(Error::new(code, format!("{what} has no valid length"))),
    }
}

/// A string value copied into Rust, `None` when `value` is not a string; refused beyond
/// [`MAX_STRING_LENGTH`] UTF-16 code units, measured before the copy. (A primitive string's
/// `length` cannot throw.)
pub fn string(value: &JsValue, code: ErrorCode, what: &str) -> Result<Option<String>> {
    if !value.is_string() {
        return Ok(None);
    }
    let len = value.unchecked_ref::<js_sys::JsString>().length() as usize;
    if len > MAX_STRING_LENGTH {
        return Err(too_long(code, what));
    }
    Ok(value.as_string())
}

fn too_long(code: ErrorCode, what: &str) -> Error {
    Error::new(
        code,
        format!("{what} is longer than the {MAX_STRING_LENGTH} characters payquery reads"),
    )
}

/// Bytes read by [`bytes`] or [`buffer_bytes`].
pub enum Bytes {
    /// The bytes, copied into Rust.
    Copied(Vec<u8>),
    /// The value is not a genuine `Uint8Array` / `ArrayBuffer`.
    Other,
    /// The value holds more than the maximum; nothing was copied.
    TooLarge,
}

/// The bytes of a `Uint8Array` (a Node `Buffer` included), at most `max`. Only a genuine
/// typed array qualifies (`ArrayBuffer.isView` checks an internal slot, so a Proxy dressed as
/// one does not); it is copied through a fresh `Uint8Array`, whose length cannot be
/// overridden, and measured before anything enters wasm memory. `Err` carries a thrown value.
pub fn bytes(value: &JsValue, max: usize) -> std::result::Result<Bytes, JsValue> {
    let genuine =
        array_buffer_is_view(value).unwrap_or(false) && value.is_instance_of::<Uint8Array>();
    if !genuine {
        return Ok(Bytes::Other);
    }
    // Refuse early on the declared size; the fresh copy is measured again below.
    if get(value, "byteLength")?
        .as_f64()
        .is_some_and(|n| n > max as f64)
    {
        return Ok(Bytes::TooLarge);
    }
    let fresh: Uint8Array = FreshBytes::copy_of(value)?.unchecked_into();
    Ok(copied(&fresh, max))
}

/// The bytes of a genuine `ArrayBuffer` (what `arrayBuffer()` resolves to), at most `max`.
/// `new DataView(value)` accepts only a real buffer and runs no getter or trap; the view made
/// from it measures the buffer by its internal length.
pub fn buffer_bytes(value: &JsValue, max: usize) -> std::result::Result<Bytes, JsValue> {
    if !value.is_object() || CheckedView::new_data_view(value).is_err() {
        return Ok(Bytes::Other);
    }
    let view = view_of(value)?;
    Ok(copied(&view, max))
}

fn view_of(buffer: &JsValue) -> std::result::Result<Uint8Array, JsValue> {
    Ok(FreshBytes::view_of_buffer(buffer)?.unchecked_into())
}

fn copied(view: &Uint8Array, max: usize) -> Bytes {
    if view.length() as usize > max {
        Bytes::TooLarge
    } else {
        Bytes::Copied(view.to_vec())
    }
}

/// `Promise.resolve(value)`: a thenable's `then` getter, or a promise's `constructor` getter,
/// may throw; the thrown value comes back as `Err`.
pub fn resolve(value: &JsValue) -> std::result::Result<Promise, JsValue> {
    promise_resolve(value)
}

/// `value[key](...args)` for a method that must exist: a missing one is `Ok(None)`.
pub fn call_method(
    value: &JsValue,
    key: &str,
    args: &[JsValue],
) -> std::result::Result<Option<JsValue>, JsValue> {
    let f = get(value, key)?;
    let Some(f) = f.dyn_ref::<Function>() else {
        return Ok(None);
    };
    let out = match args {
        [] => f.call0(value)?,
        [a] => f.call1(value, a)?,
        [a, b] => f.call2(value, a, b)?,
        _ => f.apply(value, &args.iter().collect::<Array>())?,
    };
    Ok(Some(out))
}

thread_local! {
    /// One no-op rejection handler for the life of the instance.
    static NOOP: Closure<dyn FnMut(JsValue)> = Closure::new(|_| {});
}

/// Lets `value` (a promise payquery no longer waits for: a stream's `cancel()`, a late answer)
/// settle unobserved without an unhandled rejection. `Promise.race` of a fresh array turns any
/// abrupt completion (a throwing `then`) into a rejection of a promise payquery made, and
/// that one gets a no-op handler.
pub fn ignore(value: &JsValue) {
    let settled = Promise::race(&Array::of1(value));
    NOOP.with(|noop| {
        let _ = settled.catch(noop);
    });
}

/// A nested JavaScript value (plain data: objects, arrays, strings, finite numbers, booleans,
/// null) read into JSON, iteratively, never deeper than [`MAX_DEPTH`], with at most
/// [`MAX_KEYS`] keys per object, [`MAX_ARRAY_LENGTH`] elements per array, [`MAX_VALUES`]
/// values and [`MAX_STRING_LENGTH`] bytes of strings (keys included) in all. Cycles end at the depth limit.
/// `undefined` properties are left out (as `JSON.stringify` does), `undefined` elements read as
/// null, BigInts within 64 bits are integers; functions and symbols are refused. Every error has `code` and names `what`.
pub fn read_json(value: &JsValue, code: ErrorCode, what: &str) -> Result<serde_json::Value> {
    use serde_json::{Map, Value};
    enum Frame {
        Array {
            source: JsValue,
            next: u32,
            len: u32,
            items: Vec<Value>,
        },
        Object {
            source: JsValue,
            keys: std::vec::IntoIter<String>,
            key: Option<String>,
            map: Map<String, Value>,
        },
    }
    let mut budget = Budget {
        values: 0,
        string_bytes: 0,
        code,
        what,
    };
    let mut stack: Vec<Frame> = Vec::new();
    // The value being placed: produced either by a leaf or by a finished frame.
    let mut current: Option<JsValue> = Some(value.clone());
    loop {
        let mut done: Option<Value> = None;
        if let Some(v) = current.take() {
            budget.count()?;
            if v.is_null() || v.is_undefined() {
                done = Some(Value::Null);
            } else if let Some(b) = v.as_bool() {
                done = Some(Value::Bool(b));
            } else if let Some(n) = v.as_f64() {
                done = Some(number(n).ok_or_else(|| {
                    Error::new(code, format!("{what} holds a number that is not finite"))
                })?);
            } else if v.is_bigint() {
                // A BigInt is an integer: kept when it fits 64 bits, as JSON numbers allow.
                let n = i64::try_from(v.clone())
                    .map(serde_json::Value::from)
                    .or_else(|_| u64::try_from(v).map(serde_json::Value::from))
                    .map_err(|_| {
                        Error::new(code, format!("{what} holds a BigInt beyond 64 bits"))
                    })?;
                done = Some(n);
            } else if v.is_string() {
                let s = string(&v, code, what)?.unwrap_or_default();
                budget.strings(s.len())?;
                done = Some(Value::String(s));
            } else if v.is_object() && !v.is_function() {
                if stack.len() >= MAX_DEPTH {
                    return Err(Error::new(
                        code,
                        format!("{what} is nested deeper than {MAX_DEPTH} levels"),
                    ));
                }
                if is_array(&v).map_err(|_| threw(code, what))? {
                    let len = array_length(&v, code, what)?;
                    stack.push(Frame::Array {
                        source: v,
                        next: 0,
                        len,
                        items: Vec::new(),
                    });
                } else {
                    let keys = keys(&v, code, what)?;
                    for k in &keys {
                        budget.strings(k.len())?;
                    }
                    stack.push(Frame::Object {
                        source: v,
                        keys: keys.into_iter(),
                        key: None,
                        map: Map::new(),
                    });
                }
            } else {
                return Err(Error::new(
                    code,
                    format!("{what} is not plain data: it holds a function or a symbol"),
                ));
            }
        }
        // Place a finished value into its parent, then find the parent's next child.
        loop {
            let Some(top) = stack.last_mut() else {
                return done.ok_or_else(|| crate::wasm::error::internal("empty JSON read"));
            };
            match top {
                Frame::Array {
                    source,
                    next,
                    len,
                    items,
                } => {
                    if let Some(v) = done.take() {
                        items.push(v);
                    }
                    if *next < *len {
                        let child = get_index(source, *next).map_err(|_| threw(code, what))?;
                        *next += 1;
                        current = Some(child);
                        break;
                    }
                    let items = std::mem::take(items);
                    stack.pop();
                    done = Some(Value::Array(items));
                }
                Frame::Object {
                    source,
                    keys,
                    key,
                    map,
                } => {
                    if let (Some(k), Some(v)) = (key.take(), done.take()) {
                        map.insert(k, v);
                    }
                    let mut child = None;
                    for k in keys.by_ref() {
                        let v = get(source, &k).map_err(|_| threw(code, what))?;
                        if !v.is_undefined() {
                            *key = Some(k);
                            child = Some(v);
                            break;
                        }
                    }
                    if child.is_some() {
                        current = child;
                        break;
                    }
                    let map = std::mem::take(map);
                    stack.pop();
                    done = Some(Value::Object(map));
                }
            }
        }
    }
}

/// A JavaScript number as JSON: integers within 2^53 exactly, others as floats; `None` for
/// NaN and the infinities.
fn number(n: f64) -> Option<serde_json::Value> {
    if n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_991.0 {
        // Integral and within ±2^53, so the cast is exact.
        return Some(serde_json::Value::from(n as i64));
    }
    serde_json::Number::from_f64(n).map(serde_json::Value::Number)
}

struct Budget<'a> {
    values: usize,
    string_bytes: usize,
    code: ErrorCode,
    what: &'a str,
}

impl Budget<'_> {
    fn count(&mut self) -> Result<()> {
        self.values += 1;
        if self.values > MAX_VALUES {
            return Err(Error::new(
                self.code,
                format!(
                    "{} holds more than the {MAX_VALUES} values payquery reads",
                    self.what
                ),
            ));
        }
        Ok(())
    }

    fn strings(&mut self, bytes: usize) -> Result<()> {
        self.string_bytes += bytes;
        if self.string_bytes > MAX_STRING_LENGTH {
            return Err(too_long(self.code, self.what));
        }
        Ok(())
    }
}
