//! WeChat Pay APIv2: XML parse, signature verification and the typed order (and the CloudPay
//! signing backend, which must read the same verified fields alike).
//!
//! Input: control prefix + an XML document. Properties:
//! - the plain scan reads a document only as the strict scan reads it: the same fields in the
//!   same order; the strict scan (payquery's own reader) reads a document only as quick-xml
//!   reads it (the reference, `payquery_fuzz::xml_reference`), and what quick-xml reads and it
//!   refuses is one of the listed differences (a tag with more than its name, a form feed);
//! - parse never panics; whatever parses rebuilds (`build_xml`) to a document that parses to
//!   the same fields (round trip);
//! - the fields, signed with the fixed fake key, verify and type: the order's `raw` is exactly
//!   the signed fields, amounts are the integer fen of the signed text, typed members come from
//!   the mapping only; the CloudPay result of the same answer agrees;
//! - an answer about another order id, app id, merchant or sub-merchant (the query or config
//!   changed in one id: bits 3-4) is `RESPONSE_MISMATCH`, never an order;
//! - a signed wire field named like a typed member (`totalFee`, `status`, `raw`, `attempts`)
//!   never changes the typed view;
//! - one tampered byte of the signed document never yields an order other than the original.
//!
//! Control bits: 0 sign type, 1 service-provider mode, 2 query by `transaction_id` (else
//! `out_trade_no`), 3-4 which id the mismatching answer differs in, 5 the colliding field's
//! value (a number or a state).
#![no_main]

use libfuzzer_sys::fuzz_target;
use payquery::providers::cloudpay::{self, CloudPayQuery};
use payquery::providers::wechat_v2::{
    self as v2, sign, xml, Query, RawFields, SignType, WechatV2Order,
};
use payquery::transport::HttpResponse;
use payquery::{ErrorCode, Secret};
use payquery_fuzz::{
    cloud_view, colliding_names, other_id, pairs, ref_fen, typed_view, Ctl, V2_APPID, V2_KEY,
    V2_MCH_ID, V2_SUB_MCH_ID,
};
use payquery_xml_scan::{Problem, Unreadable};

/// The members of a v2 order (camelCase), and the wire fields mapped to them.
const MEMBERS: [&str; 12] = [
    "tradeState",
    "outTradeNo",
    "transactionId",
    "totalFee",
    "cashFee",
    "settlementTotalFee",
    "couponFee",
    "couponCount",
    "coupons",
    "timeEnd",
    "raw",
    "status",
];
const MAPPED: [&str; 9] = [
    "trade_state",
    "out_trade_no",
    "transaction_id",
    "total_fee",
    "cash_fee",
    "settlement_total_fee",
    "coupon_fee",
    "coupon_count",
    "time_end",
];

fn config(sign_type: SignType, partner: bool) -> v2::Config {
    config_of(
        V2_APPID,
        V2_MCH_ID,
        sign_type,
        partner.then_some(V2_SUB_MCH_ID),
    )
}

fn config_of(appid: &str, mch_id: &str, sign_type: SignType, sub: Option<&str>) -> v2::Config {
    v2::Config::new(
        appid.into(),
        mch_id.into(),
        Secret::new(V2_KEY),
        sign_type,
        None,
        sub.map(str::to_owned),
        None,
    )
    .expect("fixed v2 config")
}

/// The query bit 2 picks, by the id the document names when it is a valid one (so that the
/// identity checks can pass), else by a fixed one.
fn pick_query(ctl: &Ctl, signed: &RawFields) -> Query {
    let named = |k: &str| signed.get(k).map(String::as_str).unwrap_or("");
    if ctl.bit(2) {
        Query::by_transaction_id(named("transaction_id"))
            .unwrap_or_else(|_| Query::TransactionId("4200000000000000000000000000".into()))
    } else {
        Query::by_out_trade_no(named("out_trade_no"))
            .unwrap_or_else(|_| Query::OutTradeNo("PQ-FUZZ-V2".into()))
    }
}

/// The same query for another order: one character of its id changed.
fn other_order(query: &Query, pick: u8) -> Query {
    match query {
        Query::OutTradeNo(v) => Query::OutTradeNo(other_id(v, pick)),
        Query::TransactionId(v) => Query::TransactionId(other_id(v, pick)),
    }
}

fn check_order(signed: &RawFields, order: &WechatV2Order, query: &Query) {
    // The order answers the query.
    match query {
        Query::OutTradeNo(v) => assert_eq!(signed.get("out_trade_no"), Some(v)),
        Query::TransactionId(v) => assert_eq!(signed.get("transaction_id"), Some(v)),
    }
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

/// The fields signed with the config's key (any `sign` replaced) and their document.
fn signed_doc(mut fields: RawFields, config: &v2::Config) -> Option<(RawFields, String)> {
    fields.remove("sign");
    let signature = sign::sign(pairs(&fields), &config.api_key, config.sign_type);
    fields.insert("sign".into(), signature);
    let doc = xml::build_xml(pairs(&fields)).ok()?;
    Some((fields, doc))
}

/// The same document asked by another merchant or about another order: never an order, and
/// `RESPONSE_MISMATCH` where the right query typed one.
fn check_mismatch(
    ctl: &Ctl,
    config: &v2::Config,
    query: &Query,
    doc: &str,
    first: &payquery::Result<WechatV2Order>,
) {
    let partner = config.sub_mch_id.as_deref();
    let other = |appid, mch_id, sub| config_of(appid, mch_id, config.sign_type, sub);
    let (config, query) = match (ctl.flags >> 3) & 3 {
        1 => (other("wxfuzz0000000999", V2_MCH_ID, partner), query.clone()),
        2 => (other(V2_APPID, "1900000999", partner), query.clone()),
        3 if partner.is_some() => (
            other(V2_APPID, V2_MCH_ID, Some("1900000999")),
            query.clone(),
        ),
        _ => (config.clone(), other_order(query, ctl.byte)),
    };
    match v2::parse_query(&config, &query, &HttpResponse::ok(doc.to_owned())) {
        Ok(_) => panic!("an answer about another order or merchant typed an order"),
        Err(e) if first.is_ok() => assert_eq!(
            e.code,
            ErrorCode::ResponseMismatch,
            "another order or merchant: {e:?}"
        ),
        Err(_) => {}
    }
}

/// A signed field named like a typed member, added to the document: the typed view stays.
fn check_collision(
    ctl: &Ctl,
    config: &v2::Config,
    query: &Query,
    signed: &RawFields,
    first: &payquery::Result<WechatV2Order>,
) {
    let names = colliding_names(&MEMBERS, &MAPPED);
    let name = &names[ctl.pos % names.len()];
    let value = if ctl.bit(5) {
        (u32::from(ctl.byte) + 7).to_string()
    } else {
        "SUCCESS".to_owned()
    };
    let mut fields = signed.clone();
    fields.insert(name.clone(), value);
    let Some((fields, doc)) = signed_doc(fields, config) else {
        return;
    };
    let second = v2::parse_query(config, query, &HttpResponse::ok(doc));
    match (first, &second) {
        (Ok(a), Ok(b)) => {
            assert_eq!(
                typed_view(a),
                typed_view(b),
                "a wire {name} changed the view"
            );
            assert_eq!(b.raw, fields, "raw is not the signed fields");
        }
        (Err(a), Err(b)) => assert_eq!(a.code, b.code, "a wire {name} changed the error"),
        _ => panic!("a wire {name} changed whether the answer types: {second:?}"),
    }
}

/// Whatever the plain scan reads, the strict scan reads alike; whatever the strict scan reads,
/// quick-xml reads alike; what quick-xml reads and the strict scan refuses is a listed
/// difference (payquery-xml-scan's tests/differential.rs).
fn check_scans(body: &[u8]) {
    let Ok(text) = std::str::from_utf8(body) else {
        return;
    };
    let mut scanned = Vec::new();
    let strict = payquery_hot::xml::scan(text, &mut |k, v| {
        scanned.push((k, v));
        true
    });
    if let Some(plain) = payquery_hot::plain_xml::plain_fields(text) {
        assert!(
            strict.is_ok(),
            "the strict scan refused a document the plain scan read"
        );
        assert_eq!(plain, scanned, "the plain scan read other fields");
    }
    let reference = payquery_fuzz::xml_reference::quick_xml_fields(text);
    match strict {
        Ok(()) => {
            let scanned: Vec<(String, String)> = scanned
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.into_owned()))
                .collect();
            assert_eq!(reference, Ok(scanned), "quick-xml read other fields");
        }
        Err(problem) if reference.is_ok() => assert!(
            match problem {
                Problem::Syntax(e) => e.kind == Unreadable::TagContent,
                Problem::TextOutside => text.contains('\u{c}'),
                _ => false,
            },
            "quick-xml read a document the strict scan refused, not a listed difference"
        ),
        Err(_) => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((ctl, body)) = Ctl::split(data) else {
        return;
    };
    check_scans(body);
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
    let Some((signed, doc)) = signed_doc(fields, &config) else {
        return;
    };
    let query = pick_query(&ctl, &signed);

    let first = v2::parse_query(&config, &query, &HttpResponse::ok(doc.clone()));
    match &first {
        Ok(order) => check_order(&signed, order, &query),
        Err(e) => assert!(
            !matches!(
                e.code,
                ErrorCode::SignatureInvalid | ErrorCode::SignatureMissing
            ),
            "a correctly signed document failed verification: {e:?}"
        ),
    }

    check_mismatch(&ctl, &config, &query, &doc, &first);
    check_collision(&ctl, &config, &query, &signed, &first);

    // CloudPay's signing backend verifies the same answer through the same v2 rules.
    if partner {
        let out_trade_no = signed.get("out_trade_no").cloned().unwrap_or_default();
        let input = [
            (
                "sub_mch_id".to_owned(),
                payquery::core::json_value::Value::from(V2_SUB_MCH_ID),
            ),
            (
                "out_trade_no".to_owned(),
                payquery::core::json_value::Value::from(out_trade_no),
            ),
        ];
        if let Ok(query) = CloudPayQuery::from_input(&input) {
            let base = config.clone();
            let cloud = cloudpay::parse_query(&base, &query, &HttpResponse::ok(doc.clone()))
                .map(|r| cloud_view(&r));
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
                        .member("totalFee")
                        .and_then(serde_json::Value::as_i64),
                    order.total_fee
                );
            }
            if let Ok(result) = &cloud {
                assert_eq!(result.member("errCode"), Some(&serde_json::Value::from(0)));
                assert_eq!(
                    result.member("errMsg"),
                    Some(&serde_json::Value::from(cloudpay::ERR_MSG_OK))
                );
                let raw: RawFields =
                    serde_json::from_value(result.raw.clone()).expect("raw is the fields");
                // A return_code=FAIL resolves with only its (unsigned) return_code/return_msg.
                let mut expected = signed.clone();
                if signed.get("return_code").map(String::as_str) == Some("FAIL") {
                    expected.retain(|k, _| k == "return_code" || k == "return_msg");
                }
                assert_eq!(raw, expected, "CloudPay raw is not the signed fields");
            }
        }
    }

    let tampered = ctl.tamper(doc.as_bytes());
    if let Ok(order) = v2::parse_query(&config, &query, &HttpResponse::ok(tampered)) {
        assert_eq!(
            Some(&order),
            first.as_ref().ok(),
            "a tampered document gave another order"
        );
    }
});
