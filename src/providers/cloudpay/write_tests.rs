// Compiled only under #[cfg(test)], as the parent module declares it.
//! The additions' text written by `core::json_write` against `serde_json::to_string`, which
//! wrote it before: byte for byte once serde_json's string literals are written in ASCII, with
//! `raw` copied as received in both.

use super::model::Additions;
use crate::core::json_text::reference::asciify;
use crate::core::json_write::tests::AWKWARD;
use crate::core::json_write::to_json;
use crate::order::{OrderStatus, TradeState};
use crate::providers::wechat_v2::Coupon;
use serde_json::value::RawValue;

fn additions(set: bool, raw: &str) -> Additions {
    let mut status = OrderStatus::new(TradeState::Closed, AWKWARD[2]);
    if set {
        status.amount_fen = Some(9_007_199_254_740_991);
        status.out_trade_no = Some(AWKWARD[3].into());
    }
    Additions {
        result_err_code: set.then(|| AWKWARD[3].into()),
        coupons: if set {
            vec![
                Coupon {
                    id: Some(AWKWARD[2].into()),
                    kind: None,
                    fee: 1,
                },
                Coupon {
                    id: None,
                    kind: Some("CASH".into()),
                    fee: 0,
                },
            ]
        } else {
            vec![]
        },
        status,
        raw: RawValue::from_string(raw.to_owned()).unwrap(),
    }
}

#[test]
fn additions_are_written_as_serde_json_wrote_them() {
    for set in [false, true] {
        // ASCII without short escapes: serde_json's whole text in ASCII is ours.
        for raw in ["{}", r#"{"a":"\u4e2d","n":12345678901234567890,"f":0.1}"#] {
            let a = additions(set, raw);
            let theirs = serde_json::to_string(&a).unwrap();
            assert_eq!(to_json(&a).unwrap(), asciify(&theirs));
        }
        // Anything else: `raw` copied as is by both, the rest in ASCII.
        let raw = "{\"s\":\"中\\n\\\"\",\n \"a\" : [1.50, -0]}";
        let a = additions(set, raw);
        let ours = to_json(&a).unwrap();
        let theirs = serde_json::to_string(&a).unwrap();
        assert!(ours.ends_with(&format!(",\"raw\":{raw}}}")), "{ours}");
        assert_eq!(ours.replace(raw, "0"), asciify(&theirs.replace(raw, "0")));
    }
}
