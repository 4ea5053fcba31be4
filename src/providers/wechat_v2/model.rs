//! The typed APIv2 order, built only from fields whose signature has been verified.

use super::xml::RawFields;
use crate::core::time::beijing_compact_to_rfc3339;
use crate::error::{Error, Result};
use crate::money::Fen;
use crate::order::{OrderStatus, TradeState};
use crate::providers::typed_view::untyped_name;
use serde::Serialize;
use std::collections::BTreeMap;

/// Most coupons payquery reads from one order; WeChat documents far fewer.
const MAX_COUPONS: usize = 100;

/// One coupon used on the order, from `coupon_id_$n`, `coupon_type_$n`, `coupon_fee_$n`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "V2Coupon"))]
pub struct Coupon {
    /// `coupon_id_$n`.
    pub id: Option<String>,
    /// `coupon_type_$n` (`CASH` or `NO_CASH`).
    #[serde(rename = "type")]
    #[cfg_attr(test, ts(type = "WechatCouponType | null"))]
    pub kind: Option<String>,
    /// `coupon_fee_$n`, in fen.
    pub fee: i64,
}

/// A verified APIv2 order, about the order queried (else `RESPONSE_MISMATCH`). Every other
/// non-empty wire field appears camelCased as a string, unless its camelCase name is a member's
/// (or `attempts` / `host`): such a field is in `raw` only, it never replaces a member.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(rename = "WechatPayV2Order", optional_fields)
)]
#[serde(rename_all = "camelCase")]
pub struct WechatV2Order {
    /// The wire `trade_state` (`SUCCESS`, `NOTPAY`, ...).
    #[cfg_attr(test, ts(type = "WechatTradeState"))]
    pub trade_state: String,
    /// `out_trade_no`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub out_trade_no: Option<String>,
    /// `transaction_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// `total_fee` in fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_fee: Option<i64>,
    /// `cash_fee` in fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cash_fee: Option<i64>,
    /// `settlement_total_fee` in fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settlement_total_fee: Option<i64>,
    /// `coupon_fee` in fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coupon_fee: Option<i64>,
    /// `coupon_count`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coupon_count: Option<i64>,
    /// The coupons, `coupon_count` of them.
    pub coupons: Vec<Coupon>,
    /// `time_end` as RFC 3339 with `+08:00`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(type = "Rfc3339DateTime", optional))]
    pub time_end: Option<String>,
    /// Every other non-empty wire field, camelCased, as a string (unknown ones too); never one
    /// named like a typed member (see `providers::typed_view`).
    #[serde(flatten)]
    #[cfg_attr(test, ts(skip))]
    pub fields: BTreeMap<String, String>,
    /// Every wire field exactly as received, `sign` included.
    #[cfg_attr(test, ts(type = "Record<string, string>"))]
    pub raw: RawFields,
    /// The provider-neutral status.
    pub status: OrderStatus,
}

/// The result's typed members (and `raw`, `status`): no wire field is shown under these names.
pub const MEMBERS: &[&str] = &[
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

/// Fields mapped to typed members, left out of the flattened string fields.
const TYPED: &[&str] = &[
    "sign",
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

fn is_coupon_item(name: &str) -> bool {
    ["coupon_id_", "coupon_type_", "coupon_fee_"]
        .iter()
        .any(|p| {
            name.strip_prefix(p)
                .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
        })
}

/// Reads an integer-fen field; absent or empty is `None`, anything else must be digits.
pub fn fen_field(raw: &RawFields, name: &str) -> Result<Option<i64>> {
    match raw.get(name).map(String::as_str) {
        None | Some("") => Ok(None),
        Some(text) => Fen::parse_fen(text)
            .map(|f| Some(f.0))
            .map_err(|e| Error::malformed(format!("{name} is not an integer fen amount: {e}"))),
    }
}

/// The coupons listed by `coupon_count` and the 0-based `coupon_*_$n` fields.
pub fn coupons(raw: &RawFields) -> Result<Vec<Coupon>> {
    let count = fen_field(raw, "coupon_count")?.unwrap_or(0);
    let count = usize::try_from(count)
        .ok()
        .filter(|&c| c <= MAX_COUPONS)
        .ok_or_else(|| Error::malformed("coupon_count is out of range"))?;
    // A loop, not `collect()` into a `Result` (whose adapter is about 700 bytes).
    let mut out = Vec::with_capacity(count);
    for n in 0..count {
        let fee = fen_field(raw, &format!("coupon_fee_{n}"))?
            .ok_or_else(|| Error::malformed(format!("coupon_fee_{n} is missing")))?;
        out.push(Coupon {
            id: raw.get(&format!("coupon_id_{n}")).cloned(),
            kind: raw.get(&format!("coupon_type_{n}")).cloned(),
            fee,
        });
    }
    Ok(out)
}

/// `time_end` (Beijing `yyyyMMddHHmmss`) as RFC 3339; absent or empty is `None`.
pub fn time_end(raw: &RawFields) -> Result<Option<String>> {
    match raw.get("time_end").map(String::as_str) {
        None | Some("") => Ok(None),
        Some(text) => beijing_compact_to_rfc3339(text)
            .map(Some)
            .ok_or_else(|| Error::malformed("time_end is not a valid yyyyMMddHHmmss time")),
    }
}

/// The neutral status of a v2-shaped order.
pub fn status(raw: &RawFields, amount_fen: Option<i64>, paid_at: Option<String>) -> OrderStatus {
    let wire = raw.get("trade_state").cloned().unwrap_or_default();
    let mut status = OrderStatus::new(TradeState::from_wechat(&wire), wire);
    status.amount_fen = amount_fen;
    status.paid_at = paid_at;
    status.transaction_id = raw.get("transaction_id").filter(|v| !v.is_empty()).cloned();
    status.out_trade_no = raw.get("out_trade_no").filter(|v| !v.is_empty()).cloned();
    status
}

impl WechatV2Order {
    /// Maps verified fields (with `result_code=SUCCESS`) to the typed order.
    pub fn from_verified(raw: RawFields) -> Result<WechatV2Order> {
        let trade_state = raw
            .get("trade_state")
            .filter(|s| !s.is_empty())
            .cloned()
            .ok_or_else(|| Error::malformed("a successful order query has no trade_state"))?;
        let total_fee = fen_field(&raw, "total_fee")?;
        let time_end = time_end(&raw)?;
        let fields = crate::core::maps::btree(
            raw.iter()
                .filter(|(k, v)| {
                    !v.is_empty() && !TYPED.contains(&k.as_str()) && !is_coupon_item(k)
                })
                .filter_map(|(k, v)| Some((untyped_name(k, MEMBERS)?, v.clone()))),
        );
        let paid_at = if trade_state == "SUCCESS" {
            time_end.clone()
        } else {
            None
        };
        Ok(WechatV2Order {
            out_trade_no: raw.get("out_trade_no").cloned(),
            transaction_id: raw.get("transaction_id").cloned(),
            total_fee,
            cash_fee: fen_field(&raw, "cash_fee")?,
            settlement_total_fee: fen_field(&raw, "settlement_total_fee")?,
            coupon_fee: fen_field(&raw, "coupon_fee")?,
            coupon_count: fen_field(&raw, "coupon_count")?,
            coupons: coupons(&raw)?,
            time_end,
            status: status(&raw, total_fee, paid_at),
            trade_state,
            fields,
            raw,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn raw(pairs: &[(&str, &str)]) -> RawFields {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn maps_a_paid_order_with_coupons() {
        let order = WechatV2Order::from_verified(raw(&[
            ("return_code", "SUCCESS"),
            ("result_code", "SUCCESS"),
            ("trade_state", "SUCCESS"),
            ("out_trade_no", "T1"),
            ("transaction_id", "4200"),
            ("total_fee", "101"),
            ("cash_fee", "81"),
            ("coupon_fee", "20"),
            ("coupon_count", "2"),
            ("coupon_id_0", "C0"),
            ("coupon_type_0", "CASH"),
            ("coupon_fee_0", "15"),
            ("coupon_id_1", "C1"),
            ("coupon_fee_1", "5"),
            ("time_end", "20240102030405"),
            ("is_subscribe", "N"),
            ("new_field_x", "v"),
            ("attach", ""),
            ("sign", "S"),
        ]))
        .unwrap();
        assert_eq!(order.total_fee, Some(101));
        assert_eq!(order.coupons.len(), 2);
        assert_eq!(order.coupons[1].kind, None);
        assert_eq!(order.coupons[0].fee, 15);
        assert_eq!(order.time_end.as_deref(), Some("2024-01-02T03:04:05+08:00"));
        assert_eq!(order.fields["isSubscribe"], "N");
        assert_eq!(order.fields["newFieldX"], "v");
        assert!(!order.fields.contains_key("attach"));
        assert!(!order.fields.contains_key("couponFee_0"));
        assert_eq!(order.raw["attach"], "");
        assert_eq!(order.status.state, TradeState::Paid);
        assert!(order.status.is_final);
        assert_eq!(order.status.amount_fen, Some(101));
        assert_eq!(
            order.status.paid_at.as_deref(),
            Some("2024-01-02T03:04:05+08:00")
        );
    }

    #[test]
    fn unpaid_order_has_no_paid_at() {
        let order = WechatV2Order::from_verified(raw(&[
            ("trade_state", "NOTPAY"),
            ("out_trade_no", "T2"),
            ("trade_state_desc", "订单未支付"),
        ]))
        .unwrap();
        assert_eq!(order.status.state, TradeState::NotPaid);
        assert!(!order.status.is_final);
        assert_eq!(order.status.paid_at, None);
        assert_eq!(order.fields["tradeStateDesc"], "订单未支付");
    }

    #[test]
    fn malformed_numbers_and_coupons_are_errors() {
        for bad in [
            vec![("trade_state", "SUCCESS"), ("total_fee", "1.5")],
            vec![("trade_state", "SUCCESS"), ("coupon_count", "1")],
            vec![("trade_state", "SUCCESS"), ("coupon_count", "100000")],
            vec![("trade_state", "SUCCESS"), ("time_end", "2024")],
            vec![("out_trade_no", "x")],
        ] {
            let e = WechatV2Order::from_verified(raw(&bad)).unwrap_err();
            assert_eq!(e.code, ErrorCode::MalformedResponse, "{bad:?}");
        }
    }

    #[test]
    fn the_member_list_names_every_typed_member() {
        let order = WechatV2Order::from_verified(raw(&[
            ("trade_state", "SUCCESS"),
            ("out_trade_no", "T1"),
            ("transaction_id", "4200"),
            ("total_fee", "101"),
            ("cash_fee", "81"),
            ("settlement_total_fee", "101"),
            ("coupon_fee", "20"),
            ("coupon_count", "1"),
            ("coupon_fee_0", "20"),
            ("time_end", "20240102030405"),
        ]))
        .unwrap();
        let json = serde_json::to_value(&order).unwrap();
        let mut keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .filter(|k| !order.fields.contains_key(*k))
            .collect();
        keys.sort_unstable();
        let mut members = MEMBERS.to_vec();
        members.sort_unstable();
        assert_eq!(keys, members);
    }
}
