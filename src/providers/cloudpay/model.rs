//! The CloudPay shapes: the `queryOrder` input (snake_case or camelCase keys, unknown keys
//! kept to be forwarded) and the result exactly as wx-server-sdk returns it — its members in
//! its order with `errCode: 0` and `errMsg: 'cloudPay.queryOrder:ok'` — plus payquery's
//! additions (`resultErrCode`, `coupons`, `status`, `raw`), which the binding makes
//! non-enumerable so that `JSON.stringify(result)` is the SDK's.

use crate::core::case::camel_to_snake;
use crate::core::json_number::safe_integer_text;
use crate::core::json_value::{self, Names};
use crate::core::json_write::{json_object, JsonWriter, WriteFields};
use crate::core::nonce::is_valid_nonce;
use crate::error::{describe_name, provider_said, Error, ErrorCode, Result};
use crate::order::OrderStatus;
use crate::providers::wechat_v2::{
    check_id, check_out_trade_no, check_transaction_id, Coupon, Query,
};
use json_value::Value;
use serde::Serialize;

/// The input fields payquery reads, in their snake_case (wire) spelling.
const INPUT_KEYS: [&str; 5] = [
    "sub_mch_id",
    "out_trade_no",
    "transaction_id",
    "nonce_str",
    "sub_appid",
];

/// Fields the signing backend sets itself, so a caller must not: refused there.
const SIGNER_KEYS: [&str; 4] = ["appid", "mch_id", "sign", "sign_type"];

/// What a forwarded key must look like on the signing backend, in snake_case: an XML element
/// name that signs unambiguously (`k=v&k=v`).
pub const FORWARDED_NAME: &str =
    "names sent to WeChat Pay are 1-32 lowercase ASCII letters, digits and _, starting with a letter";

/// Whether `name` (snake_case) is [`FORWARDED_NAME`]-shaped.
fn is_forwarded_name(name: &str) -> bool {
    (1..=32).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// At most this many input keys (a real input has five).
pub(crate) const MAX_INPUT_KEYS: usize = 64;

/// The refusal of an input over [`MAX_INPUT_KEYS`], written out (no `format!` of a constant).
pub(crate) const TOO_MANY_KEYS: &str = "input has more than 64 keys";

/// A validated `cloud.cloudPay.queryOrder` input.
#[derive(Debug, Clone, PartialEq)]
pub struct CloudPayQuery {
    /// `sub_mch_id` (required).
    pub sub_mch_id: String,
    /// `sub_appid` (optional).
    pub sub_appid: Option<String>,
    /// Exactly one of `out_trade_no` and `transaction_id`.
    pub order: Query,
    /// `nonce_str`, if the caller gave one.
    pub nonce_str: Option<String>,
    /// Keys payquery does not read, as the caller spelled them, with their scalar values:
    /// forwarded to the platform as wx-server-sdk forwards them.
    pub extra: Vec<(String, Value)>,
}

/// The text of an input value payquery reads: a string, or a safe non-negative integer (ids
/// kept in JSON files often are numbers). Numbers are JavaScript's text of the caller's number
/// (see `wasm::cloudpay`), decided on their digits (`-0` is not negative, as a double).
fn input_text(key: &str, value: &Value) -> Result<String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => match safe_integer_text(n) {
            Some(t) if !t.starts_with('-') || t == "-0" => Ok(t),
            _ => Err(bad_key(
                key,
                "must be a string or a safe non-negative integer",
                "",
            )),
        },
        _ => Err(bad_key(key, "must be a string", "")),
    }
}

/// `INVALID_ARGUMENT`: `input.<key> <problem><more>`. One writer for every refusal of one
/// input key: each `format!` site is its own code in the module.
#[inline(never)]
pub(crate) fn bad_key(key: &str, problem: &str, more: &str) -> Error {
    Error::invalid_argument(format!("input.{} {problem}{more}", describe_name(key)))
}

impl CloudPayQuery {
    /// Validates an input given as name/value pairs (values are strings, numbers or booleans;
    /// absent ones are left out by the caller). Names may be snake_case (`sub_mch_id`) or
    /// camelCase (`subMchId`), as wx-server-sdk accepts; an empty value counts as absent
    /// (WeChat neither signs nor reads empty fields). Other names are kept in `extra`.
    pub fn from_input(pairs: &[(String, Value)]) -> Result<CloudPayQuery> {
        if pairs.len() > MAX_INPUT_KEYS {
            return Err(Error::invalid_argument(TOO_MANY_KEYS));
        }
        let mut found: Vec<(&'static str, &str, String)> = Vec::new();
        let mut extra = Vec::new();
        for (key, value) in pairs {
            let snake = camel_to_snake(key);
            let Some(name) = INPUT_KEYS.iter().find(|k| **k == snake) else {
                extra.push((key.clone(), value.clone()));
                continue;
            };
            let text = input_text(key, value)?;
            if let Some((_, first, _)) = found.iter().find(|(n, _, _)| n == name) {
                return Err(Error::invalid_argument(format!(
                    "input has both {first} and {key}: give {name} once"
                )));
            }
            found.push((name, key, text));
        }
        let get = |name: &str| {
            found
                .iter()
                .find(|(n, _, _)| *n == name)
                .map(|(_, _, v)| v.clone())
                .filter(|v| !v.is_empty())
        };
        let sub_mch_id = get("sub_mch_id")
            .ok_or_else(|| Error::invalid_argument("input.sub_mch_id is required"))?;
        check_id("sub_mch_id", &sub_mch_id, ErrorCode::InvalidArgument)?;
        let sub_appid = get("sub_appid");
        if let Some(v) = &sub_appid {
            check_id("sub_appid", v, ErrorCode::InvalidArgument)?;
        }
        let order = match (get("out_trade_no"), get("transaction_id")) {
            (Some(v), None) => {
                check_out_trade_no("out_trade_no", &v)?;
                Query::OutTradeNo(v)
            }
            (None, Some(v)) => {
                check_transaction_id("transaction_id", &v)?;
                Query::TransactionId(v)
            }
            _ => {
                return Err(Error::invalid_argument(
                    "input needs exactly one of out_trade_no and transaction_id",
                ))
            }
        };
        let nonce_str = get("nonce_str");
        if nonce_str.as_deref().is_some_and(|n| !is_valid_nonce(n)) {
            return Err(Error::invalid_argument(
                "input.nonce_str must be 1-32 ASCII letters and digits",
            ));
        }
        Ok(CloudPayQuery {
            sub_mch_id,
            sub_appid,
            order,
            nonce_str,
            extra,
        })
    }

    /// The keys payquery does not read, as the signing backend sends and signs them: named in
    /// snake_case (wx-server-sdk's rule for what it sends on), values as text (strings as
    /// they are, booleans and safe integers in their JavaScript form), empty ones left out as
    /// WeChat leaves them out. Refused with `INVALID_ARGUMENT`, before any call: a field the
    /// signer sets from its config (`appid`, `mch_id`, `sign`, `sign_type`), a name that is
    /// not [`FORWARDED_NAME`]-shaped, a name given twice, any other value.
    pub fn signed_extra(&self) -> Result<Vec<(String, String)>> {
        let mut out: Vec<(String, String)> = Vec::with_capacity(self.extra.len());
        for (key, value) in &self.extra {
            let name = camel_to_snake(key);
            if SIGNER_KEYS.contains(&name.as_str()) {
                let problem = "is set by the signing backend from its config; remove it";
                return Err(bad_key(key, problem, ""));
            }
            if !is_forwarded_name(&name) {
                let problem = "cannot be sent by the signing backend: ";
                return Err(bad_key(key, problem, FORWARDED_NAME));
            }
            if out.iter().any(|(n, _)| *n == name) {
                let problem = "is given twice (snake_case and camelCase)";
                return Err(bad_key(&name, problem, ""));
            }
            let text = match value {
                Value::String(s) => Some(s.clone()),
                Value::Bool(b) => Some(super::answer::bool_text(*b).to_owned()),
                Value::Number(n) => safe_integer_text(n),
                _ => None,
            };
            let Some(text) = text else {
                let problem = "must be a string, a boolean or a safe integer to be signed";
                return Err(bad_key(key, problem, ""));
            };
            if !text.is_empty() {
                out.push((name, text));
            }
        }
        Ok(out)
    }

    /// The fields handed to `cloud.cloudPay.queryOrder`: the read ones in snake_case,
    /// `nonce_str` (the caller's, else `nonce`: the CloudPay documentation marks it required),
    /// then the unknown keys as the caller gave them (wx-server-sdk converts those itself).
    pub fn platform_input(&self, nonce: &str) -> Vec<(String, Value)> {
        let mut out = vec![(
            "sub_mch_id".to_owned(),
            Value::from(self.sub_mch_id.as_str()),
        )];
        match &self.order {
            Query::OutTradeNo(v) => out.push(("out_trade_no".into(), Value::from(v.as_str()))),
            Query::TransactionId(v) => out.push(("transaction_id".into(), Value::from(v.as_str()))),
        }
        let nonce = self.nonce_str.as_deref().unwrap_or(nonce);
        out.push(("nonce_str".into(), Value::from(nonce)));
        if let Some(v) = &self.sub_appid {
            out.push(("sub_appid".into(), Value::from(v.as_str())));
        }
        out.extend(self.extra.iter().cloned());
        out
    }
}

/// A `queryOrder` result: the members wx-server-sdk would resolve with, in its order, and
/// payquery's additions.
#[derive(Debug, Clone)]
pub struct CloudPayResult {
    /// Name and JSON text of each member, in order: what `Object.keys` and `JSON.stringify`
    /// show. `{ cloud }`: the platform's values as sent; signing backend: the CloudPay
    /// documentation's types (`Int` fields as numbers, the rest as strings).
    pub members: Vec<(String, String)>,
    /// The additions, not enumerable on the JavaScript result.
    pub additions: Additions,
}

/// What payquery adds to wx-server-sdk's result. In JavaScript these are not enumerable:
/// `res.status` reads them, while `Object.keys(res)`, `JSON.stringify(res)` and `{ ...res }` see
/// exactly what wx-server-sdk returns. An answer member of the same name stays in `raw` only.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "CloudPayAdditions"))]
#[serde(rename_all = "camelCase")]
pub struct Additions {
    /// WeChat's own `err_code` (`ORDERNOTEXIST`, `SYSTEMERROR`...) of a `result_code=FAIL`,
    /// which wx-server-sdk overwrites; none (`null`) for a found order, a `return_code=FAIL`, or
    /// when it cannot be known.
    #[cfg_attr(test, ts(type = "CloudPayResultErrCode | null"))]
    pub result_err_code: Option<String>,
    /// The coupons, from `coupon_*_$n` fields or a list.
    pub coupons: Vec<Coupon>,
    /// The provider-neutral status (`UNKNOWN` for a failure).
    pub status: OrderStatus,
    /// The answer as received: the verified wire fields, or the platform's object.
    #[cfg_attr(test, ts(type = "Record<string, unknown>"))]
    pub raw: crate::core::json_value::Value,
}

/// `raw` is written as read (members in document order); its integers, like the coupon fees,
/// are checked as every result's integers are.
impl WriteFields for Additions {
    fn write_fields(&self, w: &mut JsonWriter) {
        w.field("resultErrCode", &self.result_err_code);
        w.field("coupons", &self.coupons);
        w.field("status", &self.status);
        w.field("raw", &self.raw);
    }
}

json_object!(Additions);

impl CloudPayResult {
    /// The members as one JSON object text.
    pub fn members_text(&self) -> String {
        super::sdk_shape::object_text(&self.members)
    }

    /// The additions as one JSON object text.
    pub fn additions_text(&self) -> Result<String> {
        crate::core::json_write::to_json(&self.additions)
            .map_err(|e| Error::new(ErrorCode::Internal, format!("internal error: {e}")))
    }

    /// One member's value as serde_json reads it (tests, fuzz targets; unused by the binding,
    /// so serde_json's `Value` is not linked for it).
    pub fn member(&self, name: &str) -> Option<serde_json::Value> {
        let (_, text) = self.members.iter().find(|(k, _)| k == name)?;
        let value = crate::core::json_value::parse(text.as_bytes(), Names::Repeated).ok()?;
        Some(value.into_serde())
    }
}

/// A failure of the platform call itself (wx-server-sdk throws an `Error` with `errCode` and
/// `errMsg`, or a stand-in resolves with a non-zero `errCode`): `PROVIDER_ERROR` with
/// `providerCode` = the `errCode` as text and both, as received, in `detail` (the binding puts
/// them on the error as `errCode`/`errMsg`, as wx-server-sdk's error has them).
pub fn platform_error(err_code: Option<&json_value::Value>, err_msg: Option<&str>) -> Error {
    let code = err_code.and_then(super::answer::scalar_text);
    let msg = err_msg.unwrap_or("");
    let message = provider_said("cloud.cloudPay.queryOrder failed", code.as_deref(), &[msg]);
    let mut err = Error::new(ErrorCode::ProviderError, message)
        .with_provider_message(msg)
        .with_detail(json_value::Value::object([
            (
                "errCode",
                err_code.cloned().unwrap_or(json_value::Value::Null),
            ),
            ("errMsg", err_msg.into()),
        ]));
    if let Some(c) = code {
        err = err.with_provider_code(c);
    }
    err
}
