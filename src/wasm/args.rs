//! Strict reading of JavaScript arguments: every field typed, unknown keys refused, and
//! messages that name the field and the expected type but never echo a value (it may be a key).

use crate::error::{describe_name, Error, ErrorCode, Result};
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// A plain JavaScript object being read field by field.
pub struct Obj {
    what: &'static str,
    code: ErrorCode,
    value: Object,
    seen: Vec<&'static str>,
}

/// The JavaScript type of `value`, for messages.
pub fn type_name(value: &JsValue) -> &'static str {
    if value.is_null() {
        "null"
    } else if Array::is_array(value) {
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
        if !value.is_object() || value.is_function() || Array::is_array(value) {
            return Err(Error::new(
                code,
                format!("{what} must be an object, got {}", type_name(value)),
            ));
        }
        Ok(Obj {
            what,
            code,
            value: value.clone().unchecked_into(),
            seen: Vec::new(),
        })
    }

    /// Like [`Obj::new`], but `undefined` and `null` read as an empty object.
    pub fn optional(value: &JsValue, what: &'static str, code: ErrorCode) -> Result<Obj> {
        if value.is_undefined() || value.is_null() {
            return Obj::new(&Object::new().into(), what, code);
        }
        Obj::new(value, what, code)
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

    /// The raw value of `key`; `undefined` when absent.
    pub fn get(&mut self, key: &'static str) -> JsValue {
        self.seen.push(key);
        Reflect::get(&self.value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    }

    /// An optional string (`undefined` -> `None`).
    pub fn string(&mut self, key: &'static str) -> Result<Option<String>> {
        let v = self.get(key);
        if v.is_undefined() {
            return Ok(None);
        }
        v.as_string()
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
            None => Err(Error::new(
                self.code,
                format!("{}.{key} is required", self.what),
            )),
        }
    }

    /// An optional non-negative integer no larger than `max`.
    pub fn uint(&mut self, key: &'static str, max: u32) -> Result<Option<u32>> {
        let v = self.get(key);
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
        let v = self.get(key);
        if v.is_undefined() {
            return Ok(None);
        }
        v.dyn_into::<Function>()
            .map(Some)
            .map_err(|v| self.err(key, "a function", &v))
    }

    /// Refuses keys that were not read: a typo must fail loudly, not be ignored.
    pub fn finish(self) -> Result<()> {
        let keys = Object::keys(&self.value);
        for key in keys.iter() {
            let key = key.as_string().unwrap_or_default();
            if !self.seen.iter().any(|s| *s == key) {
                let mut allowed = self.seen.clone();
                allowed.sort_unstable();
                return Err(Error::new(
                    self.code,
                    format!(
                        "{}.{} is not a known option (known: {})",
                        self.what,
                        describe_name(&key),
                        allowed.join(", ")
                    ),
                ));
            }
        }
        Ok(())
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

/// Reads a string argument that is not part of an object (`apiKey`, `xml`).
pub fn string_arg(value: &JsValue, name: &str, code: ErrorCode) -> Result<String> {
    value.as_string().ok_or_else(|| {
        Error::new(
            code,
            format!("{name} must be a string, got {}", type_name(value)),
        )
    })
}

/// Reads a flat parameter object (`Record<string, string | number | boolean | null>`) as
/// name/value pairs. `null` and `undefined` values are left out; numbers must be safe integers.
pub fn params(value: &JsValue, name: &str) -> Result<Vec<(String, String)>> {
    if !value.is_object() || value.is_function() || Array::is_array(value) {
        return Err(Error::invalid_argument(format!(
            "{name} must be an object of field names to values, got {}",
            type_name(value)
        )));
    }
    let obj: &Object = value.unchecked_ref();
    let mut out = Vec::new();
    for entry in Object::entries(obj).iter() {
        let pair: Array = entry.unchecked_into();
        let key = pair.get(0).as_string().unwrap_or_default();
        let v = pair.get(1);
        let text = if v.is_undefined() || v.is_null() {
            continue;
        } else if let Some(s) = v.as_string() {
            s
        } else if let Some(n) = v.as_f64() {
            safe_integer_text(n, -MAX_SAFE_INTEGER).ok_or_else(|| {
                Error::invalid_argument(format!(
                    "{name}.{} must be a string or a safe integer",
                    describe_name(&key)
                ))
            })?
        } else if let Some(b) = v.as_bool() {
            b.to_string()
        } else {
            return Err(Error::invalid_argument(format!(
                "{name}.{} must be a string, number or boolean, got {}",
                describe_name(&key),
                type_name(&v)
            )));
        };
        out.push((key, text));
    }
    Ok(out)
}

/// Reads a response handed to a `parse…` method: a string, a `Uint8Array`, or
/// `{ status?, headers?, body }` (status 200 when omitted).
pub fn response(value: &JsValue) -> Result<crate::transport::HttpResponse> {
    use crate::transport::HttpResponse;
    let body_of = |v: &JsValue, name: &str| -> Result<Vec<u8>> {
        if let Some(s) = v.as_string() {
            Ok(s.into_bytes())
        } else if let Some(bytes) = v.dyn_ref::<js_sys::Uint8Array>() {
            Ok(bytes.to_vec())
        } else {
            Err(Error::invalid_argument(format!(
                "{name} must be a string or a Uint8Array, got {}",
                type_name(v)
            )))
        }
    };
    if value.is_string() || value.is_instance_of::<js_sys::Uint8Array>() {
        return Ok(HttpResponse::ok(body_of(value, "response")?));
    }
    let mut o = Obj::new(value, "response", ErrorCode::InvalidArgument)?;
    let status = o.uint("status", 599)?.unwrap_or(200);
    let status = u16::try_from(status)
        .ok()
        .filter(|s| *s >= 100)
        .ok_or_else(|| Error::invalid_argument("response.status must be an HTTP status"))?;
    let headers_value = o.get("headers");
    let mut headers = Vec::new();
    let is_headers_class = Reflect::get(&headers_value, &JsValue::from_str("forEach"))
        .is_ok_and(|f| f.is_function())
        && Reflect::get(&headers_value, &JsValue::from_str("get")).is_ok_and(|f| f.is_function());
    if is_headers_class {
        // A fetch `Headers` (a Request's in workers and route handlers) has no own keys.
        headers = crate::wasm::fetch::read_headers(&headers_value);
    } else if !headers_value.is_undefined() {
        let h = Obj::new(
            &headers_value,
            "response.headers",
            ErrorCode::InvalidArgument,
        )?;
        for entry in Object::entries(&h.value).iter() {
            let pair: Array = entry.unchecked_into();
            let key = pair.get(0).as_string().unwrap_or_default();
            let v = pair.get(1).as_string().ok_or_else(|| {
                Error::invalid_argument(format!("response.headers.{key} must be a string"))
            })?;
            headers.push((key, v));
        }
    }
    let body = body_of(&o.get("body"), "response.body")?;
    o.finish()?;
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}
