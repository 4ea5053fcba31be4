//! CloudPay `{ cloud }` backend: normalising what `cloud.cloudPay.queryOrder` resolved to.
//!
//! Input: control prefix + the platform's answer as JSON (handed over as its text, as the
//! binding hands over what `JSON.stringify` gave). Bit 0 queries by `transaction_id`
//! (else `out_trade_no`; the id taken from the answer when it names a valid one, so that the
//! identity checks can pass), bit 1 whether the mismatching query differs in the order id or
//! the sub-merchant, bit 2 the colliding field's value (a number or a string). Properties:
//! - `raw` is the answer itself; `errCode`/`errMsg` are wx-server-sdk's, never a wire value;
//!   no wire key lands on a member payquery adds (`status`, `raw`, `attempts`...); every other
//!   member is a key sent, under its converted name, with a value sent under that name;
//! - money exact: an accepted answer's amounts and counts are exact non-negative integers by
//!   the reference reading of what was sent, and the status carries `totalFee`'s;
//! - an answer naming another order id or sub-merchant is `RESPONSE_MISMATCH`, never an order
//!   (platform answers are compared where they name the id, not required to: one that does not
//!   name it types alike for any query);
//! - a field named like a member payquery sets (`status`, `raw`, `resultErrCode`, `attempts`)
//!   never changes the typed view.
//!
//! Everything read of the result goes through `payquery_fuzz::cloud_view`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use payquery::core::case::{camel_to_snake, snake_to_camel};
use payquery::core::json_value::Value as JsonValue;
use payquery::providers::cloudpay::{self, answer::NUMBER_FIELDS, CloudPayQuery};
use payquery::ErrorCode;
use payquery_fuzz::{
    cloud_view, colliding_names, other_id, ref_fen, CloudView, Ctl, V2_SUB_MCH_ID,
};
use serde_json::{Map, Value};

/// Names no answer member is returned under (payquery's additions and response metadata).
const ADDED_KEYS: [&str; 6] = [
    "resultErrCode",
    "coupons",
    "status",
    "raw",
    "attempts",
    "host",
];

/// Members payquery sets that no wire key is read into (`errCode` is: a string one is
/// WeChat's `err_code`; `coupons` is when it is a list, and these values are scalars).
const UNMAPPED_MEMBERS: [&str; 5] = ["errMsg", "resultErrCode", "coupons", "status", "raw"];

fn is_number_field(snake: &str) -> bool {
    NUMBER_FIELDS.contains(&snake)
        || snake
            .strip_prefix("coupon_fee_")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The text of a scalar as sent, for the reference reading.
fn sent_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The non-empty text the answer sends under `snake` or its camelCase spelling.
fn named(map: &Map<String, Value>, snake: &str) -> Option<String> {
    [snake.to_owned(), snake_to_camel(snake)]
        .iter()
        .find_map(|k| map.get(k).and_then(sent_text))
        .filter(|t| !t.is_empty())
}

/// A query by `by` (`out_trade_no` or `transaction_id`) for `id` of `sub_mch_id`.
fn query(sub_mch_id: &str, by: &str, id: &str) -> Option<CloudPayQuery> {
    let input = [
        ("sub_mch_id".to_owned(), JsonValue::from(sub_mch_id)),
        (by.to_owned(), JsonValue::from(id)),
    ];
    CloudPayQuery::from_input(&input).ok()
}

/// Types `value` for `query`, read through [`cloud_view`].
fn parse(query: &CloudPayQuery, value: Value) -> payquery::Result<CloudView> {
    cloudpay::from_platform(query, &value.to_string()).map(|r| cloud_view(&r))
}

/// The same answer for another order id or sub-merchant: never an order where the answer
/// names the id, and otherwise the same result.
fn check_mismatch(
    ctl: &Ctl,
    by: &str,
    id: &str,
    value: &Value,
    first: &payquery::Result<CloudView>,
) {
    let map = value.as_object();
    let (other, field, other_value) = if ctl.bit(1) {
        let sub = "1900000999".to_owned();
        (query(&sub, by, id), "sub_mch_id", sub)
    } else {
        let changed = other_id(id, ctl.byte);
        (query(V2_SUB_MCH_ID, by, &changed), by, changed)
    };
    let other = other.expect("a valid query with one id changed");
    let named_value = map.and_then(|m| named(m, field));
    // An answer the fuzzer rewrote to name the other query's own id is that query's answer.
    if named_value.as_deref() == Some(other_value.as_str()) {
        return;
    }
    let sent = named_value.is_some();
    match (parse(&other, value.clone()), first) {
        (Ok(_), _) if sent => panic!("an answer naming another {field} typed an order"),
        // Not named under the two spellings checked here may still be named under another.
        (Err(e), Ok(_)) => assert_eq!(e.code, ErrorCode::ResponseMismatch, "{e:?}"),
        (Ok(b), Ok(a)) => assert_eq!(&b, a, "{field} not named, yet the result differs"),
        (Ok(_), Err(e)) => panic!("another {field} typed what this one refused: {e:?}"),
        (Err(_), Err(_)) => {}
    }
}

/// A field named like a member payquery sets, added to the answer: the typed view stays.
fn check_collision(ctl: &Ctl, query: &CloudPayQuery, map: &Map<String, Value>, first: &CloudView) {
    let names = colliding_names(&UNMAPPED_MEMBERS, &[]);
    let name = &names[ctl.pos % names.len()];
    let camel = snake_to_camel(name);
    if map.keys().any(|k| snake_to_camel(k) == camel) {
        return; // One field under two spellings must agree, which is another property.
    }
    let value = if ctl.bit(2) {
        Value::from(u32::from(ctl.byte) + 7)
    } else {
        Value::from("SUCCESS")
    };
    let mut with = map.clone();
    with.insert(name.clone(), value);
    match parse(query, Value::Object(with.clone())) {
        Ok(second) => {
            assert_eq!(first.view, second.view, "a wire {name} changed the view");
            assert_eq!(second.raw, Value::Object(with), "raw is not the answer");
        }
        Err(e) => panic!("a wire {name} made the answer fail: {e:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((ctl, body)) = Ctl::split(data) else {
        return;
    };
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return;
    };
    let by = if ctl.bit(0) {
        "transaction_id"
    } else {
        "out_trade_no"
    };
    let fixed = "4200000000202401010000000004";
    let answered = value.as_object().and_then(|m| named(m, by));
    let (id, query) = answered
        .and_then(|id| Some((id.clone(), query(V2_SUB_MCH_ID, by, &id)?)))
        .unwrap_or_else(|| {
            let q = query(V2_SUB_MCH_ID, by, fixed).expect("fixed query");
            (fixed.to_owned(), q)
        });
    let first = parse(&query, value.clone());
    check_mismatch(&ctl, by, &id, &value, &first);
    let Ok(result) = first else {
        return;
    };

    assert_eq!(result.raw, value, "raw is not the platform's answer");
    assert_eq!(result.member("errCode"), Some(&Value::from(0)));
    assert_eq!(
        result.member("errMsg"),
        Some(&Value::from(cloudpay::ERR_MSG_OK))
    );
    for key in ADDED_KEYS {
        assert!(
            result.member(key).is_none(),
            "wire key {key} landed on a member payquery adds"
        );
    }
    let map = value.as_object().expect("an accepted answer is an object");
    for (name, v) in &result.members {
        if name == "errCode" || name == "errMsg" {
            continue;
        }
        // The value of a key sent that converts to this name (the SDK's rule).
        assert!(
            map.iter()
                .any(|(k, sent)| snake_to_camel(k) == *name && sent == v),
            "{name}: {v} was not sent under that name"
        );
    }
    for (key, v) in map {
        let snake = camel_to_snake(&snake_to_camel(key));
        if !is_number_field(&snake) {
            continue;
        }
        let Some(text) = sent_text(v).filter(|t| !t.is_empty()) else {
            continue;
        };
        let reference = ref_fen(&text).or_else(|| {
            // A JavaScript number such as 101.0 is the integer 101.
            text.strip_suffix(".0").and_then(ref_fen)
        });
        assert!(
            reference.is_some(),
            "{key}: {text} accepted but not an exact amount"
        );
        if snake == "total_fee" {
            assert_eq!(
                result.status.amount_fen, reference,
                "status amount vs {key}"
            );
        }
    }
    if named(map, "total_fee").is_none() {
        assert_eq!(result.status.amount_fen, None);
    }
    if let Some(sub) = map
        .get("sub_mch_id")
        .or_else(|| map.get("subMchId"))
        .and_then(Value::as_str)
    {
        assert_eq!(sub, V2_SUB_MCH_ID, "another sub-merchant's answer accepted");
    }
    check_collision(&ctl, &query, map, &result);
});
