//! WeChat Pay APIv3 query responses: the `Wechatpay-*` header rules, the exact message handed
//! to the signature check, and the typed order with its identity checks.
//!
//! Input: control prefix + a JSON body. Bits 0-2 pick the query (out_trade_no, transaction_id,
//! combine; its value taken from the body when it names one, so that the identity checks can
//! pass), bit 3 the mode (direct/partner), bit 5 the key that signs (public key id or
//! certificate serial). With bit 4 set the input is instead raw `Name: value` header lines, a blank line and the body,
//! given unsigned to the header rules. Properties:
//! - the signature check is handed exactly `timestamp\nnonce\nbody\n` of the bytes received,
//!   and the key named by the serial;
//! - a typed order's `raw` is the signed body; amounts are its JSON integers; the order
//!   answers the query of this merchant;
//! - a body naming a member twice, at any depth, is never typed (readers disagree on which
//!   value counts);
//! - the same answer about another order id or merchant (`(byte >> 4) & 3` of the control
//!   prefix: the query's id, `mchid`/`sp_mchid`, or `sub_mchid` changed) is
//!   `RESPONSE_MISMATCH`, never an order;
//! - a signed top-level field named like a typed member (`tradeState`, `status`, `raw`,
//!   `attempts`) never changes the typed view;
//! - one tampered byte of the body or of a header never yields another order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use payquery::providers::wechat_v3::{self as v3, verify, Query, V3Order};
use payquery::transport::HttpResponse;
use payquery::ErrorCode;
use payquery_fuzz::{
    b64_decode, colliding_names, names_twice, other_id, stand_in_verify, typed_view, v3_config,
    v3_signed_headers, Ctl, V3Merchant, V3_MCHID, V3_NOW, V3_PUBLIC_KEY_ID, V3_SUB_MCHID,
};
use serde_json::Value;

/// The members of a v3 order (camelCase; transaction and combine), all mapped from their
/// snake_case wire names but `raw` and `status`.
const MEMBERS: [&str; 24] = [
    "appid",
    "mchid",
    "spAppid",
    "spMchid",
    "subAppid",
    "subMchid",
    "outTradeNo",
    "transactionId",
    "tradeType",
    "tradeState",
    "tradeStateDesc",
    "bankType",
    "attach",
    "successTime",
    "payer",
    "amount",
    "sceneInfo",
    "promotionDetail",
    "combineAppid",
    "combineMchid",
    "combineOutTradeNo",
    "subOrders",
    "raw",
    "status",
];
const MAPPED: [&str; 22] = [
    "appid",
    "mchid",
    "sp_appid",
    "sp_mchid",
    "sub_appid",
    "sub_mchid",
    "out_trade_no",
    "transaction_id",
    "trade_type",
    "trade_state",
    "trade_state_desc",
    "bank_type",
    "attach",
    "success_time",
    "payer",
    "amount",
    "scene_info",
    "promotion_detail",
    "combine_appid",
    "combine_mchid",
    "combine_out_trade_no",
    "sub_orders",
];

const CERT_SERIAL: &str = "9A00C0FFEE0000000000000000000000000000F1";

/// Verification as the binding runs it, with the stand-in for WebCrypto's RSA.
fn verify_and_parse(
    config: &v3::Config,
    query: &Query,
    response: &HttpResponse,
) -> payquery::Result<V3Order> {
    let check = v3::check_response(config, response, V3_NOW, None)?;
    let h = verify::signed_headers(&response.headers)?;
    assert_eq!(
        check.message,
        verify::verify_message(&h.timestamp, &h.nonce, &response.body)
    );
    let mut expected = format!("{}\n{}\n", h.timestamp, h.nonce).into_bytes();
    expected.extend_from_slice(&response.body);
    expected.push(b'\n');
    assert_eq!(
        check.message, expected,
        "the signed message is not the received bytes"
    );
    assert_eq!(Some(&check.signature), b64_decode(&h.signature).as_ref());
    assert!(v3::keys::same_serial(&check.key.id, &h.serial) || check.key.id == h.serial);
    let verified = verify::verdict(stand_in_verify(&check.message, &check.signature), &check)?;
    v3::parse_query(config, query, response, verified)
}

/// `body` signed (stand-in) with `serial`, as a 200 response.
fn signed_response(serial: &str, body: &[u8]) -> HttpResponse {
    let timestamp = V3_NOW.to_string();
    HttpResponse {
        status: 200,
        headers: v3_signed_headers(&timestamp, "fuzznonce0001", serial, body),
        body: body.to_vec(),
    }
}

/// The same signed answer about another order (one character of the queried id changed) or
/// for another merchant: never an order, and `RESPONSE_MISMATCH` where the right query typed
/// one.
fn check_mismatch(
    ctl: &Ctl,
    partner: bool,
    query: &Query,
    response: &HttpResponse,
    first: &payquery::Result<V3Order>,
) {
    let other_query = || match query {
        Query::OutTradeNo(v) => Query::OutTradeNo(other_id(v, ctl.byte)),
        Query::TransactionId(v) => Query::TransactionId(other_id(v, ctl.byte)),
        Query::Combine(v) => Query::Combine(other_id(v, ctl.byte)),
    };
    let combine = matches!(query, Query::Combine(_));
    // A combine order names its initiator (`combine_mchid`, the `sp_mchid` in partner mode)
    // and no sub-merchant, so `sub_mchid` is changed for transaction queries only.
    let (merchant, query) = match ((ctl.byte >> 4) & 3, partner) {
        (1, false) => (V3Merchant::OtherDirect, query.clone()),
        (1, true) => (V3Merchant::OtherSpMchid, query.clone()),
        (2, true) if !combine => (V3Merchant::OtherSubMchid, query.clone()),
        (_, false) => (V3Merchant::Direct, other_query()),
        (_, true) => (V3Merchant::Partner, other_query()),
    };
    match verify_and_parse(v3_config(merchant), &query, response) {
        Ok(_) => panic!("an answer about another order or merchant typed an order"),
        Err(e) if first.is_ok() => assert_eq!(
            e.code,
            ErrorCode::ResponseMismatch,
            "another order or merchant: {e:?}"
        ),
        Err(_) => {}
    }
}

/// A signed top-level field named like a typed member, added to the body: the typed view
/// stays. Compared with the same body re-serialised without it.
fn check_collision(ctl: &Ctl, config: &v3::Config, query: &Query, serial: &str, body: &Value) {
    let Value::Object(map) = body else {
        return;
    };
    let names = colliding_names(&MEMBERS, &MAPPED);
    let name = &names[ctl.pos % names.len()];
    if map.contains_key(name) {
        return;
    }
    let parse = |map: &serde_json::Map<String, Value>| {
        let bytes = serde_json::to_vec(map).expect("a map serialises");
        verify_and_parse(config, query, &signed_response(serial, &bytes))
    };
    let Ok(base) = parse(map) else {
        return; // Re-serialising changed something the order depended on.
    };
    let mut with = map.clone();
    let value = if ctl.byte & 1 == 1 {
        Value::from(u32::from(ctl.byte) + 7)
    } else {
        Value::from("SUCCESS")
    };
    with.insert(name.clone(), value);
    match parse(&with) {
        Ok(order) => assert_eq!(
            typed_view(&base),
            typed_view(&order),
            "a wire {name} changed the view"
        ),
        Err(e) => panic!("a wire {name} made the order fail: {e:?}"),
    }
}

fn pick_query(ctl: &Ctl, body: &Value) -> Query {
    let named = |k: &str| {
        body.get(k)
            .and_then(Value::as_str)
            .unwrap_or("PQ-V3-PAID")
            .to_owned()
    };
    match (ctl.flags & 0x07) % 3 {
        0 => Query::OutTradeNo(named("out_trade_no")),
        1 => Query::TransactionId(named("transaction_id")),
        _ => Query::Combine(named("combine_out_trade_no")),
    }
}

fn check_order(config: &v3::Config, query: &Query, body: &[u8], order: &V3Order) {
    let signed: Value = serde_json::from_slice(body).expect("a typed body is JSON");
    match order {
        V3Order::Transaction(o) => {
            assert_eq!(
                o.raw.clone().into_serde(),
                signed,
                "raw is not the signed body"
            );
            let total = signed.pointer("/amount/total").and_then(Value::as_i64);
            assert_eq!(
                o.amount.as_ref().and_then(|a| a.total),
                total,
                "amount.total"
            );
            let payer = signed
                .pointer("/amount/payer_total")
                .and_then(Value::as_i64);
            assert_eq!(o.amount.as_ref().and_then(|a| a.payer_total), payer);
            match &config.mode {
                v3::Mode::Direct { .. } => assert_eq!(o.mchid.as_deref(), Some(V3_MCHID)),
                v3::Mode::Partner { .. } => {
                    assert_eq!(o.sp_mchid.as_deref(), Some(V3_MCHID));
                    assert_eq!(o.sub_mchid.as_deref(), Some(V3_SUB_MCHID));
                }
            }
            match query {
                Query::OutTradeNo(v) => assert_eq!(o.out_trade_no.as_ref(), Some(v)),
                Query::TransactionId(v) => assert_eq!(o.transaction_id.as_ref(), Some(v)),
                Query::Combine(_) => panic!("a combine query typed a transaction"),
            }
            assert_eq!(
                Some(&o.trade_state),
                signed
                    .get("trade_state")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .as_ref()
            );
        }
        V3Order::Combine(o) => {
            assert_eq!(
                o.raw.clone().into_serde(),
                signed,
                "raw is not the signed body"
            );
            assert_eq!(o.combine_mchid.as_deref(), Some(V3_MCHID));
            let Query::Combine(want) = query else {
                panic!("a transaction query typed a combine order")
            };
            assert_eq!(o.combine_out_trade_no.as_ref(), Some(want));
            let subs = signed
                .get("sub_orders")
                .and_then(Value::as_array)
                .map(Vec::len)
                .unwrap_or(0);
            assert_eq!(o.sub_orders.len(), subs);
            for (n, sub) in o.sub_orders.iter().enumerate() {
                let total = signed
                    .pointer(&format!("/sub_orders/{n}/amount/total_amount"))
                    .and_then(Value::as_i64);
                assert_eq!(sub.amount.as_ref().and_then(|a| a.total_amount), total);
            }
        }
    }
}

/// Raw header lines, a blank line, the body: the header rules on anything.
fn unsigned_mode(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (head, body) = text.split_once("\n\n").unwrap_or((&text, ""));
    let headers: Vec<(String, String)> = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let response = HttpResponse {
        status: 200,
        headers,
        body: body.as_bytes().to_vec(),
    };
    let config = v3_config(V3Merchant::Direct);
    if let Ok(check) = v3::check_response(config, &response, V3_NOW, None) {
        let h = verify::signed_headers(&response.headers).expect("checked headers are present");
        assert_eq!(
            check.message,
            verify::verify_message(&h.timestamp, &h.nonce, body.as_bytes())
        );
        let ts: i64 = h.timestamp.parse().expect("checked timestamp is a number");
        assert!(
            (V3_NOW - ts).abs() <= 300,
            "timestamp outside the window accepted"
        );
        assert!(!h.signature.starts_with(verify::PROBE_PREFIX));
    }
    for status in [204u16, 401, 404, 500] {
        let r = HttpResponse {
            status,
            ..response.clone()
        };
        if let Err(e) = v3::check_response(config, &r, V3_NOW, Some("msg")) {
            assert_ne!(e.code, ErrorCode::Internal);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((ctl, body)) = Ctl::split(data) else {
        return;
    };
    if ctl.bit(4) {
        return unsigned_mode(body);
    }
    let parsed: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let partner = ctl.bit(3);
    let config = v3_config(if partner {
        V3Merchant::Partner
    } else {
        V3Merchant::Direct
    });
    let query = pick_query(&ctl, &parsed);
    let serial = if ctl.bit(5) {
        CERT_SERIAL
    } else {
        V3_PUBLIC_KEY_ID
    };
    let response = signed_response(serial, body);

    let first = verify_and_parse(config, &query, &response);
    if names_twice(body) {
        match &first {
            Ok(_) => panic!("a body naming a member twice typed an order"),
            Err(e) => assert_eq!(e.code, ErrorCode::MalformedResponse, "{e:?}"),
        }
    }
    match &first {
        Ok(order) => check_order(config, &query, body, order),
        Err(e) => assert!(
            !matches!(
                e.code,
                ErrorCode::SignatureInvalid
                    | ErrorCode::SignatureMissing
                    | ErrorCode::UnknownSerial
                    | ErrorCode::TimestampSkew
            ),
            "a correctly signed response failed verification: {e:?}"
        ),
    }

    check_mismatch(&ctl, partner, &query, &response, &first);
    if first.is_ok() {
        check_collision(&ctl, config, &query, serial, &parsed);
    }

    // Tamper with the body, or with one of the four header values.
    let mut tampered = response.clone();
    match ctl.byte % 5 {
        4 => tampered.body = ctl.tamper(body),
        i => {
            let value = &mut tampered.headers[usize::from(i)].1;
            *value = String::from_utf8_lossy(&ctl.tamper(value.as_bytes())).into_owned();
        }
    }
    if let Ok(order) = verify_and_parse(config, &query, &tampered) {
        assert_eq!(
            Some(&order),
            first.as_ref().ok(),
            "a tampered response gave another order"
        );
    }
});
