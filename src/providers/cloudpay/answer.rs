//! One answer on its way to a [`CloudPayResult`]: the verified v2 fields of the signing backend,
//! or the JSON text of what `cloud.cloudPay.queryOrder` resolved to on the `{ cloud }` backend.
//! Both become a snake_case text view that the v2 rules read (status, coupons), and the members
//! that are returned.

use super::model::{platform_error, Additions, CloudPayQuery, CloudPayResult};
use super::sdk_shape::{convert_keys, doc_order, finish};
use crate::core::case::{camel_to_snake, snake_to_camel};
use crate::core::json_number::safe_integer_text;
use crate::core::json_value::{self, Names, Value};
use crate::error::{Error, Result};
use crate::providers::wechat_v2::model::{coupons, fen_field, status};
use crate::providers::wechat_v2::{check_order, RawFields, WechatV2Order};
use crate::providers::{identity, typed_view};

/// The largest platform answer read, in bytes of its JSON text (a real one is about 1 KB).
pub const MAX_ANSWER_BYTES: usize = 256 * 1024;
/// The deepest nesting of arrays and objects read in a platform answer (a real one is flat).
pub const MAX_ANSWER_DEPTH: usize = 64;
/// The most members read at the top of a platform answer (a real one has about 40).
pub const MAX_ANSWER_MEMBERS: usize = 512;

// The refusals of a platform answer past a limit, written out (the limits are constants: a
// `format!` of them would be code run at each refusal; tests check that the numbers agree).
/// Over [`MAX_ANSWER_BYTES`].
pub(crate) const TOO_LONG: &str =
    "cloud.cloudPay.queryOrder resolved to more than 262144 bytes of data";
/// Over [`MAX_ANSWER_DEPTH`].
pub(crate) const TOO_DEEP: &str =
    "cloud.cloudPay.queryOrder resolved to data nested deeper than 64 levels";
/// Not an object, or over [`MAX_ANSWER_MEMBERS`].
pub(crate) const NOT_PLAIN: &str = "cloud.cloudPay.queryOrder resolved to something other than \
     an object of plain data (at most 512 members)";

/// Wire fields that are integer fen amounts or counts (`Int` in the CloudPay documentation),
/// plus every `coupon_fee_$n`. Every other field is a string.
pub const NUMBER_FIELDS: [&str; 5] = [
    "total_fee",
    "cash_fee",
    "settlement_total_fee",
    "coupon_fee",
    "coupon_count",
];

/// payquery's additions to the result (non-enumerable in JavaScript). A member of the answer
/// converting to one of these names, or to the clients' response metadata
/// ([`typed_view::META`]), is left out of the members (it stays in `raw`): an answer never
/// takes the place of what payquery computed.
pub const ADDITIONS: [&str; 4] = ["resultErrCode", "coupons", "status", "raw"];

/// Keys under which a stand-in may send coupons as a list instead of `coupon_*_$n` fields.
const COUPON_LISTS: [&str; 2] = ["coupons", "couponList"];

/// The documented `err_code_des` of the order query's business errors, to recover the
/// `err_code` that wx-server-sdk overwrites with `errCode: 0`.
pub(crate) const KNOWN_DESCRIPTIONS: [(&str, &str); 2] = [
    ("此交易订单号不存在", "ORDERNOTEXIST"),
    ("系统错误", "SYSTEMERROR"),
];

/// Where the answer came from, which decides the returned members' values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// Verified v2 fields: values get the documentation's types.
    Wire,
    /// The platform's object: values as sent.
    Platform,
}

/// One answer on its way to a [`CloudPayResult`].
#[derive(Debug)]
pub struct Answer {
    source: Source,
    /// snake_case name -> text: what the v2 rules (`fen_field`, `coupons`...) read.
    snake: RawFields,
    /// Platform answers: each member as received, with its JSON text.
    members: Vec<(String, String)>,
    /// Set for a platform answer: a string `errCode` the platform left in place of `err_code`.
    platform_err_code: Option<String>,
    /// The answer as received (members in its order).
    raw: json_value::Value,
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

/// The text of a scalar the platform sent: strings as they are, an integer within 64 bits in
/// decimal, another number that is an integer below 2^53 in decimal (`5.0` and `5e0` as `5`,
/// as a JavaScript number prints), any other number as its text (`JSON.stringify`'s, where a
/// double read from it was printed by serde_json before: `1e+21` was `1e21`), booleans as
/// `true` / `false`.
pub(super) fn scalar_text(value: &Value) -> Option<String> {
    use crate::core::json_number::Number;
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(text) => Some(match Number::integer(text) {
            Some(Number::Unsigned(u)) => u.to_string(),
            Some(Number::Signed(i)) => i.to_string(),
            _ => safe_integer_text(text).unwrap_or_else(|| text.clone()),
        }),
        Value::Bool(b) => Some(bool_text(*b).to_owned()),
        _ => None,
    }
}

/// `true` / `false`, as `bool`'s `to_string` writes them without the formatter.
pub(crate) fn bool_text(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

/// Refuses JSON text nested deeper than [`MAX_ANSWER_DEPTH`], by one pass over its bytes
/// (no recursion), before any parser sees it.
fn check_depth(text: &str) -> Result<()> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for b in text.bytes() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_ANSWER_DEPTH {
                    return Err(Error::malformed(TOO_DEEP));
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

impl Answer {
    /// Adds one scalar field to the text view. The same field under two spellings
    /// (`total_fee` and `totalFee`) must carry the same value, compared as text.
    fn insert(&mut self, camel: &str, snake: String, value: &Value) -> Result<()> {
        if let Some(text) = scalar_text(value) {
            if let Some(old) = self.snake.insert(snake, text.clone()) {
                if old != text {
                    return Err(malformed_dup(camel));
                }
            }
        }
        Ok(())
    }

    /// The verified fields of a v2 answer (signing backend). WeChat's XML names are snake_case:
    /// any other name (a signed `<totalFee>`) stays in `raw` only, so that it can neither
    /// shadow nor contradict the field it would camelCase onto.
    pub fn from_wire(raw: RawFields) -> Result<Answer> {
        // In the map's (sorted) order, as the object of these strings was written before.
        let object = Value::Object(
            raw.iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect(),
        );
        // Inserted one by one: `collect` into a map sorts its input first, and that sort
        // alone was 4 KB of the module (the input is a map, already in order).
        let mut snake = RawFields::new();
        for (k, v) in raw {
            if typed_view::is_canonical(&k) {
                snake.insert(k, v);
            }
        }
        Ok(Answer {
            source: Source::Wire,
            snake,
            members: Vec::new(),
            platform_err_code: None,
            raw: object,
        })
    }

    /// The JSON text of the object `cloud.cloudPay.queryOrder` resolved to (`{ cloud }`
    /// backend), at most [`MAX_ANSWER_BYTES`] long and [`MAX_ANSWER_DEPTH`] deep. Keys are read
    /// by wx-server-sdk's rule (a no-op on its camelCase keys), so snake_case keys from a
    /// stand-in read alike. A non-zero numeric `errCode` is a platform error; a string one is
    /// WeChat's `err_code` that was not overwritten.
    pub fn from_platform(text: &str) -> Result<Answer> {
        if text.len() > MAX_ANSWER_BYTES {
            return Err(Error::malformed(TOO_LONG));
        }
        check_depth(text)?;
        let not_plain = || Error::malformed(NOT_PLAIN);
        // A name given twice is kept (the text is the runtime's `JSON.stringify`, which
        // writes each name once); its last value counts, as in `JSON.parse`.
        let (raw, spans) = json_value::parse_with_spans(text.as_bytes(), Names::Repeated)
            .map_err(|_| not_plain())?;
        let Value::Object(object) = &raw else {
            return Err(not_plain());
        };
        if object.len() > MAX_ANSWER_MEMBERS {
            return Err(not_plain());
        }
        let mut answer = Answer {
            source: Source::Platform,
            snake: RawFields::new(),
            members: Vec::with_capacity(object.len()),
            platform_err_code: None,
            // Set once its members are read.
            raw: Value::Null,
        };
        let mut lists = Vec::new();
        let err_msg = object
            .iter()
            .find(|(k, _)| snake_to_camel(k) == "errMsg")
            .and_then(|(_, v)| v.as_str());
        for ((key, v), span) in object.iter().zip(spans) {
            let camel = snake_to_camel(key);
            let snake = camel_to_snake(&camel);
            match camel.as_str() {
                "errCode" => match v {
                    // Zero in any spelling (`0`, `-0`, `0.0`), decided on the digits.
                    Value::Number(n)
                        if matches!(safe_integer_text(n).as_deref(), Some("0" | "-0")) => {}
                    Value::String(s) if !s.is_empty() => answer.platform_err_code = Some(s.clone()),
                    Value::Null | Value::String(_) => {}
                    other => return Err(platform_error(Some(other), err_msg)),
                },
                "errMsg" => {}
                _ if v.is_null() => {}
                _ if COUPON_LISTS.contains(&camel.as_str()) && matches!(v, Value::Array(_)) => {
                    lists.push(v)
                }
                _ if is_number_field(&snake) && matches!(v, Value::Array(_) | Value::Object(_)) => {
                    return Err(Error::malformed(format!("{camel} is not an amount")));
                }
                _ => answer.insert(&camel, snake, v)?,
            }
            // Each member's exact text, returned as sent.
            let sent = text.get(span).unwrap_or_default().to_owned();
            answer.members.push((key.clone(), sent));
        }
        // After the scalar fields, so that `coupon_*_$n` and `couponCount` are known.
        for list in lists {
            answer.coupon_list(list)?;
        }
        answer.raw = raw;
        Ok(answer)
    }

    /// Spreads a coupon list into the `coupon_*_$n` fields the v2 rule reads. Entries are
    /// objects with `couponId`/`id`, `couponType`/`type`, `couponFee`/`fee` (any key case).
    fn coupon_list(&mut self, list: &Value) -> Result<()> {
        let items = match list {
            Value::Array(items) => items.as_slice(),
            _ => &[],
        };
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
                if let Some(text) = scalar_text(v) {
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

    /// The signing backend's members: the wire fields in the documentation's order, `Int`
    /// fields as numbers, the rest as strings.
    fn wire_members(&self) -> Result<Vec<(String, String)>> {
        let fields: Vec<(String, &String)> =
            self.snake.iter().map(|(k, v)| (k.clone(), v)).collect();
        let ordered = doc_order(fields);
        // A loop, not `collect` into a `Result`, whose adapters cost more code.
        let mut members = Vec::with_capacity(ordered.len());
        for (name, text) in ordered {
            let fen = match is_number_field(&name) {
                true => fen_field(&self.snake, &name)?,
                false => None,
            };
            let json = match fen {
                Some(n) => n.to_string(),
                None => {
                    let mut literal = String::with_capacity(text.len() + 2);
                    crate::core::json_write::push_serde_string(&mut literal, text);
                    literal
                }
            };
            members.push((name, json));
        }
        Ok(members)
    }

    /// Types the answer to `query`. A `return_code=FAIL` (the call was refused, only
    /// `returnMsg` says why) and a `result_code=FAIL` are results, as wx-server-sdk resolves
    /// them; their status is `UNKNOWN`.
    ///
    /// An answer naming another sub-merchant or another order is `RESPONSE_MISMATCH`. With
    /// `ids_required` (the signing backend, whose answers are WeChat's verified XML) an order
    /// (`resultCode: 'SUCCESS'`) must also name the `out_trade_no` or `transaction_id` queried;
    /// a business failure may name none. The platform's answers come over WeChat cloud's
    /// private channel, reshaped by whichever wx-server-sdk the caller runs, so their ids are
    /// compared when present rather than required.
    pub fn into_result(
        mut self,
        query: &CloudPayQuery,
        ids_required: bool,
    ) -> Result<CloudPayResult> {
        let get = |name: &str| self.snake.get(name).map(String::as_str);
        let returned = match get("return_code") {
            Some("SUCCESS") => true,
            Some("FAIL") => false,
            _ => return Err(Error::malformed("the result has no valid returnCode")),
        };
        if returned {
            identity::expect_if_sent("sub_mch_id", get("sub_mch_id"), &query.sub_mch_id)?;
        }
        let succeeded = match (returned, get("result_code")) {
            (false, _) => false,
            (true, Some("SUCCESS")) => true,
            (true, Some("FAIL")) => false,
            _ => return Err(Error::malformed("the result has no valid resultCode")),
        };
        if returned {
            check_order(&query.order, &self.snake, succeeded && ids_required)?;
        }
        let result_err_code = if succeeded || !returned {
            None
        } else {
            get("err_code")
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .or(self.platform_err_code.take())
                .or_else(|| {
                    let des = self.snake.get("err_code_des")?;
                    KNOWN_DESCRIPTIONS
                        .iter()
                        .find(|(d, _)| d == des)
                        .map(|(_, code)| (*code).to_owned())
                })
        };
        let (coupons, status) = if succeeded {
            // The v2 rules in full: trade_state required, time_end checked, paidAt if paid.
            // The fields are lent to it and taken back: no copy of the whole map.
            let order = WechatV2Order::from_verified(std::mem::take(&mut self.snake))?;
            self.snake = order.raw;
            (order.coupons, order.status)
        } else if returned {
            let amount = fen_field(&self.snake, "total_fee")?;
            (coupons(&self.snake)?, status(&self.snake, amount, None))
        } else {
            (Vec::new(), status(&RawFields::new(), None, None))
        };
        // Amounts are checked whichever the source: a result never carries a bad one.
        for name in self.snake.keys().filter(|k| is_number_field(k)) {
            fen_field(&self.snake, name)?;
        }
        let members = match self.source {
            Source::Wire => self.wire_members()?,
            Source::Platform => std::mem::take(&mut self.members),
        };
        let mut members = convert_keys(members);
        members.retain(|(k, _)| {
            !ADDITIONS.contains(&k.as_str()) && !typed_view::META.contains(&k.as_str())
        });
        Ok(CloudPayResult {
            members: finish(members),
            additions: Additions {
                result_err_code,
                coupons,
                status,
                raw: self.raw,
            },
        })
    }
}
