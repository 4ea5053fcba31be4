//! Strict reading of JavaScript arguments: every field typed, unknown keys refused, and
//! messages that name the field and the expected type but never echo a value (it may be a key).
//! Every read goes through `js_safe`: a throwing getter or Proxy trap is a coded error, and
//! sizes are bounded (`js_safe::MAX_KEYS`, `MAX_STRING_LENGTH`).

use crate::error::{describe_name, Error, ErrorCode, Result};
use crate::wasm::js_safe::{self, threw};
use js_sys::Function;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// A plain JavaScript object being read field by field.
pub struct Obj {
    what: &'static str,
    code: ErrorCode,
    value: JsValue,
    seen: Vec<&'static str>,
}

/// What `value` is to the object reader: an object read field by field (not null, not a
/// function, not an array), `undefined`/`null`, or anything else. A revoked Proxy (which throws
/// on `Array.isArray`) is refused with `code`.
fn record_kind(value: &JsValue, code: ErrorCode, what: &str) -> Result<js_safe::RecordKind> {
    js_safe::record_kind_of(value).map_err(|()| threw(code, what))
}

/// The JavaScript type of `value`, for messages.
pub fn type_name(value: &JsValue) -> &'static str {
    if value.is_null() {
        "null"
    } else if js_safe::is_array(value).unwrap_or(false) {
        "an array"
    } else if value.is_string() {
        "a string"
    } else if value.as_f64().is_some() {
        "a number"
    } else if value.as_bool().is_some() {
        "a boolean"
    } else if value.is_function() {
        "a function"
    } else if value.is_object() {
        "an object"
    } else {
        "undefined"
    }
}

impl Obj {
    /// Starts reading `value`, which must be a non-null, non-array object. `what` names it in
    /// messages (`config`, `query`), `code` is the error code for every problem found.
    pub fn new(value: &JsValue, what: &'static str, code: ErrorCode) -> Result<Obj> {
        Obj::of_kind(value, record_kind(value, code, what)?, what, code)
    }

    fn of_kind(
        value: &JsValue,
        kind: js_safe::RecordKind,
        what: &'static str,
        code: ErrorCode,
    ) -> Result<Obj> {
        if kind != js_safe::RecordKind::Record {
            return Err(Error::new(
                code,
                format!("{what} must be an object, got {}", type_name(value)),
            ));
        }
        Ok(Obj {
            what,
            code,
            value: value.clone(),
            seen: Vec::new(),
        })
    }

    /// Like [`Obj::new`], but `undefined` and `null` read as an empty object.
    pub fn optional(value: &JsValue, what: &'static str, code: ErrorCode) -> Result<Obj> {
        match record_kind(value, code, what)? {
            js_safe::RecordKind::Absent => Obj::new(&js_sys::Object::new().into(), what, code),
            kind => Obj::of_kind(value, kind, what, code),
        }
    }

    fn err(&self, key: &str, expected: &str, got: &JsValue) -> Error {
        Error::new(
            self.code,
            format!(
                "{}.{key} must be {expected}, got {}",
                self.what,
                type_name(got)
            ),
        )
    }

    /// The raw value of `key`; `undefined` when absent. A getter or Proxy trap that throws is
    /// an error with this object's code.
    pub fn get(&mut self, key: &'static str) -> Result<JsValue> {
        self.seen.push(key);
        js_safe::get_named(&self.value, key)
            .map_err(|_| threw(self.code, &format!("{}.{key}", self.what)))
    }

    /// An optional string (`undefined` -> `None`).
    pub fn string(&mut self, key: &'static str) -> Result<Option<String>> {
        let v = self.get(key)?;
        if v.is_undefined() {
            return Ok(None);
        }
        js_safe::string(&v, self.code, &format!("{}.{key}", self.what))?
            .map(Some)
            .ok_or_else(|| self.err(key, "a string", &v))
    }

    /// A required non-empty string.
    pub fn required_string(&mut self, key: &'static str) -> Result<String> {
        match self.string(key)? {
            Some(s) if !s.is_empty() => Ok(s),
            Some(_) => Err(Error::new(
                self.code,
                format!("{}.{key} must not be empty", self.what),
            )),
            None => Err(self.misspelled()?.unwrap_or_else(|| {
                Error::new(self.code, format!("{}.{key} is required", self.what))
            })),
        }
    }

    /// For a required option that is absent: the error naming an own key of the object that is
    /// a near miss of it or of an option read before it (`mch_id` for `mchId`, `Cloud` for
    /// `cloud`), which is then what the caller got wrong. Not inlined: it is the cold path of
    /// every required option.
    #[inline(never)]
    fn misspelled(&self) -> Result<Option<Error>> {
        let own = js_safe::keys(&self.value, self.code, self.what)?;
        Ok(own
            .iter()
            .filter(|k| !self.seen.contains(&k.as_str()))
            .find(|k| crate::core::names::near_miss(k, &self.seen).is_some())
            .map(|k| self.unknown(k, &self.seen)))
    }

    /// `what.name is not a known option`, with the known option it most likely stands for,
    /// else the list of known options. The name is shown only when it looks like one.
    fn unknown(&self, name: &str, known: &[&'static str]) -> Error {
        let what = self.what;
        let name_shown = describe_name(name);
        let message = match crate::core::names::near_miss(name, known) {
            Some(meant) => {
                format!("{what}.{name_shown} is not a known option: did you mean {meant}?")
            }
            None => {
                // Sorted and deduplicated by insertion: a few trusted names, and no sort
                // routine of its own in the module.
                let mut allowed: Vec<&str> = Vec::with_capacity(known.len());
                for name in known {
                    if let Err(at) = allowed.binary_search(name) {
                        allowed.insert(at, name);
                    }
                }
                format!(
                    "{what}.{name_shown} is not a known option (known: {})",
                    allowed.join(", ")
                )
            }
        };
        Error::new(self.code, message)
    }

    /// An optional non-negative integer no larger than `max`.
    pub fn uint(&mut self, key: &'static str, max: u32) -> Result<Option<u32>> {
        let v = self.get(key)?;
        if v.is_undefined() {
            return Ok(None);
        }
        match v.as_f64() {
            Some(n) if n.fract() == 0.0 && (0.0..=f64::from(max)).contains(&n) => {
                // In range and integral, so the cast is exact.
                Ok(Some(n as u32))
            }
            _ => Err(self.err(key, &format!("an integer from 0 to {max}"), &v)),
        }
    }

    /// An optional function.
    pub fn function(&mut self, key: &'static str) -> Result<Option<Function>> {
        let v = self.get(key)?;
        if v.is_undefined() {
            return Ok(None);
        }
        v.dyn_into::<Function>()
            .map(Some)
            .map_err(|v| self.err(key, "a function", &v))
    }

    /// Refuses keys that were not read: a typo must fail loudly, not be ignored, and a near
    /// miss of a known option (`mch_id`, `appId` where `appid` is meant) names that option.
    pub fn finish(self) -> Result<()> {
        js_safe::key_list(&self.value, self.code, self.what)?.for_each(|key| {
            if self.seen.contains(&key) {
                return Ok(());
            }
            Err(self.unknown(key, &self.seen))
        })
    }
}

/// The order a WeChat query names.
pub enum OrderRef {
    /// `{ outTradeNo }`.
    OutTradeNo(String),
    /// `{ transactionId }`.
    TransactionId(String),
}

/// Reads a WeChat query object: exactly one of `outTradeNo` and `transactionId`, nothing else.
pub fn order_ref(value: &JsValue) -> Result<OrderRef> {
    let mut o = Obj::new(value, "query", ErrorCode::InvalidArgument)?;
    let out_trade_no = o.string("outTradeNo")?;
    let transaction_id = o.string("transactionId")?;
    o.finish()?;
    match (out_trade_no, transaction_id) {
        (Some(v), None) => Ok(OrderRef::OutTradeNo(v)),
        (None, Some(v)) => Ok(OrderRef::TransactionId(v)),
        _ => Err(Error::invalid_argument(
            "query needs exactly one of outTradeNo and transactionId",
        )),
    }
}

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

/// A string argument given as text instead of an object (`params` as XML, JSON or `k=v`):
/// `None` when `value` is not a string; bounded like every string read.
pub fn text(value: &JsValue, name: &str) -> Result<Option<String>> {
    js_safe::string(value, ErrorCode::InvalidArgument, name)
}

/// Reads a string argument that is not part of an object (`apiKey`, `xml`).
pub fn string_arg(value: &JsValue, name: &str, code: ErrorCode) -> Result<String> {
    js_safe::string(value, code, name)?.ok_or_else(|| {
        Error::new(
            code,
            format!("{name} must be a string, got {}", type_name(value)),
        )
    })
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
    let code = ErrorCode::InvalidArgument;
    let read = match js_safe::read_flat(value, js_safe::Limit::Record, code, name)? {
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
    let len = read.length();
    let mut out = Vec::with_capacity(len as usize / 2);
    for i in (0..len).step_by(2) {
        let key = js_safe::string(&read.get(i), code, name)?.unwrap_or_default();
        if i + 1 == len {
            return Err(threw(code, &format!("{name}.{key}")));
        }
        if let Some(text) = value_text(&read.get(i + 1), name, &key)? {
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

/// Most headers read from one response or request.
const MAX_HEADERS: usize = js_safe::MAX_KEYS;
/// Most bytes of header names and values read from one response or request.
const MAX_HEADER_BYTES: usize = 256 * 1024;

/// Reads headers as name/value pairs: a WHATWG `Headers` (or anything with `forEach(value,
/// key)`, which has no own keys) or a plain `Record<string, string>`. Bounded by count and
/// total size; a throwing `forEach`, getter or trap is an error with `code`.
pub fn headers(value: &JsValue, what: &str, code: ErrorCode) -> Result<Vec<(String, String)>> {
    match js_safe::headers_kind_of(value).map_err(|()| threw(code, what))? {
        js_safe::HeadersKind::None => return Ok(Vec::new()),
        js_safe::HeadersKind::NotObject => {
            return Err(Error::new(
                code,
                format!("{what} must be headers, got {}", type_name(value)),
            ))
        }
        js_safe::HeadersKind::Class => return header_class(value, what, code),
        js_safe::HeadersKind::Record => {}
    }
    let mut out = Vec::new();
    let mut size = 0;
    let mut add = |key: String, v: String| {
        size += key.len() + v.len();
        if size > MAX_HEADER_BYTES {
            return Err(headers_too_big(what, code));
        }
        out.push((key, v));
        Ok(())
    };
    // One crossing (`js_safe::read_flat`): names and values as read, in order.
    let read = match js_safe::read_flat(value, js_safe::Limit::Bytes(MAX_HEADER_BYTES), code, what)?
    {
        js_safe::Flat::Raw(read) => read,
        // Only a record read is asked whether it is one.
        js_safe::Flat::NotRecord => return Ok(out),
        joined => {
            for (k, v) in joined.joined_pairs().unwrap_or_default() {
                add(k.to_owned(), v.to_owned())?;
            }
            return Ok(out);
        }
    };
    let len = read.length();
    for i in (0..len).step_by(2) {
        let key = js_safe::string(&read.get(i), code, what)?.unwrap_or_default();
        if i + 1 == len {
            return Err(threw(code, what));
        }
        let v = js_safe::string(&read.get(i + 1), code, what)?
            .ok_or_else(|| Error::new(code, format!("{what}.{key} must be a string")))?;
        add(key, v)?;
    }
    Ok(out)
}

fn headers_too_big(what: &str, code: ErrorCode) -> Error {
    Error::new(
        code,
        format!(
            "{what} exceed the {MAX_HEADERS} headers or {MAX_HEADER_BYTES} bytes payquery reads"
        ),
    )
}

/// A `Headers` read through its `forEach`: each pair is measured in JavaScript before it is
/// copied, and reading stops at the limits.
fn header_class(value: &JsValue, what: &str, code: ErrorCode) -> Result<Vec<(String, String)>> {
    #[derive(Default)]
    struct Sink {
        pairs: Vec<(String, String)>,
        size: usize,
        over: bool,
    }
    let sink = Rc::new(RefCell::new(Sink::default()));
    let each = {
        let sink = sink.clone();
        Closure::<dyn FnMut(JsValue, JsValue)>::new(move |value: JsValue, key: JsValue| {
            let Ok(mut sink) = sink.try_borrow_mut() else {
                return;
            };
            let len = |v: &JsValue| {
                v.dyn_ref::<js_sys::JsString>()
                    .map_or(0, |s| s.length() as usize)
            };
            if sink.over || !key.is_string() || !value.is_string() {
                return;
            }
            sink.size += len(&key) + len(&value);
            if sink.size > MAX_HEADER_BYTES || sink.pairs.len() >= MAX_HEADERS {
                sink.over = true;
                return;
            }
            if let (Some(k), Some(v)) = (key.as_string(), value.as_string()) {
                sink.pairs.push((k, v));
            }
        })
    };
    let called = js_safe::call_method(value, "forEach", &[each.as_ref().clone()]);
    drop(each);
    called.map_err(|_| threw(code, what))?;
    let sink = sink.take();
    if sink.over {
        return Err(headers_too_big(what, code));
    }
    Ok(sink.pairs)
}

/// Reads a response handed to a `parse…` method: a string, a `Uint8Array`, or
/// `{ status?, headers?, body }` (status 200 when omitted). Bodies over
/// `transport::MAX_BODY_BYTES` are refused.
pub fn response(value: &JsValue) -> Result<crate::transport::HttpResponse> {
    Ok(response_and_text(value)?.0)
}

/// [`response`], and the body as the JavaScript string it was given as (read once), if it was
/// one: a caller can hand that string to `JSON.parse` instead of decoding the bytes again.
pub fn response_and_text(
    value: &JsValue,
) -> Result<(crate::transport::HttpResponse, Option<JsValue>)> {
    use crate::transport::{HttpResponse, MAX_BODY_BYTES};
    let code = ErrorCode::InvalidArgument;
    // An oversize body is refused as the core refuses one that came over the network.
    let too_large = || {
        Error::malformed(format!(
            "response body exceeds the {MAX_BODY_BYTES} byte limit"
        ))
    };
    let body_of = |v: &JsValue, name: &str| -> Result<Vec<u8>> {
        if let Some(s) = js_safe::string_bytes(v, ErrorCode::MalformedResponse, name)? {
            if s.len() > MAX_BODY_BYTES {
                return Err(too_large());
            }
            return Ok(s);
        }
        match js_safe::bytes(v, MAX_BODY_BYTES).map_err(|_| threw(code, name))? {
            js_safe::Bytes::Copied(bytes) => Ok(bytes),
            js_safe::Bytes::TooLarge => Err(too_large()),
            js_safe::Bytes::Other => Err(Error::invalid_argument(format!(
                "{name} must be a string or a Uint8Array, got {}",
                type_name(v)
            ))),
        }
    };
    let text = |v: JsValue| v.is_string().then_some(v);
    // A string first: the common case, and one that no typed-array check needs to see.
    if value.is_string() {
        let response = HttpResponse::ok(body_of(value, "response")?);
        return Ok((response, text(value.clone())));
    }
    let is_bytes = !matches!(
        js_safe::bytes(value, 0).map_err(|_| threw(code, "response"))?,
        js_safe::Bytes::Other
    );
    if is_bytes {
        return Ok((HttpResponse::ok(body_of(value, "response")?), None));
    }
    let mut o = Obj::new(value, "response", code)?;
    let status = o.uint("status", 599)?.unwrap_or(200);
    let status = u16::try_from(status)
        .ok()
        .filter(|s| *s >= 100)
        .ok_or_else(|| Error::invalid_argument("response.status must be an HTTP status"))?;
    let headers = headers(&o.get("headers")?, "response.headers", code)?;
    let body_value = o.get("body")?;
    let body = body_of(&body_value, "response.body")?;
    o.finish()?;
    let response = HttpResponse {
        status,
        headers,
        body,
    };
    Ok((response, text(body_value)))
}
