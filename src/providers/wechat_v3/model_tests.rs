// Compiled only under #[cfg(test)], as the parent module declares it.
//! Host tests of what happens after verification: typed orders, identity checks, provider
//! errors (with the `SIGN_ERROR` comparison), notifications and `explainV3`.

use super::explain::{compare_messages, explain_request, explain_response};
use super::model::combine_state;
use super::tests::{direct, partner, NOW, PUB_ID};
use super::*;
use crate::error::ErrorCode;
use crate::order::TradeState;
use serde_json::json;

fn paid_body() -> Vec<u8> {
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
fn parse_verified(config: &Config, query: &Query, body: &[u8]) -> Result<V3Order> {
    parse_query(
        config,
        query,
        &HttpResponse::ok(body.to_vec()),
        verify::Verified::assumed(),
    )
}

fn to_json<T: serde::Serialize>(v: &T) -> serde_json::Value {
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
fn a_verified_answer_to_another_query_or_merchant_is_a_mismatch() {
    let q = Query::by_out_trade_no("PQ-V3-OTHER").unwrap();
    let code = |c: &Config, q: &Query, b: &[u8]| parse_verified(c, q, b).unwrap_err().code;
    assert_eq!(
        code(&direct(), &q, &paid_body()),
        ErrorCode::ResponseMismatch
    );
    let by_id = Query::by_transaction_id("4200000000202401010000000002").unwrap();
    assert_eq!(
        code(&direct(), &by_id, &paid_body()),
        ErrorCode::ResponseMismatch
    );
    let paid = Query::by_out_trade_no("PQ-V3-PAID").unwrap();
    assert_eq!(
        code(&partner(), &paid, &paid_body()),
        ErrorCode::ResponseMismatch
    );
    let combine = Query::by_combine_out_trade_no("PQ-V3-PAID").unwrap();
    assert_eq!(
        code(&direct(), &combine, &paid_body()),
        ErrorCode::MalformedResponse
    );
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

fn combine_body(states: &[&str]) -> Vec<u8> {
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

fn response(status: u16, body: serde_json::Value) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![("Request-ID".into(), "08F78BB5AF0610D302".into())],
        body: body.to_string().into_bytes(),
    }
}

#[test]
fn provider_errors_keep_code_status_request_id_and_retryability() {
    let c = direct();
    for (status, code, stable, retryable) in [
        (404, "ORDER_NOT_EXIST", ErrorCode::OrderNotFound, false),
        // Whatever the status, the code decides (never retried).
        (500, "ORDER_NOT_EXIST", ErrorCode::OrderNotFound, false),
        (429, "FREQUENCY_LIMITED", ErrorCode::ProviderError, true),
        (500, "SYSTEM_ERROR", ErrorCode::ProviderError, true),
        (403, "NO_AUTH", ErrorCode::ProviderError, false),
    ] {
        let r = response(
            status,
            json!({ "code": code, "message": "m", "detail": { "field": "f" } }),
        );
        let e = check_response(&c, &r, NOW, None).unwrap_err();
        assert_eq!(e.code, stable, "{status} {code}");
        assert_eq!(e.provider_code.as_deref(), Some(code));
        assert_eq!(e.http_status, Some(status));
        assert_eq!(e.request_id.as_deref(), Some("08F78BB5AF0610D302"));
        assert_eq!(e.retryable, retryable, "{code}");
        assert_eq!(e.detail, Some(json!({ "field": "f" })));
    }
    let html = HttpResponse {
        status: 502,
        headers: vec![],
        body: b"<html>".to_vec(),
    };
    let e = check_response(&c, &html, NOW, None).unwrap_err();
    assert_eq!((e.code, e.retryable), (ErrorCode::HttpError, true));
    // Verification failures of a 2xx answer keep the request id too.
    let unsigned = response(200, json!({}));
    let e = check_response(&c, &unsigned, NOW, None).unwrap_err();
    assert_eq!(e.code, ErrorCode::SignatureMissing);
    assert_eq!(e.request_id.as_deref(), Some("08F78BB5AF0610D302"));
}

#[test]
fn sign_error_shows_both_messages_and_the_first_difference() {
    let ours = "GET\n/v3/pay/transactions/out-trade-no/A?mchid=1\n1700000000\nN1\n\n";
    let theirs = "GET\n/v3/pay/transactions/out-trade-no/A%7C?mchid=1\n1700000000\nN1\n\n";
    let body = json!({ "code": "SIGN_ERROR", "message": "签名错误", "detail": {
        "field": "signature", "location": "authorization",
        "sign_information": { "method": "GET", "url": "/v3/…", "sign_message_length": 64,
            "truncated_sign_message": theirs } } });
    let e = check_response(&direct(), &response(401, body), NOW, Some(ours)).unwrap_err();
    assert_eq!(e.code, ErrorCode::RequestSignatureRejected);
    assert!(e.message.contains("explainV3()"), "{}", e.message);
    assert!(!e.retryable);
    assert_eq!(e.provider_code.as_deref(), Some("SIGN_ERROR"));
    let d = e.detail.unwrap();
    assert_eq!(d["ours"], ours);
    assert_eq!(d["wechat"], theirs);
    assert_eq!(d["firstDifference"]["name"], "URL");
    assert_eq!(d["firstDifference"]["line"], 2);
    assert_eq!(d["wechatLength"], 64);
    assert_eq!(d["provider"]["location"], "authorization");
    // WeChat Pay truncates the body of its copy: a prefix is not a difference.
    let long = "POST\n/v3/x\n1\nN\n{\"amount\":1}\n";
    assert_eq!(compare_messages(long, "POST\n/v3/x\n1\nN\n{\"amo\n"), None);
    let diff = compare_messages(long, "POST\n/v3/x\n1\nN\n{\"other\n").unwrap();
    assert_eq!(diff.name, "BODY");
}

#[test]
fn notifications_open_and_type_the_resource() {
    let envelope = json!({ "id": "EV-2018022511223320873", "create_time": "2015-05-20T13:29:35+08:00",
        "resource_type": "encrypt-resource", "event_type": "TRANSACTION.SUCCESS", "summary": "支付成功",
        "resource": { "original_type": "transaction", "algorithm": "AEAD_AES_256_GCM",
            "ciphertext": "c2VjcmV0IGNpcGhlcnRleHQgYW5kIHRhZw==", "associated_data": "transaction",
            "nonce": "fdasflkja484w" } });
    let (env, sealed) = notify::open(envelope.to_string().as_bytes()).unwrap();
    assert_eq!(sealed.iv, b"fdasflkja484w");
    assert_eq!(sealed.aad, b"transaction");
    assert_eq!(sealed.data, b"secret ciphertext and tag");
    let n = to_json(&parse_notification(&direct(), env.clone(), &paid_body()).unwrap());
    assert_eq!(n["event"]["id"], "EV-2018022511223320873");
    assert_eq!(n["event"]["eventType"], "TRANSACTION.SUCCESS");
    assert_eq!(n["event"]["originalType"], "transaction");
    assert_eq!(n["status"]["state"], "PAID");
    assert_eq!(n["amount"]["total"], 101);
    let combine = to_json(
        &parse_notification(
            &direct(),
            env.clone(),
            &combine_body(&["SUCCESS", "SUCCESS"]),
        )
        .unwrap(),
    );
    assert_eq!(combine["subOrders"].as_array().unwrap().len(), 2);
    let e = parse_notification(&partner(), env, &paid_body()).unwrap_err();
    assert_eq!(e.code, ErrorCode::ResponseMismatch);
    for (field, value, code) in [
        (
            "algorithm",
            json!("AEAD_AES_128_CBC"),
            ErrorCode::DecryptFailed,
        ),
        ("ciphertext", json!("not base64!"), ErrorCode::DecryptFailed),
        ("ciphertext", json!("c2hvcnQ="), ErrorCode::DecryptFailed),
        ("nonce", json!(""), ErrorCode::DecryptFailed),
        ("nonce", json!(5), ErrorCode::MalformedResponse),
    ] {
        let mut bad = envelope.clone();
        bad["resource"][field] = value;
        let e = notify::open(bad.to_string().as_bytes()).unwrap_err();
        assert_eq!(e.code, code, "{field}");
    }
}

#[test]
fn explain_shows_the_exact_messages() {
    let auth = auth::authorization("1900000001", "N1", 1_700_000_000, "S", "c2ln");
    let r = explain_request(
        "get",
        "https://api.mch.weixin.qq.com/v3/x?a=1",
        "",
        None,
        None,
        Some(&auth),
        None,
    )
    .unwrap();
    assert_eq!(r.message, "GET\n/v3/x?a=1\n1700000000\nN1\n\n");
    assert_eq!(r.matches, None);
    let r = explain_request(
        "GET",
        "/v3/x?a=1",
        "",
        Some(1_700_000_000),
        Some("N1"),
        None,
        Some("GET\n/v3/x?a=2\n1700000000\nN1\n\n"),
    )
    .unwrap();
    assert_eq!(r.matches, Some(false));
    assert_eq!(r.first_difference.unwrap().name, "URL");
    assert!(r.hint.unwrap().contains("percent-encoding"));
    assert!(explain_request("GET", "/v3/x", "", None, None, None, None).is_err());
    let resp = HttpResponse {
        status: 200,
        headers: vec![
            ("Wechatpay-Timestamp".into(), (NOW - 400).to_string()),
            ("Wechatpay-Nonce".into(), "n".into()),
            ("Wechatpay-Signature".into(), "WECHATPAY/SIGNTEST/x".into()),
            ("Wechatpay-Serial".into(), PUB_ID.into()),
        ],
        body: b"{}".to_vec(),
    };
    let x = explain_response(&resp, NOW, 300);
    assert_eq!(
        x.message.as_deref(),
        Some(format!("{}\nn\n{{}}\n", NOW - 400).as_str())
    );
    assert!(x.probe);
    assert_eq!((x.skew_seconds, x.within_skew), (Some(400), Some(false)));
    let bare = explain_response(&HttpResponse::ok("{}"), NOW, 300);
    assert_eq!(bare.missing.len(), 4);
    assert_eq!(bare.message, None);
}

#[test]
fn every_id_kind_and_merchant_id_is_checked_and_required() {
    let mut body: serde_json::Value = serde_json::from_slice(&paid_body()).unwrap();
    let with = |body: &serde_json::Value, name: &str, v: Option<&str>| {
        let mut b = body.clone();
        match v {
            Some(v) => b[name] = json!(v),
            None => {
                b.as_object_mut().unwrap().remove(name);
            }
        }
        b.to_string().into_bytes()
    };
    let by_no = Query::by_out_trade_no("PQ-V3-PAID").unwrap();
    let by_id = Query::by_transaction_id("4200000000202401010000000001").unwrap();
    for (config, q, name) in [
        (direct(), &by_no, "out_trade_no"),
        (direct(), &by_id, "transaction_id"),
        (direct(), &by_no, "mchid"),
    ] {
        assert!(parse_verified(&config, q, &with(&body, name, None).clone()).is_err());
        let e = parse_verified(&config, q, &with(&body, name, Some("19000000099"))).unwrap_err();
        assert_eq!(e.code, ErrorCode::ResponseMismatch, "{name}");
        assert!(e.message.contains(name));
        let e = parse_verified(&config, q, &with(&body, name, None)).unwrap_err();
        assert_eq!(e.code, ErrorCode::ResponseMismatch, "{name} missing");
    }
    // Partner: sp_mchid and sub_mchid, each required and compared.
    let obj = body.as_object_mut().unwrap();
    obj.remove("mchid");
    obj.insert("sp_mchid".into(), json!("1900000100"));
    obj.insert("sub_mchid".into(), json!("1900000109"));
    assert!(parse_verified(&partner(), &by_no, &body.to_string().into_bytes()).is_ok());
    for name in ["sp_mchid", "sub_mchid"] {
        let e = parse_verified(&partner(), &by_no, &with(&body, name, Some("1"))).unwrap_err();
        assert_eq!(e.code, ErrorCode::ResponseMismatch, "{name}");
        let e = parse_verified(&partner(), &by_no, &with(&body, name, None)).unwrap_err();
        assert_eq!(e.code, ErrorCode::ResponseMismatch, "{name} missing");
    }
}

#[test]
fn combine_answers_name_their_initiator_number_and_sub_orders() {
    let q = Query::by_combine_out_trade_no("PQ-V3-COMBINE").unwrap();
    let body: serde_json::Value =
        serde_json::from_slice(&combine_body(&["SUCCESS", "NOTPAY"])).unwrap();
    let check = |edit: &dyn Fn(&mut serde_json::Value), config: &Config| {
        let mut b = body.clone();
        edit(&mut b);
        parse_verified(config, &q, &b.to_string().into_bytes())
    };
    assert!(check(&|_| {}, &direct()).is_ok());
    for (what, edit) in [
        (
            "combine_mchid",
            &(|b: &mut serde_json::Value| b["combine_mchid"] = json!("1900000002"))
                as &dyn Fn(&mut serde_json::Value),
        ),
        ("combine_mchid", &|b: &mut serde_json::Value| {
            b.as_object_mut().unwrap().remove("combine_mchid");
        }),
        ("combine_out_trade_no", &|b: &mut serde_json::Value| {
            b["combine_out_trade_no"] = json!("OTHER")
        }),
        ("combine_out_trade_no", &|b: &mut serde_json::Value| {
            b.as_object_mut().unwrap().remove("combine_out_trade_no");
        }),
        ("sub_orders[].out_trade_no", &|b: &mut serde_json::Value| {
            b["sub_orders"][1]
                .as_object_mut()
                .unwrap()
                .remove("out_trade_no");
        }),
        ("sub_orders[].mchid", &|b: &mut serde_json::Value| {
            b["sub_orders"][0].as_object_mut().unwrap().remove("mchid");
        }),
    ] {
        let e = check(edit, &direct()).unwrap_err();
        assert_eq!(e.code, ErrorCode::ResponseMismatch, "{what}");
        assert!(e.message.contains(what), "{}", e.message);
    }
    // Partner combine: the initiator and every sub-order's mchid are the service provider.
    let sp = |b: &mut serde_json::Value| {
        b["combine_mchid"] = json!("1900000100");
        for s in b["sub_orders"].as_array_mut().unwrap() {
            s["mchid"] = json!("1900000100");
            s["sub_mchid"] = json!("1900000109");
        }
    };
    assert!(check(&sp, &partner()).is_ok());
    let e = check(
        &|b| {
            sp(b);
            b["sub_orders"][1]["mchid"] = json!("1900000001");
        },
        &partner(),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::ResponseMismatch);
    assert!(e.message.contains("sub_orders[].mchid"));
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
