//! The JSON text of APIv2 results (`core::json_write`): members in the order and under the
//! names their serde attributes give, which the TypeScript declarations are generated from.

use super::model::{Coupon, WechatV2Order};
use super::sign::{Explanation, SignType};
use crate::core::json_write::{json_object, JsonWriter, WriteFields, WriteJson};

impl WriteFields for Coupon {
    fn write_fields(&self, w: &mut JsonWriter) {
        w.field("id", &self.id);
        w.field("type", &self.kind);
        w.field("fee", &self.fee);
    }
}

impl WriteFields for WechatV2Order {
    fn write_fields(&self, w: &mut JsonWriter) {
        w.field("tradeState", &self.trade_state);
        w.field_opt("outTradeNo", &self.out_trade_no);
        w.field_opt("transactionId", &self.transaction_id);
        w.field_opt("totalFee", &self.total_fee);
        w.field_opt("cashFee", &self.cash_fee);
        w.field_opt("settlementTotalFee", &self.settlement_total_fee);
        w.field_opt("couponFee", &self.coupon_fee);
        w.field_opt("couponCount", &self.coupon_count);
        w.field("coupons", &self.coupons);
        w.field_opt("timeEnd", &self.time_end);
        w.entries(&self.fields);
        w.field("raw", &self.raw);
        w.field("status", &self.status);
    }
}

impl WriteJson for SignType {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self.as_str());
    }
}

impl WriteFields for Explanation {
    fn write_fields(&self, w: &mut JsonWriter) {
        w.field("signType", &self.sign_type);
        w.field("stringToSign", &self.string_to_sign);
        w.field("signature", &self.signature);
        self.verdict.write_fields(w);
    }
}

json_object!(Coupon, WechatV2Order, Explanation);
