//! The JSON text of APIv3 results (`core::json_write`): members in the order and under the
//! names their serde attributes give, which the TypeScript declarations are generated from.
//! Unknown fields (`Extra`) come first, camelCased, in wire order.

use super::auth::AuthorizationFields;
use super::certificates::Downloaded;
use super::explain::{LineDiff, RequestExplanation, ResponseExplanation};
use super::fields::{
    Amount, CombinePayer, Extra, GoodsDetail, Payer, Promotion, SceneInfo, SubOrderAmount,
};
use super::model::{CombineOrder, SubOrder, TransactionOrder, V3Order};
use super::notify::{Event, Notification};
use crate::core::json_write::{json_object, JsonWriter, WriteFields};

impl WriteFields for Extra {
    fn write_fields(&self, w: &mut JsonWriter) {
        self.write_members(w);
    }
}

impl WriteFields for Amount {
    fn write_fields(&self, w: &mut JsonWriter) {
        self.extra.write_fields(w);
        w.field_opt("total", &self.total);
        w.field_opt("payerTotal", &self.payer_total);
        w.field_opt("currency", &self.currency);
        w.field_opt("payerCurrency", &self.payer_currency);
    }
}

impl WriteFields for Payer {
    fn write_fields(&self, w: &mut JsonWriter) {
        self.extra.write_fields(w);
        w.field_opt("openid", &self.openid);
        w.field_opt("spOpenid", &self.sp_openid);
        w.field_opt("subOpenid", &self.sub_openid);
    }
}

impl WriteFields for SceneInfo {
    fn write_fields(&self, w: &mut JsonWriter) {
        self.extra.write_fields(w);
        w.field_opt("deviceId", &self.device_id);
    }
}

impl WriteFields for GoodsDetail {
    fn write_fields(&self, w: &mut JsonWriter) {
        self.extra.write_fields(w);
        w.field_opt("goodsId", &self.goods_id);
        w.field_opt("quantity", &self.quantity);
        w.field_opt("unitPrice", &self.unit_price);
        w.field_opt("discountAmount", &self.discount_amount);
        w.field_opt("goodsRemark", &self.goods_remark);
    }
}

impl WriteFields for Promotion {
    fn write_fields(&self, w: &mut JsonWriter) {
        self.extra.write_fields(w);
        w.field_opt("couponId", &self.coupon_id);
        w.field_opt("name", &self.name);
        w.field_opt("scope", &self.scope);
        w.field_opt("type", &self.kind);
        w.field_opt("amount", &self.amount);
        w.field_opt("stockId", &self.stock_id);
        w.field_opt("wechatpayContribute", &self.wechatpay_contribute);
        w.field_opt("merchantContribute", &self.merchant_contribute);
        w.field_opt("otherContribute", &self.other_contribute);
        w.field_opt("currency", &self.currency);
        w.field_opt("goodsDetail", &self.goods_detail);
    }
}

impl WriteFields for SubOrderAmount {
    fn write_fields(&self, w: &mut JsonWriter) {
        self.extra.write_fields(w);
        w.field_opt("totalAmount", &self.total_amount);
        w.field_opt("payerAmount", &self.payer_amount);
        w.field_opt("currency", &self.currency);
        w.field_opt("payerCurrency", &self.payer_currency);
        w.field_opt("settlementRate", &self.settlement_rate);
    }
}

impl WriteFields for CombinePayer {
    fn write_fields(&self, w: &mut JsonWriter) {
        self.extra.write_fields(w);
        w.field_opt("openid", &self.openid);
    }
}

impl WriteFields for TransactionOrder {
    fn write_fields(&self, w: &mut JsonWriter) {
        self.extra.write_fields(w);
        w.field_opt("appid", &self.appid);
        w.field_opt("mchid", &self.mchid);
        w.field_opt("spAppid", &self.sp_appid);
        w.field_opt("spMchid", &self.sp_mchid);
        w.field_opt("subAppid", &self.sub_appid);
        w.field_opt("subMchid", &self.sub_mchid);
        w.field_opt("outTradeNo", &self.out_trade_no);
        w.field_opt("transactionId", &self.transaction_id);
        w.field_opt("tradeType", &self.trade_type);
        w.field("tradeState", &self.trade_state);
        w.field_opt("tradeStateDesc", &self.trade_state_desc);
        w.field_opt("bankType", &self.bank_type);
        w.field_opt("attach", &self.attach);
        w.field_opt("successTime", &self.success_time);
        w.field_opt("payer", &self.payer);
        w.field_opt("amount", &self.amount);
        w.field_opt("sceneInfo", &self.scene_info);
        w.field_opt("promotionDetail", &self.promotion_detail);
        w.field("raw", &self.raw);
        w.field("status", &self.status);
    }
}

impl WriteFields for SubOrder {
    fn write_fields(&self, w: &mut JsonWriter) {
        self.extra.write_fields(w);
        w.field_opt("mchid", &self.mchid);
        w.field_opt("subMchid", &self.sub_mchid);
        w.field_opt("subAppid", &self.sub_appid);
        w.field_opt("subOpenid", &self.sub_openid);
        w.field_opt("tradeType", &self.trade_type);
        w.field("tradeState", &self.trade_state);
        w.field_opt("bankType", &self.bank_type);
        w.field_opt("attach", &self.attach);
        w.field_opt("successTime", &self.success_time);
        w.field_opt("transactionId", &self.transaction_id);
        w.field_opt("outTradeNo", &self.out_trade_no);
        w.field_opt("amount", &self.amount);
        w.field_opt("promotionDetail", &self.promotion_detail);
        w.field("status", &self.status);
    }
}

impl WriteFields for CombineOrder {
    fn write_fields(&self, w: &mut JsonWriter) {
        self.extra.write_fields(w);
        w.field_opt("combineAppid", &self.combine_appid);
        w.field_opt("combineMchid", &self.combine_mchid);
        w.field_opt("combineOutTradeNo", &self.combine_out_trade_no);
        w.field_opt("sceneInfo", &self.scene_info);
        w.field("subOrders", &self.sub_orders);
        w.field_opt("combinePayerInfo", &self.combine_payer_info);
        w.field("raw", &self.raw);
        w.field("status", &self.status);
    }
}

/// Untagged: the order's own members.
impl WriteFields for V3Order {
    fn write_fields(&self, w: &mut JsonWriter) {
        match self {
            V3Order::Transaction(o) => o.write_fields(w),
            V3Order::Combine(o) => o.write_fields(w),
        }
    }
}

impl WriteFields for Event {
    fn write_fields(&self, w: &mut JsonWriter) {
        w.field("id", &self.id);
        w.field("eventType", &self.event_type);
        w.field("createTime", &self.create_time);
        w.field("resourceType", &self.resource_type);
        w.field("originalType", &self.original_type);
        w.field("summary", &self.summary);
    }
}

impl WriteFields for Notification {
    fn write_fields(&self, w: &mut JsonWriter) {
        self.order.write_fields(w);
        w.field("event", &self.event);
    }
}

impl WriteFields for LineDiff {
    fn write_fields(&self, w: &mut JsonWriter) {
        w.field("line", &self.line);
        w.field("name", self.name);
        w.field("ours", &self.ours);
        w.field("wechat", &self.wechat);
        w.field("offset", &self.offset);
        w.field("oursShown", &self.ours_shown);
        w.field("wechatShown", &self.wechat_shown);
    }
}

impl WriteFields for AuthorizationFields {
    fn write_fields(&self, w: &mut JsonWriter) {
        w.field("mchid", &self.mchid);
        w.field("nonceStr", &self.nonce_str);
        w.field("timestamp", &self.timestamp);
        w.field("serialNo", &self.serial_no);
        w.field("signature", &self.signature);
    }
}

impl WriteFields for RequestExplanation {
    fn write_fields(&self, w: &mut JsonWriter) {
        w.field("kind", self.kind);
        w.field("message", &self.message);
        w.field("method", &self.method);
        w.field("url", &self.url);
        w.field("timestamp", &self.timestamp);
        w.field("nonce", &self.nonce);
        w.field_opt("authorization", &self.authorization);
        w.field_opt("wechatMessage", &self.wechat_message);
        w.field_opt("matches", &self.matches);
        w.field_opt("firstDifference", &self.first_difference);
        w.field_opt("hint", &self.hint);
    }
}

impl WriteFields for ResponseExplanation {
    fn write_fields(&self, w: &mut JsonWriter) {
        w.field("kind", self.kind);
        w.field("message", &self.message);
        w.field("timestamp", &self.timestamp);
        w.field("nonce", &self.nonce);
        w.field("serial", &self.serial);
        w.field("signature", &self.signature);
        w.field("missing", &self.missing);
        w.field("probe", &self.probe);
        w.field("skewSeconds", &self.skew_seconds);
        w.field("withinSkew", &self.within_skew);
        w.field("hint", &self.hint);
    }
}

/// `key` is not written (serde's `skip`).
impl WriteFields for Downloaded {
    fn write_fields(&self, w: &mut JsonWriter) {
        w.field("serialNo", &self.serial_no);
        w.field("pem", &self.pem);
        w.field("notBefore", &self.not_before);
        w.field("notAfter", &self.not_after);
        w.field("effectiveTime", &self.effective_time);
        w.field("expireTime", &self.expire_time);
    }
}

json_object!(
    Amount,
    Payer,
    SceneInfo,
    GoodsDetail,
    Promotion,
    SubOrderAmount,
    CombinePayer,
    TransactionOrder,
    SubOrder,
    CombineOrder,
    V3Order,
    Event,
    Notification,
    LineDiff,
    AuthorizationFields,
    RequestExplanation,
    ResponseExplanation,
    Downloaded,
);
