//! CloudPay `{ cloud }` backend: normalising what `cloud.cloudPay.queryOrder` resolved to.
//!
//! Input: control prefix + the platform's answer as JSON. Properties:
//! - `raw` is the answer itself; `errCode`/`errMsg` are wx-server-sdk's, never a wire value;
//!   no wire key lands on a member payquery sets itself;
//! - money exact: amounts and counts are non-negative safe integers, equal to the reference
//!   reading of what was sent, and the status carries `totalFee`;
//! - an answer about another sub-merchant is refused.
#![no_main]

use libfuzzer_sys::fuzz_target;
use payquery::core::case::{camel_to_snake, snake_to_camel};
use payquery::providers::cloudpay::{self, model::NUMBER_FIELDS, CloudPayQuery};
use payquery_fuzz::{ref_fen, Ctl, V2_SUB_MCH_ID};
use serde_json::Value;

const OWN_KEYS: [&str; 6] = [
    "errCode",
    "errMsg",
    "resultErrCode",
    "coupons",
    "status",
    "raw",
];

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
    let input = [
        ("sub_mch_id".to_owned(), V2_SUB_MCH_ID.to_owned()),
        (by.to_owned(), "4200000000202401010000000004".to_owned()),
    ];
    let query = CloudPayQuery::from_input(&input).expect("fixed query");
    let Ok(result) = cloudpay::from_platform(&query, value.clone()) else {
        return;
    };

    assert_eq!(result.raw, value, "raw is not the platform's answer");
    assert_eq!(result.err_code, 0);
    assert_eq!(result.err_msg, cloudpay::ERR_MSG_OK);
    for key in OWN_KEYS {
        assert!(
            !result.fields.contains_key(key),
            "wire key {key} landed on a member payquery sets"
        );
    }
    let map = value.as_object().expect("an accepted answer is an object");
    for (camel, v) in &result.fields {
        let snake = camel_to_snake(camel);
        if !is_number_field(&snake) {
            continue;
        }
        let n = v
            .as_i64()
            .filter(|n| (0..=9_007_199_254_740_991).contains(n));
        assert!(n.is_some(), "{camel} is not a safe integer: {v}");
        // Sent under either spelling; an amount sent under both must have agreed.
        for key in [snake.clone(), snake_to_camel(&snake)] {
            if let Some(text) = map.get(&key).and_then(sent_text) {
                if !text.is_empty() {
                    let reference = ref_fen(&text).or_else(|| {
                        // A JavaScript number such as 101.0 is the integer 101.
                        text.strip_suffix(".0").and_then(ref_fen)
                    });
                    assert_eq!(n, reference, "{camel}: sent {text}, typed {v}");
                }
            }
        }
    }
    assert_eq!(
        result.status.amount_fen,
        result.fields.get("totalFee").and_then(Value::as_i64)
    );
    if let Some(sub) = map
        .get("sub_mch_id")
        .or_else(|| map.get("subMchId"))
        .and_then(Value::as_str)
    {
        assert_eq!(sub, V2_SUB_MCH_ID, "another sub-merchant's answer accepted");
    }
});
