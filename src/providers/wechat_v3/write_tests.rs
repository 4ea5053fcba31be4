// Compiled only under #[cfg(test)], as the parent module declares it.
//! APIv3 results written by `core::json_write` against the serde_json writer they were written
//! with before (`core::json_write::tests::same`): parsed orders, every optional member set and
//! unset, unknown fields (camelCased, nested), strings needing escapes, big integers, floats.

use super::certificates::Downloaded;
use super::explain::{explain_request, explain_response, LineDiff};
use super::fields::{
    Amount, CombinePayer, Extra, GoodsDetail, Payer, Promotion, SceneInfo, SubOrderAmount,
};
use super::model::{CombineOrder, SubOrder, TransactionOrder, V3Order};
use super::model_tests::{combine_body, paid_body, parse_verified};
use super::notify::{Event, Notification};
use super::tests::{direct, store};
use super::Query;
use crate::core::json_value::{from_serde, Value as JValue};
use crate::core::json_write::tests::{same, AWKWARD};
use crate::order::{OrderStatus, TradeState};
use crate::providers::notification::{failure, success, Provider};
use crate::transport::HttpResponse;
use serde_json::json;

/// Unknown fields: snake_case names (camelCased when written), a non-canonical one (dropped),
/// nested objects and arrays, awkward strings, floats and a given integer.
fn extra(int: i64) -> Extra {
    let JValue::Object(members) = from_serde(&json!({
        "new_field": AWKWARD[2], "payerTotal": 1, "z_last": [1.5, -0.0, 1e300, {"deep_key": int}],
        "a_first": {"nested_key": AWKWARD[3], "n": null, "b": true}, "k": int
    })) else {
        unreachable!()
    };
    Extra(members)
}

fn full(int: i64) -> TransactionOrder {
    let s = |v: &str| Some(v.to_owned());
    let promotion = Promotion {
        extra: extra(int),
        coupon_id: s("109519"),
        name: s(AWKWARD[3]),
        scope: s("SINGLE"),
        kind: s("CASH"),
        amount: Some(int),
        stock_id: s("931386"),
        wechatpay_contribute: Some(0),
        merchant_contribute: Some(int.saturating_neg()),
        other_contribute: Some(1),
        currency: s("CNY"),
        goods_detail: Some(vec![
            GoodsDetail {
                extra: extra(int),
                goods_id: s(AWKWARD[2]),
                quantity: Some(1),
                unit_price: Some(int),
                discount_amount: Some(20),
                goods_remark: s(AWKWARD[4]),
            },
            GoodsDetail::default(),
        ]),
    };
    let mut status = OrderStatus::new(TradeState::Paid, "SUCCESS");
    status.amount_fen = Some(int);
    status.paid_at = s("2024-01-01T12:00:00+08:00");
    TransactionOrder {
        extra: extra(int),
        appid: s("wxd678efh567hg6787"),
        mchid: s("1900000001"),
        sp_appid: s("sp"),
        sp_mchid: s("spm"),
        sub_appid: s("sub"),
        sub_mchid: s("subm"),
        out_trade_no: s(AWKWARD[5]),
        transaction_id: s("4200"),
        trade_type: s("JSAPI"),
        trade_state: "SUCCESS".into(),
        trade_state_desc: s(AWKWARD[3]),
        bank_type: s("CMC"),
        attach: s(AWKWARD[2]),
        success_time: s("2024-01-01T12:00:00+08:00"),
        payer: Some(Payer {
            extra: extra(int),
            openid: s("o1"),
            sp_openid: s("o2"),
            sub_openid: s("o3"),
        }),
        amount: Some(Amount {
            extra: extra(int),
            total: Some(int),
            payer_total: Some(81),
            currency: s("CNY"),
            payer_currency: s("CNY"),
        }),
        scene_info: Some(SceneInfo {
            extra: extra(int),
            device_id: s(AWKWARD[3]),
        }),
        promotion_detail: Some(vec![promotion, Promotion::default()]),
        raw: from_serde(&json!({"anything": [AWKWARD, int, 0.1], "中": {}})),
        status: Some(status),
    }
}

fn combine(int: i64) -> CombineOrder {
    let s = |v: &str| Some(v.to_owned());
    let sub = SubOrder {
        extra: extra(int),
        mchid: s("m"),
        sub_mchid: s("sm"),
        sub_appid: s("sa"),
        sub_openid: s("so"),
        trade_type: s("JSAPI"),
        trade_state: AWKWARD[3].into(),
        bank_type: s("CMC"),
        attach: s(AWKWARD[2]),
        success_time: s("t"),
        transaction_id: s("4200"),
        out_trade_no: s("SUB-0"),
        amount: Some(SubOrderAmount {
            extra: extra(int),
            total_amount: Some(int),
            payer_amount: Some(1),
            currency: s("CNY"),
            payer_currency: s("USD"),
            settlement_rate: Some(100_000_000),
        }),
        promotion_detail: full(int).promotion_detail,
        status: Some(OrderStatus::new(TradeState::Paying, "USERPAYING")),
    };
    CombineOrder {
        extra: extra(int),
        combine_appid: s("wx"),
        combine_mchid: s("1900000001"),
        combine_out_trade_no: s(AWKWARD[4]),
        scene_info: Some(SceneInfo::default()),
        sub_orders: vec![sub, SubOrder::default()],
        combine_payer_info: Some(CombinePayer {
            extra: extra(int),
            openid: s("oC1"),
        }),
        raw: from_serde(&json!([1, "x"])),
        status: Some(OrderStatus::new(TradeState::Unknown, "")),
    }
}

#[test]
fn typed_orders_are_written_as_serde_json_wrote_them() {
    for int in [
        0,
        101,
        9_007_199_254_740_991,
        -9_007_199_254_740_992,
        i64::MAX,
    ] {
        same(&full(int));
        same(&combine(int));
        same(&V3Order::Transaction(Box::new(full(int))));
        same(&V3Order::Combine(Box::new(combine(int))));
    }
    same(&TransactionOrder::default());
    same(&CombineOrder::default());
    same(&SubOrder::default());
    same(&Promotion::default());
    same(&Amount::default());
    same(&SubOrderAmount::default());
    same(&Payer::default());
    same(&CombinePayer::default());
    same(&GoodsDetail::default());
    same(&SceneInfo::default());
}

#[test]
fn parsed_orders_are_written_as_serde_json_wrote_them() {
    let q = Query::by_out_trade_no("PQ-V3-PAID").unwrap();
    same(&parse_verified(&direct(), &q, &paid_body()).unwrap());
    let q = Query::by_combine_out_trade_no("PQ-V3-COMBINE").unwrap();
    for states in [
        &["SUCCESS", "SUCCESS"][..],
        &["SUCCESS", "NOTPAY", "CLOSED"],
    ] {
        same(&parse_verified(&direct(), &q, &combine_body(states)).unwrap());
    }
}

#[test]
fn notifications_are_written_as_serde_json_wrote_them() {
    let s = |v: &str| Some(v.to_owned());
    let event = |set: bool| Event {
        id: AWKWARD[2].into(),
        event_type: "TRANSACTION.SUCCESS".into(),
        create_time: set.then(|| "2024-01-01T12:00:00+08:00".into()),
        resource_type: set.then(|| "encrypt-resource".into()),
        original_type: set.then(|| "transaction".into()),
        summary: set.then(|| AWKWARD[3].into()),
    };
    for set in [false, true] {
        same(&Notification {
            order: V3Order::Transaction(Box::new(full(1))),
            event: event(set),
        });
        same(&Notification {
            order: V3Order::Combine(Box::new(combine(1))),
            event: event(set),
        });
    }
    let refused = Notification {
        order: V3Order::Transaction(Box::new(full(i64::MIN))),
        event: Event {
            summary: s("x"),
            ..event(true)
        },
    };
    same(&refused);
}

#[test]
fn explanations_are_written_as_serde_json_wrote_them() {
    let auth = "WECHATPAY2-SHA256-RSA2048 mchid=\"1900000001\",nonce_str=\"N\",\
                timestamp=\"1700000000\",serial_no=\"S\",signature=\"c2ln\"";
    for (body, nonce, authorization, wechat) in [
        ("", Some("N"), None, None),
        ("{\"a\":\"中\"}", None, Some(auth), None),
        (
            "{}",
            Some("N"),
            Some(auth),
            Some("GET\n/v3/x\n1700000000\nN\n{}\n"),
        ),
        (
            "{}\u{200b}",
            Some("N"),
            None,
            Some("POST\n/v3/y?\u{1}\n1700000001\nM\n{} \n"),
        ),
    ] {
        let x = explain_request(
            "POST",
            "https://api.mch.weixin.qq.com/v3/y",
            body,
            Some(1_700_000_000),
            nonce,
            authorization,
            wechat,
        )
        .unwrap();
        same(&x);
    }
    let mut response = HttpResponse::ok(b"{\"a\":1}".to_vec());
    same(&explain_response(&response, 1_700_000_000, 300));
    response.headers = vec![
        ("Wechatpay-Timestamp".into(), "1700000000".into()),
        ("Wechatpay-Nonce".into(), AWKWARD[3].into()),
        ("Wechatpay-Signature".into(), "WECHATPAY/SIGNTEST/x".into()),
        ("Wechatpay-Serial".into(), "PUB".into()),
    ];
    same(&explain_response(&response, 1_700_000_400, 300));
    response.status = 500;
    same(&explain_response(&response, 1_700_000_000, 300));
    let diffs = [
        LineDiff {
            line: usize::MAX,
            name: "BODY",
            ours: None,
            wechat: Some(AWKWARD[2].into()),
            offset: Some(3),
            ours_shown: None,
            wechat_shown: Some(AWKWARD[3].into()),
        },
        LineDiff {
            line: 1,
            name: "METHOD",
            ours: Some("GET".into()),
            wechat: None,
            offset: None,
            ours_shown: Some(AWKWARD[2].into()),
            wechat_shown: None,
        },
    ];
    for diff in &diffs {
        same(diff);
        // The error detail's copy, built without serde: the text of serde_json's value (its
        // map sorted the names), byte for byte.
        let theirs = serde_json::to_value(diff).unwrap();
        assert_eq!(
            crate::core::json_write::to_json(&diff.clone().into_value()),
            crate::core::json_text::reference::to_ascii_json(&theirs)
        );
    }
}

#[test]
fn certificates_and_replies_are_written_as_serde_json_wrote_them() {
    let key = store().keys()[0].clone();
    let cert = |set: bool| Downloaded {
        serial_no: "9A00".into(),
        pem: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".into(),
        not_before: "2024-01-01T00:00:00+08:00".into(),
        not_after: "2029-01-01T00:00:00+08:00".into(),
        effective_time: set.then(|| "2024-01-01T00:00:00+08:00".into()),
        expire_time: set.then(|| AWKWARD[3].into()),
        key: key.clone(),
    };
    same(&vec![cert(true), cert(false)]);
    same(&Vec::<Downloaded>::new());
    let err = crate::error::Error::new(crate::error::ErrorCode::SignatureInvalid, "x");
    for provider in [Provider::WechatV2, Provider::WechatV3, Provider::Fubei] {
        same(&success(provider));
        same(&failure(provider, &err));
    }
}

/// What is not typed is written as WeChat Pay sent it: unknown members camelCased in wire order
/// (serde_json's map sorted them), `raw` with the members in wire order and numbers that are not
/// 64-bit integers as their text (`JSON.parse` reads them as it reads the body); an integer in
/// `raw` beyond 2^53 is still refused, as every result's.
#[test]
fn untyped_members_and_raw_keep_wire_order_and_number_text() {
    let q = Query::by_out_trade_no("T1").unwrap();
    let body = r#"{"z_new":1.50,"mchid":"1900000001","out_trade_no":"T1","trade_state":"NOTPAY","a_new":{"y_k":8.007e1,"b_k":-0},"amount":{"total":101,"z_x":1,"a_x":2}}"#;
    let order = parse_verified(&direct(), &q, body.as_bytes()).unwrap();
    let text = crate::core::json_write::to_json(&order).unwrap();
    assert!(
        text.starts_with(r#"{"zNew":1.50,"aNew":{"yK":8.007e1,"bK":-0},"mchid""#),
        "{text}"
    );
    assert!(
        text.contains(r#""amount":{"zX":1,"aX":2,"total":101}"#),
        "{text}"
    );
    assert!(text.contains(&format!(r#""raw":{body}"#)), "{text}");
    let big = body.replace("1.50", "9007199254740993");
    let order = parse_verified(&direct(), &q, big.as_bytes()).unwrap();
    assert_eq!(
        crate::core::json_write::to_json(&order).unwrap_err(),
        "9007199254740993 can't be represented as a JavaScript number"
    );
}
