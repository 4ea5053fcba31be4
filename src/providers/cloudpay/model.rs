//! The CloudPay shapes: the `queryOrder` input (snake_case or camelCase keys) and the result
//! exactly as wx-server-sdk returns it — every wire key converted by
//! [`snake_to_camel`], `errCode: 0`, `errMsg: 'cloudPay.queryOrder:ok'` — plus `resultErrCode`,
//! `coupons`, `status` and `raw`, which no wire key converts to.
//!
//! Both backends end here: the verified v2 fields of the signing backend and the platform
//! object of the `{ cloud }` backend become one [`Answer`] (a snake_case text view that the v2
//! rules read, and the camelCase view that is returned), and one function types it.

use crate::core::case::{camel_to_snake, snake_to_camel};
use crate::core::nonce::is_valid_nonce;
use crate::error::{describe_name, provider_said, quote_untrusted, Error, ErrorCode, Result};
use crate::order::OrderStatus;
use crate::providers::wechat_v2::model::{coupons, fen_field, status};
use crate::providers::wechat_v2::{
    check_id, check_order, check_out_trade_no, check_transaction_id, Coupon, Query, RawFields,
    WechatV2Order,
};
use crate::providers::{identity, typed_view};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// The `errMsg` of a call that went through (wx-server-sdk's wording).
pub const ERR_MSG_OK: &str = "cloudPay.queryOrder:ok";

/// The input fields, in their snake_case (wire) spelling.
const INPUT_KEYS: [&str; 5] = [
    "sub_mch_id",
    "out_trade_no",
    "transaction_id",
    "nonce_str",
    "sub_appid",
];

/// Result members payquery sets itself, and the clients' response metadata; a wire key
/// converting to one of them is replaced (`err_code` -> `errCode` moves to `resultErrCode`;
/// every wire field stays in `raw`).
const OWN_KEYS: [&str; 8] = [
    "errCode",
    "errMsg",
    "resultErrCode",
    "coupons",
    "status",
    "raw",
    typed_view::META[0],
    typed_view::META[1],
];

/// Wire fields that are integer fen amounts or counts, returned as numbers (plus every
/// `coupon_fee_$n`). Every other field the platform sends as a string or number is a string.
pub const NUMBER_FIELDS: [&str; 5] = [
    "total_fee",
    "cash_fee",
    "settlement_total_fee",
    "coupon_fee",
    "coupon_count",
];

/// Keys under which the platform may send coupons as a list instead of `coupon_*_$n` fields.
const COUPON_LISTS: [&str; 2] = ["coupons", "couponList"];

/// The documented `err_code_des` of the order query's business errors, to recover the
/// `err_code` that wx-server-sdk overwrites with `errCode: 0`.
const KNOWN_DESCRIPTIONS: [(&str, &str); 2] = [
    ("此交易订单号不存在", "ORDERNOTEXIST"),
    ("系统错误", "SYSTEMERROR"),
];

/// A validated `cloud.cloudPay.queryOrder` input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloudPayQuery {
    /// `sub_mch_id` (required).
    pub sub_mch_id: String,
    /// `sub_appid` (optional).
    pub sub_appid: Option<String>,
    /// Exactly one of `out_trade_no` and `transaction_id`.
    pub order: Query,
    /// `nonce_str`, if the caller gave one.
    pub nonce_str: Option<String>,
}

impl CloudPayQuery {
    /// Validates an input given as name/value pairs. Names may be snake_case (`sub_mch_id`)
    /// or camelCase (`subMchId`), as wx-server-sdk accepts; an empty value counts as absent
    /// (WeChat neither signs nor reads empty fields). Unknown or repeated names are refused.
    pub fn from_input(pairs: &[(String, String)]) -> Result<CloudPayQuery> {
        let mut found: BTreeMap<&'static str, (&str, &str)> = BTreeMap::new();
        for (key, value) in pairs {
            let snake = camel_to_snake(key);
            let name = INPUT_KEYS.iter().find(|k| **k == snake).ok_or_else(|| {
                Error::invalid_argument(format!(
                    "input.{} is not a queryOrder field (known: {}, or camelCase)",
                    describe_name(key),
                    INPUT_KEYS.join(", ")
                ))
            })?;
            if let Some((first, _)) = found.insert(name, (key, value)) {
                return Err(Error::invalid_argument(format!(
                    "input has both {first} and {key}: give {name} once"
                )));
            }
        }
        let get = |name: &str| {
            found
                .get(name)
                .map(|(_, v)| *v)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
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
        })
    }

    /// The snake_case fields handed to `cloud.cloudPay.queryOrder`, as the caller gave them.
    pub fn platform_input(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![("sub_mch_id", self.sub_mch_id.clone())];
        match &self.order {
            Query::OutTradeNo(v) => out.push(("out_trade_no", v.clone())),
            Query::TransactionId(v) => out.push(("transaction_id", v.clone())),
        }
        if let Some(v) = &self.nonce_str {
            out.push(("nonce_str", v.clone()));
        }
        if let Some(v) = &self.sub_appid {
            out.push(("sub_appid", v.clone()));
        }
        out
    }
}

/// A `queryOrder` result. Serialises to the JavaScript shape: the converted wire fields, then
/// `errCode`, `errMsg`, `resultErrCode`, `coupons`, `status`, `raw`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CloudPayResult {
    /// Every wire field under its converted name; fen amounts and counts as numbers.
    #[serde(flatten)]
    pub fields: BTreeMap<String, Value>,
    /// Always 0: the call went through (wx-server-sdk's convention).
    pub err_code: u8,
    /// Always [`ERR_MSG_OK`].
    pub err_msg: &'static str,
    /// WeChat's own `err_code` (`ORDERNOTEXIST`, `SYSTEMERROR`...) of a `result_code=FAIL`,
    /// which wx-server-sdk overwrites; `None` when there is none or it cannot be known.
    pub result_err_code: Option<String>,
    /// The coupons, from `coupon_*_$n` fields or a list.
    pub coupons: Vec<Coupon>,
    /// The provider-neutral status (`UNKNOWN` for a business failure).
    pub status: OrderStatus,
    /// The answer as received: the verified wire fields, or the platform's object.
    pub raw: Value,
}

/// One answer on its way to a [`CloudPayResult`].
#[derive(Debug, Default)]
pub struct Answer {
    /// snake_case name -> text: what the v2 rules (`fen_field`, `coupons`...) read.
    snake: RawFields,
    /// camelCase name -> value: what is returned.
    fields: BTreeMap<String, Value>,
    /// Set for a platform answer: the `errCode` the platform left in place of `err_code`.
    platform_err_code: Option<String>,
    raw: Value,
}

fn malformed_dup(name: &str) -> Error {
    Error::malformed(format!(
        "the result has {name} twice, under two spellings, with different values"
    ))
}

fn is_number_field(snake: &str) -> bool {
    NUMBER_FIELDS.contains(&snake)
        || snake
            .strip_prefix("coupon_fee_")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The text of a scalar the platform sent: strings as they are, integers in decimal.
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => u.to_string(),
            (None, Some(i), _) => i.to_string(),
            // JavaScript numbers are doubles; an integral one within 2^53 is an integer.
            (None, None, Some(f)) if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => {
                format!("{f:.0}")
            }
            _ => n.to_string(),
        }),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl Answer {
    /// Adds one field. The same field under two spellings (`total_fee` and `totalFee`) must
    /// carry the same value, compared as text for scalars (`"101"` and `101` agree).
    fn insert(&mut self, camel: String, snake: String, value: Value) -> Result<()> {
        let text = text_of(&value);
        if let Some(text) = &text {
            if let Some(old) = self.snake.insert(snake, text.clone()) {
                if old != *text {
                    return Err(malformed_dup(&camel));
                }
            }
        }
        if let Some(old) = self.fields.insert(camel.clone(), value.clone()) {
            if text.is_none() && old != value {
                return Err(malformed_dup(&camel));
            }
        }
        Ok(())
    }

    /// The verified fields of a v2 answer (signing backend). WeChat's XML names are snake_case:
    /// any other name (a signed `<totalFee>`) stays in `raw` only, so that it can neither
    /// shadow nor contradict the field it would camelCase onto.
    pub fn from_wire(raw: RawFields) -> Result<Answer> {
        let mut answer = Answer {
            raw: Value::Object(crate::core::maps::json_object(
                raw.iter()
                    .map(|(k, v)| (k.clone(), Value::String(v.clone()))),
            )),
            ..Answer::default()
        };
        for (key, value) in raw {
            if let Some(camel) = typed_view::untyped_name(&key, &[]) {
                answer.insert(camel, key, Value::String(value))?;
            }
        }
        Ok(answer)
    }

    /// The object `cloud.cloudPay.queryOrder` resolved to (`{ cloud }` backend). Keys are
    /// converted by the same rule (a no-op on wx-server-sdk's camelCase keys), so snake_case
    /// keys from another SDK version read alike. A non-zero numeric `errCode` is a platform
    /// error; a string one is WeChat's `err_code` that was not overwritten.
    pub fn from_platform(value: Value) -> Result<Answer> {
        let Value::Object(map) = &value else {
            return Err(Error::malformed(
                "cloud.cloudPay.queryOrder resolved to something other than an object",
            ));
        };
        let mut answer = Answer::default();
        let mut lists = Vec::new();
        for (key, v) in map {
            let camel = snake_to_camel(key);
            let snake = camel_to_snake(&camel);
            match camel.as_str() {
                "errCode" => match v {
                    Value::Number(n) if n.as_f64() == Some(0.0) => {}
                    Value::String(s) if !s.is_empty() => answer.platform_err_code = Some(s.clone()),
                    Value::Null | Value::String(_) => {}
                    other => {
                        let msg = map
                            .get("errMsg")
                            .or_else(|| map.get("err_msg"))
                            .and_then(Value::as_str);
                        return Err(platform_error(Some(other), msg));
                    }
                },
                "errMsg" => {}
                _ if v.is_null() => {}
                _ if COUPON_LISTS.contains(&camel.as_str()) && v.is_array() => {
                    lists.push(v);
                    if camel != "coupons" {
                        answer.fields.insert(camel, v.clone());
                    }
                }
                _ if is_number_field(&snake) && (v.is_array() || v.is_object()) => {
                    return Err(Error::malformed(format!("{camel} is not an amount")));
                }
                _ => answer.insert(camel, snake, v.clone())?,
            }
        }
        // After the scalar fields, so that `coupon_*_$n` and `couponCount` are known.
        for list in lists {
            answer.coupon_list(list)?;
        }
        answer.raw = value;
        Ok(answer)
    }

    /// Spreads a coupon list into the `coupon_*_$n` fields the v2 rule reads. Entries are
    /// objects with `couponId`/`id`, `couponType`/`type`, `couponFee`/`fee` (any key case).
    fn coupon_list(&mut self, list: &Value) -> Result<()> {
        let items = list.as_array().map(Vec::as_slice).unwrap_or_default();
        if self.snake.contains_key("coupon_fee_0") {
            return Ok(()); // The `$n` fields were sent too; they are the wire form.
        }
        for (n, item) in items.iter().enumerate() {
            let Value::Object(entry) = item else {
                return Err(Error::malformed("a coupon list entry is not an object"));
            };
            for (key, v) in entry {
                let name = match snake_to_camel(key).as_str() {
                    "couponId" | "id" => "coupon_id",
                    "couponType" | "type" => "coupon_type",
                    "couponFee" | "fee" => "coupon_fee",
                    _ => continue,
                };
                if let Some(text) = text_of(v) {
                    // A `coupon_*_$n` field sent as well must agree (found by fuzz/cloudpay_platform:
                    // the list's value was typed under the field's name).
                    let field = format!("{name}_{n}");
                    if self.snake.get(&field).is_some_and(|old| *old != text) {
                        return Err(malformed_dup(&snake_to_camel(&field)));
                    }
                    self.snake.insert(field, text);
                }
            }
        }
        let count = items.len().to_string();
        match self.snake.get("coupon_count") {
            Some(c) if *c != count => Err(Error::malformed(
                "couponCount does not match the length of the coupon list",
            )),
            Some(_) => Ok(()),
            None => {
                self.snake.insert("coupon_count".into(), count);
                Ok(())
            }
        }
    }

    /// Types the answer to `query`. An answer naming another sub-merchant or another order is
    /// `RESPONSE_MISMATCH`. With `ids_required` (the signing backend, whose answers are WeChat's
    /// verified XML) an order (`resultCode: 'SUCCESS'`) must also name the `out_trade_no` or
    /// `transaction_id` queried; a business failure may name none. The platform's answers come
    /// over WeChat cloud's private channel, reshaped by whichever wx-server-sdk the caller
    /// runs, so their ids are compared when present rather than required.
    pub fn into_result(
        mut self,
        query: &CloudPayQuery,
        ids_required: bool,
    ) -> Result<CloudPayResult> {
        let get = |name: &str| self.snake.get(name).map(String::as_str);
        match get("return_code") {
            Some("SUCCESS") => {}
            Some("FAIL") => {
                let msg = get("return_msg").unwrap_or("");
                return Err(Error::new(
                    ErrorCode::RequestRejected,
                    format!("WeChat Pay refused the request: {}", quote_untrusted(msg)),
                )
                .with_provider_code("FAIL")
                .with_provider_message(msg));
            }
            _ => return Err(Error::malformed("the result has no valid returnCode")),
        }
        identity::expect_if_sent("sub_mch_id", get("sub_mch_id"), &query.sub_mch_id)?;
        let succeeded = match get("result_code") {
            Some("SUCCESS") => true,
            Some("FAIL") => false,
            _ => return Err(Error::malformed("the result has no valid resultCode")),
        };
        check_order(&query.order, &self.snake, succeeded && ids_required)?;
        let result_err_code = if succeeded {
            None
        } else {
            get("err_code")
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .or(self.platform_err_code.take())
                .or_else(|| {
                    let des = get("err_code_des")?;
                    KNOWN_DESCRIPTIONS
                        .iter()
                        .find(|(d, _)| *d == des)
                        .map(|(_, code)| (*code).to_owned())
                })
        };
        let (coupons, status) = if succeeded {
            // The v2 rules in full: trade_state required, time_end checked, paidAt if paid.
            let order = WechatV2Order::from_verified(self.snake.clone())?;
            (order.coupons, order.status)
        } else {
            let amount = fen_field(&self.snake, "total_fee")?;
            (coupons(&self.snake)?, status(&self.snake, amount, None))
        };
        let mut fields = BTreeMap::new();
        for (camel, value) in std::mem::take(&mut self.fields) {
            if OWN_KEYS.contains(&camel.as_str()) {
                continue;
            }
            let snake = camel_to_snake(&camel);
            let value = if is_number_field(&snake) {
                match fen_field(&self.snake, &snake)? {
                    Some(n) => Value::from(n),
                    None => continue, // Sent empty: no amount.
                }
            } else if value.is_number() {
                text_of(&value).map(Value::String).unwrap_or(value)
            } else {
                value
            };
            fields.insert(camel, value);
        }
        Ok(CloudPayResult {
            fields,
            err_code: 0,
            err_msg: ERR_MSG_OK,
            result_err_code,
            coupons,
            status,
            raw: self.raw,
        })
    }
}

/// A failure of the platform call itself (wx-server-sdk throws `{ errCode, errMsg }`, or
/// resolves with a non-zero `errCode`): `PROVIDER_ERROR` with `providerCode` = the `errCode`
/// as text and both kept in `detail`.
pub fn platform_error(err_code: Option<&Value>, err_msg: Option<&str>) -> Error {
    let code = err_code.and_then(text_of);
    let msg = err_msg.unwrap_or("");
    let message = provider_said("cloud.cloudPay.queryOrder failed", code.as_deref(), &[msg]);
    let mut err = Error::new(ErrorCode::ProviderError, message)
        .with_provider_message(msg)
        .with_detail(serde_json::json!({
            "errCode": err_code.cloned().unwrap_or(Value::Null),
            "errMsg": err_msg,
        }));
    if let Some(c) = code {
        err = err.with_provider_code(c);
    }
    err
}
