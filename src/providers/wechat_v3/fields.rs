//! The parts APIv3 orders share (amounts, payer, scene, promotions), typed like the orders:
//! money as integer fen, unknown fields kept and camelCased.

use crate::core::case::snake_to_camel;
use crate::core::json_value::Value;
use crate::core::json_write::{JsonWriter, WriteJson};
use crate::providers::typed_view::{is_canonical, untyped_name};
use serde::{Serialize, Serializer};

/// Fields payquery does not type, kept and printed with camelCased keys (nested too). Only
/// canonical snake_case names are printed (see `providers::typed_view`): a wire `payerTotal`
/// beside an absent `payer_total` must not pass for the typed member; it stays in `raw`.
/// Members in wire order, values as read (numbers as their text; the body names each member
/// once, `Names::Distinct`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extra(pub Vec<(String, Value)>);

/// A value with its object keys camelCased, at any depth.
fn camel_value(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (snake_to_camel(k), camel_value(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(camel_value).collect()),
        other => other.clone(),
    }
}

impl Extra {
    /// Drops the fields that would be shown under a member not mapped from the wire
    /// (`members`, camelCase: `raw`, `status`) or under the response metadata.
    pub fn without(mut self, members: &[&str]) -> Extra {
        self.0.retain(|(k, _)| untyped_name(k, members).is_some());
        self
    }
}

/// The fields of `extra` as printed: canonical names only, camelCased (nested too), in wire
/// order. (serde_json's map sorted them by their camelCase names: JavaScript sees the same
/// members and values, in the order WeChat Pay sent them. Inside a value, two names that
/// camelCase alike, `a_b` and `aB`, are both written and `JSON.parse` keeps the later.)
pub fn camel_extra(extra: &Extra) -> Vec<(String, Value)> {
    extra
        .0
        .iter()
        .filter(|(k, _)| is_canonical(k))
        .map(|(k, v)| (snake_to_camel(k), camel_value(v)))
        .collect()
}

/// Writes `v` with its object keys camelCased, at any depth (what [`camel_extra`] builds,
/// written without building it).
fn write_camel(v: &Value, w: &mut JsonWriter) {
    match v {
        Value::Object(m) => {
            w.begin_object();
            for (k, v) in m {
                w.key(&snake_to_camel(k));
                write_camel(v, w);
            }
            w.end_object();
        }
        Value::Array(a) => {
            w.begin_array();
            for v in a {
                w.element();
                write_camel(v, w);
            }
            w.end_array();
        }
        scalar => scalar.write_json(w),
    }
}

impl Extra {
    /// Writes the printed fields (see [`camel_extra`]) into the object being written.
    pub fn write_members(&self, w: &mut JsonWriter) {
        for (k, v) in &self.0 {
            if is_canonical(k) {
                w.key(&snake_to_camel(k));
                write_camel(v, w);
            }
        }
    }
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let members = camel_extra(self);
        let mut map = s.serialize_map(Some(members.len()))?;
        for (k, v) in &members {
            map.serialize_entry(k, v)?;
        }
        map.end()
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
