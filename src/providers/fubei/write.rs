//! The JSON text of Fubei results (`core::json_write`): members in the order and under the
//! names their serde attributes give, which the TypeScript declarations are generated from.
//! The values payquery does not type (`raw`, the untyped fields) are written verbatim.

use super::json::RawObject;
use super::model::{FubeiOrder, FubeiV1Order, FubeiV2Order, PayChannel, Payment};
use super::sign::Explanation;
use crate::core::json_value::Value;
use crate::core::json_write::{json_object, JsonWriter, WriteFields, WriteJson};

/// A value as Fubei sent it: numbers as their source text (validated JSON by the reader, and
/// never one that `JSON.parse` reads as infinite, which the reader refuses), members in wire
/// order. `JSON.parse` of the result gives exactly what it gives of Fubei's text: an integer
/// beyond 2^53 rounds there as it would have anyway, instead of being refused or rounded here.
/// (Numbers were read into doubles and printed again before: the same values in JavaScript,
/// at the cost of core's float parser and a float printer in the module.)
fn write_verbatim(value: &Value, w: &mut JsonWriter) {
    match value {
        Value::Null => w.null(),
        Value::Bool(b) => w.bool(*b),
        Value::Number(text) => w.raw(text),
        Value::String(s) => w.string(s),
        Value::Array(items) => {
            w.begin_array();
            for item in items {
                w.element();
                write_verbatim(item, w);
            }
            w.end_array();
        }
        Value::Object(members) => {
            w.begin_object();
            write_members(members, w);
            w.end_object();
        }
    }
}

/// Members written verbatim into the object being written.
fn write_members(members: &[(String, Value)], w: &mut JsonWriter) {
    for (name, value) in members {
        w.key(name);
        write_verbatim(value, w);
    }
}

impl WriteJson for RawObject {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        write_members(&self.0, w);
        w.end_object();
    }
}

impl WriteJson for PayChannel {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(match self {
            PayChannel::Wechat => "WECHAT",
            PayChannel::Alipay => "ALIPAY",
            PayChannel::Unionpay => "UNIONPAY",
        });
    }
}

impl WriteFields for FubeiV1Order {
    fn write_fields(&self, w: &mut JsonWriter) {
        w.field("api", self.api);
        w.field("tradeState", &self.trade_state);
        w.field_opt("merchantOrderSn", &self.merchant_order_sn);
        w.field_opt("orderSn", &self.order_sn);
        w.field_opt("tradeNo", &self.trade_no);
        w.field_opt("platformOrderNo", &self.platform_order_no);
        w.field_opt("totalFeeFen", &self.total_fee_fen);
        w.field_opt("orderPriceFen", &self.order_price_fen);
        w.field_opt("feeFen", &self.fee_fen);
        w.field_opt("netMoneyFen", &self.net_money_fen);
        w.field_opt("buyerPayAmountFen", &self.buyer_pay_amount_fen);
        w.field_opt("discountMoneyFen", &self.discount_money_fen);
        w.field_opt("cashCouponFeeFen", &self.cash_coupon_fee_fen);
        w.field_opt("noCashCouponFeeFen", &self.no_cash_coupon_fee_fen);
        w.field_opt("payTime", &self.pay_time);
        w.field_opt("payChannel", &self.pay_channel);
        w.field_opt("storeId", &self.store_id);
        w.field_opt("cashierId", &self.cashier_id);
        write_members(&self.fields.0, w);
        w.field("raw", &self.raw);
        w.field("status", &self.status);
    }
}

impl WriteFields for Payment {
    fn write_fields(&self, w: &mut JsonWriter) {
        w.field("type", &self.kind);
        w.field("amountFen", &self.amount_fen);
    }
}

impl WriteFields for FubeiV2Order {
    fn write_fields(&self, w: &mut JsonWriter) {
        w.field("api", self.api);
        w.field("orderStatus", &self.order_status);
        w.field_opt("orderSn", &self.order_sn);
        w.field_opt("merchantOrderSn", &self.merchant_order_sn);
        w.field_opt("insOrderSn", &self.ins_order_sn);
        w.field_opt("channelOrderSn", &self.channel_order_sn);
        w.field_opt("totalAmountFen", &self.total_amount_fen);
        w.field_opt("netAmountFen", &self.net_amount_fen);
        w.field_opt("buyerPayAmountFen", &self.buyer_pay_amount_fen);
        w.field_opt("feeFen", &self.fee_fen);
        w.field_opt("finishTime", &self.finish_time);
        w.field_opt("payChannel", &self.pay_channel);
        w.field_opt("merchantId", &self.merchant_id);
        w.field_opt("storeId", &self.store_id);
        w.field_opt("cashierId", &self.cashier_id);
        w.field("paymentList", &self.payment_list);
        write_members(&self.fields.0, w);
        w.field("raw", &self.raw);
        w.field("status", &self.status);
    }
}

/// Untagged: the order's own members.
impl WriteFields for FubeiOrder {
    fn write_fields(&self, w: &mut JsonWriter) {
        match self {
            FubeiOrder::V1(o) => o.write_fields(w),
            FubeiOrder::V2(o) => o.write_fields(w),
        }
    }
}

impl WriteFields for Explanation {
    fn write_fields(&self, w: &mut JsonWriter) {
        w.field("stringToSign", &self.string_to_sign);
        w.field("signature", &self.signature);
        self.verdict.write_fields(w);
    }
}

json_object!(FubeiV1Order, Payment, FubeiV2Order, FubeiOrder, Explanation);
