//! The parts APIv3 orders share (amounts, payer, scene, promotions), typed like the orders:
//! money as integer fen, unknown fields kept and camelCased.

use crate::core::case::snake_to_camel;
use crate::core::maps::json_object;
use crate::providers::typed_view::{is_canonical, untyped_name};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

/// Fields payquery does not type, kept and printed with camelCased keys (nested too). Only
/// canonical snake_case names are printed (see `providers::typed_view`): a wire `payerTotal`
/// beside an absent `payer_total` must not pass for the typed member; it stays in `raw`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extra(pub Map<String, Value>);

fn camel_value(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(json_object(
            m.iter().map(|(k, v)| (snake_to_camel(k), camel_value(v))),
        )),
        Value::Array(a) => Value::Array(a.iter().map(camel_value).collect()),
        other => other.clone(),
    }
}

impl Extra {
    /// Drops the fields that would be shown under a member not mapped from the wire
    /// (`members`, camelCase: `raw`, `status`) or under the response metadata.
    pub fn without(mut self, members: &[&str]) -> Extra {
        self.0.retain(|k, _| untyped_name(k, members).is_some());
        self
    }
}

/// The fields of `extra` as printed: canonical names only, camelCased (nested too), sorted
/// by their camelCase names (a later field of the same camelCase name wins).
pub fn camel_extra(extra: &Extra) -> Map<String, Value> {
    json_object(
        extra
            .0
            .iter()
            .filter(|(k, _)| is_canonical(k))
            .map(|(k, v)| (snake_to_camel(k), camel_value(v))),
    )
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        camel_extra(self).serialize(s)
    }
}

/// `amount` of a direct or partner order (fen).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(rename = "V3Amount", rename_all = "camelCase", optional_fields)
)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct Amount {
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
    /// Order total, fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
    /// What the payer paid, fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payer_total: Option<i64>,
    /// `CNY`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(type = "WechatCurrency", optional))]
    pub currency: Option<String>,
    /// The payer's currency.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(type = "WechatCurrency", optional))]
    pub payer_currency: Option<String>,
}

/// `payer`: `openid` (direct) or `sp_openid` / `sub_openid` (partner).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(rename = "V3Payer", rename_all = "camelCase", optional_fields)
)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct Payer {
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
    /// Direct mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub openid: Option<String>,
    /// Partner mode: the openid under the service provider's app.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sp_openid: Option<String>,
    /// Partner mode: the openid under the sub-merchant's app.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_openid: Option<String>,
}

/// `scene_info`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(rename = "V3SceneInfo", rename_all = "camelCase", optional_fields)
)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct SceneInfo {
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
    /// The merchant's device id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
}

/// One `goods_detail` item of a promotion.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(rename = "V3GoodsDetail", rename_all = "camelCase", optional_fields)
)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct GoodsDetail {
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
    /// Goods id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goods_id: Option<String>,
    /// Quantity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<i64>,
    /// Unit price, fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_price: Option<i64>,
    /// Discount, fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discount_amount: Option<i64>,
    /// Remark.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goods_remark: Option<String>,
}

/// One `promotion_detail` item (coupon or discount).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(rename = "V3Promotion", rename_all = "camelCase", optional_fields)
)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct Promotion {
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
    /// Coupon id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coupon_id: Option<String>,
    /// Coupon name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `GLOBAL` or `SINGLE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(type = "V3PromotionScope", optional))]
    pub scope: Option<String>,
    /// `CASH` or `NOCASH`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(type = "V3PromotionType", optional))]
    pub kind: Option<String>,
    /// Coupon amount, fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    /// Campaign (stock) id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stock_id: Option<String>,
    /// WeChat Pay's share, fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wechatpay_contribute: Option<i64>,
    /// The merchant's share, fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_contribute: Option<i64>,
    /// Others' share, fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_contribute: Option<i64>,
    /// `CNY`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(type = "WechatCurrency", optional))]
    pub currency: Option<String>,
    /// Goods the promotion applied to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goods_detail: Option<Vec<GoodsDetail>>,
}

/// `amount` of a combine sub-order (fen).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(rename = "V3SubOrderAmount", rename_all = "camelCase", optional_fields)
)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct SubOrderAmount {
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
    /// Sub-order total, fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_amount: Option<i64>,
    /// What the payer paid, fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payer_amount: Option<i64>,
    /// `CNY`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(type = "WechatCurrency", optional))]
    pub currency: Option<String>,
    /// The payer's currency.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(type = "WechatCurrency", optional))]
    pub payer_currency: Option<String>,
    /// Exchange rate times 10^8 (not money).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settlement_rate: Option<i64>,
}

/// `combine_payer_info`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(rename = "V3CombinePayer", rename_all = "camelCase", optional_fields)
)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct CombinePayer {
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
    /// The payer's openid under `combine_appid`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub openid: Option<String>,
}
