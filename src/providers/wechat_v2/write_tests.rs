// Compiled only under #[cfg(test)], as the parent module declares it.
//! APIv2 results written by `core::json_write` against the serde_json writer they were written
//! with before (`core::json_write::tests::same`): every optional member set and unset, strings
//! needing escapes, integers at and beyond JavaScript's limit.

use super::model::{Coupon, WechatV2Order};
use super::sign::{explain, SignType};
use crate::core::json_write::tests::{same, AWKWARD};
use crate::order::{OrderStatus, TradeState};
use crate::secret::Secret;

fn status(set: bool) -> OrderStatus {
    let mut s = OrderStatus::new(TradeState::Paid, AWKWARD[2]);
    if set {
        s.amount_fen = Some(9_007_199_254_740_991);
        s.paid_at = Some("2024-01-01T12:00:00+08:00".into());
        s.transaction_id = Some(AWKWARD[3].into());
        s.out_trade_no = Some(AWKWARD[4].into());
    }
    s
}

fn order(set: bool, money: i64) -> WechatV2Order {
    let some = |s: &str| set.then(|| s.to_owned());
    let fen = set.then_some(money);
    WechatV2Order {
        trade_state: "SUCCESS".into(),
        out_trade_no: some(AWKWARD[2]),
        transaction_id: some("4200"),
        total_fee: fen,
        cash_fee: fen,
        settlement_total_fee: fen,
        coupon_fee: fen,
        coupon_count: set.then_some(2),
        coupons: if set {
            vec![
                Coupon {
                    id: Some(AWKWARD[3].into()),
                    kind: Some("CASH".into()),
                    fee: money,
                },
                Coupon {
                    id: None,
                    kind: None,
                    fee: 0,
                },
            ]
        } else {
            vec![]
        },
        time_end: some("2024-01-01T12:00:00+08:00"),
        fields: if set {
            AWKWARD
                .iter()
                .map(|s| (format!("k{s}"), (*s).to_owned()))
                .collect()
        } else {
            Default::default()
        },
        raw: AWKWARD
            .iter()
            .map(|s| ((*s).to_owned(), (*s).to_owned()))
            .collect(),
        status: status(set),
    }
}

#[test]
fn orders_are_written_as_serde_json_wrote_them() {
    for set in [false, true] {
        for money in [
            0,
            101,
            9_007_199_254_740_991,
            9_007_199_254_740_992,
            -1,
            i64::MIN,
        ] {
            same(&order(set, money));
        }
    }
    for state in [
        TradeState::NotPaid,
        TradeState::Revoking,
        TradeState::Unknown,
    ] {
        same(&OrderStatus::new(state, ""));
    }
}

#[test]
fn explanations_are_written_as_serde_json_wrote_them() {
    let key = Secret::new("192006250b4c09247ec02edce69f6a2d");
    let params = |sign: Option<&str>| {
        let mut p: Vec<(String, String)> = vec![
            ("appid".into(), "wxd930ea5d5a258f4f".into()),
            ("body".into(), AWKWARD[3].into()),
            ("nonce_str".into(), "ibuaiVcKdpRxkhJA".into()),
        ];
        if let Some(s) = sign {
            p.push(("sign".into(), s.into()));
        }
        p
    };
    for sign_type in [SignType::Md5, SignType::HmacSha256] {
        same(&explain(&params(None), &key, sign_type));
        same(&explain(&params(Some("WRONG")), &key, sign_type));
        let right = explain(&params(None), &key, sign_type).signature;
        same(&explain(&params(Some(&right)), &key, sign_type));
        same(&explain(&[], &key, sign_type));
    }
}
