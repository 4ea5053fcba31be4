// Compiled only under #[cfg(test)], as the parent module declares it.
//! Host tests of the identity checks after verification: an answer must be about the query
//! and the merchant (ids, order numbers, combine initiator and sub-orders).

use super::model_tests::{combine_body, paid_body, parse_verified};
use super::tests::{direct, partner};
use super::*;
use crate::error::ErrorCode;
use serde_json::json;

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
