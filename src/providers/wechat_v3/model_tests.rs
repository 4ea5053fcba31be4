// Compiled only under #[cfg(test)], as the parent module declares it.
//! Host tests of verified answers typed as orders: direct, partner and combine orders, money,
//! times and shapes refused, duplicate names, and wire members named like typed ones.

use super::model::combine_state;
use super::tests::{direct, partner};
use super::*;
use crate::error::ErrorCode;
use crate::order::TradeState;
use serde_json::json;

use super::notify;

pub(super) fn paid_body() -> Vec<u8> {
    json!({
        "appid": "wxd678efh567hg6787", "mchid": "1900000001", "out_trade_no": "PQ-V3-PAID",
        "transaction_id": "4200000000202401010000000001", "trade_type": "JSAPI",
        "trade_state": "SUCCESS", "trade_state_desc": "支付成功", "bank_type": "CMC",
        "attach": "", "success_time": "2024-01-01T12:00:00+08:00",
        "payer": { "openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" },
        "amount": { "total": 101, "payer_total": 81, "currency": "CNY", "payer_currency": "CNY" },
        "scene_info": { "device_id": "013467007045764" },
        "promotion_detail": [{
            "coupon_id": "109519", "name": "单品惠", "scope": "SINGLE", "type": "CASH",
            "amount": 20, "stock_id": "931386", "wechatpay_contribute": 0,
            "merchant_contribute": 20, "other_contribute": 0, "currency": "CNY",
            "goods_detail": [{ "goods_id": "M1006", "quantity": 1, "unit_price": 101,
                "discount_amount": 20, "goods_remark": "商品备注", "future_flag": true }]
        }],
        "new_top_field": { "nested_key": [ { "deep_key": 1 } ] }
    })
    .to_string()
    .into_bytes()
}

/// `parse_query` on a body whose signature is taken as verified (host tests have no RSA).
pub(super) fn parse_verified(config: &Config, query: &Query, body: &[u8]) -> Result<V3Order> {
    parse_query(
        config,
        query,
        &HttpResponse::ok(body.to_vec()),
        verify::Verified::assumed(),
    )
}

pub(super) fn to_json<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap()
}

#[test]
fn a_paid_direct_order_is_typed_in_camel_case_with_fen_and_status() {
    let q = Query::by_out_trade_no("PQ-V3-PAID").unwrap();
    let order = to_json(&parse_verified(&direct(), &q, &paid_body()).unwrap());
    assert_eq!(order["tradeState"], "SUCCESS");
    assert_eq!(order["amount"]["payerTotal"], 81);
    assert_eq!(order["payer"]["openid"], "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o");
    assert_eq!(order["sceneInfo"]["deviceId"], "013467007045764");
    let promo = &order["promotionDetail"][0];
    assert_eq!(promo["type"], "CASH");
    assert_eq!(promo["merchantContribute"], 20);
    assert_eq!(promo["goodsDetail"][0]["unitPrice"], 101);
    assert_eq!(
        promo["goodsDetail"][0]["futureFlag"], true,
        "unknown nested fields survive"
    );
    assert_eq!(order["newTopField"]["nestedKey"][0]["deepKey"], 1);
    assert_eq!(
        order["raw"]["new_top_field"]["nested_key"][0]["deep_key"],
        1
    );
    assert_eq!(order["raw"]["amount"]["payer_total"], 81);
    assert_eq!(
        order["status"],
        json!({ "state": "PAID", "final": true, "providerState": "SUCCESS", "amountFen": 101,
            "paidAt": "2024-01-01T12:00:00+08:00", "transactionId": "4200000000202401010000000001",
            "outTradeNo": "PQ-V3-PAID" })
    );
    assert!(order.get("spMchid").is_none());
}

#[test]
fn a_partner_order_carries_both_merchants_and_openids() {
    let body = json!({
        "sp_appid": "wx8888888888888888", "sp_mchid": "1900000100",
        "sub_appid": "wxd678efh567hg6999", "sub_mchid": "1900000109",
        "out_trade_no": "PQ-V3-SP", "trade_state": "NOTPAY", "trade_state_desc": "订单未支付",
        "payer": { "sp_openid": "oSp1", "sub_openid": "oSub1" }, "amount": { "total": 8007 }
    });
    let q = Query::by_out_trade_no("PQ-V3-SP").unwrap();
    let order = to_json(&parse_verified(&partner(), &q, body.to_string().as_bytes()).unwrap());
    assert_eq!(order["spMchid"], "1900000100");
    assert_eq!(order["subAppid"], "wxd678efh567hg6999");
    assert_eq!(
        order["payer"],
        json!({ "spOpenid": "oSp1", "subOpenid": "oSub1" })
    );
    assert_eq!(order["status"]["state"], "NOT_PAID");
    assert_eq!(order["status"]["paidAt"], serde_json::Value::Null);
    assert_eq!(order["status"]["amountFen"], 8007);
}

#[test]
fn malformed_money_times_and_shapes_are_refused() {
    let q = Query::by_out_trade_no("T1").unwrap();
    for bad in [
        json!({ "mchid": "1900000001", "out_trade_no": "T1", "trade_state": "SUCCESS", "amount": { "total": 1.5 } }),
        json!({ "mchid": "1900000001", "out_trade_no": "T1", "trade_state": "SUCCESS", "amount": { "total": -1 } }),
        json!({ "mchid": "1900000001", "out_trade_no": "T1", "trade_state": "SUCCESS", "amount": { "total": "101" } }),
        json!({ "mchid": "1900000001", "out_trade_no": "T1", "trade_state": "SUCCESS", "amount": { "total": 9_007_199_254_740_992_i64 } }),
        json!({ "mchid": "1900000001", "out_trade_no": "T1", "trade_state": "SUCCESS", "success_time": "2024-01-01 12:00:00" }),
        json!({ "mchid": "1900000001", "out_trade_no": "T1" }),
        json!({ "mchid": "1900000001", "out_trade_no": "T1", "trade_state": 5 }),
        json!([1, 2]),
    ] {
        let e = parse_verified(&direct(), &q, bad.to_string().as_bytes()).unwrap_err();
        assert_eq!(e.code, ErrorCode::MalformedResponse, "{bad}");
    }
    let e = parse_verified(&direct(), &q, b"{\"mchid\":").unwrap_err();
    assert_eq!(e.code, ErrorCode::MalformedResponse);
    for good in ["2024-01-01T12:00:00+08:00", "2024-01-01T04:00:00.123Z"] {
        assert!(model::is_rfc3339(good), "{good}");
    }
    for bad in [
        "2024-01-01T12:00:00",
        "2024-01-01T12:00:00+0800",
        "2024-01-01T12:00:00.+08:00",
    ] {
        assert!(!model::is_rfc3339(bad), "{bad}");
    }
}

/// A signed body naming a member twice means different orders to readers that keep the first
/// or the last value: refused at any depth, in answers and decrypted notifications alike.
/// (Regression: fuzz/seeds/v3_response/regression-duplicate-trade-state.)
#[test]
fn a_body_naming_a_member_twice_is_refused() {
    let paid = String::from_utf8(paid_body()).unwrap();
    let q = Query::by_out_trade_no("PQ-V3-PAID").unwrap();
    assert!(parse_verified(&direct(), &q, paid.as_bytes()).is_ok());
    let twice = [
        // The last value is another order's and state; the first is the one queried.
        paid.replacen('}', r#"},"out_trade_no":"PQ-V3-OTHER""#, 1),
        paid.replacen('{', r#"{"trade_state":"NOTPAY","#, 1),
        paid.replace(r#""total":101"#, r#""total":101,"total":1"#),
        paid.replace(r#""deep_key":1"#, r#""deep_key":1,"deep_key":2"#),
    ];
    for body in twice {
        let e = parse_verified(&direct(), &q, body.as_bytes()).unwrap_err();
        assert_eq!(e.code, ErrorCode::MalformedResponse, "{body}");
        assert!(e.message.contains("duplicate name"), "{}", e.message);
    }
    let combine = String::from_utf8(combine_body(&["SUCCESS", "SUCCESS"])).unwrap();
    let body = combine.replacen(r#""mchid""#, r#""mchid":"1900000009","mchid""#, 1);
    let cq = Query::by_combine_out_trade_no("PQ-V3-COMBINE").unwrap();
    let e = parse_verified(&direct(), &cq, body.as_bytes()).unwrap_err();
    assert_eq!(e.code, ErrorCode::MalformedResponse);
    let envelope = json!({ "id": "EV-1", "event_type": "TRANSACTION.SUCCESS",
        "resource": { "algorithm": "AEAD_AES_256_GCM", "ciphertext": "c2VjcmV0IGNpcGhlcnRleHQgYW5kIHRhZw==",
            "nonce": "fdasflkja484w" } });
    let (env, _) = notify::open(envelope.to_string().as_bytes()).unwrap();
    let plaintext = paid.replacen('{', r#"{"out_trade_no":"PQ-V3-OTHER","#, 1);
    let e = parse_notification(&direct(), env, plaintext.as_bytes()).unwrap_err();
    assert_eq!(e.code, ErrorCode::MalformedResponse);
}

pub(super) fn combine_body(states: &[&str]) -> Vec<u8> {
    let subs: Vec<serde_json::Value> = states
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({ "mchid": "1900000001", "trade_state": s, "out_trade_no": format!("SUB-{i}"),
                "transaction_id": format!("42000000002024010100000000{i:02}"),
                "success_time": format!("2024-01-01T12:00:0{i}+08:00"),
                "amount": { "total_amount": 100 * (i as i64 + 1), "currency": "CNY", "settlement_rate": 100000000 } })
        })
        .collect();
    json!({ "combine_appid": "wxd678efh567hg6787", "combine_mchid": "1900000001",
        "combine_out_trade_no": "PQ-V3-COMBINE", "sub_orders": subs,
        "combine_payer_info": { "openid": "oC1" }, "scene_info": { "device_id": "POS1" } })
    .to_string()
    .into_bytes()
}

#[test]
fn combine_orders_type_each_sub_order_and_combine_the_status() {
    let q = Query::by_combine_out_trade_no("PQ-V3-COMBINE").unwrap();
    let parse =
        |states: &[&str]| to_json(&parse_verified(&direct(), &q, &combine_body(states)).unwrap());
    let paid = parse(&["SUCCESS", "SUCCESS"]);
    assert_eq!(paid["status"]["state"], "PAID");
    assert_eq!(paid["status"]["final"], true);
    assert_eq!(paid["status"]["amountFen"], 300);
    assert_eq!(paid["status"]["paidAt"], "2024-01-01T12:00:01+08:00");
    assert_eq!(paid["status"]["outTradeNo"], "PQ-V3-COMBINE");
    assert_eq!(paid["subOrders"][1]["amount"]["totalAmount"], 200);
    assert_eq!(paid["subOrders"][1]["amount"]["settlementRate"], 100000000);
    assert_eq!(paid["combinePayerInfo"]["openid"], "oC1");
    let mixed = parse(&["SUCCESS", "NOTPAY", "SUCCESS"]);
    assert_eq!(mixed["status"]["state"], "NOT_PAID");
    assert_eq!(mixed["status"]["final"], false);
    assert_eq!(mixed["status"]["providerState"], "SUCCESS,NOTPAY");
    assert_eq!(mixed["subOrders"][0]["status"]["state"], "PAID");
    assert_eq!(mixed["subOrders"][1]["status"]["state"], "NOT_PAID");
    assert_eq!(mixed["status"]["paidAt"], serde_json::Value::Null);
    let e = parse_verified(&direct(), &q, &combine_body(&[])).unwrap_err();
    assert_eq!(e.code, ErrorCode::MalformedResponse);
    let other = Query::by_combine_out_trade_no("PQ-V3-OTHER").unwrap();
    let e = parse_verified(&direct(), &other, &combine_body(&["SUCCESS"])).unwrap_err();
    assert_eq!(e.code, ErrorCode::ResponseMismatch);
}

#[test]
fn combine_state_is_final_only_when_every_sub_order_is() {
    use TradeState::*;
    for (states, want, fin) in [
        (vec![Paid, Paid], Paid, true),
        (vec![Closed, Closed], Closed, true),
        (vec![Paid, Refunded], Refunded, true),
        (vec![Paid, Closed], Unknown, false),
        (vec![Paid, Paying], Paying, false),
        (vec![Paid, NotPaid, Paying], Paying, false),
        (vec![Paid, NotPaid], NotPaid, false),
        (vec![Paid, Unknown], Unknown, false),
        (vec![], Unknown, false),
    ] {
        let got = combine_state(&states);
        assert_eq!((got, got.is_final()), (want, fin), "{states:?}");
    }
}

#[test]
fn signed_fields_named_like_typed_members_never_replace_them() {
    let q = Query::by_out_trade_no("PQ-V3-PAID").unwrap();
    let mut body: serde_json::Value = serde_json::from_slice(&paid_body()).unwrap();
    let obj = body.as_object_mut().unwrap();
    obj.remove("trade_state_desc");
    obj["amount"].as_object_mut().unwrap().remove("payer_total");
    for name in [
        "tradeState",
        "outTradeNo",
        "transactionId",
        "tradeStateDesc",
        "successTime",
        "status",
        "raw",
        "attempts",
        "host",
        "amount_",
        "Amount",
        "mchid_",
    ] {
        obj.insert(name.into(), json!("999"));
    }
    obj["amount"]["payerTotal"] = json!(999);
    obj["payer"]["status"] = json!("999");
    let order = to_json(&parse_verified(&direct(), &q, &body.to_string().into_bytes()).unwrap());
    assert_eq!(order["tradeState"], "SUCCESS");
    assert_eq!(order["outTradeNo"], "PQ-V3-PAID");
    assert_eq!(order["status"]["state"], "PAID");
    assert_eq!(
        order["amount"],
        json!({ "total": 101, "currency": "CNY", "payerCurrency": "CNY" })
    );
    assert_eq!(
        order["payer"]["status"], "999",
        "an unknown nested field is kept"
    );
    for absent in [
        "tradeStateDesc",
        "successTime",
        "attempts",
        "host",
        "Amount",
    ] {
        assert!(
            order.get(absent).is_none() || order[absent] != "999",
            "{absent}"
        );
    }
    assert!(order["raw"].is_object() && order["raw"]["status"] == "999");
    assert_eq!(order["raw"]["attempts"], "999");
    assert_eq!(order["successTime"], "2024-01-01T12:00:00+08:00");
    // Combine: `status` at the top and in sub-orders stays the typed one.
    let q = Query::by_combine_out_trade_no("PQ-V3-COMBINE").unwrap();
    let mut body: serde_json::Value = serde_json::from_slice(&combine_body(&["SUCCESS"])).unwrap();
    body["status"] = json!("999");
    body["raw"] = json!("999");
    body["subOrders"] = json!("999");
    body["sub_orders"][0]["status"] = json!("999");
    body["sub_orders"][0]["tradeState"] = json!("999");
    let order = to_json(&parse_verified(&direct(), &q, &body.to_string().into_bytes()).unwrap());
    assert_eq!(order["status"]["state"], "PAID");
    assert!(order["raw"].is_object());
    assert!(order["subOrders"].is_array());
    assert_eq!(order["subOrders"][0]["status"]["state"], "PAID");
    assert_eq!(order["subOrders"][0]["tradeState"], "SUCCESS");
}

type Edit = dyn Fn(&mut serde_json::Value);

/// Misfits read as serde's derived reader put them (the models were derived until the readers
/// of `read.rs` replaced them): the first member in the object's order, no position.
#[test]
fn misfits_are_named_as_before() {
    let q = Query::by_out_trade_no("PQ-V3-PAID").unwrap();
    let body: serde_json::Value = serde_json::from_slice(&paid_body()).unwrap();
    let message = |edit: &Edit| {
        let mut b = body.clone();
        edit(&mut b);
        let e = parse_verified(&direct(), &q, b.to_string().as_bytes()).unwrap_err();
        assert_eq!(e.code, ErrorCode::MalformedResponse);
        e.message
    };
    let cases: [(&Edit, &str); 7] = [
        (
            &|b| b["amount"]["total"] = json!(1.5),
            "invalid type: floating point `1.5`, expected i64",
        ),
        (&|b| b["amount"]["total"] = json!(-1), "amount -1: "),
        (
            &|b| b["amount"]["total"] = json!(u64::MAX),
            "invalid value: integer `18446744073709551615`, expected i64",
        ),
        (
            &|b| b["trade_state"] = json!(null),
            "invalid type: null, expected a string",
        ),
        (
            &|b| {
                b.as_object_mut().unwrap().remove("trade_state");
            },
            "missing field `trade_state`",
        ),
        (
            &|b| b["promotion_detail"][0]["goods_detail"] = json!({}),
            "invalid type: map, expected a sequence",
        ),
        // `amount` sorts before `payer`: its misfit is the one named.
        (
            &|b| {
                b["payer"] = json!("x");
                b["amount"] = json!([]);
            },
            "invalid type: sequence, expected struct Amount",
        ),
    ];
    for (edit, want) in cases {
        let got = message(edit);
        assert!(
            got.starts_with(&format!("the order does not fit: {want}")),
            "{got}"
        );
    }
}
