//! The APIv3 order models read from a verified body already parsed (with duplicate names
//! refused) into a `json_value::Value`: each model is a table of wire names and the slot of
//! each ([`Model`]), read by `core::json_read::table`, in place of a derived `Deserialize` (see
//! there why). Members are typed only from their wire (snake_case) names; every other member is
//! kept in the model's `extra`. A member that does not fit gets serde's message, as when
//! derived.

use super::fields::{
    Amount, CombinePayer, Extra, GoodsDetail, Payer, Promotion, SceneInfo, SubOrderAmount,
};
use super::model::{CombineOrder, SubOrder, TransactionOrder};
use crate::core::json_read::{array, opt, put_int, put_str, table, Fit, ReadValue, Slots};
use crate::core::json_value::Value;
use crate::money::Fen;

/// Checks an integer fen amount: non-negative and exactly representable in JavaScript.
fn fen(n: i64) -> Fit<i64> {
    Fen::from_integer(n)
        .map(|f| f.0)
        .map_err(|e| format!("amount {n}: {e}"))
}

/// A model read from its table: the wire names, in the order [`Slots::slot`] numbers them.
trait Model: Slots + Default {
    /// serde's name of the model in the message of a value that is not an object.
    const EXPECTING: &'static str;
    /// The wire names of the typed members.
    const NAMES: &'static [&'static str];
    /// The index in [`Model::NAMES`] of the member that must be present, if one must.
    const REQUIRED: Option<usize> = None;
    /// Where the members no name matches go.
    fn extra(&mut self) -> &mut Extra;
}

/// Reads one model (the code per model is this and its `slot`; the loop is shared).
fn model<T: Model>(v: &Value) -> Fit<T> {
    let mut m = T::default();
    let rest = table(v, T::EXPECTING, T::NAMES, T::REQUIRED, &mut m)?;
    *m.extra() = Extra(rest);
    Ok(m)
}

/// An optional nested model: `null` is absent.
impl<T: Model> ReadValue for Option<T> {
    fn read_value(&mut self, v: &Value) -> Fit<()> {
        *self = opt(v, model::<T>)?;
        Ok(())
    }
}

/// A required array of models: `null` does not fit.
impl<T: Model> ReadValue for Vec<T> {
    fn read_value(&mut self, v: &Value) -> Fit<()> {
        *self = array(v, model::<T>)?;
        Ok(())
    }
}

/// An optional array of models: `null` is absent.
impl<T: Model> ReadValue for Option<Vec<T>> {
    fn read_value(&mut self, v: &Value) -> Fit<()> {
        *self = opt(v, |v| array(v, model::<T>))?;
        Ok(())
    }
}

/// Implements [`Model`] and [`Slots`] for a model: its `expecting` name, the required member's
/// index, then each wire name with how its value is put into the model (numbered in the
/// order listed). One call per member, where a slot built per member cost more code.
macro_rules! model {
    ($t:ty, $expecting:literal, $required:expr, $($name:literal => |$m:ident, $v:ident| $put:expr),* $(,)?) => {
        impl Model for $t {
            const EXPECTING: &'static str = $expecting;
            const NAMES: &'static [&'static str] = &[$($name),*];
            const REQUIRED: Option<usize> = $required;
            fn extra(&mut self) -> &mut Extra {
                &mut self.extra
            }
        }
        impl Slots for $t {
            fn put(&mut self, index: usize, v: &Value) -> Fit<()> {
                let mut i = 0;
                $(
                    if index == i {
                        let ($m, $v) = (self, v);
                        return $put;
                    }
                    i += 1;
                )*
                let _ = i;
                Ok(())
            }
        }
    };
}

model!(Amount, "struct Amount", None,
    "total" => |a, v| put_int(&mut a.total, v, fen),
    "payer_total" => |a, v| put_int(&mut a.payer_total, v, fen),
    "currency" => |a, v| put_str(&mut a.currency, v),
    "payer_currency" => |a, v| put_str(&mut a.payer_currency, v),
);

model!(Payer, "struct Payer", None,
    "openid" => |p, v| put_str(&mut p.openid, v),
    "sp_openid" => |p, v| put_str(&mut p.sp_openid, v),
    "sub_openid" => |p, v| put_str(&mut p.sub_openid, v),
);

model!(SceneInfo, "struct SceneInfo", None,
    "device_id" => |s, v| put_str(&mut s.device_id, v),
);

model!(GoodsDetail, "struct GoodsDetail", None,
    "goods_id" => |g, v| put_str(&mut g.goods_id, v),
    "quantity" => |g, v| put_int(&mut g.quantity, v, Ok),
    "unit_price" => |g, v| put_int(&mut g.unit_price, v, fen),
    "discount_amount" => |g, v| put_int(&mut g.discount_amount, v, fen),
    "goods_remark" => |g, v| put_str(&mut g.goods_remark, v),
);

model!(Promotion, "struct Promotion", None,
    "coupon_id" => |p, v| put_str(&mut p.coupon_id, v),
    "name" => |p, v| put_str(&mut p.name, v),
    "scope" => |p, v| put_str(&mut p.scope, v),
    "type" => |p, v| put_str(&mut p.kind, v),
    "amount" => |p, v| put_int(&mut p.amount, v, fen),
    "stock_id" => |p, v| put_str(&mut p.stock_id, v),
    "wechatpay_contribute" => |p, v| put_int(&mut p.wechatpay_contribute, v, fen),
    "merchant_contribute" => |p, v| put_int(&mut p.merchant_contribute, v, fen),
    "other_contribute" => |p, v| put_int(&mut p.other_contribute, v, fen),
    "currency" => |p, v| put_str(&mut p.currency, v),
    "goods_detail" => |p, v| p.goods_detail.read_value(v),
);

model!(SubOrderAmount, "struct SubOrderAmount", None,
    "total_amount" => |a, v| put_int(&mut a.total_amount, v, fen),
    "payer_amount" => |a, v| put_int(&mut a.payer_amount, v, fen),
    "currency" => |a, v| put_str(&mut a.currency, v),
    "payer_currency" => |a, v| put_str(&mut a.payer_currency, v),
    "settlement_rate" => |a, v| put_int(&mut a.settlement_rate, v, Ok),
);

model!(CombinePayer, "struct CombinePayer", None,
    "openid" => |p, v| put_str(&mut p.openid, v),
);

model!(TransactionOrder, "struct TransactionOrder", Some(9),
    "appid" => |o, v| put_str(&mut o.appid, v),
    "mchid" => |o, v| put_str(&mut o.mchid, v),
    "sp_appid" => |o, v| put_str(&mut o.sp_appid, v),
    "sp_mchid" => |o, v| put_str(&mut o.sp_mchid, v),
    "sub_appid" => |o, v| put_str(&mut o.sub_appid, v),
    "sub_mchid" => |o, v| put_str(&mut o.sub_mchid, v),
    "out_trade_no" => |o, v| put_str(&mut o.out_trade_no, v),
    "transaction_id" => |o, v| put_str(&mut o.transaction_id, v),
    "trade_type" => |o, v| put_str(&mut o.trade_type, v),
    // Index 9, required.
    "trade_state" => |o, v| o.trade_state.read_value(v),
    "trade_state_desc" => |o, v| put_str(&mut o.trade_state_desc, v),
    "bank_type" => |o, v| put_str(&mut o.bank_type, v),
    "attach" => |o, v| put_str(&mut o.attach, v),
    "success_time" => |o, v| put_str(&mut o.success_time, v),
    "payer" => |o, v| o.payer.read_value(v),
    "amount" => |o, v| o.amount.read_value(v),
    "scene_info" => |o, v| o.scene_info.read_value(v),
    "promotion_detail" => |o, v| o.promotion_detail.read_value(v),
);

model!(SubOrder, "struct SubOrder", Some(5),
    "mchid" => |o, v| put_str(&mut o.mchid, v),
    "sub_mchid" => |o, v| put_str(&mut o.sub_mchid, v),
    "sub_appid" => |o, v| put_str(&mut o.sub_appid, v),
    "sub_openid" => |o, v| put_str(&mut o.sub_openid, v),
    "trade_type" => |o, v| put_str(&mut o.trade_type, v),
    // Index 5, required.
    "trade_state" => |o, v| o.trade_state.read_value(v),
    "bank_type" => |o, v| put_str(&mut o.bank_type, v),
    "attach" => |o, v| put_str(&mut o.attach, v),
    "success_time" => |o, v| put_str(&mut o.success_time, v),
    "transaction_id" => |o, v| put_str(&mut o.transaction_id, v),
    "out_trade_no" => |o, v| put_str(&mut o.out_trade_no, v),
    "amount" => |o, v| o.amount.read_value(v),
    "promotion_detail" => |o, v| o.promotion_detail.read_value(v),
);

model!(CombineOrder, "struct CombineOrder", Some(4),
    "combine_appid" => |o, v| put_str(&mut o.combine_appid, v),
    "combine_mchid" => |o, v| put_str(&mut o.combine_mchid, v),
    "combine_out_trade_no" => |o, v| put_str(&mut o.combine_out_trade_no, v),
    "scene_info" => |o, v| o.scene_info.read_value(v),
    // Index 4, required.
    "sub_orders" => |o, v| o.sub_orders.read_value(v),
    "combine_payer_info" => |o, v| o.combine_payer_info.read_value(v),
);

/// A direct or partner order (`raw` and `status` are left for the caller).
pub fn transaction(v: &Value) -> Fit<TransactionOrder> {
    model(v)
}

/// A combine order (`raw` and the statuses are left for the caller).
pub fn combine(v: &Value) -> Fit<CombineOrder> {
    model(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The required index of each model names its required member.
    #[test]
    fn required_indexes_name_the_required_members() {
        let name = |names: &[&'static str], i: Option<usize>| i.and_then(|i| names.get(i).copied());
        assert_eq!(
            name(TransactionOrder::NAMES, TransactionOrder::REQUIRED),
            Some("trade_state")
        );
        assert_eq!(
            name(SubOrder::NAMES, SubOrder::REQUIRED),
            Some("trade_state")
        );
        assert_eq!(
            name(CombineOrder::NAMES, CombineOrder::REQUIRED),
            Some("sub_orders")
        );
    }
}
