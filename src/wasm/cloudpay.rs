//! JavaScript surface of CloudPay: `class CloudPay`, with `.queryOrder(input, options)` in the
//! shape of wx-server-sdk's `cloud.cloudPay.queryOrder`, over the caller's `cloud` (inside a
//! WeChat cloud function) or over a signed v2 service-provider query (anywhere).

use crate::core::json_value;
use crate::error::{describe_name, quote_untrusted, Error, ErrorCode, Result};
use crate::providers::cloudpay::model::bad_key;
use crate::providers::cloudpay::{self, platform_error, CloudPayQuery, CloudPayResult};
use crate::providers::wechat_v2::Config;
use crate::transport::HttpResponse;
use crate::transport::RetryPolicy;
use crate::wasm::args::{type_name, Obj};
use crate::wasm::client::{ready, retry_loop, set_meta, Executed, Parsed, Sent, Transport, Tried};
use crate::wasm::events::Events;
use crate::wasm::fetch::{CallOptions, DEFAULT_TIMEOUT_MS};
use crate::wasm::promise::promise;
use crate::wasm::{deadline, js_safe, random};
use js_sys::{Function, Object, Promise, Reflect};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const CLOUDPAY_TS: &'static str = include_str!("ts/cloudpay.d.ts");

type JsResult<T> = std::result::Result<T, JsValue>;

/// The config keys of the signing backend, refused next to `cloud`.
const SIGNING_KEYS: [&str; 9] = [
    "appid",
    "mchId",
    "apiKey",
    "signType",
    "baseUrl",
    "fetch",
    "timeoutMs",
    "retries",
    "backupBaseUrl",
];

const PLATFORM_CALL: &str = "cloud.cloudPay.queryOrder";

/// wx-server-sdk's `errCode` for a failure it has no code for.
const SDK_FAIL_CODE: f64 = -1.0;

enum Backend {
    /// The caller's wx-server-sdk instance; the platform signs and verifies.
    Cloud {
        /// `require('wx-server-sdk')`.
        cloud: JsValue,
        /// The `onEvent` hook.
        events: Events,
    },
    /// A v2 service-provider query that payquery signs and verifies.
    Signing {
        config: Config,
        transport: Transport,
    },
}

/// `queryOrder` in the shape of wx-server-sdk's `cloud.cloudPay.queryOrder`, inside a WeChat
/// cloud function (`new CloudPay({ cloud })`) or anywhere (`new CloudPay({ appid, mchId, apiKey })`).
#[wasm_bindgen]
pub struct CloudPay {
    inner: Rc<Backend>,
}

/// `target[key]`, through a catching import: a throwing getter or Proxy trap reads as absent.
fn get(target: &JsValue, key: &str) -> JsValue {
    js_safe::get(target, key).unwrap_or(JsValue::UNDEFINED)
}

/// `cloud.cloudPay` and its `queryOrder`, looked up at each call (wx-server-sdk may replace
/// them after `cloud.init()`). wx-server-sdk's `cloudPay` is a Proxy over a function and its
/// `queryOrder` a callable Proxy, so both are accepted by `typeof`, never by `instanceof`.
fn query_order_fn(cloud: &JsValue) -> Result<(JsValue, Function)> {
    let cloud_pay = get(cloud, "cloudPay");
    let query_order = get(&cloud_pay, "queryOrder");
    if (cloud_pay.is_object() || cloud_pay.is_function()) && query_order.is_function() {
        return Ok((cloud_pay, query_order.unchecked_into()));
    }
    Err(Error::invalid_config(
        "config.cloud.cloudPay.queryOrder must be a function: pass wx-server-sdk (require('wx-server-sdk'))",
    ))
}

fn read_cloud(mut o: Obj, cloud: JsValue) -> Result<Backend> {
    for key in SIGNING_KEYS {
        if !o.get(key)?.is_undefined() {
            return Err(Error::invalid_config(format!(
                "config.cloud and config.{key} cannot be combined: pass either {{ cloud }} \
                 (inside WeChat cloud) or {{ appid, mchId, apiKey }} (signing), not both"
            )));
        }
    }
    let events = Events::read(&mut o, "cloudpay")?;
    o.finish()?;
    if !cloud.is_object() && !cloud.is_function() {
        return Err(Error::invalid_config(format!(
            "config.cloud must be the wx-server-sdk object, got {}",
            type_name(&cloud)
        )));
    }
    query_order_fn(&cloud)?;
    Ok(Backend::Cloud { cloud, events })
}

fn read_signing(o: Obj) -> Result<Backend> {
    // The sub-merchant comes with each query, as in CloudPay.
    let (config, transport) = crate::wasm::v2_config::read_client(o, false, "cloudpay")?;
    Ok(Backend::Signing { config, transport })
}

/// Reads the input object's own enumerable string keys through [`js_safe`]: values are
/// strings, finite numbers (as JavaScript's text of them, see [`number_text`]) or booleans;
/// `undefined` and `null` count as absent. A throwing getter or Proxy trap is
/// `INVALID_ARGUMENT`.
fn read_input(value: &JsValue) -> Result<CloudPayQuery> {
    let code = ErrorCode::InvalidArgument;
    let is_array = || js_safe::is_array(value).map_err(|_| js_safe::threw(code, "input"));
    if !value.is_object() || is_array()? {
        return Err(Error::invalid_argument(format!(
            "input must be an object, got {}",
            type_name(value)
        )));
    }
    let mut pairs = Vec::new();
    for key in js_safe::keys(value, code, "input")? {
        let what = format!("input.{}", describe_name(&key));
        let v = js_safe::get(value, &key).map_err(|_| js_safe::threw(code, &what))?;
        let json = if v.is_undefined() || v.is_null() {
            continue;
        } else if let Some(s) = js_safe::string(&v, code, &what)? {
            json_value::Value::String(s)
        } else if let Some(n) = v.as_f64().and_then(number_text) {
            json_value::Value::Number(n)
        } else if let Some(b) = v.as_bool() {
            json_value::Value::Bool(b)
        } else {
            return Err(bad_key(&key, "must be a string, got ", type_name(&v)));
        };
        pairs.push((key, json));
    }
    CloudPayQuery::from_input(&pairs)
}

/// A finite JavaScript number as JSON text, printed by JavaScript (`Number.prototype.toString`:
/// the shortest text that reads back the same, which `JSON.parse` reads back), so that no float
/// printer is linked for it; `-0` keeps its sign. `None` for `NaN` and the infinities, which
/// JSON has no text for.
fn number_text(n: f64) -> Option<String> {
    if !n.is_finite() {
        return None;
    }
    if n == 0.0 && n.is_sign_negative() {
        return Some("-0".to_owned());
    }
    js_sys::Number::from(n)
        .to_string_with_radix(10)
        .ok()
        .and_then(|s| s.as_string())
}

/// What the platform call threw: an `Error` with `errCode`/`errMsg` (wx-server-sdk's
/// `toSDKError`, also its `{ errCode, errMsg }` objects) is a platform error; anything else
/// means the call failed before the platform answered. Read through catching imports.
fn thrown_error(thrown: &JsValue) -> Error {
    let field = |k: &str| Some(get(thrown, k)).filter(|v| !v.is_undefined() && !v.is_null());
    // Bounded copies; an over-long text reads as absent.
    let text = |v: &JsValue| {
        js_safe::string(v, ErrorCode::ProviderError, PLATFORM_CALL)
            .ok()
            .flatten()
    };
    let code = field("errCode");
    let msg = field("errMsg").and_then(|m| text(&m));
    if code.is_some() || msg.is_some() {
        let code = code.and_then(|c| match (c.as_f64(), text(&c)) {
            (Some(n), _) => number_text(n).map(json_value::Value::Number),
            (None, Some(s)) => Some(json_value::Value::String(s)),
            _ => None,
        });
        return platform_error(code.as_ref(), msg.as_deref());
    }
    let message = field("message")
        .and_then(|m| text(&m))
        .or_else(|| text(thrown))
        .unwrap_or_else(|| type_name(thrown).to_owned());
    Error::new(
        ErrorCode::NetworkError,
        format!(
            "{PLATFORM_CALL} failed without an errCode: {}",
            quote_untrusted(&message)
        ),
    )
    .with_provider_message(message)
}

/// The JSON text of what the platform resolved to (`JSON.stringify`, catching: throwing
/// getters, Proxies, cycles and BigInts become `MALFORMED_RESPONSE`), refused before it is
/// copied into wasm memory when longer than the core reads. The text keeps the answer's key
/// order and values as sent, which the result repeats member for member.
fn answer_text(value: &JsValue) -> Result<String> {
    // Written out rather than formatted from PLATFORM_CALL: no code runs to build them.
    const WHAT: &str = "the answer of cloud.cloudPay.queryOrder";
    if !value.is_object() {
        return Err(Error::malformed(format!(
            "{WHAT} is {}, not an object",
            type_name(value)
        )));
    }
    let max = cloudpay::answer::MAX_ANSWER_BYTES;
    js_safe::json_text(value, max, ErrorCode::MalformedResponse, WHAT)?
        .ok_or_else(|| Error::malformed("the answer of cloud.cloudPay.queryOrder has no JSON form"))
}

/// One platform call, within the attempt's time limit and the caller's signal.
async fn query_cloud(
    cloud: &JsValue,
    query: &CloudPayQuery,
    nonce: &str,
    options: &CallOptions,
) -> Result<CloudPayResult> {
    let call = call_platform(cloud, query, nonce)?;
    match deadline::within(call, PLATFORM_CALL, DEFAULT_TIMEOUT_MS, options).await? {
        Ok(value) => cloudpay::from_platform(query, &answer_text(&value)?),
        Err(thrown) => Err(thrown_error(&thrown)),
    }
}

/// Calls `cloud.cloudPay.queryOrder` with the query's input: what it returned, as a promise.
#[inline(never)]
fn call_platform(cloud: &JsValue, query: &CloudPayQuery, nonce: &str) -> Result<Promise> {
    let (cloud_pay, query_order) = query_order_fn(cloud)?;
    let input = Object::new();
    for (k, v) in query.platform_input(nonce) {
        let v = match v {
            json_value::Value::String(s) => JsValue::from_str(&s),
            json_value::Value::Bool(b) => JsValue::from_bool(b),
            // The caller's number, read back from JavaScript's own text of it.
            json_value::Value::Number(n) => JsValue::from_f64(js_sys::Number::parse_float(&n)),
            _ => JsValue::NULL,
        };
        Reflect::set(&input, &JsValue::from_str(&k), &v)
            .map_err(|_| crate::wasm::error::internal("cannot build the queryOrder input"))?;
    }
    let answer = query_order
        .call1(&cloud_pay, &input)
        .map_err(|thrown| thrown_error(&thrown))?;
    // Resolved through a resolving function, which never throws: `Promise.resolve` would
    // read a hostile promise's `constructor` synchronously.
    Ok(Promise::new(&mut |resolve, _| {
        let _ = resolve.call1(&JsValue::UNDEFINED, &answer);
    }))
}

/// The JavaScript result: wx-server-sdk's members (enumerable, in its order), then payquery's
/// additions and `attempts` (and `host` for the signing backend), not enumerable.
fn result_to_js(done: &Executed<CloudPayResult>) -> Result<JsValue> {
    let parse = |text: &str| {
        js_sys::JSON::parse(text)
            .map_err(|_| crate::wasm::error::internal("result conversion failed"))
    };
    let js = parse(&done.value.members_text())?;
    let additions = parse(&done.value.additions_text()?)?;
    for key in cloudpay::answer::ADDITIONS {
        set_meta(&js, key, &get(&additions, key));
    }
    set_meta(&js, "attempts", &JsValue::from(done.attempts));
    if !done.host.is_empty() {
        set_meta(&js, "host", &JsValue::from_str(&done.host));
    }
    Ok(js)
}

/// The rejection: a `PayQueryError` that also carries `errCode` and `errMsg` as
/// wx-server-sdk's error does — the platform's own for a platform error, else `-1` and
/// `'cloudPay.queryOrder:fail <message>'` (wx-server-sdk's form for a failure without a code).
fn rejection(err: &Error) -> JsValue {
    let platform = err
        .detail
        .as_ref()
        .filter(|_| err.code == ErrorCode::ProviderError)
        .and_then(|d| Some((d.get("errCode")?, d.get("errMsg")?)));
    let (code, msg) = match platform {
        Some((code, msg)) => (
            match code {
                // Read back by JavaScript (the text is JSON's, see `number_text`).
                json_value::Value::Number(n) => JsValue::from_f64(js_sys::Number::parse_float(n)),
                json_value::Value::String(s) => JsValue::from_str(s),
                _ => JsValue::from_f64(SDK_FAIL_CODE),
            },
            JsValue::from_str(msg.as_str().unwrap_or("")),
        ),
        None => (
            JsValue::from_f64(SDK_FAIL_CODE),
            JsValue::from_str(&format!("cloudPay.queryOrder:fail {}", err.message)),
        ),
    };
    let js = crate::wasm::error::to_js(err);
    let _ = Reflect::set(&js, &JsValue::from_str("errCode"), &code);
    let _ = Reflect::set(&js, &JsValue::from_str("errMsg"), &msg);
    js
}

/// [`rejection`] of an error taken by value, for `map_err`.
fn rejected(err: Error) -> JsValue {
    rejection(&err)
}

#[wasm_bindgen]
impl CloudPay {
    /// `{ cloud }` or `{ appid, mchId, apiKey, signType?, baseUrl?, backupBaseUrl?, fetch?,
    /// timeoutMs?, retries? }`;
    /// `INVALID_CONFIG` on any problem, unknown keys and both backends at once included.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "CloudPayConfig")] config: JsValue,
    ) -> JsResult<CloudPay> {
        let mut o = Obj::new(&config, "config", ErrorCode::InvalidConfig)?;
        let cloud = o.get("cloud")?;
        let backend = if cloud.is_undefined() {
            read_signing(o)?
        } else {
            read_cloud(o, cloud)?
        };
        Ok(CloudPay {
            inner: Rc::new(backend),
        })
    }

    /// Queries one order, like `cloud.cloudPay.queryOrder(input)`. Resolves to the result in
    /// wx-server-sdk's shape, a business failure (`resultCode: 'FAIL'`) included; rejects with
    /// a `PayQueryError` for bad input, a platform or transport failure, or a bad signature.
    #[wasm_bindgen(js_name = queryOrder, unchecked_return_type = "Promise<CloudPayQueryResult & CloudPayQueryMeta>")]
    pub fn query_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CloudPayQueryInput")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "QueryOptions")] options: Option<JsValue>,
    ) -> Promise {
        let inner = self.inner.clone();
        // Read now, before any await: a bad argument never reaches the platform or network.
        let prepared = CallOptions::with(read_input(&input), options).and_then(|(q, o)| {
            if let Backend::Signing { .. } = &*inner {
                q.signed_extra()?;
            }
            Ok((q, o))
        });
        // Every error is mapped where it arises (`.map_err(rejected)`), not by an inner async
        // block around the whole call: one state machine, not two.
        promise(async move {
            let (query, options) = prepared.map_err(rejected)?;
            // One nonce for every attempt, the caller's if given.
            let nonce = match &query.nonce_str {
                Some(n) => n.clone(),
                None => random::nonce().map_err(rejected)?,
            };
            // Both backends go through the one retry loop: the signing backend per HTTP
            // request (with failover), the platform call with no host.
            let done = match &*inner {
                Backend::Cloud { cloud, events } => {
                    let policy = RetryPolicy {
                        retries: options.retries.unwrap_or(RetryPolicy::default().retries),
                        ..RetryPolicy::default()
                    };
                    let (query, nonce, options) = (&query, &nonce, &options);
                    let call = events.call("queryOrder");
                    let parsed = Parsed::new();
                    let parsed_ref = &parsed;
                    let done = retry_loop(
                        policy,
                        None,
                        options,
                        call,
                        Box::new(|_, attempt| {
                            Box::pin(async move {
                                let sent = Sent {
                                    started_ms: Some(attempt.start("")),
                                    ..Sent::default()
                                };
                                let outcome = query_cloud(cloud, query, nonce, options).await;
                                let outcome = parsed_ref.keep(outcome);
                                Tried { outcome, sent }
                            })
                        }),
                    )
                    .await
                    .map_err(rejected)?;
                    parsed.take(done).map_err(rejected)?
                }
                Backend::Signing { config, transport } => {
                    // One signed body for every attempt, as for v2.
                    let request =
                        cloudpay::build_query(config, &query, &nonce).map_err(rejected)?;
                    let parsed = Parsed::new();
                    let build = || ready(Ok(request.clone()));
                    let parse = |response: HttpResponse| {
                        parsed.keep(cloudpay::parse_query(config, &query, &response))
                    };
                    let done = transport
                        .execute("queryOrder", &options, &build, &parse)
                        .await
                        .map_err(rejected)?;
                    parsed.take(done).map_err(rejected)?
                }
            };
            result_to_js(&done).map_err(|e| rejected(done.stamp(e)))
        })
    }
}
