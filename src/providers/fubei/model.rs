//! The typed Fubei orders: 1.0 `openapi.payment.order.query` and 2.0 `fbpay.order.query`.
//!
//! Amounts are integer fen with a `Fen` suffix, parsed exactly from the wire text; ids are
//! strings (Fubei sends some as numbers; strings never lose digits); times are RFC 3339 with
//! `+08:00`; every other field appears camelCased with its JSON value, and `raw` keeps the
//! `data` object as `JSON.parse` gives it of Fubei's text: members in the order Fubei sent
//! them, numbers exactly as sent (see `fubei::json`).

use super::json::RawObject;
use crate::order::OrderStatus;
use serde::Serialize;

/// Most `payment_list` entries payquery reads from one order.
const MAX_PAYMENTS: usize = 100;

/// The payment channel, from 1.0 `type` (1, 2, 5) or 2.0 `pay_type` (wxpay, alipay, unionpay).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "FubeiPayChannel"))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PayChannel {
    /// WeChat Pay.
    Wechat,
    /// Alipay.
    Alipay,
    /// UnionPay.
    Unionpay,
}

impl PayChannel {
    /// 1.0 `type`: 1 WeChat, 2 Alipay, 5 UnionPay; other values are not mapped (kept in `raw`).
    pub fn from_v1_type(value: i64) -> Option<PayChannel> {
        match value {
            1 => Some(PayChannel::Wechat),
            2 => Some(PayChannel::Alipay),
            5 => Some(PayChannel::Unionpay),
            _ => None,
        }
    }

    /// 2.0 `pay_type`; other values are not mapped (kept in `raw`).
    pub fn from_v2_pay_type(value: &str) -> Option<PayChannel> {
        match value {
            "wxpay" => Some(PayChannel::Wechat),
            "alipay" => Some(PayChannel::Alipay),
            "unionpay" => Some(PayChannel::Unionpay),
            _ => None,
        }
    }
}

/// A verified 1.0 order (`openapi.payment.order.query`). Amounts are integer fen; ids are
/// strings. Every other non-empty field of `data` appears camelCased with its JSON value,
/// unless its name is a member's (or `attempts` / `host`): such a field is in `raw` only.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "FubeiOrderV1", optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct FubeiV1Order {
    /// Always `"1.0"`: tells the two order shapes apart.
    #[cfg_attr(test, ts(type = "'1.0'"))]
    pub api: &'static str,
    /// `trade_state` as sent.
    #[cfg_attr(test, ts(type = "FubeiTradeState"))]
    pub trade_state: String,
    /// `merchant_order_sn`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_order_sn: Option<String>,
    /// `order_sn` (Fubei's order number).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_sn: Option<String>,
    /// `trade_no`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trade_no: Option<String>,
    /// `platform_order_no`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform_order_no: Option<String>,
    /// `total_fee` in fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_fee_fen: Option<i64>,
    /// `order_price` in fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_price_fen: Option<i64>,
    /// `fee` in fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fee_fen: Option<i64>,
    /// `net_money` in fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net_money_fen: Option<i64>,
    /// `buyer_pay_amount` in fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buyer_pay_amount_fen: Option<i64>,
    /// `discount_money` in fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discount_money_fen: Option<i64>,
    /// `cash_coupon_fee` in fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cash_coupon_fee_fen: Option<i64>,
    /// `no_cash_coupon_fee` in fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_cash_coupon_fee_fen: Option<i64>,
    /// `pay_time` (Unix seconds) as RFC 3339 in Beijing time; `0` reads as absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(type = "Rfc3339DateTime", optional))]
    pub pay_time: Option<String>,
    /// `type` as a channel, when it is one payquery knows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pay_channel: Option<PayChannel>,
    /// `store_id`, as a string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store_id: Option<String>,
    /// `cashier_id`, as a string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cashier_id: Option<String>,
    /// Every other non-empty field, camelCased, with its JSON value, in wire order; never one
    /// named like a member (and never a name twice: `data` names each field once, and
    /// camelCasing is one-to-one on the canonical snake_case names shown).
    #[serde(flatten)]
    #[cfg_attr(test, ts(skip))]
    pub fields: RawObject,
    /// The `data` object as received, members in wire order (numbers as `JSON.parse` reads them).
    #[cfg_attr(test, ts(type = "Record<string, unknown>"))]
    pub raw: RawObject,
    /// The provider-neutral status.
    pub status: OrderStatus,
}

/// One `payment_list` entry of a 2.0 order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "FubeiPayment"))]
#[serde(rename_all = "camelCase")]
pub struct Payment {
    /// `type` (`FUBEI_DISCOUNT`, `CHANNEL_DISCOUNT`, `CHANNEL_PRE`, ...).
    #[serde(rename = "type")]
    #[cfg_attr(test, ts(type = "FubeiPaymentType | null"))]
    pub kind: Option<String>,
    /// `amount` in fen.
    pub amount_fen: Option<i64>,
}

/// A verified 2.0 order (`fbpay.order.query`). Amounts are integer fen; ids are strings. Every
/// other non-empty field of `data` appears camelCased with its JSON value, unless its name is a
/// member's (or `attempts` / `host`): such a field is in `raw` only.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "FubeiOrderV2", optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct FubeiV2Order {
    /// Always `"2.0"`.
    #[cfg_attr(test, ts(type = "'2.0'"))]
    pub api: &'static str,
    /// `order_status` as sent.
    #[cfg_attr(test, ts(type = "FubeiTradeState"))]
    pub order_status: String,
    /// `order_sn` (Fubei's order number).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_sn: Option<String>,
    /// `merchant_order_sn`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_order_sn: Option<String>,
    /// `ins_order_sn`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ins_order_sn: Option<String>,
    /// `channel_order_sn` (the WeChat / Alipay transaction id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_order_sn: Option<String>,
    /// `total_amount` in fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_amount_fen: Option<i64>,
    /// `net_amount` in fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net_amount_fen: Option<i64>,
    /// `buyer_pay_amount` in fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buyer_pay_amount_fen: Option<i64>,
    /// `fee` in fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fee_fen: Option<i64>,
    /// `finish_time` (`yyyyMMddHHmmss`, Beijing) as RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(type = "Rfc3339DateTime", optional))]
    pub finish_time: Option<String>,
    /// `pay_type` as a channel, when it is one payquery knows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pay_channel: Option<PayChannel>,
    /// `merchant_id`, as a string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_id: Option<String>,
    /// `store_id`, as a string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store_id: Option<String>,
    /// `cashier_id`, as a string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cashier_id: Option<String>,
    /// `payment_list` (empty when absent).
    pub payment_list: Vec<Payment>,
    /// Every other non-empty field, camelCased, with its JSON value, in wire order; never one
    /// named like a member (and never a name twice: `data` names each field once, and
    /// camelCasing is one-to-one on the canonical snake_case names shown).
    #[serde(flatten)]
    #[cfg_attr(test, ts(skip))]
    pub fields: RawObject,
    /// The `data` object as received, members in wire order (numbers as `JSON.parse` reads them).
    #[cfg_attr(test, ts(type = "Record<string, unknown>"))]
    pub raw: RawObject,
    /// The provider-neutral status.
    pub status: OrderStatus,
}

/// A verified Fubei order of either API, told apart by `api`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(untagged)]
pub enum FubeiOrder {
    /// A 1.0 order.
    V1(FubeiV1Order),
    /// A 2.0 order.
    V2(FubeiV2Order),
}

impl FubeiOrder {
    /// The neutral status.
    pub fn status(&self) -> &OrderStatus {
        match self {
            FubeiOrder::V1(o) => &o.status,
            FubeiOrder::V2(o) => &o.status,
        }
    }

    /// `merchant_order_sn`, `order_sn` and (2.0) `ins_order_sn`, for checking the answer
    /// belongs to the query.
    pub fn ids(&self) -> [Option<&str>; 3] {
        match self {
            FubeiOrder::V1(o) => [o.merchant_order_sn.as_deref(), o.order_sn.as_deref(), None],
            FubeiOrder::V2(o) => [
                o.merchant_order_sn.as_deref(),
                o.order_sn.as_deref(),
                o.ins_order_sn.as_deref(),
            ],
        }
    }
}

/// The members of a 1.0 order: no wire field is shown under these names.
pub const V1_MEMBERS: &[&str] = &[
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
/// The members of a 2.0 order: no wire field is shown under these names.
pub const V2_MEMBERS: &[&str] = &[
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

/// Reading an order from the verified `data` object (one shape per API).
#[path = "model_read.rs"]
mod read;

#[cfg(test)]
#[path = "model_tests.rs"]
mod tests;
