// Compiled only under #[cfg(test)], as the parent module declares it.
//! The additions' text written by `core::json_write` against `serde_json::to_string`, which
//! wrote it before: byte for byte once serde_json's string literals are written in ASCII, `raw`
//! (a `json_value::Value`) included.

use super::model::Additions;
use crate::core::json_text::reference::asciify;
use crate::core::json_value::{parse, Names};
use crate::core::json_write::tests::AWKWARD;
use crate::core::json_write::to_json;
use crate::order::{OrderStatus, TradeState};
use crate::providers::wechat_v2::Coupon;

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
        raw: parse(raw.as_bytes(), Names::Distinct).unwrap(),
    }
}

#[test]
fn additions_are_written_as_serde_json_wrote_them() {
    for set in [false, true] {
        for raw in [
            "{}",
            r#"{"a":"\u4e2d","n":9007199254740991,"m":-12,"f":0.1}"#,
        ] {
            let a = additions(set, raw);
            let theirs = serde_json::to_string(&a).unwrap();
            assert_eq!(to_json(&a).unwrap(), asciify(&theirs), "{raw}");
        }
    }
}

/// A number in `raw` that is not an integer within 64 bits is written as its text, which
/// `JSON.parse` reads as the value serde_json's float printer wrote before (`1.50` for `1.5`,
/// `8.007e1` for `80.07`, `-0` for `-0.0`): the same JavaScript values, no float code.
#[test]
fn raw_fractions_and_exponents_are_written_as_received() {
    let raw = r#"{"s":"中\n\"", "a" : [1.50, -0, 8.007e1, 1E-400, 123456789012345678901234, true, null, {"z":{}}]}"#;
    let a = additions(true, raw);
    let ours = to_json(&a).unwrap();
    assert!(
        ours.contains(
            r#""a":[1.50,-0,8.007e1,1E-400,123456789012345678901234,true,null,{"z":{}}]"#
        ),
        "{ours}"
    );
    let theirs = serde_json::to_string(&a).unwrap();
    let read = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();
    assert_eq!(read(&ours), read(&theirs));
}

/// An integer in `raw` beyond 2^53 is refused, as every result's integers are (`JSON.parse`
/// would round it silently).
#[test]
fn raw_integers_beyond_two_to_the_53_are_refused() {
    let a = additions(false, r#"{"n":12345678901234567890}"#);
    assert_eq!(
        to_json(&a).unwrap_err(),
        "12345678901234567890 can't be represented as a JavaScript number"
    );
}
