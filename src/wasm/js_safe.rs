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

// The names and flat records read in one crossing are in a module of their own.
pub use crate::wasm::js_flat::{flat_of, key_list, read_flat, Flat, Keys, Limit};

/// Most own enumerable keys of one object read into Rust (params, config, headers, answers).
pub const MAX_KEYS: usize = 1024;
/// Longest array read into Rust.
pub const MAX_ARRAY_LENGTH: usize = 1024;
/// Longest string read into Rust, in UTF-16 code units (the response-body limit, 1 MiB).
pub const MAX_STRING_LENGTH: usize = MAX_BODY_BYTES;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn array_is_array(value: &JsValue) -> std::result::Result<bool, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = get)]
    fn reflect_get(target: &JsValue, key: &JsValue) -> std::result::Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Promise, js_name = resolve)]
    fn promise_resolve(value: &JsValue) -> std::result::Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = stringify)]
    fn json_stringify(value: &JsValue) -> std::result::Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    fn json_parse(text: &JsValue) -> std::result::Result<JsValue, JsValue>;
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

#[wasm_bindgen(module = "/src/wasm/js_safe.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = encodeInto)]
    fn encode_into(text: &JsValue, view: &mut [u8]) -> std::result::Result<u32, JsValue>;
    #[wasm_bindgen(js_name = headersKind)]
    fn headers_kind(value: &JsValue) -> u32;
    #[wasm_bindgen(js_name = recordKind)]
    fn record_kind(value: &JsValue) -> u32;
    /// An `i32`, not the `f64` a JS number is: a string's length is below 2^30 in every
    /// engine, and an import returning `f64` from one `i32` needs a wasm-to-JS wrapper of its
    /// own, which V8 compiles on every cold start.
    #[wasm_bindgen(js_name = stringLength)]
    fn string_length(value: &JsValue) -> i32;
}

/// What a thrown value is turned into: a coded error naming where it was thrown. The thrown
/// value itself is not quoted: it may be anything, a secret included.
pub fn threw(code: ErrorCode, what: &str) -> Error {
    Error::new(
        code,
        format!("{what} could not be read: an exception was thrown while reading it"),
    )
}

/// What a value is to payquery's object reader (one crossing).
#[derive(PartialEq, Eq)]
pub enum RecordKind {
    /// An object it reads field by field.
    Record,
    /// `undefined` or `null`.
    Absent,
    /// Anything else: a primitive, a function, an array.
    Other,
}

/// The [`RecordKind`] of `value`; `Err` when `Array.isArray` threw (a revoked Proxy).
pub fn record_kind_of(value: &JsValue) -> std::result::Result<RecordKind, ()> {
    match record_kind(value) {
        0 => Ok(RecordKind::Other),
        1 => Ok(RecordKind::Record),
        3 => Ok(RecordKind::Absent),
        _ => Err(()),
    }
}

/// How `value` is read as headers (one crossing; `forEach` and `get` are read as before).
pub enum HeadersKind {
    /// `undefined` or `null`: no headers.
    None,
    /// Not an object.
    NotObject,
    /// A `Headers` (or anything with `forEach` and `get` methods), read through `forEach`.
    Class,
    /// A plain record of names to values.
    Record,
}

/// [`HeadersKind`] of `value`; `Err` when reading `forEach` or `get` threw.
pub fn headers_kind_of(value: &JsValue) -> std::result::Result<HeadersKind, ()> {
    match headers_kind(value) {
        0 => Ok(HeadersKind::None),
        1 => Ok(HeadersKind::NotObject),
        2 => Ok(HeadersKind::Class),
        3 => Ok(HeadersKind::Record),
        _ => Err(()),
    }
}

/// `Array.isArray(value)`; a revoked Proxy throws.
pub fn is_array(value: &JsValue) -> std::result::Result<bool, JsValue> {
    array_is_array(value)
}

/// `value[key]`: getters and Proxy traps run, and may throw.
pub fn get(value: &JsValue, key: &str) -> std::result::Result<JsValue, JsValue> {
    reflect_get(value, &JsValue::from_str(key))
}

thread_local! {
    /// The JavaScript strings of the option names payquery reads, made once each.
    static NAMES: std::cell::RefCell<Vec<(&'static str, JsValue)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `f` with the JavaScript string of `name`, made once and kept: using it again costs no
/// decoding from wasm memory and no copy of the handle. The kept strings are borrowed during
/// `f`; a call re-entered from JavaScript meanwhile (a getter calling payquery) that needs a
/// new name makes a fresh string instead.
fn with_named<T, F: FnOnce(&JsValue) -> T>(name: &'static str, f: F) -> T {
    let same = |(n, _): &&(&'static str, JsValue)| std::ptr::eq(*n, name);
    NAMES
        .with(|names| {
            // Not borrowed (no call of this one is running): add the name if it is new.
            if let Ok(mut n) = names.try_borrow_mut() {
                if !n.iter().any(|e| same(&e)) {
                    n.push((name, JsValue::from_str(name)));
                }
            }
            match names.try_borrow() {
                Ok(n) => match n.iter().find(same) {
                    Some((_, js)) => Ok(f(js)),
                    None => Err(f),
                },
                Err(_) => Err(f),
            }
        })
        .unwrap_or_else(|f| f(&JsValue::from_str(name)))
}

/// [`get`] for a name in the code (`status`, `headers`…), whose JavaScript string is kept.
pub fn get_named(value: &JsValue, key: &'static str) -> std::result::Result<JsValue, JsValue> {
    with_named(key, |name| reflect_get(value, name))
}

/// Whether `value` is the string `name` (`===`, in JavaScript; nothing is copied).
pub fn is_named(value: &JsValue, name: &'static str) -> bool {
    with_named(name, |js| value == js)
}

/// `value[index]`.
pub fn get_index(value: &JsValue, index: u32) -> std::result::Result<JsValue, JsValue> {
    reflect_get(value, &JsValue::from(index))
}

/// `Object.keys(value)` as strings, refused beyond [`MAX_KEYS`] (counted in JavaScript, before
/// any key is copied).
pub fn keys(value: &JsValue, code: ErrorCode, what: &str) -> Result<Vec<String>> {
    Ok(match key_list(value, code, what)? {
        Keys::Joined(text) => text.split('\0').map(str::to_owned).collect(),
        Keys::List(list) => list,
        Keys::None => Vec::new(),
    })
}

/// The error for an object with more than [`MAX_KEYS`] keys (`n`).
pub fn too_many_keys(n: usize, code: ErrorCode, what: &str) -> Error {
    Error::new(
        code,
        format!("{what} has {n} keys, more than the {MAX_KEYS} payquery reads"),
    )
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
    let Some(len) = length_if_string(value) else {
        return Ok(None);
    };
    if len > MAX_STRING_LENGTH {
        return Err(too_long(code, what));
    }
    Ok(value.as_string())
}

/// The length of `value` in UTF-16 code units when it is a string (one crossing for the type
/// and the length).
fn length_if_string(value: &JsValue) -> Option<usize> {
    // -1 for any other value.
    usize::try_from(string_length(value)).ok()
}

/// Like [`string`], as UTF-8 bytes written straight into wasm memory by the runtime's
/// `TextEncoder.encodeInto`, in one call: for bodies (kilobytes), where the glue's transfer
/// copies the ASCII prefix one character at a time in JavaScript (a 1.2 KB v2 answer: 2.0 µs
/// against 1.0 µs, Node 20). Lone surrogates become U+FFFD, as in every string read.
pub fn string_bytes(value: &JsValue, code: ErrorCode, what: &str) -> Result<Option<Vec<u8>>> {
    let Some(len) = length_if_string(value) else {
        return Ok(None);
    };
    if len > MAX_STRING_LENGTH {
        return Err(too_long(code, what));
    }
    encoded(value, len).map(Some).map_err(|_| threw(code, what))
}

/// The UTF-8 of a string payquery made itself in JavaScript (joined names or pairs), whose
/// parts were measured there; `None` when `value` is not a string.
pub fn own_string(value: &JsValue) -> Option<String> {
    let len = length_if_string(value)?;
    // encodeInto writes UTF-8 only, so the check cannot fail.
    String::from_utf8(encoded(value, len).ok()?).ok()
}

/// The UTF-8 of the string `value` of `len` UTF-16 code units: the glue's own transfer for a
/// short one (where `encodeInto`'s fixed cost dominates), `TextEncoder.encodeInto` for a long
/// one.
fn encoded(value: &JsValue, len: usize) -> std::result::Result<Vec<u8>, JsValue> {
    if len <= 64 {
        return Ok(value.as_string().unwrap_or_default().into_bytes());
    }
    // At most 3 UTF-8 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units).
    let mut bytes = vec![0u8; len * 3];
    let written = encode_into(value, &mut bytes)?;
    bytes.truncate(written as usize);
    Ok(bytes)
}

/// The error for a string longer than [`MAX_STRING_LENGTH`].
pub fn too_long(code: ErrorCode, what: &str) -> Error {
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

/// `JSON.parse` of a string primitive (no reviver, so no caller code runs); `Err` when it is
/// not JSON.
pub fn parse_json_string(text: &JsValue) -> std::result::Result<JsValue, JsValue> {
    json_parse(text)
}

/// The JSON text of a nested value payquery did not create, by `JSON.stringify`: the one way a
/// nested value enters Rust. Getters, Proxy traps and `toJSON` run inside it, and what they
/// throw, like a cycle, a BigInt or nesting too deep for the engine, is an error with `code`;
/// the engine walks the value, so no wasm frame recurses with it. The text is measured before
/// it is copied and refused beyond `max` UTF-16 code units. `Ok(None)` when the value has no
/// JSON form (`undefined`, a function, a symbol). The caller parses the text with its own
/// limits on depth and width, keeping the key order the value had.
pub fn json_text(
    value: &JsValue,
    max: usize,
    code: ErrorCode,
    what: &str,
) -> Result<Option<String>> {
    let text = json_stringify(value).map_err(|_| {
        Error::new(
            code,
            format!("{what} cannot be read as plain data (JSON.stringify threw)"),
        )
    })?;
    if !text.is_string() {
        return Ok(None);
    }
    if text.unchecked_ref::<js_sys::JsString>().length() as usize > max {
        return Err(Error::new(
            code,
            format!("{what} is longer than the {max} characters of JSON payquery reads"),
        ));
    }
    Ok(text.as_string())
}
