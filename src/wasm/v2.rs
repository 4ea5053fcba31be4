//! JavaScript surface of WeChat Pay APIv2: `signV2`, `buildV2Xml`, `verifyV2Xml`, `explainV2`
//! and `class WechatPayV2`.

use crate::error::{describe_refused, Error, ErrorCode, Result};
use crate::providers::wechat_v2::{self as v2, sign, xml, Config, Query, SignType};
use crate::secret::Secret;
use crate::transport::HttpResponse;
use crate::wasm::args::{self, Obj, Params};
use crate::wasm::client::{ready, Parsed, Transport};
use crate::wasm::convert::{string_object_to_js, to_js};
use crate::wasm::fetch::CallOptions;
use crate::wasm::notification;
use crate::wasm::promise::promise;
use crate::wasm::{js_safe, query_request, random, v2_config};
use js_sys::Promise;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const V2_TS: &'static str = include_str!("ts/v2.d.ts");

type JsResult<T> = std::result::Result<T, JsValue>;

fn sign_type_arg(value: Option<JsValue>) -> Result<SignType> {
    // The two spellings first, compared in JavaScript (no string copied).
    if let Some(v) = &value {
        if js_safe::is_named(v, "MD5") {
            return Ok(SignType::Md5);
        }
        if js_safe::is_named(v, "HMAC-SHA256") {
            return Ok(SignType::HmacSha256);
        }
    }
    match value {
        Some(v) if !v.is_null() && !v.is_undefined() => SignType::parse(&args::string_arg(
            &v,
            "signType",
            ErrorCode::InvalidArgument,
        )?),
        _ => Ok(SignType::Md5),
    }
}

fn key_arg(value: &JsValue) -> Result<Secret> {
    key_of(args::string_arg(
        value,
        "apiKey",
        ErrorCode::InvalidArgument,
    )?)
}

/// The key checks after reading: shared with the one-crossing exports (`v2_fast`).
pub(crate) fn key_of(key: String) -> Result<Secret> {
    if key.is_empty() {
        return Err(Error::invalid_argument("apiKey must not be empty"));
    }
    Ok(Secret::new(key))
}

/// Params as an object, or as text: `<xml>…</xml>`, a JSON object, or `k=v&k2=v2`.
fn params_arg(value: &JsValue) -> Result<Params> {
    match args::text(value, "params")? {
        Some(text) => Ok(Params::Pairs(v2::params_from_text(&text)?)),
        None => args::read_params(value, "params"),
    }
}

/// Signs APIv2 parameters: every non-empty field except `sign`, sorted, `&key=…` appended,
/// MD5 or HMAC-SHA256, uppercase hex. `params` may be an object or text (`<xml>…</xml>`, JSON,
/// or `k=v&…`).
#[wasm_bindgen(js_name = signV2)]
pub fn sign_v2(
    #[wasm_bindgen(unchecked_param_type = "V2Params | string")] params: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] api_key: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "V2SignType")] sign_type: Option<JsValue>,
) -> JsResult<String> {
    let params = params_arg(&params)?;
    let key = key_arg(&api_key)?;
    Ok(sign::sign(params.pairs(), &key, sign_type_arg(sign_type)?))
}

/// Builds the `<xml>` body of a request, with `sign` computed and appended (a `sign` among the
/// params is replaced). A `sign_type` param must agree with `signType`.
#[wasm_bindgen(js_name = buildV2Xml)]
pub fn build_v2_xml(
    #[wasm_bindgen(unchecked_param_type = "V2Params | string")] params: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] api_key: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "V2SignType")] sign_type: Option<JsValue>,
) -> JsResult<String> {
    let params = params_arg(&params)?;
    let key = key_arg(&api_key)?;
    Ok(build_signed(
        params.pairs(),
        &key,
        sign_type_arg(sign_type)?,
    )?)
}

/// `buildV2Xml` once its arguments are read: shared with the one-crossing export (`v2_fast`).
pub(crate) fn build_signed(
    pairs: Vec<(&str, &str)>,
    key: &Secret,
    sign_type: SignType,
) -> Result<String> {
    // Rebound with a shorter lifetime (`Vec` is covariant), so that the signature computed
    // below can join the pairs.
    let mut pairs: Vec<(&str, &str)> = pairs;
    if let Some((_, declared)) = pairs.iter().find(|(k, _)| *k == "sign_type") {
        if *declared != sign_type.as_str() {
            return Err(Error::invalid_argument(format!(
                // signType is one of two static names: quoted as text, not with `{:?}`.
                "params.sign_type is {} but signType is \"{}\"",
                describe_refused(declared),
                sign_type.as_str()
            )));
        }
    }
    pairs.retain(|(k, _)| *k != "sign");
    let signature = sign::sign(pairs.iter().copied(), key, sign_type);
    pairs.push(("sign", &signature));
    xml::build_xml(pairs)
}

/// Parses an APIv2 XML document and verifies its `sign`; returns every field.
#[wasm_bindgen(js_name = verifyV2Xml, unchecked_return_type = "Record<string, string>")]
pub fn verify_v2_xml(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] xml_doc: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] api_key: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "V2SignType")] sign_type: Option<JsValue>,
) -> JsResult<JsValue> {
    let body = args::response(&xml_doc)?.body;
    let key = key_arg(&api_key)?;
    let text = verified_fields(&body, &key, sign_type_arg(sign_type)?)?;
    Ok(string_object_to_js(&text)?)
}

/// `verifyV2Xml` once its arguments are read, as the JSON text of the fields object (every
/// member a string, in document order): shared with the one-crossing export (`v2_fast`), whose
/// wrapper parses it.
pub(crate) fn verified_fields(body: &[u8], key: &Secret, sign_type: SignType) -> Result<String> {
    Ok(fields_json(&v2::verify_xml(body, key, sign_type)?))
}

/// [`verified_fields`] of a document that is a string already (the one-crossing export's), so
/// not checked for UTF-8 again.
pub(crate) fn verified_text(text: &str, key: &Secret, sign_type: SignType) -> Result<String> {
    Ok(fields_json(&v2::verify_text(text, key, sign_type)?))
}

fn fields_json(fields: &[xml::Field<'_>]) -> String {
    crate::core::json_text::string_object(fields.iter().map(|(k, v)| (*k, v.as_ref())))
}

/// Explains an APIv2 signature: the exact string hashed (key as `***`), the signature, and for
/// params that carry a `sign`, whether it matches and what most likely differs. `params` may
/// be an object or text (`<xml>…</xml>`, JSON, or `k=v&…`).
#[wasm_bindgen(js_name = explainV2, unchecked_return_type = "V2Explanation")]
pub fn explain_v2(
    #[wasm_bindgen(unchecked_param_type = "V2Params | string")] params: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] api_key: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "V2SignType")] sign_type: Option<JsValue>,
) -> JsResult<JsValue> {
    let params = params_arg(&params)?.into_owned();
    let key = key_arg(&api_key)?;
    Ok(to_js(&sign::explain(
        &params,
        &key,
        sign_type_arg(sign_type)?,
    ))?)
}

struct Client {
    config: Config,
    transport: Transport,
}

/// A WeChat Pay APIv2 order-query client (direct or service-provider mode).
#[wasm_bindgen]
pub struct WechatPayV2 {
    inner: Rc<Client>,
}

fn read_query(value: &JsValue) -> Result<Query> {
    match args::order_ref(value)? {
        args::OrderRef::OutTradeNo(v) => Query::by_out_trade_no(&v),
        args::OrderRef::TransactionId(v) => Query::by_transaction_id(&v),
    }
}

#[wasm_bindgen]
impl WechatPayV2 {
    /// Validates the configuration (`INVALID_CONFIG` on any problem, unknown keys included).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "WechatPayV2Config")] config: JsValue,
    ) -> JsResult<WechatPayV2> {
        let o = Obj::new(&config, "config", ErrorCode::InvalidConfig)?;
        let (config, transport) = v2_config::read_client(o, true, "wechat-v2")?;
        Ok(WechatPayV2 {
            inner: Rc::new(Client { config, transport }),
        })
    }

    /// Queries one order; resolves to the verified, typed order.
    #[wasm_bindgen(js_name = queryOrder, unchecked_return_type = "Promise<WechatPayV2Order & QueryMeta>")]
    pub fn query_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WechatPayV2Query")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "QueryOptions")] options: Option<JsValue>,
    ) -> Promise {
        let inner = self.inner.clone();
        // Arguments are read now, before any await, so a bad one never reaches the network.
        let prepared = CallOptions::with(read_query(&query), options);
        promise(async move {
            let (query, options) = prepared?;
            let config = &inner.config;
            // One nonce and one signed body for every attempt: v2 retries re-send it unchanged.
            let request = v2::build_query(config, &query, &random::nonce()?)?;
            let parsed = Parsed::new();
            let build = || ready(Ok(request.clone()));
            let parse = |response: HttpResponse| {
                parsed.keep(
                    v2::parse_query(config, &query, &response)
                        .map_err(|e| v2::explain_rejection(e, config, &request.body)),
                )
            };
            let done = inner
                .transport
                .execute("queryOrder", &options, &build, &parse)
                .await?;
            Ok(parsed.take(done)?.to_js()?)
        })
    }

    /// Builds the signed request `queryOrder` would send (with a fresh nonce), for callers with
    /// their own HTTP client; its `query` is what `parseQueryResponse` checks the answer against.
    #[wasm_bindgen(
        js_name = buildQueryRequest,
        unchecked_return_type = "QueryRequest<WechatPayV2Query>"
    )]
    pub fn build_query_request(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WechatPayV2Query")] query: JsValue,
    ) -> JsResult<JsValue> {
        let query = read_query(&query)?;
        let request = v2::build_query(&self.inner.config, &query, &random::nonce()?)?;
        let (name, value) = match &query {
            Query::OutTradeNo(v) => ("outTradeNo", v),
            Query::TransactionId(v) => ("transactionId", v),
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
        crate::wasm::notification::reply_for(
            crate::providers::notification::Provider::WechatV2,
            code,
        )
    }

    /// Verifies a payment result notification (`{ headers, body }`, the body as received) and
    /// resolves to `{ notification, reply }`: the order typed like a query result and the exact
    /// XML WeChat Pay expects. A refusal rejects with a `PayQueryError` carrying `reply`.
    #[wasm_bindgen(
        js_name = handleNotification,
        unchecked_return_type = "Promise<HandledNotification<WechatPayV2Order>>"
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
                crate::providers::wechat_v2::notify::parse_notification(&self.inner.config, &r.body)
            })
            .and_then(|order| to_js(&order));
        let result = match outcome {
            Ok(order) => notification::handled(Provider::WechatV2, order),
            Err(e) => {
                self.inner
                    .transport
                    .events
                    .failed("handleNotification", None, &e);
                Err(notification::refused(Provider::WechatV2, e))
            }
        };
        match result {
            Ok(v) => Promise::resolve(&v),
            Err(e) => Promise::reject(&e),
        }
    }

    /// Verifies and types the response to `query` (or to the request `buildQueryRequest`
    /// returned), with every check `queryOrder` makes: an answer about another order is
    /// `RESPONSE_MISMATCH`.
    #[wasm_bindgen(js_name = parseQueryResponse, unchecked_return_type = "WechatPayV2Order")]
    pub fn parse_query_response(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WechatPayV2Query | QueryRequest<WechatPayV2Query>")]
        query: JsValue,
        #[wasm_bindgen(unchecked_param_type = "HttpResponseInput")] response: Option<JsValue>,
    ) -> JsResult<JsValue> {
        let (query, response) = query_request::query_and_response(
            &query,
            response,
            "{ outTradeNo } | { transactionId }",
        )?;
        let query = read_query(&query)?;
        let order = v2::parse_query(&self.inner.config, &query, &response)?;
        Ok(to_js(&order)?)
    }
}
