// Compiled only under #[cfg(test)], as the parent module declares it.
//! The `{ cloud }` backend's half of the core: what wx-server-sdk resolves to, typed.

use super::tests::{query, to_json, SUB};
use super::*;
use crate::core::json_value::from_serde;
use crate::error::ErrorCode;
use crate::order::TradeState;
use serde_json::{json, Value};

/// [`super::from_platform`] on the JSON text of `v`, as the binding hands it over.
fn from_platform(q: &CloudPayQuery, v: Value) -> Result<CloudPayResult> {
    super::from_platform(q, &v.to_string())
}

/// What wx-server-sdk resolves to for a paid order: camelCase keys, amounts as numbers.
fn platform_paid() -> Value {
    json!({
        "returnCode": "SUCCESS", "returnMsg": "OK", "appid": "wx0000000000test",
        "mchId": "1900000001", "subMchId": SUB, "nonceStr": "n", "sign": "S",
        "resultCode": "SUCCESS", "tradeState": "SUCCESS", "outTradeNo": "T-1",
        "transactionId": "4200", "totalFee": 101, "cashFee": 81, "couponFee": 20,
        "couponCount": 2, "couponId_0": "C0", "couponType_0": "CASH", "couponFee_0": 15,
        "couponId_1": "C1", "couponFee_1": 5, "timeEnd": "20240102030405",
        "errCode": 0, "errMsg": "cloudPay.queryOrder:ok"
    })
}

#[test]
fn platform_values_come_back_as_sent_numbers_or_strings_alike_for_the_status() {
    let as_numbers = from_platform(&query(), platform_paid()).unwrap();
    let mut strings = platform_paid();
    for k in [
        "totalFee",
        "cashFee",
        "couponFee",
        "couponCount",
        "couponFee_0",
        "couponFee_1",
    ] {
        strings[k] = json!(strings[k].to_string());
    }
    strings["subMchId"] = json!(1900000109u64);
    let as_strings = from_platform(&query(), strings.clone()).unwrap();
    // The status and coupons do not depend on how the platform typed its values...
    assert_eq!(as_numbers.additions.status, as_strings.additions.status);
    assert_eq!(as_numbers.additions.coupons, as_strings.additions.coupons);
    assert_eq!(as_strings.additions.status.state, TradeState::Paid);
    assert_eq!(as_strings.additions.status.amount_fen, Some(101));
    assert_eq!(as_strings.additions.coupons[1].kind, None);
    // ... and the members are the values as sent, in the order sent, as wx-server-sdk
    // returns them: a string stays a string, a number a number.
    assert_eq!(as_numbers.members_text(), platform_paid().to_string());
    assert_eq!(as_strings.members_text(), strings.to_string());
    assert_eq!(as_strings.member("totalFee"), Some(json!("101")));
    assert_eq!(as_numbers.member("totalFee"), Some(json!(101)));
    assert_eq!(as_strings.member("subMchId"), Some(json!(1900000109u64)));
    let out = to_json(&as_strings);
    assert_eq!(out["errCode"], json!(0));
    assert_eq!(out["errMsg"], json!(ERR_MSG_OK));
    assert_eq!(
        out["raw"], strings,
        "raw is the platform object as received"
    );
    // Without errCode/errMsg (a stand-in), they are appended, as wx-server-sdk appends them.
    let mut bare = platform_paid();
    bare.as_object_mut()
        .unwrap()
        .retain(|k, _| !k.starts_with("err"));
    let r = from_platform(&query(), bare).unwrap();
    let keys: Vec<&str> = r.members.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys[keys.len() - 2..], ["errCode", "errMsg"]);
    // A snake_case stand-in: keys converted by the SDK's rule, renamed ones last, in order.
    let r = from_platform(
        &query(),
        json!({ "appid": "wx1", "return_code": "SUCCESS", "result_code": "SUCCESS",
            "sub_mch_id": SUB, "trade_state": "NOTPAY", "total_fee": "101" }),
    )
    .unwrap();
    assert_eq!(
        r.members_text(),
        r#"{"appid":"wx1","resultCode":"SUCCESS","returnCode":"SUCCESS","subMchId":"1900000109","totalFee":"101","tradeState":"NOTPAY","errCode":0,"errMsg":"cloudPay.queryOrder:ok"}"#
    );
}

#[test]
fn platform_members_named_like_additions_never_replace_them() {
    let mut v = platform_paid();
    for k in [
        "status",
        "raw",
        "coupons",
        "resultErrCode",
        "attempts",
        "host",
    ] {
        v[k] = json!("999");
    }
    let r = from_platform(&query(), v.clone()).unwrap();
    for k in [
        "status",
        "raw",
        "coupons",
        "resultErrCode",
        "attempts",
        "host",
    ] {
        assert_eq!(r.member(k), None, "{k} is not a member");
        assert_eq!(to_json(&r)["raw"][k], json!("999"), "{k} stays in raw");
    }
    assert_eq!(r.additions.status.state, TradeState::Paid);
    assert_eq!(r.additions.coupons.len(), 2);
}

#[test]
fn platform_coupons_may_come_as_a_list() {
    for key in ["coupons", "couponList"] {
        let mut v = platform_paid();
        let map = v.as_object_mut().unwrap();
        map.retain(|k, _| !k.starts_with("couponId_") && !k.starts_with("couponType_"));
        map.retain(|k, _| !k.starts_with("couponFee_") && k != "couponCount");
        map.insert(
            key.into(),
            json!([{ "couponId": "C0", "couponType": "CASH", "couponFee": "15" }, { "id": "C1", "fee": 5 }]),
        );
        let out = to_json(&from_platform(&query(), v).unwrap());
        assert_eq!(
            out["coupons"],
            json!([{ "id": "C0", "type": "CASH", "fee": 15 }, { "id": "C1", "type": null, "fee": 5 }]),
            "{key}"
        );
    }
    let mut v = platform_paid();
    v.as_object_mut()
        .unwrap()
        .retain(|k, _| !k.starts_with("couponFee_"));
    v["couponList"] = json!([{ "couponFee": 1 }]);
    let e = from_platform(&query(), v).unwrap_err();
    assert_eq!(e.code, ErrorCode::MalformedResponse, "count 2, list of 1");
}

#[test]
fn a_coupon_field_and_the_list_must_agree() {
    // Only couponFee_1 among the `$n` fields, so the list is read too: its 5 must not replace
    // the field's value under the field's name.
    let mut v = platform_paid();
    v.as_object_mut().unwrap().remove("couponFee_0");
    v["couponFee_1"] = json!("1z0");
    v["couponList"] = json!([{ "couponFee": 15 }, { "couponFee": 5 }]);
    let e = from_platform(&query(), v.clone()).unwrap_err();
    assert_eq!(e.code, ErrorCode::MalformedResponse);
    assert!(e.message.contains("couponFee_1"), "{}", e.message);
    // Agreeing values are one value.
    v["couponFee_1"] = json!(5);
    let out = from_platform(&query(), v).unwrap();
    assert_eq!(out.member("couponFee_1"), Some(json!(5)));
}

#[test]
fn an_overwritten_err_code_is_recovered_where_it_can_be() {
    let fail = |des: &str, err_code: Value| {
        json!({
            "returnCode": "SUCCESS", "resultCode": "FAIL", "subMchId": SUB,
            "errCodeDes": des, "errCode": err_code, "errMsg": ERR_MSG_OK
        })
    };
    let r = from_platform(&query(), fail("此交易订单号不存在", json!(0))).unwrap();
    assert_eq!(
        r.additions.result_err_code.as_deref(),
        Some("ORDERNOTEXIST")
    );
    assert_eq!(to_json(&r)["errCodeDes"], json!("此交易订单号不存在"));
    assert_eq!(to_json(&r)["errCode"], json!(0));
    let r = from_platform(&query(), fail("别的原因", json!(0))).unwrap();
    assert_eq!(r.additions.result_err_code, None, "unknown, not guessed");
    let r = from_platform(&query(), fail("别的原因", json!("ORDERCLOSED"))).unwrap();
    assert_eq!(r.additions.result_err_code.as_deref(), Some("ORDERCLOSED"));
    let mut snake = fail("x", json!(0));
    snake["err_code"] = json!("SYSTEMERROR");
    let r = from_platform(&query(), snake).unwrap();
    assert_eq!(r.additions.result_err_code.as_deref(), Some("SYSTEMERROR"));
}

#[test]
fn platform_errors_and_malformed_results() {
    let e = platform_error(
        Some(&from_serde(&json!(-501001))),
        Some("cloudPay.queryOrder:fail env not found"),
    );
    assert_eq!(e.code, ErrorCode::ProviderError);
    assert_eq!(e.provider_code.as_deref(), Some("-501001"));
    assert!(e.message.contains("env not found"));
    assert_eq!(
        e.provider_message.as_deref(),
        Some("cloudPay.queryOrder:fail env not found")
    );
    assert_eq!(
        e.detail.map(crate::core::json_value::Value::into_serde),
        Some(json!({ "errCode": -501001, "errMsg": "cloudPay.queryOrder:fail env not found" }))
    );
    // Platform text is quoted, escaped and bounded in the message, whole as data.
    let long = format!("line\nbreak{}", "x".repeat(1000));
    let e = platform_error(Some(&from_serde(&json!("E1"))), Some(&long));
    assert!(e.message.contains("\\n") && !e.message.contains('\n'));
    assert!(e.message.chars().count() < 400);
    assert_eq!(e.provider_message.as_deref(), Some(long.as_str()));
    let e = platform_error(None, None);
    assert_eq!(
        (e.provider_code, e.message.as_str()),
        (None, "cloud.cloudPay.queryOrder failed")
    );

    let mut v = platform_paid();
    v["errCode"] = json!(-1);
    v["errMsg"] = json!("cloudPay.queryOrder:fail timeout");
    let e = from_platform(&query(), v).unwrap_err();
    assert_eq!(
        (e.code, e.provider_code.as_deref()),
        (ErrorCode::ProviderError, Some("-1"))
    );

    let set = |k: &str, val: Value| {
        let mut v = platform_paid();
        v[k] = val;
        v
    };
    for (bad, code) in [
        (json!("not an object"), ErrorCode::MalformedResponse),
        (set("totalFee", json!(1.5)), ErrorCode::MalformedResponse),
        (set("totalFee", json!(-1)), ErrorCode::MalformedResponse),
        (set("totalFee", json!("1.00")), ErrorCode::MalformedResponse),
        (set("cashFee", json!([1])), ErrorCode::MalformedResponse),
        (
            set("couponFee_0", json!(true)),
            ErrorCode::MalformedResponse,
        ),
        (set("timeEnd", json!("2024")), ErrorCode::MalformedResponse),
        (set("tradeState", Value::Null), ErrorCode::MalformedResponse),
        (
            set("resultCode", json!("MAYBE")),
            ErrorCode::MalformedResponse,
        ),
        (set("returnCode", Value::Null), ErrorCode::MalformedResponse),
        (set("total_fee", json!(102)), ErrorCode::MalformedResponse),
        (
            set("outTradeNo", json!("OTHER9")),
            ErrorCode::ResponseMismatch,
        ),
        (
            set("subMchId", json!("1900000999")),
            ErrorCode::ResponseMismatch,
        ),
    ] {
        let e = from_platform(&query(), bad.clone()).unwrap_err();
        assert_eq!(e.code, code, "{bad}");
    }
    // The same value under both spellings is not a conflict.
    assert!(from_platform(&query(), set("total_fee", json!("101"))).is_ok());
    // return_code=FAIL resolves, as wx-server-sdk resolves it: the members as sent, status
    // UNKNOWN, no order id required or compared.
    let refused = json!({ "returnCode": "FAIL", "returnMsg": "invalid sub_mch_id",
        "errCode": 0, "errMsg": ERR_MSG_OK });
    let r = from_platform(&query(), refused.clone()).unwrap();
    assert_eq!(r.members_text(), refused.to_string());
    assert_eq!(r.additions.status.state, TradeState::Unknown);
    assert!(!r.additions.status.is_final);
    let r = from_platform(&query(), set("returnCode", json!("FAIL"))).unwrap();
    assert_eq!(r.member("returnCode"), Some(json!("FAIL")));
    assert_eq!(r.additions.status.state, TradeState::Unknown);
    // Limits: depth, size and width are refused with a code, before parsing.
    let mut deep = json!("leaf");
    for _ in 0..=answer::MAX_ANSWER_DEPTH {
        deep = json!([deep]);
    }
    for bad in [
        set("attach", deep),
        set("attach", json!("x".repeat(answer::MAX_ANSWER_BYTES))),
    ] {
        let e = from_platform(&query(), bad).unwrap_err();
        assert_eq!(e.code, ErrorCode::MalformedResponse);
    }
    let mut wide = platform_paid();
    for i in 0..answer::MAX_ANSWER_MEMBERS {
        wide[format!("k{i}")] = json!(1);
    }
    let e = from_platform(&query(), wide).unwrap_err();
    assert_eq!(e.code, ErrorCode::MalformedResponse);
    let e = super::from_platform(&query(), "{\"a\":").unwrap_err();
    assert_eq!(e.code, ErrorCode::MalformedResponse);
}

#[test]
fn an_untyped_number_in_raw_is_the_exact_double_json_parse_gives() {
    // JavaScript reads both spellings to 2.0077777777777778e33; serde_json's fast path read the
    // exponent form one ulp lower before `float_roundtrip` (fuzz/cloudpay_platform).
    for spelling in [
        "2007777777777777777777777777777770",
        "2.0077777777777778e33",
    ] {
        let paid = platform_paid().to_string();
        let text = format!("{},\"tutalFee\":{spelling}}}", &paid[..paid.len() - 1]);
        let r = super::from_platform(&query(), &text).unwrap();
        assert_eq!(
            to_json(&r)["raw"]["tutalFee"].as_f64(),
            Some(2.007_777_777_777_777_8e33),
            "{spelling}"
        );
    }
}
