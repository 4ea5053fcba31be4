//! Typed APIv3 orders (direct, partner, combine), built only from verified bodies. Wire names
//! are snake_case; results are camelCase, money stays integer fen, unknown fields survive
//! (camelCased), `raw` is the parsed body as received and `status` the neutral view.

pub use super::fields::{
    Amount, CombinePayer, Extra, GoodsDetail, Payer, Promotion, SceneInfo, SubOrderAmount,
};
use super::read;
use crate::core::json_read::Fit;
use crate::core::json_value::Value;
use crate::error::{Error, Result};
use crate::money::Fen;
use crate::order::{OrderStatus, TradeState};
use serde::Serialize;

/// A verified direct or partner order (`/v3/pay/transactions/…`, `/v3/pay/partner/…`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(rename = "WechatPayV3Order", rename_all = "camelCase", optional_fields)
)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct TransactionOrder {
    /// Unknown fields, camelCased; none named like a member (see `Extra`).
    #[serde(flatten)]
    pub extra: Extra,
    /// Direct: the app id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appid: Option<String>,
    /// Direct: the merchant id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mchid: Option<String>,
    /// Partner: the service provider's app id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sp_appid: Option<String>,
    /// Partner: the service provider's merchant id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sp_mchid: Option<String>,
    /// Partner: the sub-merchant's app id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_appid: Option<String>,
    /// Partner: the sub-merchant id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_mchid: Option<String>,
    /// The merchant's order number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub out_trade_no: Option<String>,
    /// WeChat Pay's transaction id (absent while unpaid).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// `JSAPI`, `NATIVE`, `APP`, `MICROPAY`, `MWEB`, `FACEPAY`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(type = "WechatTradeType", optional))]
    pub trade_type: Option<String>,
    /// `SUCCESS`, `REFUND`, `NOTPAY`, `CLOSED`, `REVOKED`, `USERPAYING`, `PAYERROR`.
    #[cfg_attr(test, ts(type = "WechatTradeState"))]
    pub trade_state: String,
    /// Human description of the state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trade_state_desc: Option<String>,
    /// Bank type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank_type: Option<String>,
    /// The merchant's attach data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attach: Option<String>,
    /// RFC 3339 payment time.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(type = "Rfc3339DateTime", optional))]
    pub success_time: Option<String>,
    /// The payer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payer: Option<Payer>,
    /// Amounts, fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// Scene.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scene_info: Option<SceneInfo>,
    /// Coupons and discounts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub promotion_detail: Option<Vec<Promotion>>,
    /// The body as received.
    #[cfg_attr(test, ts(type = "Record<string, unknown>", optional = false))]
    pub raw: Value,
    /// The provider-neutral status (always set: by [`TransactionOrder::from_verified`]).
    #[cfg_attr(test, ts(type = "OrderStatus", optional = false))]
    pub status: Option<OrderStatus>,
}

/// One sub-order of a combine order, with its own status.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(rename = "V3SubOrder", rename_all = "camelCase", optional_fields)
)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct SubOrder {
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
    /// The sub-order's merchant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mchid: Option<String>,
    /// Partner combine: the sub-merchant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_mchid: Option<String>,
    /// Partner combine: the sub-merchant's app id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_appid: Option<String>,
    /// Partner combine: the payer's openid under `sub_appid`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_openid: Option<String>,
    /// Trade type.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(type = "WechatTradeType", optional))]
    pub trade_type: Option<String>,
    /// The sub-order's state.
    #[cfg_attr(test, ts(type = "WechatTradeState"))]
    pub trade_state: String,
    /// Bank type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank_type: Option<String>,
    /// Attach data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attach: Option<String>,
    /// RFC 3339 payment time.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(type = "Rfc3339DateTime", optional))]
    pub success_time: Option<String>,
    /// Transaction id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// The sub-order's merchant order number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub out_trade_no: Option<String>,
    /// Amounts, fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<SubOrderAmount>,
    /// Coupons and discounts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub promotion_detail: Option<Vec<Promotion>>,
    /// The sub-order's neutral status.
    #[cfg_attr(test, ts(type = "OrderStatus", optional = false))]
    pub status: Option<OrderStatus>,
}

/// A verified combine (合单) order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(
        rename = "WechatPayV3CombineOrder",
        rename_all = "camelCase",
        optional_fields
    )
)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct CombineOrder {
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
    /// The combine order's app id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub combine_appid: Option<String>,
    /// The merchant that created the combine order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub combine_mchid: Option<String>,
    /// The combine order number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub combine_out_trade_no: Option<String>,
    /// Scene.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scene_info: Option<SceneInfo>,
    /// The sub-orders (at most 50), each with its own status.
    pub sub_orders: Vec<SubOrder>,
    /// The payer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub combine_payer_info: Option<CombinePayer>,
    /// The body as received.
    #[cfg_attr(test, ts(type = "Record<string, unknown>", optional = false))]
    pub raw: Value,
    /// The combine status: final only when every sub-order is, `PAID` only when all are.
    #[cfg_attr(test, ts(type = "OrderStatus", optional = false))]
    pub status: Option<OrderStatus>,
}

/// Checks an RFC 3339 date-time as WeChat Pay sends it (`2024-01-02T03:04:05+08:00`).
pub fn is_rfc3339(t: &str) -> bool {
    let b = t.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    let head = digits(0..4)
        && at(4, b'-')
        && digits(5..7)
        && at(7, b'-')
        && digits(8..10)
        && (at(10, b'T') || at(10, b't'))
        && digits(11..13)
        && at(13, b':')
        && digits(14..16)
        && at(16, b':')
        && digits(17..19);
    if !head {
        return false;
    }
    let mut i = 19;
    if at(i, b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            digits(i + 1..i + 3) && at(i + 3, b':') && digits(i + 4..i + 6) && i + 6 == b.len()
        }
        _ => false,
    }
}

fn check_time(field: &str, t: &Option<String>) -> Result<()> {
    match t {
        Some(t) if !is_rfc3339(t) => {
            Err(Error::malformed(format!("{field} is not an RFC 3339 time")))
        }
        _ => Ok(()),
    }
}

fn status_of(
    trade_state: &str,
    amount_fen: Option<i64>,
    success_time: &Option<String>,
    transaction_id: &Option<String>,
    out_trade_no: &Option<String>,
) -> OrderStatus {
    let mut s = OrderStatus::new(TradeState::from_wechat(trade_state), trade_state);
    s.amount_fen = amount_fen;
    if s.state == TradeState::Paid {
        s.paid_at = success_time.clone();
    }
    s.transaction_id = transaction_id.clone().filter(|v| !v.is_empty());
    s.out_trade_no = out_trade_no.clone().filter(|v| !v.is_empty());
    s
}

fn typed<T>(raw: &Value, what: &str, read: fn(&Value) -> Fit<T>) -> Result<T> {
    read(raw).map_err(|e| Error::malformed(format!("the {what} does not fit: {e}")))
}

impl TransactionOrder {
    /// Types a verified direct or partner order body.
    pub fn from_verified(raw: Value) -> Result<TransactionOrder> {
        let mut order = typed(&raw, "order", read::transaction)?;
        order.extra = std::mem::take(&mut order.extra).without(&["raw", "status"]);
        check_time("success_time", &order.success_time)?;
        let total = order.amount.as_ref().and_then(|a| a.total);
        order.status = Some(status_of(
            &order.trade_state,
            total,
            &order.success_time,
            &order.transaction_id,
            &order.out_trade_no,
        ));
        order.raw = raw;
        Ok(order)
    }
}

/// The combine status from its sub-orders' states (see PROTOCOLS.md "Trade state"): one
/// shared state is the combine's; a mix is final only if every sub-order is final, and never
/// `PAID` unless all are paid.
pub fn combine_state(states: &[TradeState]) -> TradeState {
    let Some(&first) = states.first() else {
        return TradeState::Unknown;
    };
    if states.iter().all(|&s| s == first) {
        return first;
    }
    let any = |s: TradeState| states.contains(&s);
    if states.iter().all(|s| s.is_final()) {
        // Paid together, then some refunded: the combine counts as refunded (as v2 `REFUND`).
        if states
            .iter()
            .all(|&s| s == TradeState::Paid || s == TradeState::Refunded)
        {
            return TradeState::Refunded;
        }
        return TradeState::Unknown;
    }
    if any(TradeState::Paying) {
        TradeState::Paying
    } else if any(TradeState::NotPaid) {
        TradeState::NotPaid
    } else {
        TradeState::Unknown
    }
}

impl CombineOrder {
    /// Types a verified combine order body.
    pub fn from_verified(raw: Value) -> Result<CombineOrder> {
        let mut order = typed(&raw, "combine order", read::combine)?;
        order.extra = std::mem::take(&mut order.extra).without(&["raw", "status"]);
        if order.sub_orders.is_empty() || order.sub_orders.len() > 50 {
            return Err(Error::malformed("a combine order has 1 to 50 sub_orders"));
        }
        let mut total: Option<i64> = Some(0);
        for sub in &mut order.sub_orders {
            sub.extra = std::mem::take(&mut sub.extra).without(&["status"]);
            check_time("sub_orders[].success_time", &sub.success_time)?;
            let amount = sub.amount.as_ref().and_then(|a| a.total_amount);
            total = match (total, amount) {
                (Some(t), Some(a)) => t
                    .checked_add(a)
                    .and_then(|s| Fen::from_integer(s).ok())
                    .map(|f| f.0),
                _ => None,
            };
            sub.status = Some(status_of(
                &sub.trade_state,
                amount,
                &sub.success_time,
                &sub.transaction_id,
                &sub.out_trade_no,
            ));
        }
        let states: Vec<TradeState> = order
            .sub_orders
            .iter()
            .map(|s| TradeState::from_wechat(&s.trade_state))
            .collect();
        let state = combine_state(&states);
        let mut wire: Vec<&str> = Vec::new();
        for s in &order.sub_orders {
            if !wire.contains(&s.trade_state.as_str()) {
                wire.push(&s.trade_state);
            }
        }
        // `final` follows from the state: a mix is never final unless it maps to a final state.
        let mut status = OrderStatus::new(state, wire.join(","));
        status.amount_fen = total;
        if state == TradeState::Paid {
            // Sub-orders are paid together; the latest time is when the whole order was paid.
            status.paid_at = order
                .sub_orders
                .iter()
                .filter_map(|s| s.success_time.clone())
                .max();
        }
        status.out_trade_no = order.combine_out_trade_no.clone();
        order.status = Some(status);
        order.raw = raw;
        Ok(order)
    }
}

/// A verified order of any kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(untagged)]
pub enum V3Order {
    /// Direct or partner.
    Transaction(Box<TransactionOrder>),
    /// Combine.
    Combine(Box<CombineOrder>),
}
