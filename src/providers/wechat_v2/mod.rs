//! WeChat Pay APIv2 `POST /pay/orderquery`, direct and service-provider mode.
//! <https://pay.weixin.qq.com/wiki/doc/api/jsapi.php?chapter=9_2>

pub mod model;
pub mod notify;
pub mod sign;
pub mod write;
pub mod xml;

pub use model::{Coupon, WechatV2Order};
pub use sign::SignType;
pub use xml::RawFields;

use crate::error::{quote_untrusted, Error, ErrorCode, Result};
use crate::providers::identity;
use crate::providers::outcome::{self, Vocabulary};
use crate::secret::Secret;
use crate::transport::{
    http_status_error, normalize_base_url, provider_code_is_retryable, HttpRequest, HttpResponse,
    Method,
};

/// The primary host.
pub const DEFAULT_BASE_URL: &str = "https://api.mch.weixin.qq.com";
/// The cross-city disaster-recovery host.
pub const BACKUP_BASE_URL: &str = "https://api2.mch.weixin.qq.com";
/// The order query path.
pub const QUERY_PATH: &str = "/pay/orderquery";
/// The length of every APIv2 key (`apiKey`) WeChat Pay issues, in characters.
pub const API_KEY_CHARS: usize = 32;

/// A v2 merchant configuration. Build it with [`Config::new`], which validates every field.
#[derive(Debug, Clone)]
pub struct Config {
    /// `appid` (in service-provider mode: the service provider's app id).
    pub appid: String,
    /// `mch_id` (in service-provider mode: the service provider's merchant id).
    pub mch_id: String,
    /// The APIv2 key.
    pub api_key: Secret,
    /// The sign type sent with, and expected on, every request.
    pub sign_type: SignType,
    /// Service-provider mode: the sub-merchant's app id (optional).
    pub sub_appid: Option<String>,
    /// Service-provider mode: the sub-merchant id (turns the mode on).
    pub sub_mch_id: Option<String>,
    /// Where to send requests, without a trailing `/`.
    pub base_url: String,
}

/// Checks an app or merchant id (`appid`, `mch_id`, `sub_mch_id`...): 1-32 characters of
/// `[0-9A-Za-z_-]`. `code` says whether it came from a config or from a query argument.
pub fn check_id(field: &str, value: &str, code: ErrorCode) -> Result<()> {
    let ok = (1..=32).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(Error::new(
            code,
            format!("{field} must be 1-32 characters of [0-9A-Za-z_-]"),
        ))
    }
}

impl Config {
    /// Validates and builds a configuration.
    pub fn new(
        appid: String,
        mch_id: String,
        api_key: Secret,
        sign_type: SignType,
        sub_appid: Option<String>,
        sub_mch_id: Option<String>,
        base_url: Option<&str>,
    ) -> Result<Config> {
        check_id("appid", &appid, ErrorCode::InvalidConfig)?;
        check_id("mchId", &mch_id, ErrorCode::InvalidConfig)?;
        if api_key.is_empty() {
            return Err(Error::invalid_config("apiKey must be a non-empty string"));
        }
        // Every APIv2 key WeChat Pay issues is 32 characters; anything else is a paste error
        // (or the APIv3 key, an appsecret...) that would only show up as a refused signature.
        let key_chars = api_key.expose().chars().count();
        if key_chars != API_KEY_CHARS {
            return Err(Error::invalid_config(format!(
                "apiKey must be the {API_KEY_CHARS}-character APIv2 key (商户平台 API密钥); got {key_chars} characters"
            )));
        }
        if let Some(v) = &sub_appid {
            check_id("subAppid", v, ErrorCode::InvalidConfig)?;
        }
        if let Some(v) = &sub_mch_id {
            check_id("subMchId", v, ErrorCode::InvalidConfig)?;
        }
        if sub_appid.is_some() && sub_mch_id.is_none() {
            return Err(Error::invalid_config(
                "subAppid needs subMchId: service-provider mode is selected by subMchId",
            ));
        }
        let base_url = normalize_base_url("baseUrl", base_url.unwrap_or(DEFAULT_BASE_URL))?;
        Ok(Config {
            appid,
            mch_id,
            api_key,
            sign_type,
            sub_appid,
            sub_mch_id,
            base_url,
        })
    }

    /// This service provider in service-provider mode for one query, with the sub-merchant
    /// given per call (as CloudPay passes `sub_mch_id` and `sub_appid` with each query). The ids
    /// are query arguments, so a bad one is `INVALID_ARGUMENT`.
    pub fn for_sub_merchant(&self, sub_mch_id: &str, sub_appid: Option<&str>) -> Result<Config> {
        check_id("sub_mch_id", sub_mch_id, ErrorCode::InvalidArgument)?;
        if let Some(v) = sub_appid {
            check_id("sub_appid", v, ErrorCode::InvalidArgument)?;
        }
        Ok(Config {
            sub_mch_id: Some(sub_mch_id.to_owned()),
            sub_appid: sub_appid.map(str::to_owned),
            ..self.clone()
        })
    }
}

/// Which order to query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// By the merchant's order number.
    OutTradeNo(String),
    /// By WeChat's transaction id.
    TransactionId(String),
}

/// Checks an `out_trade_no`: 1-32 characters of `[0-9A-Za-z_-|*@]`.
pub fn check_out_trade_no(field: &str, value: &str) -> Result<()> {
    let ok = (1..=32).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-|*@".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_argument(format!(
            "{field} must be 1-32 characters of [0-9A-Za-z_-|*@]"
        )))
    }
}

/// Checks a `transaction_id`: 1-32 ASCII letters and digits.
pub fn check_transaction_id(field: &str, value: &str) -> Result<()> {
    let ok = (1..=32).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_alphanumeric());
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_argument(format!(
            "{field} must be 1-32 ASCII letters and digits"
        )))
    }
}

impl Query {
    /// A query by `out_trade_no`, validated.
    pub fn by_out_trade_no(value: &str) -> Result<Query> {
        check_out_trade_no("outTradeNo", value)?;
        Ok(Query::OutTradeNo(value.to_owned()))
    }

    /// A query by `transaction_id`, validated.
    pub fn by_transaction_id(value: &str) -> Result<Query> {
        check_transaction_id("transactionId", value)?;
        Ok(Query::TransactionId(value.to_owned()))
    }
}

/// The request fields, `sign` excluded, in the order they are sent.
pub fn query_fields(config: &Config, query: &Query, nonce: &str) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = vec![
        ("appid".into(), config.appid.clone()),
        ("mch_id".into(), config.mch_id.clone()),
    ];
    if let Some(v) = &config.sub_appid {
        f.push(("sub_appid".into(), v.clone()));
    }
    if let Some(v) = &config.sub_mch_id {
        f.push(("sub_mch_id".into(), v.clone()));
    }
    match query {
        Query::OutTradeNo(v) => f.push(("out_trade_no".into(), v.clone())),
        Query::TransactionId(v) => f.push(("transaction_id".into(), v.clone())),
    }
    f.push(("nonce_str".into(), nonce.to_owned()));
    // Sent, so signed: WeChat then signs its answer with the same algorithm.
    f.push(("sign_type".into(), config.sign_type.as_str().to_owned()));
    f
}

/// Builds the signed `POST /pay/orderquery` request.
pub fn build_query(config: &Config, query: &Query, nonce: &str) -> Result<HttpRequest> {
    build_query_with(config, query, nonce, &[])
}

/// [`build_query`] with `extra` fields sent and signed after the query's own (CloudPay's
/// signing backend forwards the input keys it does not read, as wx-server-sdk does; the caller
/// has checked that none is a field set here).
pub fn build_query_with(
    config: &Config,
    query: &Query,
    nonce: &str,
    extra: &[(String, String)],
) -> Result<HttpRequest> {
    if !crate::core::nonce::is_valid_nonce(nonce) {
        return Err(Error::invalid_argument(
            "nonce must be 1-32 ASCII letters and digits",
        ));
    }
    let mut fields = query_fields(config, query, nonce);
    fields.extend(extra.iter().cloned());
    let sign = sign::sign(
        fields.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        &config.api_key,
        config.sign_type,
    );
    fields.push(("sign".into(), sign));
    let body = xml::build_xml(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    Ok(HttpRequest {
        method: Method::Post,
        url: format!("{}{}", config.base_url, QUERY_PATH),
        headers: vec![("Content-Type".into(), "text/xml; charset=utf-8".into())],
        body,
    })
}

/// Parses and verifies any v2 document: its fields (borrowed, sorted by name), after the
/// sign checked out.
pub fn verify_xml<'a>(
    body: &'a [u8],
    key: &Secret,
    sign_type: SignType,
) -> Result<Vec<xml::Field<'a>>> {
    verified(xml::parse_fields(body)?, key, sign_type)
}

/// [`verify_xml`] of a document that is text already (a JavaScript string): the same rules,
/// without a second UTF-8 check.
pub fn verify_text<'a>(
    text: &'a str,
    key: &Secret,
    sign_type: SignType,
) -> Result<Vec<xml::Field<'a>>> {
    verified(xml::parse_text(text)?, key, sign_type)
}

/// `fields` once their sign checked out.
fn verified<'a>(
    fields: Vec<xml::Field<'a>>,
    key: &Secret,
    sign_type: SignType,
) -> Result<Vec<xml::Field<'a>>> {
    sign::verify_fields(&fields, key, sign_type)?;
    Ok(fields)
}

/// The merchant ids of a verified answer: `appid`, `mch_id` and, in service-provider mode,
/// `sub_mch_id` must be the request's; `sub_appid` too when WeChat sends it back.
pub(crate) fn check_merchant(config: &Config, fields: &RawFields) -> Result<()> {
    let got = |name: &str| fields.get(name).map(String::as_str);
    identity::expect("appid", got("appid"), &config.appid)?;
    identity::expect("mch_id", got("mch_id"), &config.mch_id)?;
    if let Some(want) = &config.sub_mch_id {
        identity::expect("sub_mch_id", got("sub_mch_id"), want)?;
    }
    if let Some(want) = &config.sub_appid {
        identity::expect_if_sent("sub_appid", got("sub_appid"), want)?;
    }
    Ok(())
}

/// The order id of a verified answer: the `out_trade_no` or `transaction_id` queried must be
/// in it (`required`, for an order) or, when it is a business failure that names no order,
/// be absent or equal.
pub fn check_order(query: &Query, fields: &RawFields, required: bool) -> Result<()> {
    let (name, want) = match query {
        Query::OutTradeNo(v) => ("out_trade_no", v),
        Query::TransactionId(v) => ("transaction_id", v),
    };
    let got = fields
        .get(name)
        .map(String::as_str)
        .filter(|v| !v.is_empty());
    if required {
        identity::expect(name, got, want)
    } else {
        identity::expect_if_sent(name, got, want)
    }
}

/// Checks status, `return_code`, signature and merchant ids of a v2 response; returns the
/// verified fields whatever the `result_code` (CloudPay returns business failures as data).
/// The order id is checked by the caller, which knows whether an order is expected.
pub fn verify_response(config: &Config, response: &HttpResponse) -> Result<RawFields> {
    if !response.is_success() {
        return Err(http_status_error("WeChat Pay", response.status, ""));
    }
    let fields = xml::parse_xml(&response.body)?;
    match fields.get("return_code").map(String::as_str) {
        Some("SUCCESS") => {}
        Some("FAIL") => {
            // Communication-level refusal: unsigned by design, so only its message is used.
            // It carries no code: `providerCode` is WeChat's own `return_code`, `FAIL`.
            let msg = fields.get("return_msg").map(String::as_str).unwrap_or("");
            let mut text = format!("WeChat Pay refused the request: {}", quote_untrusted(msg));
            let code = if outcome::v2_message_is_signature(msg) {
                text.push_str(&outcome::signature_hint(&Vocabulary::WECHAT_V2));
                ErrorCode::RequestSignatureRejected
            } else {
                ErrorCode::RequestRejected
            };
            return Err(Error::new(code, text)
                .with_provider_code("FAIL")
                .with_provider_message(msg));
        }
        _ => return Err(Error::malformed("the response has no valid return_code")),
    }
    sign::verify(
        fields.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        &config.api_key,
        config.sign_type,
    )?;
    check_merchant(config, &fields)?;
    Ok(fields)
}

/// Parameters pasted as text: a v2 `<xml>` document (read, not verified), a JSON object, or
/// `k=v&k2=v2`.
pub fn params_from_text(text: &str) -> Result<Vec<(String, String)>> {
    if text.trim_start().starts_with('<') {
        return Ok(xml::parse_xml(text.trim().as_bytes())
            .map_err(|e| Error::invalid_argument(e.message))?
            .into_iter()
            .collect());
    }
    crate::core::params::parse_params_text(text)
}

/// The business error of a verified response with `result_code=FAIL`, if it is one.
pub fn business_error(fields: &RawFields) -> Option<Error> {
    if fields.get("result_code").map(String::as_str) == Some("SUCCESS") {
        return None;
    }
    let code = fields
        .get("err_code")
        .filter(|c| !c.is_empty())
        .cloned()
        .unwrap_or_else(|| "FAIL".to_owned());
    let desc = fields.get("err_code_des").cloned().unwrap_or_default();
    // SYSTEMERROR and BANKERROR: "retry with the same parameters" (the shared list in transport).
    let retryable = provider_code_is_retryable(&code);
    let mut err = outcome::provider_error(
        &Vocabulary::WECHAT_V2,
        "WeChat Pay",
        Some(code),
        &[&desc],
        &desc,
    );
    err.retryable = retryable;
    Some(err)
}

/// Adds to a `REQUEST_SIGNATURE_REJECTED` what WeChat Pay does not say: the sign type and the
/// exact string we signed for `request_body`, the key shown as `***` (as `explainV2` shows
/// it). Other errors pass unchanged. WeChat Pay sends no copy of what it checked, so there is
/// nothing to compare it with: the key (the service provider's in service-provider mode) and
/// the sign type are what to check, as the message says.
pub fn explain_rejection(err: Error, config: &Config, request_body: &str) -> Error {
    if err.code != ErrorCode::RequestSignatureRejected {
        return err;
    }
    let Ok(sent) = xml::parse_xml(request_body.as_bytes()) else {
        return err;
    };
    let signed = sign::string_to_sign(sent.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    err.with_detail(crate::core::json_value::Value::object([
        ("signType", config.sign_type.as_str().into()),
        ("stringToSign", format!("{signed}&key=***").into()),
    ]))
}

/// Parses and verifies the answer to `query` into the typed order: signature, merchant ids,
/// business result, then the order id asked for (`RESPONSE_MISMATCH` for an answer about
/// another order, however well signed).
pub fn parse_query(
    config: &Config,
    query: &Query,
    response: &HttpResponse,
) -> Result<WechatV2Order> {
    let fields = verify_response(config, response)?;
    if let Some(err) = business_error(&fields) {
        check_order(query, &fields, false)?;
        return Err(err);
    }
    check_order(query, &fields, true)?;
    WechatV2Order::from_verified(fields)
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod write_tests;
