use super::*;
use crate::core::case::snake_to_camel;
use crate::error::ErrorCode;
use crate::order::TradeState;
use crate::providers::wechat_v2::{sign, xml, SignType};
use crate::secret::Secret;
use serde_json::{json, Value};

const KEY: &str = "fake0test0key0not0real0000000000";
pub(super) const SUB: &str = "1900000109";

pub(super) fn config(sign_type: SignType) -> Config {
    Config::new(
        "wx0000000000test".into(),
        "1900000001".into(),
        Secret::new(KEY),
        sign_type,
        None,
        None,
        Some("http://127.0.0.1:9"),
    )
    .unwrap()
}

pub(super) fn input(pairs: &[(&str, &str)]) -> Result<CloudPayQuery> {
    let owned: Vec<(String, crate::core::json_value::Value)> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), (*v).into()))
        .collect();
    CloudPayQuery::from_input(&owned)
}

pub(super) fn query() -> CloudPayQuery {
    input(&[("sub_mch_id", SUB), ("out_trade_no", "T-1")]).unwrap()
}

/// A v2 answer signed independently of the code under test's request path.
fn signed(config: &Config, fields: &[(&str, &str)]) -> HttpResponse {
    let mut all: Vec<(String, String)> = [
        ("return_code", "SUCCESS"),
        ("return_msg", "OK"),
        ("appid", "wx0000000000test"),
        ("mch_id", "1900000001"),
        ("sub_mch_id", SUB),
        ("nonce_str", "abc"),
    ]
    .iter()
    .chain(fields)
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let s = sign::sign(
        all.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        &config.api_key,
        config.sign_type,
    );
    all.push(("sign".into(), s));
    HttpResponse::ok(xml::build_xml(all.iter().map(|(k, v)| (k.as_str(), v.as_str()))).unwrap())
}

/// The result as JavaScript sees it: the members, with the additions readable alongside.
pub(super) fn to_json(result: &CloudPayResult) -> Value {
    let mut out: Value = serde_json::from_str(&result.members_text()).unwrap();
    let additions: Value = serde_json::from_str(&result.additions_text().unwrap()).unwrap();
    for (k, v) in additions.as_object().unwrap() {
        out[k] = v.clone();
    }
    out
}

/// Every v2 order-query field PROTOCOLS.md lists (request, envelope, success fields with
/// `$n` = 0 and 12, v1.0's `promotion_detail`), with its camelCase name written out by hand:
/// the rule is "`_` followed by a lowercase letter becomes that letter uppercased".
const EVERY_V2_FIELD: &[(&str, &str)] = &[
    ("appid", "appid"),
    ("mch_id", "mchId"),
    ("sub_appid", "subAppid"),
    ("sub_mch_id", "subMchId"),
    ("nonce_str", "nonceStr"),
    ("sign", "sign"),
    ("sign_type", "signType"),
    ("version", "version"),
    ("return_code", "returnCode"),
    ("return_msg", "returnMsg"),
    ("result_code", "resultCode"),
    ("err_code", "errCode"),
    ("err_code_des", "errCodeDes"),
    ("device_info", "deviceInfo"),
    ("openid", "openid"),
    ("is_subscribe", "isSubscribe"),
    ("sub_openid", "subOpenid"),
    ("sub_is_subscribe", "subIsSubscribe"),
    ("trade_type", "tradeType"),
    ("trade_state", "tradeState"),
    ("bank_type", "bankType"),
    ("total_fee", "totalFee"),
    ("settlement_total_fee", "settlementTotalFee"),
    ("fee_type", "feeType"),
    ("cash_fee", "cashFee"),
    ("cash_fee_type", "cashFeeType"),
    ("coupon_fee", "couponFee"),
    ("coupon_count", "couponCount"),
    ("coupon_type_0", "couponType_0"),
    ("coupon_id_0", "couponId_0"),
    ("coupon_fee_0", "couponFee_0"),
    ("coupon_type_12", "couponType_12"),
    ("coupon_id_12", "couponId_12"),
    ("coupon_fee_12", "couponFee_12"),
    ("transaction_id", "transactionId"),
    ("out_trade_no", "outTradeNo"),
    ("attach", "attach"),
    ("time_end", "timeEnd"),
    ("trade_state_desc", "tradeStateDesc"),
    ("promotion_detail", "promotionDetail"),
];

#[test]
fn every_v2_field_is_converted_by_the_wx_server_sdk_rule() {
    for (wire, camel) in EVERY_V2_FIELD {
        assert_eq!(snake_to_camel(wire), *camel, "{wire}");
    }
    // ... and the result carries each one under that name (err_code aside: see below).
    let c = config(SignType::Md5);
    let mut fields: Vec<(&str, &str)> = EVERY_V2_FIELD
        .iter()
        .filter(|(w, _)| !matches!(*w, "return_code" | "return_msg" | "appid" | "mch_id"))
        .filter(|(w, _)| !matches!(*w, "sub_mch_id" | "nonce_str" | "sign"))
        .map(|(w, _)| (*w, "1"))
        .collect();
    for (name, value) in [
        ("result_code", "SUCCESS"),
        ("trade_state", "SUCCESS"),
        ("time_end", "20240101120000"),
        ("coupon_count", "13"),
        ("out_trade_no", "T-1"),
    ] {
        fields.retain(|(w, _)| *w != name);
        fields.push((name, value));
    }
    let extra: Vec<(String, String)> = (1..12)
        .map(|n| (format!("coupon_fee_{n}"), "0".to_owned()))
        .collect();
    fields.extend(extra.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let result = parse_query(&c, &query(), &signed(&c, &fields)).unwrap();
    let out = to_json(&result);
    for (wire, camel) in EVERY_V2_FIELD {
        if *wire == "err_code" {
            // wx-server-sdk's errCode: 0 takes its name; its value is resultErrCode (tested below).
            assert_eq!(out[camel], json!(0));
            continue;
        }
        assert!(out.get(camel).is_some(), "{wire} -> {camel} is missing");
        assert!(out.get(wire).is_none() || wire == camel, "{wire} kept");
    }
    assert_eq!(result.additions.coupons.len(), 13);
}

#[test]
fn the_signing_backend_sends_a_service_provider_query() {
    let c = config(SignType::HmacSha256);
    let q = input(&[
        ("subMchId", SUB),
        ("transactionId", "4200000000000000000000000001"),
        ("nonceStr", "Caller0Nonce"),
        ("subAppid", "wx0000000000sub"),
    ])
    .unwrap();
    let req = build_query(&c, &q, "Ignored").unwrap();
    let sent = xml::parse_xml(req.body.as_bytes()).unwrap();
    assert_eq!(sent["sub_mch_id"], SUB);
    assert_eq!(sent["sub_appid"], "wx0000000000sub");
    assert_eq!(sent["transaction_id"], "4200000000000000000000000001");
    assert_eq!(sent["nonce_str"], "Caller0Nonce");
    assert_eq!(sent["sign_type"], "HMAC-SHA256");
    sign::verify(
        sent.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        &c.api_key,
        SignType::HmacSha256,
    )
    .unwrap();
    let req = build_query(&c, &query(), "Generated0").unwrap();
    let sent = xml::parse_xml(req.body.as_bytes()).unwrap();
    assert_eq!(sent["nonce_str"], "Generated0");
    assert!(!sent.contains_key("sub_appid"));
}

#[test]
fn a_paid_answer_has_the_cloudpay_shape() {
    let c = config(SignType::Md5);
    let r = signed(
        &c,
        &[
            ("result_code", "SUCCESS"),
            ("trade_state", "SUCCESS"),
            ("out_trade_no", "T-1"),
            ("transaction_id", "4200"),
            ("total_fee", "101"),
            ("cash_fee", "81"),
            ("coupon_fee", "20"),
            ("coupon_count", "2"),
            ("coupon_id_0", "C0"),
            ("coupon_type_0", "CASH"),
            ("coupon_fee_0", "15"),
            ("coupon_id_1", "C1"),
            ("coupon_type_1", "NO_CASH"),
            ("coupon_fee_1", "5"),
            ("time_end", "20240102030405"),
            ("attach", ""),
        ],
    );
    let result = parse_query(&c, &query(), &r).unwrap();
    let out = to_json(&result);
    assert_eq!(out["errCode"], json!(0));
    assert_eq!(out["errMsg"], json!("cloudPay.queryOrder:ok"));
    assert_eq!(out["resultErrCode"], Value::Null);
    assert_eq!(out["tradeState"], json!("SUCCESS"));
    assert_eq!(out["totalFee"], json!(101));
    assert_eq!(out["cashFee"], json!(81));
    assert_eq!(out["couponCount"], json!(2));
    assert_eq!(out["couponFee_1"], json!(5));
    assert_eq!(out["couponId_1"], json!("C1"));
    assert_eq!(out["timeEnd"], json!("20240102030405"), "kept as sent");
    assert_eq!(out["attach"], json!(""), "every wire key, empty ones too");
    assert_eq!(
        out["coupons"],
        json!([{ "id": "C0", "type": "CASH", "fee": 15 }, { "id": "C1", "type": "NO_CASH", "fee": 5 }])
    );
    assert_eq!(out["status"]["state"], json!("PAID"));
    assert_eq!(out["status"]["amountFen"], json!(101));
    assert_eq!(out["status"]["paidAt"], json!("2024-01-02T03:04:05+08:00"));
    assert_eq!(out["raw"]["total_fee"], json!("101"));
    assert_eq!(out["subMchId"], json!(SUB));
}

#[test]
fn a_business_failure_is_returned_with_the_real_err_code() {
    let c = config(SignType::Md5);
    for (code, des) in [
        ("ORDERNOTEXIST", "此交易订单号不存在"),
        ("SYSTEMERROR", "系统错误"),
    ] {
        let r = signed(
            &c,
            &[
                ("result_code", "FAIL"),
                ("err_code", code),
                ("err_code_des", des),
            ],
        );
        let result = parse_query(&c, &query(), &r).unwrap();
        let out = to_json(&result);
        assert_eq!(out["resultCode"], json!("FAIL"));
        assert_eq!(out["errCode"], json!(0), "wx-server-sdk's errCode");
        assert_eq!(out["resultErrCode"], json!(code));
        assert_eq!(out["errCodeDes"], json!(des));
        assert_eq!(out["raw"]["err_code"], json!(code));
        assert_eq!(result.additions.status.state, TradeState::Unknown);
        assert!(!result.additions.status.is_final);
        assert!(result.additions.coupons.is_empty());
    }
}

#[test]
fn signature_transport_and_identity_failures_are_thrown_a_communication_fail_resolves() {
    let c = config(SignType::Md5);
    let paid = [("result_code", "SUCCESS"), ("trade_state", "SUCCESS")];
    let mut r = signed(&c, &paid);
    r.body = String::from_utf8(r.body)
        .unwrap()
        .replace("SUCCESS</trade_state>", "NOTPAY</trade_state>")
        .into_bytes();
    let e = parse_query(&c, &query(), &r).unwrap_err();
    assert_eq!(e.code, ErrorCode::SignatureInvalid);
    // Signed with MD5 while the request said HMAC-SHA256.
    let hmac = config(SignType::HmacSha256);
    let e = parse_query(&hmac, &query(), &signed(&c, &paid)).unwrap_err();
    assert_eq!(e.code, ErrorCode::SignatureInvalid);
    // Another sub-merchant's order.
    let other = input(&[("sub_mch_id", "1900000999"), ("out_trade_no", "T-1")]).unwrap();
    let e = parse_query(&c, &other, &signed(&c, &paid)).unwrap_err();
    assert_eq!(e.code, ErrorCode::ResponseMismatch);
    // return_code=FAIL is unsigned by design: wx-server-sdk resolves with it, and so does
    // payquery, keeping only returnCode and returnMsg (any other field in it is unverified).
    let fail = HttpResponse::ok(
        "<xml><return_code>FAIL</return_code><return_msg>签名错误</return_msg>\
         <trade_state>SUCCESS</trade_state><out_trade_no>OTHER9</out_trade_no></xml>",
    );
    let result = parse_query(&c, &query(), &fail).unwrap();
    assert_eq!(
        result.members_text(),
        r#"{"returnCode":"FAIL","returnMsg":"签名错误","errCode":0,"errMsg":"cloudPay.queryOrder:ok"}"#
    );
    assert_eq!(result.additions.status.state, TradeState::Unknown);
    assert!(!result.additions.status.is_final);
    assert_eq!(result.additions.result_err_code, None);
    assert_eq!(
        to_json(&result)["raw"],
        json!({ "return_code": "FAIL", "return_msg": "签名错误" })
    );
    // Not XML at all is still an error, FAIL or not.
    let e = parse_query(&c, &query(), &HttpResponse::ok("return_code=FAIL")).unwrap_err();
    assert_eq!(e.code, ErrorCode::MalformedResponse);
    let mut r = signed(&c, &paid);
    r.status = 503;
    assert_eq!(
        parse_query(&c, &query(), &r).unwrap_err().code,
        ErrorCode::HttpError
    );
}

#[test]
fn a_signed_answer_about_another_order_is_a_mismatch_for_every_id_kind() {
    let c = config(SignType::Md5);
    for (query, name) in [
        (query(), "out_trade_no"),
        (
            input(&[("sub_mch_id", SUB), ("transaction_id", "4200T1")]).unwrap(),
            "transaction_id",
        ),
    ] {
        let paid = [
            ("result_code", "SUCCESS"),
            ("trade_state", "SUCCESS"),
            ("out_trade_no", "T-1"),
            ("transaction_id", "4200T1"),
            ("total_fee", "101"),
        ];
        let result = parse_query(&c, &query, &signed(&c, &paid)).unwrap();
        assert_eq!(result.additions.status.state, TradeState::Paid);
        // Correctly signed and PAID, but another order: never returned as this one.
        let other: Vec<_> = paid
            .iter()
            .map(|&(k, v)| if k == name { (k, "OTHER9") } else { (k, v) })
            .collect();
        let e = parse_query(&c, &query, &signed(&c, &other)).unwrap_err();
        assert_eq!(e.code, ErrorCode::ResponseMismatch, "{name}");
        assert!(e.message.contains(name) && !e.message.contains("OTHER9"));
        let missing: Vec<_> = paid.iter().copied().filter(|(k, _)| *k != name).collect();
        let e = parse_query(&c, &query, &signed(&c, &missing)).unwrap_err();
        assert_eq!(e.code, ErrorCode::ResponseMismatch, "{name} missing");
        // A business failure names no order: returned as data, as CloudPay does.
        let fail = [("result_code", "FAIL"), ("err_code", "ORDERNOTEXIST")];
        let result = parse_query(&c, &query, &signed(&c, &fail)).unwrap();
        assert_eq!(
            result.additions.result_err_code.as_deref(),
            Some("ORDERNOTEXIST")
        );
        let fail_other = [("result_code", "FAIL"), (name, "OTHER9")];
        let e = parse_query(&c, &query, &signed(&c, &fail_other)).unwrap_err();
        assert_eq!(e.code, ErrorCode::ResponseMismatch);
    }
    // The platform backend's answers: ids compared when present, not required.
    let platform = |out_trade_no: Option<&str>| {
        let mut v = json!({ "returnCode": "SUCCESS", "resultCode": "SUCCESS",
            "tradeState": "SUCCESS", "subMchId": SUB, "errCode": 0 });
        if let Some(n) = out_trade_no {
            v["outTradeNo"] = json!(n);
        }
        from_platform(&query(), &v.to_string())
    };
    assert!(platform(None).is_ok());
    assert!(platform(Some("T-1")).is_ok());
    assert_eq!(
        platform(Some("OTHER9")).unwrap_err().code,
        ErrorCode::ResponseMismatch
    );
    let e = from_platform(
        &query(),
        &json!({ "returnCode": "SUCCESS", "resultCode": "SUCCESS", "tradeState": "SUCCESS",
            "subMchId": SUB, "outTradeNo": "OTHER9", "errCode": 0 })
        .to_string(),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::ResponseMismatch);
}

#[test]
fn signed_fields_named_like_result_members_never_replace_them() {
    let c = config(SignType::Md5);
    let wire = [
        ("result_code", "SUCCESS"),
        ("trade_state", "SUCCESS"),
        ("out_trade_no", "T-1"),
        ("total_fee", "101"),
        ("totalFee", "999"),
        ("tradeState", "REFUND"),
        ("outTradeNo", "OTHER9"),
        ("errMsg", "999"),
        ("resultErrCode", "999"),
        ("coupons", "999"),
        ("status", "999"),
        ("raw", "999"),
        ("attempts", "999"),
        ("host", "999"),
        ("err_msg", "999"),
        ("result_err_code", "999"),
        ("attempts_", "999"),
    ];
    let result = parse_query(&c, &query(), &signed(&c, &wire)).unwrap();
    let out = to_json(&result);
    assert_eq!(out["totalFee"], 101);
    assert_eq!(out["tradeState"], "SUCCESS");
    assert_eq!(out["outTradeNo"], "T-1");
    assert_eq!(out["errCode"], 0);
    assert_eq!(out["errMsg"], "cloudPay.queryOrder:ok");
    assert_eq!(out["resultErrCode"], serde_json::Value::Null);
    assert_eq!(out["coupons"], json!([]));
    assert_eq!(out["status"]["state"], "PAID");
    assert!(out["raw"].is_object());
    assert!(out.get("attempts").is_none() && out.get("host").is_none());
    for (name, value) in wire {
        assert_eq!(out["raw"][name], value, "{name} stays in raw");
    }
}

/// The limit refusals are written out as text: each must name its limit's current value, and
/// the answers past a limit get them.
#[test]
fn limit_refusals_name_the_limits() {
    use answer::{MAX_ANSWER_BYTES, MAX_ANSWER_DEPTH, MAX_ANSWER_MEMBERS};
    let says = |text: &str, n: usize, unit: &str| text.contains(&format!(" {n} {unit}"));
    assert!(says(answer::TOO_LONG, MAX_ANSWER_BYTES, "bytes"));
    assert!(says(answer::TOO_DEEP, MAX_ANSWER_DEPTH, "levels"));
    assert!(says(answer::NOT_PLAIN, MAX_ANSWER_MEMBERS, "members"));
    assert!(says(model::TOO_MANY_KEYS, model::MAX_INPUT_KEYS, "keys"));
    let long = format!("{{\"a\":\"{}\"}}", "x".repeat(MAX_ANSWER_BYTES));
    let deep = format!(
        "{}{}",
        "[".repeat(MAX_ANSWER_DEPTH + 1),
        "]".repeat(MAX_ANSWER_DEPTH + 1)
    );
    let wide = format!(
        "{{{}}}",
        (0..=MAX_ANSWER_MEMBERS)
            .map(|i| format!("\"k{i}\":1"))
            .collect::<Vec<_>>()
            .join(",")
    );
    for (text, want) in [
        (long, answer::TOO_LONG),
        (deep, answer::TOO_DEEP),
        (wide, answer::NOT_PLAIN),
        ("[]".to_owned(), answer::NOT_PLAIN),
    ] {
        let e = from_platform(&query(), &text).unwrap_err();
        assert_eq!(
            (e.code, e.message.as_str()),
            (ErrorCode::MalformedResponse, want)
        );
    }
    use crate::core::json_value::Value as JsonValue;
    let many: Vec<(String, JsonValue)> = (0..=model::MAX_INPUT_KEYS)
        .map(|i| (format!("k{i}"), JsonValue::String("v".into())))
        .collect();
    let e = CloudPayQuery::from_input(&many).unwrap_err();
    assert_eq!(
        (e.code, e.message.as_str()),
        (ErrorCode::InvalidArgument, model::TOO_MANY_KEYS)
    );
}
