//! WeChat Pay APIv2: XML parse, signature verification and the typed order (and the CloudPay
//! signing backend, which must read the same verified fields alike).
//!
//! Input: control prefix + an XML document. Properties:
//! - parse never panics; whatever parses rebuilds (`build_xml`) to a document that parses to
//!   the same fields (round trip);
//! - the fields, signed with the fixed fake key, verify and type: the order's `raw` is exactly
//!   the signed fields, amounts are the integer fen of the signed text, typed members come from
//!   the mapping only; the CloudPay result of the same answer agrees;
//! - one tampered byte of the signed document never yields an order other than the original.
#![no_main]

use libfuzzer_sys::fuzz_target;
use payquery::providers::cloudpay::{self, CloudPayQuery};
use payquery::providers::wechat_v2::{self as v2, sign, xml, RawFields, SignType, V2Order};
use payquery::transport::HttpResponse;
use payquery::{ErrorCode, Secret};
use payquery_fuzz::{pairs, ref_fen, Ctl, V2_APPID, V2_KEY, V2_MCH_ID, V2_SUB_MCH_ID};

fn config(sign_type: SignType, partner: bool) -> v2::Config {
    v2::Config::new(
        V2_APPID.into(),
        V2_MCH_ID.into(),
        Secret::new(V2_KEY),
        sign_type,
        None,
        partner.then(|| V2_SUB_MCH_ID.to_owned()),
        None,
    )
    .expect("fixed v2 config")
}

fn check_order(signed: &RawFields, order: &V2Order) {
    // The verified view is the signed view: nothing added, dropped or rewritten.
    assert_eq!(&order.raw, signed, "raw is not the signed fields");
    assert_eq!(signed.get("appid").map(String::as_str), Some(V2_APPID));
    assert_eq!(signed.get("mch_id").map(String::as_str), Some(V2_MCH_ID));
    assert_eq!(
        signed.get("result_code").map(String::as_str),
        Some("SUCCESS")
    );
    // Money: the integer fen of the signed text, never anything else.
    let fen = |name: &str| {
        signed
            .get(name)
            .filter(|v| !v.is_empty())
            .map(|v| ref_fen(v).expect("accepted amount must be integer fen"))
    };
    assert_eq!(order.total_fee, fen("total_fee"));
    assert_eq!(order.cash_fee, fen("cash_fee"));
    assert_eq!(order.settlement_total_fee, fen("settlement_total_fee"));
    assert_eq!(order.coupon_fee, fen("coupon_fee"));
    assert_eq!(order.status.amount_fen, order.total_fee);
    for (n, coupon) in order.coupons.iter().enumerate() {
        assert_eq!(Some(coupon.fee), fen(&format!("coupon_fee_{n}")));
        assert_eq!(coupon.id.as_ref(), signed.get(&format!("coupon_id_{n}")));
    }
    // Typed members come from their own wire field.
    assert_eq!(Some(&order.trade_state), signed.get("trade_state"));
    assert_eq!(order.out_trade_no.as_ref(), signed.get("out_trade_no"));
    assert_eq!(order.transaction_id.as_ref(), signed.get("transaction_id"));
    // Every untyped field is a signed value under its camelCased name.
    for value in order.fields.values() {
        assert!(
            signed.values().any(|v| v == value),
            "a field value that was not signed"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((ctl, body)) = Ctl::split(data) else {
        return;
    };
    let Ok(fields) = xml::parse_xml(body) else {
        return;
    };
    if let Ok(rebuilt) = xml::build_xml(pairs(&fields)) {
        let back = xml::parse_xml(rebuilt.as_bytes()).expect("a built document parses");
        assert_eq!(back, fields, "build -> parse round trip");
    }

    let sign_type = if ctl.bit(0) {
        SignType::HmacSha256
    } else {
        SignType::Md5
    };
    let partner = ctl.bit(1);
    let config = config(sign_type, partner);
    let mut signed = fields;
    signed.remove("sign");
    let signature = sign::sign(pairs(&signed), &config.api_key, sign_type);
    signed.insert("sign".into(), signature);
    let Ok(doc) = xml::build_xml(pairs(&signed)) else {
        return;
    };

    let first = v2::parse_query(&config, &HttpResponse::ok(doc.clone()));
    match &first {
        Ok(order) => check_order(&signed, order),
        Err(e) => assert!(
            !matches!(
                e.code,
                ErrorCode::SignatureInvalid | ErrorCode::SignatureMissing
            ),
            "a correctly signed document failed verification: {e:?}"
        ),
    }

    // CloudPay's signing backend verifies the same answer through the same v2 rules.
    if partner {
        let out_trade_no = signed.get("out_trade_no").cloned().unwrap_or_default();
        let input = [
            ("sub_mch_id".to_owned(), V2_SUB_MCH_ID.to_owned()),
            ("out_trade_no".to_owned(), out_trade_no),
        ];
        if let Ok(query) = CloudPayQuery::from_input(&input) {
            let base = config.clone();
            let cloud = cloudpay::parse_query(&base, &query, &HttpResponse::ok(doc.clone()));
            if let (Ok(order), Ok(result)) = (&first, &cloud) {
                assert_eq!(
                    order.status, result.status,
                    "CloudPay and v2 disagree on status"
                );
                assert_eq!(
                    order.coupons, result.coupons,
                    "CloudPay and v2 disagree on coupons"
                );
                assert_eq!(
                    result
                        .fields
                        .get("totalFee")
                        .and_then(serde_json::Value::as_i64),
                    order.total_fee
                );
            }
            if let Ok(result) = &cloud {
                assert_eq!(result.err_code, 0);
                assert_eq!(result.err_msg, cloudpay::ERR_MSG_OK);
                let raw: RawFields =
                    serde_json::from_value(result.raw.clone()).expect("raw is the fields");
                assert_eq!(raw, signed, "CloudPay raw is not the signed fields");
            }
        }
    }

    let tampered = ctl.tamper(doc.as_bytes());
    if let Ok(order) = v2::parse_query(&config, &HttpResponse::ok(tampered)) {
        assert_eq!(
            Some(&order),
            first.as_ref().ok(),
            "a tampered document gave another order"
        );
    }
});
