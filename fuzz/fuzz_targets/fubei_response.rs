//! Fubei synchronous responses (unsigned JSON envelopes) on both APIs.
//!
//! Input: control prefix + the response body. Bit 0 picks API 1.0 or 2.0, bit 1 the 2.0
//! service-provider level (`vendor_sn` + `merchant_id`). Properties:
//! - an object with duplicate names is never read (serde_json alone would take the last);
//! - money exact: every typed amount is the reference reading of the exact wire text;
//! - an order answers the queries by its own ids and no other, and at service-provider level
//!   belongs to the configured merchant;
//! - `data` sent as an object or as a JSON string types to the same order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use payquery::providers::fubei::{self, json::RawObject, Api, Identity, Order, Query};
use payquery::transport::HttpResponse;
use payquery::Secret;
use payquery_fuzz::{check_fubei_money, Ctl, FUBEI_SECRET};

const MERCHANT_ID: u64 = 1_000_001;

fn config(api: Api, vendor: bool) -> fubei::Config {
    let (identity, merchant_id) = if vendor && api == Api::V2 {
        (Identity::VendorSn("fuzzvendor".into()), Some(MERCHANT_ID))
    } else {
        (Identity::AppId("fuzzapp".into()), None)
    };
    fubei::Config::new(api, identity, Secret::new(FUBEI_SECRET), merchant_id, None)
        .expect("fixed Fubei config")
}

/// A query constructor and the id of the order it should match.
type IdCase<'a> = (fn(String) -> Query, Option<&'a str>);

fn check_ids(order: &Order) {
    let [merchant_order_sn, order_sn, ins_order_sn] = order.ids();
    let cases: [IdCase; 3] = [
        (Query::MerchantOrderSn, merchant_order_sn),
        (Query::OrderSn, order_sn),
        (Query::InsOrderSn, ins_order_sn),
    ];
    for (make, id) in cases {
        if let Some(id) = id {
            assert!(
                fubei::check_answers(&make(id.to_owned()), order).is_ok(),
                "its own id refused"
            );
            let other = make(format!("{id}x"));
            assert!(
                fubei::check_answers(&other, order).is_err(),
                "another id accepted"
            );
        }
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
    let config = config(api, ctl.bit(1));
    let Ok(order) = fubei::parse_query(&config, &HttpResponse::ok(body.to_vec())) else {
        return;
    };

    let text = std::str::from_utf8(body).expect("a typed body is UTF-8");
    let envelope = RawObject::parse(text, "envelope").expect("a typed body is an object");
    let data = fubei::data_object(&envelope).expect("a typed body has data");
    check_fubei_money(&order, &data);
    check_ids(&order);
    if let (Some(want), Order::V2(o)) = (config.merchant_id, &order) {
        if let Some(got) = &o.merchant_id {
            assert_eq!(got, &want.to_string(), "another merchant's order accepted");
        }
    }

    let data_text = envelope.get("data").expect("data").get();
    if data_text.starts_with('{') {
        let restrung = serde_json::json!({ "result_code": 200, "data": data_text }).to_string();
        let again = fubei::parse_query(&config, &HttpResponse::ok(restrung.into_bytes()));
        assert_eq!(
            again.ok().as_ref(),
            Some(&order),
            "data as a string typed differently"
        );
    }
});
