use super::*;
use crate::order::TradeState;

const KEY: &str = "fake0test0key0not0real0000000000";

fn config(sign_type: SignType, sub: bool) -> Config {
    Config::new(
        "wx0000000000test".into(),
        "1900000001".into(),
        Secret::new(KEY),
        sign_type,
        None,
        sub.then(|| "1900000002".to_owned()),
        Some("http://127.0.0.1:9/"),
    )
    .unwrap()
}

fn signed_response(config: &Config, fields: &[(&str, &str)]) -> HttpResponse {
    let mut all: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let s = sign::sign(
        all.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        &config.api_key,
        config.sign_type,
    );
    all.push(("sign".into(), s));
    let xml = xml::build_xml(all.iter().map(|(k, v)| (k.as_str(), v.as_str()))).unwrap();
    HttpResponse::ok(xml)
}

/// The query every answer below is about.
fn q() -> Query {
    Query::by_out_trade_no("T1").unwrap()
}

fn base(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut v = vec![
        ("return_code", "SUCCESS"),
        ("return_msg", "OK"),
        ("appid", "wx0000000000test"),
        ("mch_id", "1900000001"),
        ("nonce_str", "abc"),
    ];
    v.extend_from_slice(extra);
    v
}

#[test]
fn builds_a_signed_request_in_both_modes() {
    for (st, sub) in [(SignType::Md5, false), (SignType::HmacSha256, true)] {
        let c = config(st, sub);
        let req = build_query(&c, &Query::by_out_trade_no("T-1").unwrap(), "N0nce").unwrap();
        assert_eq!(req.url, "http://127.0.0.1:9/pay/orderquery");
        assert_eq!(req.method, Method::Post);
        let fields = xml::parse_xml(req.body.as_bytes()).unwrap();
        assert_eq!(fields["sign_type"], st.as_str());
        assert_eq!(fields["out_trade_no"], "T-1");
        assert_eq!(fields.contains_key("sub_mch_id"), sub);
        sign::verify(
            fields.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            &c.api_key,
            st,
        )
        .unwrap();
    }
}

#[test]
fn parses_a_paid_order() {
    let c = config(SignType::HmacSha256, false);
    let r = signed_response(
        &c,
        &base(&[
            ("result_code", "SUCCESS"),
            ("trade_state", "SUCCESS"),
            ("out_trade_no", "T1"),
            ("total_fee", "1"),
            ("time_end", "20250101120000"),
            ("attach", ""),
            ("future_field", "x"),
        ]),
    );
    let order = parse_query(&c, &q(), &r).unwrap();
    assert_eq!(order.status.state, TradeState::Paid);
    assert_eq!(order.total_fee, Some(1));
    assert_eq!(order.fields["futureField"], "x");
}

#[test]
fn every_failure_has_its_code() {
    let c = config(SignType::Md5, false);
    let paid = base(&[
        ("result_code", "SUCCESS"),
        ("trade_state", "SUCCESS"),
        ("out_trade_no", "T1"),
    ]);

    let mut r = signed_response(&c, &paid);
    r.status = 502;
    let e = parse_query(&c, &q(), &r).unwrap_err();
    assert_eq!(
        (e.code, e.http_status, e.retryable),
        (ErrorCode::HttpError, Some(502), true)
    );

    let r = HttpResponse::ok(
        "<xml><return_code>FAIL</return_code><return_msg>签名错误</return_msg></xml>",
    );
    let e = parse_query(&c, &q(), &r).unwrap_err();
    assert_eq!(e.code, ErrorCode::RequestSignatureRejected);
    assert_eq!(e.provider_code.as_deref(), Some("FAIL"));
    assert!(e.message.contains("签名错误"));
    assert!(e.message.contains("explainV2()"), "{}", e.message);
    assert!(!e.retryable);
    // Another refusal stays REQUEST_REJECTED, without the signature hint.
    let r = HttpResponse::ok(
        "<xml><return_code>FAIL</return_code><return_msg>mch_id参数格式错误</return_msg></xml>",
    );
    let e = parse_query(&c, &q(), &r).unwrap_err();
    assert_eq!(e.code, ErrorCode::RequestRejected);
    assert!(!e.message.contains("explainV2"));

    let r = HttpResponse::ok("<xml><return_code>SUCCESS</return_code></xml>");
    assert_eq!(
        parse_query(&c, &q(), &r).unwrap_err().code,
        ErrorCode::SignatureMissing
    );

    let mut r = signed_response(&c, &paid);
    r.body = String::from_utf8(r.body)
        .unwrap()
        .replace("SUCCESS</trade_state>", "REFUND</trade_state>")
        .into_bytes();
    assert_eq!(
        parse_query(&c, &q(), &r).unwrap_err().code,
        ErrorCode::SignatureInvalid
    );

    // Signed with MD5 while the request asked for HMAC-SHA256: never guessed from the length.
    let hmac = config(SignType::HmacSha256, false);
    let r = signed_response(&c, &paid);
    assert_eq!(
        parse_query(&hmac, &q(), &r).unwrap_err().code,
        ErrorCode::SignatureInvalid
    );

    let mut other = paid.clone();
    other[3] = ("mch_id", "1900000009");
    let r = signed_response(&c, &other);
    assert_eq!(
        parse_query(&c, &q(), &r).unwrap_err().code,
        ErrorCode::ResponseMismatch
    );

    let sp = config(SignType::Md5, true);
    let r = signed_response(&sp, &paid);
    assert_eq!(
        parse_query(&sp, &q(), &r).unwrap_err().code,
        ErrorCode::ResponseMismatch
    );

    for (err_code, code, retryable) in [
        ("ORDERNOTEXIST", ErrorCode::OrderNotFound, false),
        ("SIGNERROR", ErrorCode::RequestSignatureRejected, false),
        ("SYSTEMERROR", ErrorCode::ProviderError, true),
        ("BANKERROR", ErrorCode::ProviderError, true),
    ] {
        let r = signed_response(
            &c,
            &base(&[
                ("result_code", "FAIL"),
                ("err_code", err_code),
                ("err_code_des", "x"),
            ]),
        );
        let e = parse_query(&c, &q(), &r).unwrap_err();
        assert_eq!(e.code, code, "{err_code}");
        assert_eq!(e.provider_code.as_deref(), Some(err_code));
        assert_eq!(
            e.message.contains("explainV2()"),
            code == ErrorCode::RequestSignatureRejected
        );
        assert_eq!(e.retryable, retryable, "{err_code}");
    }

    let r = HttpResponse::ok("<xml><return_code>MAYBE</return_code></xml>");
    assert_eq!(
        parse_query(&c, &q(), &r).unwrap_err().code,
        ErrorCode::MalformedResponse
    );
}

#[test]
fn config_and_query_validation() {
    assert_eq!(
        Query::by_out_trade_no("").unwrap_err().code,
        ErrorCode::InvalidArgument
    );
    assert_eq!(
        Query::by_out_trade_no(&"x".repeat(33)).unwrap_err().code,
        ErrorCode::InvalidArgument
    );
    assert!(Query::by_out_trade_no("a_b-c|d*e@f").is_ok());
    assert!(Query::by_out_trade_no("a b").is_err());
    assert!(Query::by_out_trade_no("订单").is_err());
    assert!(Query::by_transaction_id("4200001234").is_ok());
    assert!(Query::by_transaction_id("42-00").is_err());
    let bad_key = Config::new(
        "wx1".into(),
        "1".into(),
        Secret::new(""),
        SignType::Md5,
        None,
        None,
        None,
    );
    assert_eq!(bad_key.unwrap_err().code, ErrorCode::InvalidConfig);
    // APIv2 keys are 32 characters: a shorter or longer one is refused, never echoed.
    for key in ["12345", &"k".repeat(31), &"k".repeat(33), &"钥".repeat(31)] {
        let e = Config::new(
            "wx1".into(),
            "1".into(),
            Secret::new(key),
            SignType::Md5,
            None,
            None,
            None,
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidConfig, "{key}");
        assert!(e.message.contains("32-character"), "{}", e.message);
        assert!(!e.message.contains(key), "{}", e.message);
    }
    let sub_app_only = Config::new(
        "wx1".into(),
        "1".into(),
        Secret::new("k".repeat(32)),
        SignType::Md5,
        Some("wx2".into()),
        None,
        None,
    );
    assert_eq!(sub_app_only.unwrap_err().code, ErrorCode::InvalidConfig);
    let c = config(SignType::Md5, false);
    assert_eq!(
        build_query(&c, &Query::OutTradeNo("x".into()), "bad nonce!")
            .unwrap_err()
            .code,
        ErrorCode::InvalidArgument
    );
}

#[test]
fn a_per_call_sub_merchant_is_signed_and_checked() {
    let c = config(SignType::Md5, false);
    let sp = c
        .for_sub_merchant("1900000002", Some("wx0000000000sub"))
        .unwrap();
    assert_eq!(c.sub_mch_id, None, "the base config is unchanged");
    let req = build_query(&sp, &Query::by_out_trade_no("T-1").unwrap(), "N0nce").unwrap();
    let fields = xml::parse_xml(req.body.as_bytes()).unwrap();
    assert_eq!(fields["sub_mch_id"], "1900000002");
    assert_eq!(fields["sub_appid"], "wx0000000000sub");
    let paid = base(&[("result_code", "SUCCESS"), ("trade_state", "SUCCESS")]);
    // The answer of the base (direct) merchant lacks the sub-merchant: not this query's.
    let e = verify_response(&sp, &signed_response(&c, &paid)).unwrap_err();
    assert_eq!(e.code, ErrorCode::ResponseMismatch);
    let mut with_sub = paid.clone();
    with_sub.push(("sub_mch_id", "1900000002"));
    assert!(verify_response(&sp, &signed_response(&c, &with_sub)).is_ok());
    for (sub, app) in [("", None), ("19 00", None), ("1900000002", Some("wx?"))] {
        let e = c.for_sub_merchant(sub, app).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidArgument, "{sub:?} {app:?}");
    }
}

/// A paid order answering the query `by` (out_trade_no `T1`, transaction_id `4200T1`).
fn paid_t1(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut v = base(&[
        ("result_code", "SUCCESS"),
        ("trade_state", "SUCCESS"),
        ("out_trade_no", "T1"),
        ("transaction_id", "4200T1"),
        ("total_fee", "101"),
    ]);
    v.extend_from_slice(extra);
    v
}

#[test]
fn a_signed_answer_about_another_order_is_a_mismatch_for_every_id_kind() {
    let c = config(SignType::Md5, false);
    for (query, name) in [
        (Query::by_out_trade_no("T1").unwrap(), "out_trade_no"),
        (
            Query::by_transaction_id("4200T1").unwrap(),
            "transaction_id",
        ),
    ] {
        assert!(parse_query(&c, &query, &signed_response(&c, &paid_t1(&[]))).is_ok());
        // Correctly signed, PAID, and about another order: never returned as this one.
        let other: Vec<_> = paid_t1(&[])
            .into_iter()
            .map(|(k, v)| if k == name { (k, "OTHER9") } else { (k, v) })
            .collect();
        let e = parse_query(&c, &query, &signed_response(&c, &other)).unwrap_err();
        assert_eq!(e.code, ErrorCode::ResponseMismatch, "{name}");
        assert!(e.message.contains(name) && !e.message.contains("OTHER9"));
        // Not naming the id asked for: cannot be shown to answer the query.
        let missing: Vec<_> = paid_t1(&[])
            .into_iter()
            .filter(|(k, _)| *k != name)
            .collect();
        let e = parse_query(&c, &query, &signed_response(&c, &missing)).unwrap_err();
        assert_eq!(e.code, ErrorCode::ResponseMismatch, "{name} missing");
        assert!(e.message.contains("does not name"));
        // A business failure names no order and stays that failure; one naming
        // another order is a mismatch.
        let fail = base(&[("result_code", "FAIL"), ("err_code", "ORDERNOTEXIST")]);
        let e = parse_query(&c, &query, &signed_response(&c, &fail)).unwrap_err();
        assert_eq!(e.code, ErrorCode::OrderNotFound);
        let mut fail_other = fail.clone();
        fail_other.push((name, "OTHER9"));
        let e = parse_query(&c, &query, &signed_response(&c, &fail_other)).unwrap_err();
        assert_eq!(e.code, ErrorCode::ResponseMismatch);
    }
}

#[test]
fn a_signed_answer_for_another_merchant_is_a_mismatch_for_every_merchant_id() {
    let sp = Config::new(
        "wx0000000000test".into(),
        "1900000001".into(),
        Secret::new(KEY),
        SignType::Md5,
        Some("wx0000000000sub".into()),
        Some("1900000002".into()),
        None,
    )
    .unwrap();
    let ok = paid_t1(&[
        ("sub_mch_id", "1900000002"),
        ("sub_appid", "wx0000000000sub"),
    ]);
    assert!(parse_query(&sp, &q(), &signed_response(&sp, &ok)).is_ok());
    for name in ["appid", "mch_id", "sub_mch_id", "sub_appid"] {
        let other: Vec<_> = ok
            .iter()
            .map(|&(k, v)| if k == name { (k, "other9") } else { (k, v) })
            .collect();
        let e = parse_query(&sp, &q(), &signed_response(&sp, &other)).unwrap_err();
        assert_eq!(e.code, ErrorCode::ResponseMismatch, "{name}");
        assert!(e.message.contains(name), "{}", e.message);
        let missing: Vec<_> = ok.iter().copied().filter(|(k, _)| *k != name).collect();
        let r = parse_query(&sp, &q(), &signed_response(&sp, &missing));
        if name == "sub_appid" {
            // WeChat may leave sub_appid out; compared only when sent.
            assert!(r.is_ok());
        } else {
            assert_eq!(
                r.unwrap_err().code,
                ErrorCode::ResponseMismatch,
                "{name} missing"
            );
        }
    }
}

#[test]
fn signed_wire_fields_named_like_typed_members_never_replace_them() {
    let c = config(SignType::Md5, false);
    let colliding: Vec<(&str, &str)> = crate::providers::wechat_v2::model::MEMBERS
        .iter()
        .chain(crate::providers::typed_view::META.iter())
        .map(|m| (*m, "999"))
        .chain([("total__fee", "999")])
        .collect();
    let mut wire = paid_t1(&[("time_end", "20250101120000")]);
    wire.extend(colliding.iter().copied());
    let order = parse_query(&c, &q(), &signed_response(&c, &wire)).unwrap();
    assert_eq!(order.total_fee, Some(101));
    assert_eq!(order.trade_state, "SUCCESS");
    assert_eq!(order.status.state, TradeState::Paid);
    for (name, _) in &colliding {
        assert_eq!(order.raw[*name], "999", "{name} stays in raw");
    }
    let json = serde_json::to_value(&order).unwrap();
    let obj = json.as_object().unwrap();
    assert_eq!(obj["totalFee"], 101);
    assert_eq!(obj["tradeState"], "SUCCESS");
    assert_eq!(obj["timeEnd"], "2025-01-01T12:00:00+08:00");
    assert_eq!(obj["coupons"], serde_json::json!([]));
    assert_eq!(obj["status"]["state"], "PAID");
    assert!(obj["raw"].is_object());
    assert!(!obj.contains_key("attempts") && !obj.contains_key("host"));
    assert!(
        order
            .fields
            .keys()
            .all(|k| !crate::providers::wechat_v2::model::MEMBERS.contains(&k.as_str())),
        "{:?}",
        order.fields.keys()
    );
}

#[test]
fn a_rejected_signature_carries_what_was_signed_never_the_key() {
    let refused = HttpResponse::ok(
        "<xml><return_code>FAIL</return_code><return_msg>签名错误</return_msg></xml>",
    );
    for sub in [false, true] {
        let c = config(SignType::HmacSha256, sub);
        let request = build_query(&c, &q(), "n0nce").unwrap();
        let e = parse_query(&c, &q(), &refused).unwrap_err();
        assert!(
            e.message
                .contains("in service-provider mode the service provider's"),
            "{}",
            e.message
        );
        let e = explain_rejection(e, &c, &request.body);
        assert_eq!(e.code, ErrorCode::RequestSignatureRejected);
        let d = e.detail.clone().unwrap().into_serde();
        assert_eq!(d["signType"], "HMAC-SHA256");
        let signed = d["stringToSign"].as_str().unwrap();
        assert!(signed.starts_with("appid=wx0000000000test&mch_id=1900000001&nonce_str=n0nce&out_trade_no=T1&sign_type=HMAC-SHA256"), "{signed}");
        assert_eq!(signed.contains("sub_mch_id=1900000002"), sub);
        assert!(signed.ends_with("&key=***"), "{signed}");
        // What was signed hashes to the sign that was sent: the string is the real one.
        let sent = xml::parse_xml(request.body.as_bytes()).unwrap();
        let hashed = signed.replace("&key=***", &format!("&key={KEY}"));
        assert_eq!(
            crate::core::digest::hmac_sha256_hex_upper(KEY.as_bytes(), hashed.as_bytes()),
            sent["sign"]
        );
        let all = format!("{e:?}");
        assert!(!all.contains(KEY), "the key never appears");
        assert!(!all.contains(&sent["sign"]), "nor our signature");
    }
    // Any other error passes unchanged.
    let c = config(SignType::Md5, false);
    let other = Error::invalid_argument("x");
    assert_eq!(explain_rejection(other.clone(), &c, "<xml/>"), other);
}
