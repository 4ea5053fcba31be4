//! JavaScript surface of CloudPay: `class CloudPay`, with `.queryOrder(input, options)` in the
//! shape of wx-server-sdk's `cloud.cloudPay.queryOrder`, over the caller's `cloud` (inside a
//! WeChat cloud function) or over a signed v2 service-provider query (anywhere).

use crate::error::{describe_name, quote_untrusted, Error, ErrorCode, Result};
use crate::providers::cloudpay::{self, platform_error, CloudPayQuery, CloudPayResult};
use crate::providers::wechat_v2::Config;
use crate::transport::{Next, RetryPolicy};
use crate::wasm::args::{self, type_name, Obj};
use crate::wasm::client::Transport;
use crate::wasm::convert::to_js;
use crate::wasm::fetch::{CallOptions, DEFAULT_TIMEOUT_MS};
use crate::wasm::timer;
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

enum Backend {
    /// The caller's wx-server-sdk instance; the platform signs and verifies.
    Cloud(JsValue),
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

fn get(target: &JsValue, key: &str) -> JsValue {
    // A throwing getter reads as absent.
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `cloud.cloudPay` and its `queryOrder`, looked up at each call (wx-server-sdk may replace
/// them after `cloud.init()`).
fn query_order_fn(cloud: &JsValue) -> Result<(JsValue, Function)> {
    let cloud_pay = get(cloud, "cloudPay");
    let query_order = get(&cloud_pay, "queryOrder");
    match query_order.dyn_into::<Function>() {
        Ok(f) if cloud_pay.is_object() => Ok((cloud_pay, f)),
        _ => Err(Error::invalid_config(
            "config.cloud.cloudPay.queryOrder must be a function: pass wx-server-sdk (require('wx-server-sdk'))",
        )),
    }
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
    o.finish()?;
    if !cloud.is_object() {
        return Err(Error::invalid_config(format!(
            "config.cloud must be the wx-server-sdk object, got {}",
            type_name(&cloud)
        )));
    }
    query_order_fn(&cloud)?;
    Ok(Backend::Cloud(cloud))
}

fn read_signing(o: Obj) -> Result<Backend> {
    // The sub-merchant comes with each query, as in CloudPay.
    let (config, transport) = crate::wasm::v2::read_client(o, false)?;
    Ok(Backend::Signing { config, transport })
}

/// Reads the input object: string values, or safe non-negative integers (ids kept in JSON
/// files often are numbers); `undefined` and `null` count as absent.
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
        let what = format!("input.{key}");
        let v = js_safe::get(value, &key).map_err(|_| js_safe::threw(code, &what))?;
        if v.is_undefined() || v.is_null() {
            continue;
        }
        let text = match (
            js_safe::string(&v, code, &what)?,
            v.as_f64().and_then(|n| args::safe_integer_text(n, 0.0)),
        ) {
            (Some(s), _) => s,
            (None, Some(n)) => n,
            _ => {
                return Err(Error::invalid_argument(format!(
                    "input.{} must be a string, got {}",
                    describe_name(&key),
                    type_name(&v)
                )))
            }
        };
        pairs.push((key, text));
    }
    CloudPayQuery::from_input(&pairs)
}

/// What wx-server-sdk threw: `{ errCode, errMsg }` (its `CloudSDKError`) is a platform error;
/// anything else means the call failed before the platform answered.
fn thrown_error(thrown: &JsValue) -> Error {
    let field = |k: &str| Some(get(thrown, k)).filter(|v| !v.is_undefined() && !v.is_null());
    let code = field("errCode");
    let msg = field("errMsg").and_then(|m| m.as_string());
    if code.is_some() || msg.is_some() {
        let code =
            code.and_then(|c| js_safe::read_json(&c, ErrorCode::MalformedResponse, "errCode").ok());
        return platform_error(code.as_ref(), msg.as_deref());
    }
    let message = field("message")
        .and_then(|m| m.as_string())
        .or_else(|| thrown.as_string())
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

async fn query_cloud(
    cloud: &JsValue,
    query: &CloudPayQuery,
    options: &CallOptions,
) -> Result<CloudPayResult> {
    let (cloud_pay, query_order) = query_order_fn(cloud)?;
    let input = Object::new();
    for (k, v) in query.platform_input() {
        Reflect::set(&input, &JsValue::from_str(k), &JsValue::from_str(&v))
            .map_err(|_| crate::wasm::error::internal("cannot build the queryOrder input"))?;
    }
    let call = match query_order.call1(&cloud_pay, &input) {
        Ok(answer) => js_safe::resolve(&answer).unwrap_or_else(|e| Promise::reject(&e)),
        Err(thrown) => return Err(thrown_error(&thrown)),
    };
    match deadline::within(call, PLATFORM_CALL, DEFAULT_TIMEOUT_MS, options).await? {
        Ok(value) => {
            // Bounded and iterative: a deeply nested or huge answer is a coded error.
            let value = js_safe::read_json(
                &value,
                ErrorCode::MalformedResponse,
                &format!("the answer of {PLATFORM_CALL}"),
            )?;
            cloudpay::from_platform(query, value)
        }
        Err(thrown) => Err(thrown_error(&thrown)),
    }
}

/// [`query_cloud`] under the shared retry policy: a platform call that failed without an
/// `errCode` (or timed out) is tried again; a platform error code is an answer, never retried.
async fn query_cloud_retrying(
    cloud: &JsValue,
    query: &CloudPayQuery,
    options: &CallOptions,
) -> Result<(CloudPayResult, u32)> {
    let policy = RetryPolicy {
        retries: options.retries.unwrap_or(RetryPolicy::default().retries),
        ..RetryPolicy::default()
    };
    let mut attempt = 0;
    loop {
        attempt += 1;
        let mut err = match query_cloud(cloud, query, options).await {
            Ok(result) => return Ok((result, attempt)),
            Err(err) => err,
        };
        err.attempts = Some(attempt);
        match policy.next(attempt, &err, js_sys::Math::random(), None, false, false) {
            Next::Stop => return Err(err),
            Next::Retry { delay_ms, .. } => timer::sleep(delay_ms, options.signal.as_ref()).await?,
        }
    }
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
    #[wasm_bindgen(js_name = queryOrder, unchecked_return_type = "Promise<CloudPayQueryResult & Partial<QueryMeta>>")]
    pub fn query_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CloudPayQueryInput")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "QueryOptions")] options: Option<JsValue>,
    ) -> Promise {
        let inner = self.inner.clone();
        // Read now, before any await: a bad argument never reaches the platform or network.
        let prepared = CallOptions::with(read_input(&input), options);
        wasm_bindgen_futures::future_to_promise(async move {
            let (query, options) = prepared?;
            // The signing backend goes through the shared transport (retries, failover,
            // `attempts`/`host`); the platform call gets the same retry policy, without hosts.
            match &*inner {
                Backend::Cloud(cloud) => {
                    let (result, attempts) = query_cloud_retrying(cloud, &query, &options).await?;
                    let js = to_js(&result)?;
                    crate::wasm::client::set_meta(&js, "attempts", &JsValue::from(attempts));
                    Ok(js)
                }
                Backend::Signing { config, transport } => {
                    let nonce = match &query.nonce_str {
                        Some(n) => n.clone(),
                        None => random::nonce()?,
                    };
                    // One signed body for every attempt, as for v2.
                    let request = cloudpay::build_query(config, &query, &nonce)?;
                    Ok(transport
                        .execute(
                            &options,
                            || std::future::ready(Ok(request.clone())),
                            |response| cloudpay::parse_query(config, &query, response),
                        )
                        .await?)
                }
            }
        })
    }
}
