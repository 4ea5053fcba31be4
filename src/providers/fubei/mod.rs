//! Fubei (付呗) order query: 1.0 `openapi.payment.order.query` on `/gateway` (merchant, `app_id`)
//! and 2.0 `fbpay.order.query` on `/gateway/agent` (`vendor_sn` with `merchant_id`, or `app_id`).
//! <https://docs.51fubei.com/open-api/> · <https://docs.51fubei.com/agent-api/>
//!
//! Synchronous responses carry no signature (TLS is the only trust), so they are parsed
//! strictly: a misshapen envelope or a value that is not exactly what it claims to be is
//! `MALFORMED_RESPONSE`. Notifications are signed; see [`notify`].

pub mod json;
pub mod model;
pub mod notify;
pub mod sign;
pub mod write;

pub use model::{FubeiOrder, FubeiV1Order, FubeiV2Order, PayChannel, Payment};

use crate::error::{describe_refused, Error, ErrorCode, Result};
use crate::providers::identity;
use crate::providers::outcome::{self, Vocabulary};
use crate::secret::Secret;
use crate::transport::{
    http_status_error, normalize_base_url, HttpRequest, HttpResponse, Method, MAX_BODY_BYTES,
};
use json::{classify, RawObject, Wire};
use serde::Serialize;

/// The production host of both gateways.
pub const DEFAULT_BASE_URL: &str = "https://shq-api.51fubei.com";
/// The 1.0 (merchant) gateway path.
pub const V1_PATH: &str = "/gateway";
/// The 2.0 (agent) gateway path.
pub const V2_PATH: &str = "/gateway/agent";
/// The `version` parameter. Fubei's documentation uses `1.0` on both gateways.
pub const VERSION: &str = "1.0";

/// Which Fubei open API a client talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// 1.0, merchant level, `/gateway`.
    V1,
    /// 2.0, service provider or merchant level, `/gateway/agent`.
    V2,
}

impl Api {
    /// Parses `"1.0"` or `"2.0"`.
    pub fn parse(text: &str) -> Result<Api> {
        match text {
            "1.0" => Ok(Api::V1),
            "2.0" => Ok(Api::V2),
            _ => Err(Error::invalid_config(format!(
                "api must be '1.0' or '2.0', got {}",
                describe_refused(text)
            ))),
        }
    }

    /// The query method name.
    pub fn method(self) -> &'static str {
        match self {
            Api::V1 => "openapi.payment.order.query",
            Api::V2 => "fbpay.order.query",
        }
    }

    fn path(self) -> &'static str {
        match self {
            Api::V1 => V1_PATH,
            Api::V2 => V2_PATH,
        }
    }
}

/// Who signs: a merchant's `app_id` or a service provider's `vendor_sn` (2.0 only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// Merchant level: `app_id`.
    AppId(String),
    /// Service-provider level: `vendor_sn`.
    VendorSn(String),
}

/// A Fubei client configuration. Build it with [`Config::new`], which validates every field.
#[derive(Debug, Clone)]
pub struct Config {
    /// 1.0 or 2.0.
    pub api: Api,
    /// `app_id` or `vendor_sn`.
    pub identity: Identity,
    /// The app secret (the vendor secret at service-provider level).
    pub app_secret: Secret,
    /// 2.0 service-provider level: the merchant queried for, sent in `biz_content`.
    pub merchant_id: Option<u64>,
    /// Where to send requests, without a trailing `/`.
    pub base_url: String,
}

fn check_id(field: &str, value: &str) -> Result<()> {
    let ok = (1..=64).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_config(format!(
            "{field} must be 1-64 characters of [0-9A-Za-z_-]"
        )))
    }
}

/// Reads a merchant id: a positive integer of at most 18 digits, as text.
pub fn parse_merchant_id(text: &str) -> Result<u64> {
    let ok = (1..=18).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_digit())
        && !text.starts_with('0');
    ok.then(|| text.parse::<u64>().ok())
        .flatten()
        .ok_or_else(|| Error::invalid_config("merchantId must be a positive integer"))
}

impl Config {
    /// Validates and builds a configuration: 1.0 takes an `app_id` only; 2.0 with a
    /// `vendor_sn` needs `merchant_id`; `merchant_id` is refused where Fubei does not take it.
    pub fn new(
        api: Api,
        identity: Identity,
        app_secret: Secret,
        merchant_id: Option<u64>,
        base_url: Option<&str>,
    ) -> Result<Config> {
        match &identity {
            Identity::AppId(v) => check_id("appId", v)?,
            Identity::VendorSn(v) => check_id("vendorSn", v)?,
        }
        if app_secret.is_empty() {
            return Err(Error::invalid_config(
                "appSecret must be a non-empty string",
            ));
        }
        match (api, &identity, merchant_id) {
            (Api::V1, Identity::VendorSn(_), _) => {
                return Err(Error::invalid_config(
                    "vendorSn is for api '2.0' (the agent gateway); api '1.0' takes appId",
                ))
            }
            (Api::V2, Identity::VendorSn(_), None) => {
                return Err(Error::invalid_config(
                    "api '2.0' with vendorSn needs merchantId: the merchant the query is for",
                ))
            }
            (_, Identity::AppId(_), Some(_)) => {
                return Err(Error::invalid_config(
                    "merchantId is only sent at service-provider level (vendorSn with api '2.0')",
                ))
            }
            _ => {}
        }
        let base_url = normalize_base_url("baseUrl", base_url.unwrap_or(DEFAULT_BASE_URL))?;
        Ok(Config {
            api,
            identity,
            app_secret,
            merchant_id,
            base_url,
        })
    }
}

/// Which order to query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// By the merchant's order number (`merchant_order_sn`).
    MerchantOrderSn(String),
    /// By Fubei's order number (`order_sn`).
    OrderSn(String),
    /// By the institution order number (`ins_order_sn`, 2.0 only).
    InsOrderSn(String),
}

fn check_query_value(field: &str, value: &str, extra: &[u8]) -> Result<()> {
    let ok = (1..=64).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || extra.contains(&b));
    if ok {
        Ok(())
    } else {
        let allowed = crate::core::utf8::lossy(extra);
        Err(Error::invalid_argument(format!(
            "{field} must be 1-64 characters of [0-9A-Za-z{allowed}]"
        )))
    }
}

impl Query {
    /// A query by `merchant_order_sn`, validated (Fubei forbids surrounding spaces; payquery
    /// accepts the printable ASCII that order numbers use).
    pub fn by_merchant_order_sn(value: &str) -> Result<Query> {
        check_query_value("merchantOrderSn", value, b"_-|*@.#:/")?;
        Ok(Query::MerchantOrderSn(value.to_owned()))
    }

    /// A query by `order_sn`, validated.
    pub fn by_order_sn(value: &str) -> Result<Query> {
        check_query_value("orderSn", value, b"_-")?;
        Ok(Query::OrderSn(value.to_owned()))
    }

    /// A query by `ins_order_sn`, validated (2.0 only; checked when the request is built).
    pub fn by_ins_order_sn(value: &str) -> Result<Query> {
        check_query_value("insOrderSn", value, b"_-")?;
        Ok(Query::InsOrderSn(value.to_owned()))
    }

    fn value(&self) -> &str {
        match self {
            Query::MerchantOrderSn(v) | Query::OrderSn(v) | Query::InsOrderSn(v) => v,
        }
    }
}

/// `biz_content`, serialised once: fields in this order, absent ones left out (never empty).
#[derive(Serialize)]
struct Biz<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    merchant_id: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    merchant_order_sn: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    order_sn: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ins_order_sn: Option<&'a str>,
}

/// The `biz_content` string of a query.
pub fn biz_content(config: &Config, query: &Query) -> Result<String> {
    if matches!(query, Query::InsOrderSn(_)) && config.api == Api::V1 {
        return Err(Error::invalid_argument(
            "insOrderSn is a 2.0 query; the 1.0 API takes merchantOrderSn or orderSn",
        ));
    }
    let biz = Biz {
        // merchant_id is an integer in Fubei's documentation, so it is sent as a JSON number.
        merchant_id: config.merchant_id,
        merchant_order_sn: matches!(query, Query::MerchantOrderSn(_)).then(|| query.value()),
        order_sn: matches!(query, Query::OrderSn(_)).then(|| query.value()),
        ins_order_sn: matches!(query, Query::InsOrderSn(_)).then(|| query.value()),
    };
    crate::core::json_write::to_json(&biz)
        .map_err(|e| Error::new(ErrorCode::Internal, format!("biz_content: {e}")))
}

/// Written as serde_json wrote it: `merchant_id` as a JSON number, unchecked (it is sent to
/// Fubei, not read by JavaScript); the order numbers are ASCII letters, digits, `_` and `-`.
impl crate::core::json_write::WriteFields for Biz<'_> {
    fn write_fields(&self, w: &mut crate::core::json_write::JsonWriter) {
        if let Some(id) = self.merchant_id {
            w.key("merchant_id");
            w.unchecked_u64(id);
        }
        w.field_opt("merchant_order_sn", &self.merchant_order_sn);
        w.field_opt("order_sn", &self.order_sn);
        w.field_opt("ins_order_sn", &self.ins_order_sn);
    }
}

crate::core::json_write::json_object!(Biz<'_>);

/// The request parameters, `sign` excluded, in the order they are sent.
pub fn query_params(config: &Config, query: &Query, nonce: &str) -> Result<Vec<(String, String)>> {
    let (id_name, id) = match &config.identity {
        Identity::AppId(v) => ("app_id", v),
        Identity::VendorSn(v) => ("vendor_sn", v),
    };
    Ok(vec![
        (id_name.into(), id.clone()),
        ("method".into(), config.api.method().into()),
        ("format".into(), "json".into()),
        ("sign_method".into(), "md5".into()),
        ("nonce".into(), nonce.into()),
        ("version".into(), VERSION.into()),
        ("biz_content".into(), biz_content(config, query)?),
    ])
}

/// Builds the signed JSON `POST` of a query. `biz_content` is produced once, signed, and sent
/// as that identical string.
pub fn build_query(config: &Config, query: &Query, nonce: &str) -> Result<HttpRequest> {
    if !crate::core::nonce::is_valid_nonce(nonce) {
        return Err(Error::invalid_argument(
            "nonce must be 1-32 ASCII letters and digits",
        ));
    }
    let mut params = query_params(config, query, nonce)?;
    let signature = sign::sign(
        params.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        &config.app_secret,
    );
    params.push(("sign".into(), signature));
    Ok(HttpRequest {
        method: Method::Post,
        url: format!("{}{}", config.base_url, config.api.path()),
        headers: vec![(
            "Content-Type".into(),
            "application/json; charset=utf-8".into(),
        )],
        body: request_body(&params),
    })
}

/// The JSON body of the signed parameters: members sorted by name, as serde_json's map wrote
/// them before (by the crate's one sort, not a map of JSON values, whose building code was in
/// the Fubei module only for this). Every value is printable ASCII (validated ids, the nonce,
/// hex, the ASCII `biz_content`), so the text is serde_json's byte for byte.
fn request_body(params: &[(String, String)]) -> String {
    use std::borrow::Cow;
    let mut sorted: Vec<payquery_hot::xml::Field<'_>> = params
        .iter()
        .map(|(k, v)| (k.as_str(), Cow::Borrowed(v.as_str())))
        .collect();
    payquery_hot::xml::sort_by_name(&mut sorted);
    let mut w = crate::core::json_write::JsonWriter::new();
    w.begin_object();
    for (name, value) in &sorted {
        w.field(name, value.as_ref());
    }
    w.end_object();
    // Only strings are written: nothing can be refused.
    w.finish().unwrap_or_default()
}

/// `result_code` values after which the same query may succeed: Fubei's server-side failures
/// (5xx-style codes). Everything else (bad parameters, unknown order, signature refused) will
/// fail the same way again. Conservative on purpose: Fubei publishes no list of transient codes.
pub fn result_code_is_retryable(code: i64) -> bool {
    (500..600).contains(&code)
}

/// The envelope's `result_code`, as a number or a digit string.
fn result_code(envelope: &RawObject) -> Result<i64> {
    let bad = || Error::malformed("the response has no valid result_code");
    match envelope.get("result_code").map(classify) {
        Some(Wire::Num(t)) => t.parse::<i64>().map_err(|_| bad()),
        Some(Wire::Str(s)) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse::<i64>().map_err(|_| bad())
        }
        _ => Err(bad()),
    }
}

/// The business error of an envelope whose `result_code` is not 200: `ORDER_NOT_FOUND` or
/// `REQUEST_SIGNATURE_REJECTED` for those `sub_code`s (see `providers::outcome`), else
/// `PROVIDER_ERROR`; `providerCode` is the `sub_code`, else the `result_code`.
pub fn provider_error(envelope: &RawObject, code: i64) -> Result<Error> {
    let message = envelope.text("result_message")?.unwrap_or_default();
    let sub_code = envelope.text("sub_code")?;
    let sub_message = envelope.text("sub_message")?;
    // The result_code is an integer; the sub_code and texts are the provider's, quoted.
    let who = format!("Fubei {code}");
    let texts = [message.as_str(), sub_message.as_deref().unwrap_or("")];
    // The whole text as data: result_message, then sub_message when there is one.
    let whole = texts
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    let mut err = outcome::provider_error(&Vocabulary::FUBEI, &who, sub_code, &texts, &whole);
    // Without a sub_code, `providerCode` is the result_code.
    if err.provider_code.is_none() {
        err.provider_code = Some(code.to_string());
    }
    err.retryable = result_code_is_retryable(code) && err.code == ErrorCode::ProviderError;
    Ok(err)
}

/// The `data` object of a successful envelope: an object, or one sent as a JSON string.
pub fn data_object(envelope: &RawObject) -> Result<RawObject> {
    match envelope.get("data").map(classify) {
        Some(Wire::Nested(value)) => RawObject::of(value.clone(), "data"),
        Some(Wire::Str(text)) => RawObject::parse(text, "data"),
        _ => Err(Error::malformed("a successful response has no data object")),
    }
}

/// Maps a `data` object to the typed order of `api`.
pub fn order_from_data(api: Api, data: &RawObject) -> Result<FubeiOrder> {
    match api {
        Api::V1 => FubeiV1Order::from_data(data).map(FubeiOrder::V1),
        Api::V2 => FubeiV2Order::from_data(data).map(FubeiOrder::V2),
    }
}

/// Parses the answer to `query` into the typed order: HTTP status, envelope, business result,
/// the `data` object, then identity: the `merchant_order_sn`, `order_sn` or `ins_order_sn`
/// queried must be in it, and at service-provider level its `merchant_id`, when sent, must be
/// the configured one. Synchronous answers are unsigned, so this is what catches a proxy or
/// cache answering with another order. (Fubei answers name no store or app that a query sends,
/// so those are not compared.)
pub fn parse_query(config: &Config, query: &Query, response: &HttpResponse) -> Result<FubeiOrder> {
    if !response.is_success() {
        return Err(http_status_error("Fubei", response.status, ""));
    }
    if response.body.len() > MAX_BODY_BYTES {
        return Err(Error::malformed(format!(
            "response body exceeds the {MAX_BODY_BYTES} byte limit"
        )));
    }
    let text = std::str::from_utf8(&response.body)
        .map_err(|_| Error::malformed("the response is not UTF-8"))?;
    let envelope = RawObject::parse(text, "the response")?;
    let code = result_code(&envelope)?;
    if code != 200 {
        return Err(provider_error(&envelope, code)?);
    }
    if envelope.get("success").map(classify) == Some(Wire::Bool(false)) {
        return Err(Error::malformed(
            "the response says result_code 200 and success false",
        ));
    }
    let data = data_object(&envelope)?;
    let order = order_from_data(config.api, &data)?;
    check_answers(config, query, &order)?;
    Ok(order)
}

/// Checks that an order answers `query` of this merchant (see [`parse_query`]).
pub fn check_answers(config: &Config, query: &Query, order: &FubeiOrder) -> Result<()> {
    let [merchant_order_sn, order_sn, ins_order_sn] = order.ids();
    let (name, got) = match query {
        Query::MerchantOrderSn(_) => ("merchant_order_sn", merchant_order_sn),
        Query::OrderSn(_) => ("order_sn", order_sn),
        Query::InsOrderSn(_) => ("ins_order_sn", ins_order_sn),
    };
    identity::expect(name, got, query.value())?;
    if let (Some(want), FubeiOrder::V2(o)) = (config.merchant_id, order) {
        identity::expect_if_sent("merchant_id", o.merchant_id.as_deref(), &want.to_string())?;
    }
    Ok(())
}

/// Parameters pasted as text (a JSON object or `k=v&k2=v2`), for `explainFubei`.
pub fn params_from_text(text: &str) -> Result<Vec<(String, String)>> {
    crate::core::params::parse_params_text(text)
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod write_tests;
