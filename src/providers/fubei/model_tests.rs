// Compiled only under #[cfg(test)], as the parent module declares it.
//! Tests of the typed Fubei orders.

use super::*;
use crate::core::json_value::{self, Names, Value};
use crate::error::{ErrorCode, Result};
use crate::order::TradeState;
use crate::providers::fubei::json::RawObject;
use read::{V1_TYPED, V2_TYPED};

/// The value of `text`, as the reader keeps it.
fn json(text: &str) -> Value {
    json_value::parse(text.as_bytes(), Names::Distinct).unwrap()
}

/// The names of an object, in order.
fn names(o: &RawObject) -> Vec<&str> {
    o.0.iter().map(|(k, _)| k.as_str()).collect()
}

fn v1(json: &str) -> Result<FubeiV1Order> {
    FubeiV1Order::from_data(&RawObject::parse(json, "data").unwrap())
}

fn v2(json: &str) -> Result<FubeiV2Order> {
    FubeiV2Order::from_data(&RawObject::parse(json, "data").unwrap())
}

#[test]
fn a_paid_1_0_order_with_amounts_where_floating_point_goes_wrong() {
    // In f64: 0.29 * 100 = 28.999999999999996, 80.07 * 100 = 8006.999999999999,
    // 19.99 * 100 = 1998.9999999999998.
    let o = v1(r#"{"trade_state":"SUCCESS","merchant_order_sn":"M1","order_sn":20240101000001,
        "total_fee":80.07,"order_price":"80.07","fee":0.29,"net_money":"79.78",
        "buyer_pay_amount":19.99,"discount_money":"0.01","cash_coupon_fee":0,"no_cash_coupon_fee":"100000.00",
        "pay_time":1704081600,"type":1,"store_id":12345,"cashier_id":"77","body":"商品","attach":"",
        "user_id":"oUser","new_thing":{"a":1}}"#)
    .unwrap();
    assert_eq!(o.total_fee_fen, Some(8007));
    assert_eq!(o.order_price_fen, Some(8007));
    assert_eq!(o.fee_fen, Some(29));
    assert_eq!(o.net_money_fen, Some(7978));
    assert_eq!(o.buyer_pay_amount_fen, Some(1999));
    assert_eq!(o.discount_money_fen, Some(1));
    assert_eq!(o.cash_coupon_fee_fen, Some(0));
    assert_eq!(o.no_cash_coupon_fee_fen, Some(10_000_000));
    assert_eq!(o.pay_time.as_deref(), Some("2024-01-01T12:00:00+08:00"));
    assert_eq!(o.pay_channel, Some(PayChannel::Wechat));
    assert_eq!(o.order_sn.as_deref(), Some("20240101000001"));
    assert_eq!(o.store_id.as_deref(), Some("12345"));
    // The untyped fields, camelCased, in wire order; the empty `attach` only in raw.
    assert_eq!(names(&o.fields), ["body", "userId", "newThing"]);
    assert_eq!(o.fields.get("body"), Some(&json(r#""商品""#)));
    assert_eq!(o.fields.get("userId"), Some(&json(r#""oUser""#)));
    assert_eq!(o.fields.get("newThing"), Some(&json(r#"{"a":1}"#)));
    assert_eq!(o.raw.get("attach"), Some(&json(r#""""#)));
    assert_eq!(o.raw.get("total_fee"), Some(&json("80.07")));
    assert_eq!(o.raw.0.len(), 19);
    assert_eq!(
        names(&o.raw)[..3],
        ["trade_state", "merchant_order_sn", "order_sn"]
    );
    assert_eq!(o.status.state, TradeState::Paid);
    assert!(o.status.is_final);
    assert_eq!(o.status.amount_fen, Some(8007));
    assert_eq!(
        o.status.paid_at.as_deref(),
        Some("2024-01-01T12:00:00+08:00")
    );
    assert_eq!(o.status.transaction_id.as_deref(), Some("20240101000001"));
    assert_eq!(o.status.out_trade_no.as_deref(), Some("M1"));
}

#[test]
fn channels_states_and_absent_times() {
    for (t, ch) in [
        ("1", Some(PayChannel::Wechat)),
        ("\"2\"", Some(PayChannel::Alipay)),
        ("5", Some(PayChannel::Unionpay)),
        ("9", None),
        ("\"wx\"", None),
        ("1.5", None),
    ] {
        let o = v1(&format!(
            r#"{{"trade_state":"USERPAYING","type":{t},"pay_time":0}}"#
        ))
        .unwrap();
        assert_eq!(o.pay_channel, ch, "{t}");
        assert_eq!(o.pay_time, None);
        assert_eq!(o.status.state, TradeState::Paying);
    }
    let e = v1(r#"{"trade_state":"REVOKED_ERROR","pay_time":"1704081600"}"#).unwrap();
    assert_eq!(e.status.state, TradeState::Unknown);
    assert!(!e.status.is_final);
    assert_eq!(e.status.paid_at, None);
    assert_eq!(e.status.provider_state, "REVOKED_ERROR");
}

#[test]
fn a_2_0_order_with_payment_list_and_finish_time() {
    let o = v2(r#"{"order_status":"SUCCESS","order_sn":"F1","merchant_order_sn":"M2","ins_order_sn":"I1",
        "channel_order_sn":"4200","total_amount":"19.99","net_amount":19.70,"buyer_pay_amount":19.98,"fee":"0.29",
        "finish_time":"20240229235959","pay_type":"alipay","merchant_id":1900001,
        "payment_list":[{"type":"FUBEI_DISCOUNT","amount":0.01},{"type":"CHANNEL_PRE","amount":"0.00"}]}"#)
    .unwrap();
    assert_eq!(o.total_amount_fen, Some(1999));
    assert_eq!(o.net_amount_fen, Some(1970));
    assert_eq!(o.buyer_pay_amount_fen, Some(1998));
    assert_eq!(o.fee_fen, Some(29));
    assert_eq!(o.finish_time.as_deref(), Some("2024-02-29T23:59:59+08:00"));
    assert_eq!(o.pay_channel, Some(PayChannel::Alipay));
    assert_eq!(o.merchant_id.as_deref(), Some("1900001"));
    assert_eq!(o.payment_list.len(), 2);
    assert_eq!(o.payment_list[0].amount_fen, Some(1));
    assert_eq!(o.payment_list[1].kind.as_deref(), Some("CHANNEL_PRE"));
    assert_eq!(
        o.status.paid_at.as_deref(),
        Some("2024-02-29T23:59:59+08:00")
    );
    let s = v2(r#"{"order_status":"CLOSED","payment_list":"[{\"type\":\"X\",\"amount\":80.07}]"}"#)
        .unwrap();
    assert_eq!(s.payment_list[0].amount_fen, Some(8007));
    assert_eq!(s.status.state, TradeState::Closed);
}

#[test]
fn malformed_values_are_errors_never_rounded() {
    for bad in [
        r#"{"trade_state":"SUCCESS","total_fee":80.071}"#,
        r#"{"trade_state":"SUCCESS","total_fee":"0.001"}"#,
        r#"{"trade_state":"SUCCESS","total_fee":-0.01}"#,
        r#"{"trade_state":"SUCCESS","total_fee":1e2}"#,
        r#"{"trade_state":"SUCCESS","total_fee":"NaN"}"#,
        r#"{"trade_state":"SUCCESS","fee":true}"#,
        r#"{"trade_state":"SUCCESS","pay_time":-5}"#,
        r#"{"trade_state":"SUCCESS","pay_time":1.5}"#,
        r#"{"trade_state":"SUCCESS","type":[1]}"#,
        r#"{"trade_state":"SUCCESS","order_sn":{"x":1}}"#,
        r#"{"total_fee":"1.00"}"#,
        r#"{"trade_state":""}"#,
    ] {
        assert_eq!(
            v1(bad).unwrap_err().code,
            ErrorCode::MalformedResponse,
            "{bad}"
        );
    }
    for bad in [
        r#"{"order_status":"SUCCESS","finish_time":"2024"}"#,
        r#"{"order_status":"SUCCESS","payment_list":[{"amount":0.015}]}"#,
        r#"{"order_status":"SUCCESS","payment_list":5}"#,
        r#"{"order_status":"SUCCESS","payment_list":"not json"}"#,
        r#"{"order_status":"SUCCESS","net_amount":"1,00"}"#,
        r#"{"trade_state":"SUCCESS"}"#,
    ] {
        assert_eq!(
            v2(bad).unwrap_err().code,
            ErrorCode::MalformedResponse,
            "{bad}"
        );
    }
}

/// A `data` object with every mapped wire field (`typed`) set, plus `extra` fields.
fn full_data(typed: &[&str], extra: &[(String, serde_json::Value)]) -> String {
    let mut data = serde_json::Map::new();
    for name in typed {
        let value = match *name {
            "trade_state" | "order_status" => serde_json::json!("SUCCESS"),
            "pay_time" => serde_json::json!(1_704_081_600),
            "type" => serde_json::json!(1),
            "pay_type" => serde_json::json!("wxpay"),
            "finish_time" => serde_json::json!("20240101120000"),
            "payment_list" => serde_json::json!([{ "type": "CHANNEL_PRE", "amount": "0.01" }]),
            n if n.ends_with("fee")
                || n.contains("amount")
                || n.contains("money")
                || n == "order_price" =>
            {
                serde_json::json!("1.00")
            }
            _ => serde_json::json!("ID-1"),
        };
        data.insert((*name).to_owned(), value);
    }
    for (k, v) in extra {
        data.insert(k.clone(), v.clone());
    }
    serde_json::Value::Object(data).to_string()
}

/// The keys an order serialises to besides its untyped `fields`.
fn member_keys<T: serde::Serialize>(order: &T, fields: &RawObject) -> Vec<String> {
    let json = serde_json::to_value(order).unwrap();
    let mut keys: Vec<String> = json
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| fields.get(k).is_none())
        .cloned()
        .collect();
    keys.sort();
    keys
}

#[test]
fn the_member_lists_name_every_typed_member() {
    let sorted = |m: &[&str]| {
        let mut v: Vec<String> = m.iter().map(|s| s.to_string()).collect();
        v.sort();
        v
    };
    let o = v1(&full_data(V1_TYPED, &[])).unwrap();
    assert_eq!(member_keys(&o, &o.fields), sorted(V1_MEMBERS));
    let o = v2(&full_data(V2_TYPED, &[])).unwrap();
    assert_eq!(member_keys(&o, &o.fields), sorted(V2_MEMBERS));
}

#[test]
fn wire_fields_named_like_members_never_replace_them() {
    use crate::core::case::camel_to_snake;
    for (typed, members) in [(V1_TYPED, V1_MEMBERS), (V2_TYPED, V2_MEMBERS)] {
        // Every member under its own name and, when no mapped field has it, its snake_case
        // one (`total_fee_fen`, `pay_channel`, `api`...), plus the response metadata.
        let mut extra: Vec<(String, serde_json::Value)> = Vec::new();
        for name in members
            .iter()
            .chain(crate::providers::typed_view::META.iter())
        {
            extra.push((name.to_string(), serde_json::json!("999")));
            let snake = camel_to_snake(name);
            if !typed.contains(&snake.as_str()) && snake != *name {
                extra.push((snake, serde_json::json!("999")));
            }
        }
        let data = full_data(typed, &extra);
        let json = match typed == V1_TYPED {
            true => serde_json::to_value(v1(&data).unwrap()).unwrap(),
            false => serde_json::to_value(v2(&data).unwrap()).unwrap(),
        };
        let obj = json.as_object().unwrap();
        for (key, value) in obj {
            if key != "raw" {
                assert_ne!(value, "999", "{key} was replaced by a wire field");
            }
        }
        assert!(!obj.contains_key("attempts") && !obj.contains_key("host"));
        for (name, _) in &extra {
            assert_eq!(obj["raw"][name], "999", "{name} stays in raw");
        }
        assert!(obj["status"].is_object());
    }
}

#[test]
fn untyped_values_are_kept_as_sent_in_wire_order() {
    // Numbers in forms a double would not print back, an integer beyond 2^53, nested members
    // out of alphabetical order: raw and the untyped fields keep them exactly.
    let data = r#"{"zeta":8.007e1,"trade_state":"SUCCESS","alpha":80.070,"big":12345678901234567890,
        "neg":-0,"exp":1E2,"tiny":1e-400,"nested":{"z":[1.50,{"y":2,"b":true}],"a":null}}"#;
    let o = v1(data).unwrap();
    assert_eq!(
        names(&o.raw),
        [
            "zeta",
            "trade_state",
            "alpha",
            "big",
            "neg",
            "exp",
            "tiny",
            "nested"
        ]
    );
    assert_eq!(
        names(&o.fields),
        ["zeta", "alpha", "big", "neg", "exp", "tiny", "nested"]
    );
    for (name, token) in [
        ("zeta", "8.007e1"),
        ("alpha", "80.070"),
        ("big", "12345678901234567890"),
        ("neg", "-0"),
        ("exp", "1E2"),
        ("tiny", "1e-400"),
    ] {
        assert_eq!(
            o.raw.get(name),
            Some(&Value::Number(token.into())),
            "{name}"
        );
        assert_eq!(o.fields.get(name), o.raw.get(name), "{name}");
    }
    assert_eq!(
        o.raw.get("nested"),
        Some(&json(r#"{"z":[1.50,{"y":2,"b":true}],"a":null}"#))
    );
    let Some(Value::Object(nested)) = o.raw.get("nested") else {
        panic!("nested is an object");
    };
    assert_eq!(nested[0].0, "z");
}

#[test]
fn untyped_values_naming_a_member_twice_are_refused() {
    for bad in [
        r#"{"trade_state":"SUCCESS","x":{"a":1,"a":2}}"#,
        r#"{"trade_state":"SUCCESS","x":[{"b":{"c":1,"c":1}}]}"#,
    ] {
        assert_eq!(
            v1(bad).unwrap_err().code,
            ErrorCode::MalformedResponse,
            "{bad}"
        );
    }
}
