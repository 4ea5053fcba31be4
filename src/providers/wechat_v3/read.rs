//! The APIv3 order models read from a verified body already parsed (with duplicate names
//! refused) into a `json_value::Value`: each model is a table of wire names and where their
//! values go, read by `core::json_read::fields`, in place of a derived `Deserialize` (see there why).
//! Members are typed only from their wire (snake_case) names; every other member is kept in
//! the model's `extra`. A member that does not fit gets serde's message, as when derived.

use super::fields::{
    Amount, CombinePayer, Extra, GoodsDetail, Payer, Promotion, SceneInfo, SubOrderAmount,
};
use super::model::{CombineOrder, SubOrder, TransactionOrder};
use crate::core::json_read::{array, fields, opt, required, Fit, Slot};
use crate::core::json_value::Value;
use crate::money::Fen;

/// Checks an integer fen amount: non-negative and exactly representable in JavaScript.
fn fen(n: i64) -> Fit<i64> {
    Fen::from_integer(n)
        .map(|f| f.0)
        .map_err(|e| format!("amount {n}: {e}"))
}

fn amount(v: &Value) -> Fit<Amount> {
    let mut a = Amount::default();
    a.extra = Extra(fields(
        v,
        "struct Amount",
        &mut [
            ("total", Slot::Int(&mut a.total, fen)),
            ("payer_total", Slot::Int(&mut a.payer_total, fen)),
            ("currency", Slot::Str(&mut a.currency)),
            ("payer_currency", Slot::Str(&mut a.payer_currency)),
        ],
    )?);
    Ok(a)
}

fn payer(v: &Value) -> Fit<Payer> {
    let mut p = Payer::default();
    p.extra = Extra(fields(
        v,
        "struct Payer",
        &mut [
            ("openid", Slot::Str(&mut p.openid)),
            ("sp_openid", Slot::Str(&mut p.sp_openid)),
            ("sub_openid", Slot::Str(&mut p.sub_openid)),
        ],
    )?);
    Ok(p)
}

fn scene_info(v: &Value) -> Fit<SceneInfo> {
    let mut s = SceneInfo::default();
    s.extra = Extra(fields(
        v,
        "struct SceneInfo",
        &mut [("device_id", Slot::Str(&mut s.device_id))],
    )?);
    Ok(s)
}

fn goods_detail(v: &Value) -> Fit<GoodsDetail> {
    let mut g = GoodsDetail::default();
    g.extra = Extra(fields(
        v,
        "struct GoodsDetail",
        &mut [
            ("goods_id", Slot::Str(&mut g.goods_id)),
            ("quantity", Slot::Int(&mut g.quantity, Ok)),
            ("unit_price", Slot::Int(&mut g.unit_price, fen)),
            ("discount_amount", Slot::Int(&mut g.discount_amount, fen)),
            ("goods_remark", Slot::Str(&mut g.goods_remark)),
        ],
    )?);
    Ok(g)
}

fn goods_details(v: &Value) -> Fit<Vec<GoodsDetail>> {
    array(v, goods_detail)
}

fn promotion(v: &Value) -> Fit<Promotion> {
    let mut p = Promotion::default();
    p.extra = Extra(fields(
        v,
        "struct Promotion",
        &mut [
            ("coupon_id", Slot::Str(&mut p.coupon_id)),
            ("name", Slot::Str(&mut p.name)),
            ("scope", Slot::Str(&mut p.scope)),
            ("type", Slot::Str(&mut p.kind)),
            ("amount", Slot::Int(&mut p.amount, fen)),
            ("stock_id", Slot::Str(&mut p.stock_id)),
            (
                "wechatpay_contribute",
                Slot::Int(&mut p.wechatpay_contribute, fen),
            ),
            (
                "merchant_contribute",
                Slot::Int(&mut p.merchant_contribute, fen),
            ),
            ("other_contribute", Slot::Int(&mut p.other_contribute, fen)),
            ("currency", Slot::Str(&mut p.currency)),
            (
                "goods_detail",
                Slot::With(&mut |v| read_into(&mut p.goods_detail, v, goods_details)),
            ),
        ],
    )?);
    Ok(p)
}

fn promotions(v: &Value) -> Fit<Vec<Promotion>> {
    array(v, promotion)
}

/// Reads an optional value into `slot` (`null` is absent), for [`Slot::With`].
fn read_into<T>(slot: &mut Option<T>, v: &Value, read: fn(&Value) -> Fit<T>) -> Fit<()> {
    *slot = opt(v, read)?;
    Ok(())
}

fn sub_order_amount(v: &Value) -> Fit<SubOrderAmount> {
    let mut a = SubOrderAmount::default();
    a.extra = Extra(fields(
        v,
        "struct SubOrderAmount",
        &mut [
            ("total_amount", Slot::Int(&mut a.total_amount, fen)),
            ("payer_amount", Slot::Int(&mut a.payer_amount, fen)),
            ("currency", Slot::Str(&mut a.currency)),
            ("payer_currency", Slot::Str(&mut a.payer_currency)),
            ("settlement_rate", Slot::Int(&mut a.settlement_rate, Ok)),
        ],
    )?);
    Ok(a)
}

fn combine_payer(v: &Value) -> Fit<CombinePayer> {
    let mut p = CombinePayer::default();
    p.extra = Extra(fields(
        v,
        "struct CombinePayer",
        &mut [("openid", Slot::Str(&mut p.openid))],
    )?);
    Ok(p)
}

/// A direct or partner order (`raw` and `status` are left for the caller).
pub fn transaction(v: &Value) -> Fit<TransactionOrder> {
    let mut o = TransactionOrder::default();
    let mut trade_state = None;
    let extra = fields(
        v,
        "struct TransactionOrder",
        &mut [
            ("appid", Slot::Str(&mut o.appid)),
            ("mchid", Slot::Str(&mut o.mchid)),
            ("sp_appid", Slot::Str(&mut o.sp_appid)),
            ("sp_mchid", Slot::Str(&mut o.sp_mchid)),
            ("sub_appid", Slot::Str(&mut o.sub_appid)),
            ("sub_mchid", Slot::Str(&mut o.sub_mchid)),
            ("out_trade_no", Slot::Str(&mut o.out_trade_no)),
            ("transaction_id", Slot::Str(&mut o.transaction_id)),
            ("trade_type", Slot::Str(&mut o.trade_type)),
            ("trade_state", Slot::Required(&mut trade_state)),
            ("trade_state_desc", Slot::Str(&mut o.trade_state_desc)),
            ("bank_type", Slot::Str(&mut o.bank_type)),
            ("attach", Slot::Str(&mut o.attach)),
            ("success_time", Slot::Str(&mut o.success_time)),
            (
                "payer",
                Slot::With(&mut |v| read_into(&mut o.payer, v, payer)),
            ),
            (
                "amount",
                Slot::With(&mut |v| read_into(&mut o.amount, v, amount)),
            ),
            (
                "scene_info",
                Slot::With(&mut |v| read_into(&mut o.scene_info, v, scene_info)),
            ),
            (
                "promotion_detail",
                Slot::With(&mut |v| read_into(&mut o.promotion_detail, v, promotions)),
            ),
        ],
    )?;
    o.trade_state = required(trade_state, "trade_state")?;
    o.extra = Extra(extra);
    Ok(o)
}

fn sub_order(v: &Value) -> Fit<SubOrder> {
    let mut o = SubOrder::default();
    let mut trade_state = None;
    let extra = fields(
        v,
        "struct SubOrder",
        &mut [
            ("mchid", Slot::Str(&mut o.mchid)),
            ("sub_mchid", Slot::Str(&mut o.sub_mchid)),
            ("sub_appid", Slot::Str(&mut o.sub_appid)),
            ("sub_openid", Slot::Str(&mut o.sub_openid)),
            ("trade_type", Slot::Str(&mut o.trade_type)),
            ("trade_state", Slot::Required(&mut trade_state)),
            ("bank_type", Slot::Str(&mut o.bank_type)),
            ("attach", Slot::Str(&mut o.attach)),
            ("success_time", Slot::Str(&mut o.success_time)),
            ("transaction_id", Slot::Str(&mut o.transaction_id)),
            ("out_trade_no", Slot::Str(&mut o.out_trade_no)),
            (
                "amount",
                Slot::With(&mut |v| read_into(&mut o.amount, v, sub_order_amount)),
            ),
            (
                "promotion_detail",
                Slot::With(&mut |v| read_into(&mut o.promotion_detail, v, promotions)),
            ),
        ],
    )?;
    o.trade_state = required(trade_state, "trade_state")?;
    o.extra = Extra(extra);
    Ok(o)
}

/// A combine order (`raw` and the statuses are left for the caller).
pub fn combine(v: &Value) -> Fit<CombineOrder> {
    let mut o = CombineOrder::default();
    let mut sub_orders = None;
    let extra = fields(
        v,
        "struct CombineOrder",
        &mut [
            ("combine_appid", Slot::Str(&mut o.combine_appid)),
            ("combine_mchid", Slot::Str(&mut o.combine_mchid)),
            (
                "combine_out_trade_no",
                Slot::Str(&mut o.combine_out_trade_no),
            ),
            (
                "scene_info",
                Slot::With(&mut |v| read_into(&mut o.scene_info, v, scene_info)),
            ),
            (
                "sub_orders",
                Slot::With(&mut |v| {
                    sub_orders = Some(array(v, sub_order)?);
                    Ok(())
                }),
            ),
            (
                "combine_payer_info",
                Slot::With(&mut |v| read_into(&mut o.combine_payer_info, v, combine_payer)),
            ),
        ],
    )?;
    o.sub_orders = required(sub_orders, "sub_orders")?;
    o.extra = Extra(extra);
    Ok(o)
}
