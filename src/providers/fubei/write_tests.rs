// Compiled only under #[cfg(test)], as the parent module declares it.
//! Fubei results written by `core::json_write` against the serde_json writer they were written
//! with before (`core::json_write::tests::same`), the untyped values verbatim, and the request
//! text against `serde_json::to_string` byte for byte (it is sent to Fubei as written).

use super::json::RawObject;
use super::sign::explain;
use super::*;
use crate::core::json_write::tests::{same, AWKWARD};
use crate::core::json_write::to_json;
use crate::order::{OrderStatus, TradeState};
use serde_json::{json, Value};

/// The object of serde_json's text of `value` as payquery reads it: numbers in the form
/// serde_json prints them, which reads back to the same text (so that `same` can compare
/// the verbatim writer with serde_json's, which prints each number's value).
fn object(value: Value) -> RawObject {
    RawObject::parse(&value.to_string(), "test").unwrap()
}

fn fields() -> RawObject {
    object(json!({
        "body": AWKWARD[3],
        "newThing": {"a": [1, 80.07, 0.29, -0.0, null], "中": AWKWARD[2]},
        "big": 9_007_199_254_740_991i64,
        "f": 1e21,
    }))
}

fn raw() -> RawObject {
    object(
        json!({"total_fee": 80.07, "order_sn": -9_007_199_254_740_991i64,
        "attach": AWKWARD[2], "x": [AWKWARD[3], 19.99, 1e-7, true]}),
    )
}

fn status(int: i64) -> OrderStatus {
    let mut s = OrderStatus::new(TradeState::Revoking, "REVOKING");
    s.amount_fen = Some(int);
    s.transaction_id = Some(AWKWARD[3].into());
    s
}

fn v1(set: bool, int: i64) -> FubeiV1Order {
    let s = |v: &str| set.then(|| v.to_owned());
    let n = set.then_some(int);
    FubeiV1Order {
        api: "1.0",
        trade_state: "SUCCESS".into(),
        merchant_order_sn: s("M1"),
        order_sn: s(AWKWARD[2]),
        trade_no: s("T"),
        platform_order_no: s(AWKWARD[3]),
        total_fee_fen: n,
        order_price_fen: n,
        fee_fen: n,
        net_money_fen: n,
        buyer_pay_amount_fen: n,
        discount_money_fen: n,
        cash_coupon_fee_fen: n,
        no_cash_coupon_fee_fen: n,
        pay_time: s("2024-01-01T12:00:00+08:00"),
        pay_channel: set.then_some(PayChannel::Wechat),
        store_id: s("12345"),
        cashier_id: s("77"),
        fields: if set { fields() } else { RawObject::default() },
        raw: if set { raw() } else { RawObject::default() },
        status: status(int),
    }
}

fn v2(set: bool, int: i64) -> FubeiV2Order {
    let s = |v: &str| set.then(|| v.to_owned());
    let n = set.then_some(int);
    FubeiV2Order {
        api: "2.0",
        order_status: AWKWARD[2].into(),
        order_sn: s("O"),
        merchant_order_sn: s(AWKWARD[3]),
        ins_order_sn: s("I"),
        channel_order_sn: s("C"),
        total_amount_fen: n,
        net_amount_fen: n,
        buyer_pay_amount_fen: n,
        fee_fen: n,
        finish_time: s("2024-01-01T12:00:00+08:00"),
        pay_channel: set.then_some(PayChannel::Unionpay),
        merchant_id: s("1900001"),
        store_id: s("1"),
        cashier_id: s("2"),
        payment_list: if set {
            vec![
                Payment {
                    kind: Some("FUBEI_DISCOUNT".into()),
                    amount_fen: Some(int),
                },
                Payment {
                    kind: None,
                    amount_fen: None,
                },
            ]
        } else {
            vec![]
        },
        fields: if set { fields() } else { RawObject::default() },
        raw: if set { raw() } else { RawObject::default() },
        status: status(int),
    }
}

#[test]
fn orders_are_written_as_serde_json_wrote_them() {
    for set in [false, true] {
        for int in [
            0,
            1999,
            9_007_199_254_740_991,
            9_007_199_254_740_992,
            i64::MIN,
        ] {
            same(&v1(set, int));
            same(&v2(set, int));
            same(&FubeiOrder::V1(v1(set, int)));
            same(&FubeiOrder::V2(v2(set, int)));
        }
    }
    for channel in [PayChannel::Wechat, PayChannel::Alipay, PayChannel::Unionpay] {
        same(&FubeiOrder::V1(FubeiV1Order {
            pay_channel: Some(channel),
            ..v1(false, 0)
        }));
    }
}

#[test]
fn untyped_values_are_written_as_sent() {
    // Number forms serde_json would print otherwise (or refuse: beyond 2^53), members out of
    // alphabetical order, and a string in the ASCII form every result string is written in.
    let data = r#"{"trade_state":"SUCCESS","zeta":8.007e1,"alpha":80.070,"big":12345678901234567890,"neg":-0,"exp":1E2,"tiny":1e-400,"nested":{"z":[1.50,{"y":2,"b":true}],"a":null},"s":"\u4e2d\u000a"}"#;
    let order = FubeiV1Order::from_data(&RawObject::parse(data, "data").unwrap()).unwrap();
    let text = to_json(&order).unwrap();
    let raw_text = &data.replacen(r#""trade_state":"SUCCESS","#, "", 1);
    assert!(
        text.contains(&format!(
            r#""tradeState":"SUCCESS",{},"raw":{data},"#,
            &raw_text[1..raw_text.len() - 1]
        )),
        "{text}"
    );
    // What JSON.parse reads of it is what it reads of Fubei's text (numbers compared as the
    // doubles JavaScript has).
    let ours: Value = serde_json::from_str(&text).unwrap();
    let theirs: Value = serde_json::from_str(data).unwrap();
    for (name, value) in theirs.as_object().unwrap() {
        assert_eq!(ours["raw"][name], *value, "{name}");
        if let Some(n) = value.as_f64() {
            assert_eq!(ours["raw"][name].as_f64(), Some(n), "{name}");
        }
    }
}

#[test]
fn typed_integers_beyond_2_53_are_still_refused() {
    let text = to_json(&v1(true, 9_007_199_254_740_992)).unwrap_err();
    assert!(text.contains("9007199254740992"), "{text}");
    assert!(to_json(&v1(true, 9_007_199_254_740_991)).is_ok());
}

#[test]
fn explanations_are_written_as_serde_json_wrote_them() {
    let secret = Secret::new("fake0fubei0secret0not0real000000");
    let params = |sign: Option<&str>| {
        let mut p: Vec<(String, String)> = vec![
            ("app_id".into(), "20190101000000000001".into()),
            (
                "biz_content".into(),
                format!("{{\"x\":\"{}\"}}", AWKWARD[3]),
            ),
            ("empty".into(), String::new()),
        ];
        if let Some(s) = sign {
            p.push(("sign".into(), s.into()));
        }
        p
    };
    same(&explain(&params(None), &secret));
    same(&explain(&params(Some("0000")), &secret));
    let right = explain(&params(None), &secret).signature;
    same(&explain(&params(Some(&right)), &secret));
    same(&explain(&[], &secret));
}

#[test]
fn request_text_is_serde_jsons_byte_for_byte() {
    let configs = [
        Config::new(
            Api::V1,
            Identity::AppId("20190101000000000001".into()),
            Secret::new("s"),
            None,
            None,
        )
        .unwrap(),
        Config::new(
            Api::V2,
            Identity::VendorSn("Vendor_-1".into()),
            Secret::new("s"),
            // Beyond 2^53: sent whole, as serde_json sent it.
            Some(999_999_999_999_999_999),
            None,
        )
        .unwrap(),
    ];
    for config in &configs {
        for query in [
            Query::by_merchant_order_sn("M-1_a").unwrap(),
            Query::by_order_sn("2024").unwrap(),
            Query::by_ins_order_sn("I-9").unwrap(),
        ] {
            let Ok(ours) = biz_content(config, &query) else {
                continue;
            };
            let biz = Biz {
                merchant_id: config.merchant_id,
                merchant_order_sn: matches!(query, Query::MerchantOrderSn(_))
                    .then(|| query.value()),
                order_sn: matches!(query, Query::OrderSn(_)).then(|| query.value()),
                ins_order_sn: matches!(query, Query::InsOrderSn(_)).then(|| query.value()),
            };
            assert_eq!(ours, serde_json::to_string(&biz).unwrap());
            let request = build_query(config, &query, "AbCdEfGh0123").unwrap();
            let mut params = query_params(config, &query, "AbCdEfGh0123").unwrap();
            params.push((
                "sign".into(),
                sign::sign(
                    params.iter().map(|(k, v)| (k.as_str(), v.as_str())),
                    &config.app_secret,
                ),
            ));
            let map: serde_json::Map<String, Value> = params
                .into_iter()
                .map(|(k, v)| (k, Value::String(v)))
                .collect();
            assert_eq!(request.body, serde_json::to_string(&map).unwrap());
        }
    }
}
