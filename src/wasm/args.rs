//! Strict reading of JavaScript arguments: every field typed, unknown keys refused, and
//! messages that name the field and the expected type but never echo a value (it may be a key).
//! Every read goes through `js_safe`: a throwing getter or Proxy trap is a coded error, and
//! sizes are bounded (`js_safe::MAX_KEYS`, `MAX_STRING_LENGTH`).

use crate::error::{describe_name, Error, ErrorCode, Result};
use crate::wasm::js_safe::{self, threw};
use js_sys::Function;
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

    /// `what.key`: how messages name a field. One copy for every reader and message.
    #[inline(never)]
    fn path(&self, key: &str) -> String {
        [self.what, ".", key].concat()
    }

    /// The error `what.key` + `rest`, with this object's code: the one constructor of the
    /// readers' messages, rather than one formatting call inlined per message.
    #[inline(never)]
    fn fail(&self, key: &str, rest: &[&str]) -> Error {
        let mut message = self.path(key);
        for part in rest {
            message.push_str(part);
        }
        Error::new(self.code, message)
    }

    fn err(&self, key: &str, expected: &str, got: &JsValue) -> Error {
        self.fail(key, &[" must be ", expected, ", got ", type_name(got)])
    }

    /// The raw value of `key`; `undefined` when absent. A getter or Proxy trap that throws is
    /// an error with this object's code.
    pub fn get(&mut self, key: &'static str) -> Result<JsValue> {
        self.seen.push(key);
        js_safe::get_named(&self.value, key).map_err(|_| threw(self.code, &self.path(key)))
    }

    /// An optional string (`undefined` -> `None`).
    pub fn string(&mut self, key: &'static str) -> Result<Option<String>> {
        let v = self.get(key)?;
        if v.is_undefined() {
            return Ok(None);
        }
        js_safe::string(&v, self.code, &self.path(key))?
            .map(Some)
            .ok_or_else(|| self.err(key, "a string", &v))
    }

    /// A required non-empty string.
    pub fn required_string(&mut self, key: &'static str) -> Result<String> {
        match self.string(key)? {
            Some(s) if !s.is_empty() => Ok(s),
            Some(_) => Err(self.fail(key, &[" must not be empty"])),
            None => Err(self
                .misspelled()?
                .unwrap_or_else(|| self.fail(key, &[" is required"]))),
        }
    }

    /// For a required option that is absent: the error naming an own key of the object that is
    /// a near miss of it or of an option read before it (`mch_id` for `mchId`, `Cloud` for
    /// `cloud`), which is then what the caller got wrong. Not inlined: it is the cold path of
    /// every required option.
    #[inline(never)]
    fn misspelled(&self) -> Result<Option<Error>> {
        // Walked as `finish` walks them (no copy per name); the `Err` of the first near miss
        // stops the walk and is the answer.
        let own = js_safe::key_list(&self.value, self.code, self.what)?;
        let found = own.for_each(|k| {
            if self.seen.contains(&k) || crate::core::names::near_miss(k, &self.seen).is_none() {
                return Ok(());
            }
            Err(self.unknown(k, &self.seen))
        });
        Ok(found.err())
    }

    /// `what.name is not a known option`, with the known option it most likely stands for,
    /// else the list of known options. The name is shown only when it looks like one.
    fn unknown(&self, name: &str, known: &[&'static str]) -> Error {
        let name_shown = describe_name(name);
        match crate::core::names::near_miss(name, known) {
            Some(meant) => self.fail(
                &name_shown,
                &[" is not a known option: did you mean ", meant, "?"],
            ),
            None => {
                // Sorted and deduplicated by insertion: a few trusted names, and no sort
                // routine of its own in the module.
                let mut allowed: Vec<&str> = Vec::with_capacity(known.len());
                for name in known {
                    if let Err(at) = allowed.binary_search(name) {
                        allowed.insert(at, name);
                    }
                }
                let allowed = allowed.join(", ");
                self.fail(
                    &name_shown,
                    &[" is not a known option (known: ", &allowed, ")"],
                )
            }
        }
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

// Flat parameter objects and HTTP values are read in modules of their own; their readers are
// reached through this one, as every argument reader is.
pub use crate::wasm::flat_params::{params, params_of, read_params, safe_integer_text, Params};
pub use crate::wasm::http_args::{body_too_large, headers, response, response_and_text};
