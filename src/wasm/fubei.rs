//! JavaScript surface of Fubei (付呗): `signFubei`, `explainFubei`, `verifyFubeiNotification`
//! and `class Fubei` (1.0 and 2.0 order queries).

use crate::error::{Error, ErrorCode, Result};
use crate::providers::fubei::{
    self, notify, parse_merchant_id, sign, Api, Config, Identity, Query,
};
use crate::secret::Secret;
use crate::transport::HttpResponse;
use crate::wasm::args::{self, type_name, Obj};
use crate::wasm::client::{ready, Parsed, Transport};
use crate::wasm::convert::to_js;
use crate::wasm::fetch::CallOptions;
use crate::wasm::notification;
use crate::wasm::promise::promise;
use crate::wasm::{query_request, random};
use js_sys::Promise;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const FUBEI_TS: &'static str = include_str!("ts/fubei.d.ts");

type JsResult<T> = std::result::Result<T, JsValue>;

fn secret_arg(value: &JsValue) -> Result<Secret> {
    let secret = args::string_arg(value, "appSecret", ErrorCode::InvalidArgument)?;
    if secret.is_empty() {
        return Err(Error::invalid_argument("appSecret must not be empty"));
    }
    Ok(Secret::new(secret))
}

fn pairs(params: &[(String, String)]) -> impl Iterator<Item = (&str, &str)> + Clone {
    params.iter().map(|(k, v)| (k.as_str(), v.as_str()))
}

/// Params as an object, or as text (a JSON object or `k=v&…`).
fn params_arg(params: &JsValue) -> Result<Vec<(String, String)>> {
    match args::text(params, "params")? {
        Some(text) => fubei::params_from_text(&text),
        None => args::params(params, "params"),
    }
}

/// Signs Fubei parameters: every non-empty field except `sign`, sorted, joined `k=v&…`, the app
/// secret appended directly, MD5, uppercase hex. `biz_content` must be the exact string sent.
/// `params` may be an object or text (a JSON object or `k=v&…`).
#[wasm_bindgen(js_name = signFubei)]
pub fn sign_fubei(
    #[wasm_bindgen(unchecked_param_type = "FubeiParams | string")] params: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] app_secret: JsValue,
) -> JsResult<String> {
    let params = params_arg(&params)?;
    let secret = secret_arg(&app_secret)?;
    Ok(sign::sign(pairs(&params), &secret))
}

/// Explains a Fubei signature: the exact string hashed (secret as `***`), the signature, and
/// for params that carry a `sign`, whether it matches and what most likely differs. `params`
/// may be an object or text (a JSON object or `k=v&…`).
#[wasm_bindgen(js_name = explainFubei, unchecked_return_type = "FubeiExplanation")]
pub fn explain_fubei(
    #[wasm_bindgen(unchecked_param_type = "FubeiParams | string")] params: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] app_secret: JsValue,
) -> JsResult<JsValue> {
    let params = params_arg(&params)?;
    let secret = secret_arg(&app_secret)?;
    Ok(to_js(&sign::explain(&params, &secret))?)
}

/// Verifies a Fubei payment notification and returns the typed order in its `data`. `fields`
/// is the parsed form (`{ result_code, result_message, data, sign }`) or the raw
/// `application/x-www-form-urlencoded` body.
#[wasm_bindgen(js_name = verifyFubeiNotification, unchecked_return_type = "FubeiOrder")]
pub fn verify_fubei_notification(
    #[wasm_bindgen(unchecked_param_type = "FubeiParams | string")] fields: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] app_secret: JsValue,
) -> JsResult<JsValue> {
    let fields = match args::text(&fields, "fields")? {
        Some(text) => notify::parse_form(&text)?,
        None => args::params(&fields, "fields")?,
    };
    let secret = secret_arg(&app_secret)?;
    Ok(to_js(&notify::verify_notification(&fields, &secret)?)?)
}

struct Client {
    config: Config,
    transport: Transport,
}

/// A Fubei order-query client for the 1.0 (merchant) or 2.0 (agent) open API.
#[wasm_bindgen]
pub struct Fubei {
    inner: Rc<Client>,
}

/// `merchantId`: a positive integer, as a number or a digit string.
fn merchant_id_arg(value: &JsValue) -> Result<Option<u64>> {
    if value.is_undefined() {
        return Ok(None);
    }
    let text = if let Some(s) =
        crate::wasm::js_safe::string(value, ErrorCode::InvalidConfig, "config.merchantId")?
    {
        s
    } else if let Some(n) = value.as_f64() {
        args::safe_integer_text(n, 1.0)
            .ok_or_else(|| Error::invalid_config("config.merchantId must be a positive integer"))?
    } else {
        return Err(Error::invalid_config(format!(
            "config.merchantId must be a number or a string, got {}",
            type_name(value)
        )));
    };
    parse_merchant_id(&text).map(Some)
}

fn read_query(config: &Config, value: &JsValue) -> Result<Query> {
    let mut o = Obj::new(value, "query", ErrorCode::InvalidArgument)?;
    let merchant_order_sn = o.string("merchantOrderSn")?;
    let order_sn = o.string("orderSn")?;
    let ins_order_sn = o.string("insOrderSn")?;
    o.finish()?;
    let query = match (merchant_order_sn, order_sn, ins_order_sn) {
        (Some(v), None, None) => Query::by_merchant_order_sn(&v)?,
        (None, Some(v), None) => Query::by_order_sn(&v)?,
        (None, None, Some(v)) => Query::by_ins_order_sn(&v)?,
        _ => {
            return Err(Error::invalid_argument(
                "query needs exactly one of merchantOrderSn, orderSn and insOrderSn",
            ))
        }
    };
    // Refuses what the configured API cannot send (insOrderSn on 1.0) before any network use.
    fubei::biz_content(config, &query)?;
    Ok(query)
}

#[wasm_bindgen]
impl Fubei {
    /// Validates the configuration (`INVALID_CONFIG` on any problem, unknown keys included).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "FubeiConfig")] config: JsValue,
    ) -> JsResult<Fubei> {
        let mut o = Obj::new(&config, "config", ErrorCode::InvalidConfig)?;
        let app_id = o.string("appId")?;
        let vendor_sn = o.string("vendorSn")?;
        let app_secret = Secret::new(o.required_string("appSecret")?);
        let api = Api::parse(&o.required_string("api")?)?;
        let merchant_id = merchant_id_arg(&o.get("merchantId")?)?;
        let base_url = o.string("baseUrl")?;
        let transport = Transport::read(&mut o, "fubei")?;
        o.finish()?;
        let identity =
            match (app_id, vendor_sn) {
                (Some(id), None) => Identity::AppId(id),
                (None, Some(sn)) => Identity::VendorSn(sn),
                _ => return Err(Error::invalid_config(
                    "config needs exactly one of appId (merchant) and vendorSn (service provider)",
                )
                .into()),
            };
        let config = Config::new(api, identity, app_secret, merchant_id, base_url.as_deref())?;
        Ok(Fubei {
            inner: Rc::new(Client { config, transport }),
        })
    }

    /// Queries one order (retrying what the shared policy allows); resolves to the typed order
    /// with `attempts` and `host`.
    #[wasm_bindgen(js_name = queryOrder, unchecked_return_type = "Promise<FubeiOrder & QueryMeta>")]
    pub fn query_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "FubeiQuery")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "QueryOptions")] options: Option<JsValue>,
    ) -> Promise {
        let inner = self.inner.clone();
        // Arguments are read now, before any await, so a bad one never reaches the network.
        let prepared = CallOptions::with(read_query(&inner.config, &query), options);
        promise(async move {
            let (query, options) = prepared?;
            let config = &inner.config;
            let parsed = Parsed::new();
            // A fresh nonce per attempt: Fubei requests carry no timestamp, so the nonce is
            // what tells a retry from a replay.
            let build =
                || ready(random::nonce().and_then(|n| fubei::build_query(config, &query, &n)));
            let parse =
                |response: HttpResponse| parsed.keep(fubei::parse_query(config, &query, &response));
            let done = inner
                .transport
                .execute("queryOrder", &options, &build, &parse)
                .await?;
            Ok(parsed.take(done)?.to_js()?)
        })
    }

    /// Builds the signed request `queryOrder` would send (with a fresh nonce), for callers with
    /// their own HTTP client; its `query` is what `parseQueryResponse` checks the answer against.
    #[wasm_bindgen(js_name = buildQueryRequest, unchecked_return_type = "QueryRequest<FubeiQuery>")]
    pub fn build_query_request(
        &self,
        #[wasm_bindgen(unchecked_param_type = "FubeiQuery")] query: JsValue,
    ) -> JsResult<JsValue> {
        let query = read_query(&self.inner.config, &query)?;
        let request = fubei::build_query(&self.inner.config, &query, &random::nonce()?)?;
        let (name, value) = match &query {
            Query::MerchantOrderSn(v) => ("merchantOrderSn", v),
            Query::OrderSn(v) => ("orderSn", v),
            Query::InsOrderSn(v) => ("insOrderSn", v),
        };
        Ok(query_request::request_with_query(&request, name, value)?)
    }

    /// The reply to send for a notification: the success reply without `code`, else the
    /// failure reply for that `PayQueryError` code (use it when your own handling failed, so
    /// that the provider delivers again).
    #[wasm_bindgen(js_name = notificationReply, unchecked_return_type = "NotificationReply")]
    pub fn notification_reply(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "PayQueryErrorCode | (string & {})")]
        code: Option<JsValue>,
    ) -> JsResult<JsValue> {
        crate::wasm::notification::reply_for(crate::providers::notification::Provider::Fubei, code)
    }

    /// Verifies a payment notification (`{ headers, body }`, the form body as received) with the
    /// configured secret and resolves to `{ notification, reply }`: the order in `data` typed
    /// like a query result, and the `success` reply. A refusal rejects with a `PayQueryError`
    /// carrying `reply`.
    #[wasm_bindgen(
        js_name = handleNotification,
        unchecked_return_type = "Promise<HandledNotification<FubeiOrder>>"
    )]
    pub fn handle_notification(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NotificationRequest")] request: JsValue,
        // Read by the package's JavaScript wrapper (the body limit), which reads the request.
        #[wasm_bindgen(unchecked_optional_param_type = "NotificationOptions")] _options: Option<
            JsValue,
        >,
    ) -> Promise {
        use crate::providers::notification::Provider;
        let outcome = notification::read(&request)
            .and_then(|r| {
                let text = std::str::from_utf8(&r.body)
                    .map_err(|_| Error::invalid_argument("the notification body is not UTF-8"))?;
                notify::parse_form(text)
            })
            .and_then(|fields| notify::verify_notification(&fields, &self.inner.config.app_secret))
            .and_then(|order| to_js(&order));
        let result = match outcome {
            Ok(order) => notification::handled(Provider::Fubei, order),
            Err(e) => {
                self.inner
                    .transport
                    .events
                    .failed("handleNotification", None, &e);
                Err(notification::refused(Provider::Fubei, e))
            }
        };
        match result {
            Ok(v) => Promise::resolve(&v),
            Err(e) => Promise::reject(&e),
        }
    }

    /// Parses and types the response to `query` (or to the request `buildQueryRequest`
    /// returned), with every check `queryOrder` makes: an answer about another order or
    /// merchant is `RESPONSE_MISMATCH`.
    #[wasm_bindgen(js_name = parseQueryResponse, unchecked_return_type = "FubeiOrder")]
    pub fn parse_query_response(
        &self,
        #[wasm_bindgen(unchecked_param_type = "FubeiQuery | QueryRequest<FubeiQuery>")]
        query: JsValue,
        #[wasm_bindgen(unchecked_param_type = "HttpResponseInput")] response: Option<JsValue>,
    ) -> JsResult<JsValue> {
        let (query, response) = query_request::query_and_response(
            &query,
            response,
            "{ merchantOrderSn } | { orderSn } | { insOrderSn }",
        )?;
        let query = read_query(&self.inner.config, &query)?;
        let order = fubei::parse_query(&self.inner.config, &query, &response)?;
        Ok(to_js(&order)?)
    }
}
