//! Fubei synchronous responses (unsigned JSON envelopes) on both APIs.
//!
//! Input: control prefix + the response body. Bit 0 picks API 1.0 or 2.0, bit 1 the 2.0
//! service-provider level (`vendor_sn` + `merchant_id`), bits 2-3 the query (by
//! `merchant_order_sn`, `order_sn` or `ins_order_sn`, its value taken from `data` when it names
//! one, so that the identity checks can pass), bit 4 whether the mismatching query differs in
//! the order id or the merchant, bit 5 the colliding field's value (a number or a string).
//! Properties:
//! - an object with duplicate names is never read (serde_json alone would take the last);
//! - money exact: every typed amount is the reference reading of the exact wire text;
//! - an order answers the queries by its own ids and no other, and at service-provider level
//!   belongs to the configured merchant: the same answer about another order id or merchant
//!   is `RESPONSE_MISMATCH`, never an order;
//! - a `data` field named like a typed member (`totalFeeFen`, `total_fee_fen`, `status`, `raw`)
//!   never changes the typed view;
//! - `data` sent as an object or as a JSON string types to the same order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use payquery::core::json_value::Value as JsonValue;
use payquery::providers::fubei::{self, json::RawObject, Api, FubeiOrder, Identity, Query};
use payquery::transport::HttpResponse;
use payquery::{ErrorCode, Secret};
use payquery_fuzz::{
    check_fubei_money, colliding_names, exact_json, other_id, typed_view, Ctl, FUBEI_SECRET,
};

const MERCHANT_ID: u64 = 1_000_001;

/// The members of each order shape (camelCase), and the `data` fields mapped to them.
const V1_MEMBERS: [&str; 20] = [
    "api",
    "tradeState",
    "merchantOrderSn",
    "orderSn",
    "tradeNo",
    "platformOrderNo",
    "totalFeeFen",
    "orderPriceFen",
    "feeFen",
    "netMoneyFen",
    "buyerPayAmountFen",
    "discountMoneyFen",
    "cashCouponFeeFen",
    "noCashCouponFeeFen",
    "payTime",
    "payChannel",
    "storeId",
    "cashierId",
    "raw",
    "status",
];
const V1_MAPPED: [&str; 8] = [
    "trade_state",
    "merchant_order_sn",
    "order_sn",
    "trade_no",
    "platform_order_no",
    "pay_time",
    "store_id",
    "cashier_id",
];
const V2_MEMBERS: [&str; 18] = [
    "api",
    "orderStatus",
    "orderSn",
    "merchantOrderSn",
    "insOrderSn",
    "channelOrderSn",
    "totalAmountFen",
    "netAmountFen",
    "buyerPayAmountFen",
    "feeFen",
    "finishTime",
    "payChannel",
    "merchantId",
    "storeId",
    "cashierId",
    "paymentList",
    "raw",
    "status",
];
const V2_MAPPED: [&str; 10] = [
    "order_status",
    "order_sn",
    "merchant_order_sn",
    "ins_order_sn",
    "channel_order_sn",
    "finish_time",
    "merchant_id",
    "store_id",
    "cashier_id",
    "payment_list",
];

fn config(api: Api, vendor: bool, merchant_id: u64) -> fubei::Config {
    let (identity, merchant_id) = if vendor && api == Api::V2 {
        (Identity::VendorSn("fuzzvendor".into()), Some(merchant_id))
    } else {
        (Identity::AppId("fuzzapp".into()), None)
    };
    fubei::Config::new(api, identity, Secret::new(FUBEI_SECRET), merchant_id, None)
        .expect("fixed Fubei config")
}

/// A query constructor and the id of the order it should match.
type IdCase<'a> = (fn(String) -> Query, Option<&'a str>);

fn check_ids(config: &fubei::Config, order: &FubeiOrder) {
    let [merchant_order_sn, order_sn, ins_order_sn] = order.ids();
    let cases: [IdCase; 3] = [
        (Query::MerchantOrderSn, merchant_order_sn),
        (Query::OrderSn, order_sn),
        (Query::InsOrderSn, ins_order_sn),
    ];
    for (make, id) in cases {
        if let Some(id) = id {
            assert!(
                fubei::check_answers(config, &make(id.to_owned()), order).is_ok(),
                "its own id refused"
            );
            let other = make(format!("{id}x"));
            assert!(
                fubei::check_answers(config, &other, order).is_err(),
                "another id accepted"
            );
        }
    }
}

/// The `data` object of a body, if it has one.
fn data_of(body: &[u8]) -> Option<RawObject> {
    let envelope = RawObject::parse(std::str::from_utf8(body).ok()?, "envelope").ok()?;
    fubei::data_object(&envelope).ok()
}

/// The query bits 2-3 pick, by the id `data` names when it is a valid one, else a fixed one.
fn pick_query(ctl: &Ctl, data: Option<&RawObject>) -> Query {
    let named = |k: &str| {
        data.and_then(|d| d.text(k).ok().flatten())
            .unwrap_or_default()
    };
    let fixed = "PQ-FUZZ-FB";
    match (ctl.flags >> 2) & 3 {
        1 => {
            Query::by_order_sn(&named("order_sn")).unwrap_or_else(|_| Query::OrderSn(fixed.into()))
        }
        2 => Query::by_ins_order_sn(&named("ins_order_sn"))
            .unwrap_or_else(|_| Query::InsOrderSn(fixed.into())),
        _ => Query::by_merchant_order_sn(&named("merchant_order_sn"))
            .unwrap_or_else(|_| Query::MerchantOrderSn(fixed.into())),
    }
}

/// The same answer about another order (one character of the id changed) or, at
/// service-provider level, for another merchant: never an order, and `RESPONSE_MISMATCH`
/// where the right query typed one. Fubei's `merchant_id` is compared when sent, so of two
/// merchants' configs at most one types an answer that names a merchant, the one it names,
/// and both type an answer without it alike. (The answer may name either merchant: the
/// fuzzer edits the seeds' `merchant_id` too.)
fn check_mismatch(
    ctl: &Ctl,
    config: &fubei::Config,
    query: &Query,
    body: &[u8],
    first: &payquery::Result<FubeiOrder>,
) {
    let response = HttpResponse::ok(body.to_vec());
    if let (true, Some(merchant)) = (ctl.bit(4), config.merchant_id) {
        let other_merchant = merchant + 1;
        let other = self::config(config.api, true, other_merchant);
        let second = fubei::parse_query(&other, query, &response);
        let named = |order: &FubeiOrder| match order {
            FubeiOrder::V2(o) => o.merchant_id.clone(),
            FubeiOrder::V1(_) => None,
        };
        // Typed for `merchant` alone: it names that merchant, and the other config's refusal
        // is a mismatch.
        let only_for = |order: &FubeiOrder, merchant: u64, e: &payquery::Error| {
            assert_eq!(
                named(order),
                Some(merchant.to_string()),
                "an order typed for a merchant it does not name"
            );
            assert_eq!(e.code, ErrorCode::ResponseMismatch, "{e:?}");
        };
        match (first.as_ref(), second.as_ref()) {
            (Ok(a), Ok(b)) => {
                assert_eq!(named(a), None, "two merchants typed an answer naming one");
                assert_eq!(a, b, "merchant_id not sent, yet the order differs");
            }
            (Ok(order), Err(e)) => only_for(order, merchant, e),
            (Err(e), Ok(order)) => only_for(order, other_merchant, e),
            (Err(_), Err(_)) => {}
        }
        return;
    }
    let other = match query {
        Query::MerchantOrderSn(v) => Query::MerchantOrderSn(other_id(v, ctl.byte)),
        Query::OrderSn(v) => Query::OrderSn(other_id(v, ctl.byte)),
        Query::InsOrderSn(v) => Query::InsOrderSn(other_id(v, ctl.byte)),
    };
    match fubei::parse_query(config, &other, &response) {
        Ok(_) => panic!("an answer about another order typed an order"),
        Err(e) if first.is_ok() => assert_eq!(e.code, ErrorCode::ResponseMismatch, "{e:?}"),
        Err(_) => {}
    }
}

/// An envelope around `data` with its fields and, when given, one more.
fn envelope_with(data: &RawObject, extra: Option<(&str, &str)>) -> Vec<u8> {
    let mut fields: Vec<String> = data
        .0
        .iter()
        .map(|(k, v)| format!("{}:{}", serde_json::Value::from(k.as_str()), exact_json(v)))
        .collect();
    if let Some((k, v)) = extra {
        fields.push(format!("{}:{v}", serde_json::Value::from(k)));
    }
    format!("{{\"result_code\":200,\"data\":{{{}}}}}", fields.join(",")).into_bytes()
}

/// A `data` field named like a typed member, added: the typed view stays.
fn check_collision(ctl: &Ctl, config: &fubei::Config, query: &Query, data: &RawObject) {
    let names = match config.api {
        Api::V1 => colliding_names(&V1_MEMBERS, &V1_MAPPED),
        Api::V2 => colliding_names(&V2_MEMBERS, &V2_MAPPED),
    };
    let name = &names[ctl.pos % names.len()];
    if data.get(name).is_some() {
        return; // A duplicate name is refused, which is another property.
    }
    let value = if ctl.bit(5) {
        (u32::from(ctl.byte) + 7).to_string()
    } else {
        "\"SUCCESS\"".to_owned()
    };
    let parse = |body| fubei::parse_query(config, query, &HttpResponse::ok(body));
    let base = parse(envelope_with(data, None)).expect("the same data typed before");
    match parse(envelope_with(data, Some((name, &value)))) {
        Ok(order) => assert_eq!(
            typed_view(&base),
            typed_view(&order),
            "a data field {name} changed the view"
        ),
        Err(e) => panic!("a data field {name} made the order fail: {e:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((ctl, body)) = Ctl::split(data) else {
        return;
    };
    if let Ok(text) = std::str::from_utf8(body) {
        // Raw values are validated lazily (a lone `\ud800` escape is found when the value is
        // read), so compare only where both readers accept the text.
        let plain = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text);
        if let (Ok(object), Ok(plain)) = (RawObject::parse(text, "fuzz"), plain) {
            assert_eq!(plain.len(), object.0.len(), "duplicate names were read");
        }
    }

    let api = if ctl.bit(0) { Api::V2 } else { Api::V1 };
    let config = config(api, ctl.bit(1), MERCHANT_ID);
    let data_object = data_of(body);
    let query = pick_query(&ctl, data_object.as_ref());
    let first = fubei::parse_query(&config, &query, &HttpResponse::ok(body.to_vec()));
    check_mismatch(&ctl, &config, &query, body, &first);
    let Ok(order) = first else {
        return;
    };

    let text = std::str::from_utf8(body).expect("a typed body is UTF-8");
    let envelope = RawObject::parse(text, "envelope").expect("a typed body is an object");
    let data = fubei::data_object(&envelope).expect("a typed body has data");
    check_fubei_money(&order, &data);
    check_ids(&config, &order);
    if let (Some(want), FubeiOrder::V2(o)) = (config.merchant_id, &order) {
        if let Some(got) = &o.merchant_id {
            assert_eq!(got, &want.to_string(), "another merchant's order accepted");
        }
    }
    check_collision(&ctl, &config, &query, &data);

    let data_value = envelope.get("data").expect("data");
    if let JsonValue::Object(_) = data_value {
        let data_text = exact_json(data_value);
        let restrung = serde_json::json!({ "result_code": 200, "data": data_text }).to_string();
        let again = fubei::parse_query(&config, &query, &HttpResponse::ok(restrung.into_bytes()));
        assert_eq!(
            again.ok().as_ref(),
            Some(&order),
            "data as a string typed differently"
        );
    }
});
