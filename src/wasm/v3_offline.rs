//! The offline parts of the APIv3 surface: `explainV3` for devtools, and the readers of the
//! integers and clocks that offline checks take.

use crate::error::{Error, ErrorCode, Result};
use crate::providers::wechat_v3::{self as v3, explain as v3_explain};
use crate::wasm::args::{self, Obj};
use crate::wasm::convert::to_js;
use crate::wasm::runtime;
use wasm_bindgen::prelude::*;

type JsResult<T> = std::result::Result<T, JsValue>;

/// An optional integer in `[min, max]` (timestamps exceed `Obj::uint`'s u32).
pub(crate) fn int_field(o: &mut Obj, key: &'static str, min: i64, max: i64) -> Result<Option<i64>> {
    let v = o.get(key)?;
    if v.is_undefined() {
        return Ok(None);
    }
    match v.as_f64() {
        Some(n) if n.fract() == 0.0 && n >= min as f64 && n <= max as f64 => Ok(Some(n as i64)),
        _ => Err(Error::invalid_argument(format!(
            "{key} must be an integer from {min} to {max}, got {}",
            args::type_name(&v)
        ))),
    }
}

/// `{ now? }`: the clock (Unix seconds) to check timestamps against, for offline tools.
pub(crate) fn read_now(value: Option<JsValue>) -> Result<i64> {
    let mut o = Obj::optional(
        &value.unwrap_or(JsValue::UNDEFINED),
        "options",
        ErrorCode::InvalidArgument,
    )?;
    let now = int_field(&mut o, "now", 1, 253_402_300_799)?;
    o.finish()?;
    Ok(now.unwrap_or_else(runtime::now_seconds))
}

/// Explains APIv3 messages for devtools, offline and without keys: `{ request }` gives the
/// exact message signed (and, with `wechatMessage` from a `SIGN_ERROR`, the first differing
/// line); `{ response }` gives the message verified and what is wrong with its headers.
#[wasm_bindgen(js_name = explainV3, unchecked_return_type = "V3Explanation")]
pub fn explain_v3(
    #[wasm_bindgen(unchecked_param_type = "ExplainV3Input")] input: JsValue,
) -> JsResult<JsValue> {
    Ok(explain(&input)?)
}

/// `explainV3` with the crate's error: every `?` inside moves an `Error` rather than each
/// converting it to a `JsValue` (one conversion here, not one per argument read).
fn explain(input: &JsValue) -> Result<JsValue> {
    let mut o = Obj::new(input, "input", ErrorCode::InvalidArgument)?;
    let request = o.get("request")?;
    let response = o.get("response")?;
    let wechat_message = o.string("wechatMessage")?;
    let now = int_field(&mut o, "now", 1, 253_402_300_799)?.unwrap_or_else(runtime::now_seconds);
    let max_skew = o
        .uint("maxSkewSeconds", v3::verify::MAX_SKEW_SECONDS)?
        .unwrap_or(v3::verify::DEFAULT_MAX_SKEW_SECONDS);
    o.finish()?;
    match (request.is_undefined(), response.is_undefined()) {
        (false, true) => {
            let mut r = Obj::new(&request, "input.request", ErrorCode::InvalidArgument)?;
            let method = r.required_string("method")?;
            let url = r.required_string("url")?;
            let body = r.string("body")?.unwrap_or_default();
            let timestamp = int_field(&mut r, "timestamp", 1, 253_402_300_799)?;
            let nonce = r.string("nonce")?;
            let authorization = r.string("authorization")?;
            r.finish()?;
            let x = v3_explain::explain_request(
                &method,
                &url,
                &body,
                timestamp,
                nonce.as_deref(),
                authorization.as_deref(),
                wechat_message.as_deref(),
            )?;
            to_js(&x)
        }
        (true, false) => {
            let response = args::response(&response)?;
            to_js(&v3_explain::explain_response(&response, now, max_skew))
        }
        _ => Err(Error::invalid_argument(
            "input needs exactly one of request and response",
        )),
    }
}
