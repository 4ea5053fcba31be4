//! `handleNotification` of every client: reads `{ headers, body }` (the JavaScript wrapper in
//! the package turns a Web `Request` or Node `IncomingMessage` into that first), lets the
//! provider verify and type it, and pairs the result with the reply the provider expects. A
//! refusal is a `PayQueryError` whose `reply` is the provider's failure reply.

use crate::error::{Error, Result};
use crate::providers::notification::{self, Provider};
use crate::transport::HttpResponse;
use crate::wasm::args;
use crate::wasm::convert::to_js;
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

/// The notification request as received: `{ headers, body }`, a string or bytes (bodies over
/// the transport's limit are refused).
pub fn read(value: &JsValue) -> Result<HttpResponse> {
    args::response(value)
}

/// `{ notification, reply }` for a verified notification.
pub fn handled(provider: Provider, notification: JsValue) -> std::result::Result<JsValue, JsValue> {
    let out = Object::new();
    let reply = to_js(&notification::success(provider))?;
    // Setting properties on a fresh plain object cannot fail.
    let _ = Reflect::set(&out, &JsValue::from_str("notification"), &notification);
    let _ = Reflect::set(&out, &JsValue::from_str("reply"), &reply);
    Ok(out.into())
}

/// The `PayQueryError` for a refused notification, carrying the failure `reply`. A value that
/// is not ours (a caller's signer error) passes unchanged.
pub fn refused(provider: Provider, err: Error) -> JsValue {
    let reply = to_js(&notification::failure(provider, &err)).unwrap_or(JsValue::UNDEFINED);
    let js: JsValue = err.into();
    // The error is a fresh PayQueryError: defining a property on it cannot fail.
    let _ = Reflect::set(&js, &JsValue::from_str("reply"), &reply);
    js
}

/// `notificationReply(code?)`: the success reply without a code, else the failure reply for a
/// `PayQueryError` code (an unknown one counts as `INTERNAL`: a handler that failed).
pub fn reply_for(
    provider: Provider,
    code: Option<JsValue>,
) -> std::result::Result<JsValue, JsValue> {
    use crate::error::ErrorCode;
    let code = code.filter(|c| !c.is_undefined() && !c.is_null());
    let reply = match code {
        None => notification::success(provider),
        Some(c) => {
            let text = crate::wasm::js_safe::string(&c, ErrorCode::InvalidArgument, "code")?;
            let code = ErrorCode::ALL
                .into_iter()
                .find(|k| text.as_deref() == Some(k.as_str()))
                .unwrap_or(ErrorCode::Internal);
            notification::failure(provider, &Error::new(code, ""))
        }
    };
    Ok(to_js(&reply)?)
}
