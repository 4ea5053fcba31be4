//! Reading a typed Fubei order from the verified `data` object: the wire names each API maps to
//! members, `raw` and the flattened untyped fields, the trade state and `payment_list`.

use super::{
    FubeiV1Order, FubeiV2Order, PayChannel, Payment, MAX_PAYMENTS, V1_MEMBERS, V2_MEMBERS,
};
use crate::core::json_value::{self, Names, Value as Json};
use crate::core::time::{beijing_compact_to_rfc3339, unix_to_beijing_rfc3339};
use crate::error::{Error, Result};
use crate::order::{OrderStatus, TradeState};
use crate::providers::fubei::json::{check_untyped, classify, RawObject, Wire};
use crate::providers::typed_view::untyped_name;

/// The wire names each shape maps to typed members (left out of the flattened fields).
pub(super) const V1_TYPED: &[&str] = &[
    "trade_state",
    "merchant_order_sn",
    "order_sn",
    "trade_no",
    "platform_order_no",
    "total_fee",
    "order_price",
    "fee",
    "net_money",
    "buyer_pay_amount",
    "discount_money",
    "cash_coupon_fee",
    "no_cash_coupon_fee",
    "pay_time",
    "type",
    "store_id",
    "cashier_id",
];
pub(super) const V2_TYPED: &[&str] = &[
    "order_status",
    "order_sn",
    "merchant_order_sn",
    "ins_order_sn",
    "channel_order_sn",
    "total_amount",
    "net_amount",
    "buyer_pay_amount",
    "fee",
    "finish_time",
    "pay_type",
    "merchant_id",
    "store_id",
    "cashier_id",
    "payment_list",
];

/// `raw` and the flattened untyped fields of `data`: every field that is neither mapped
/// (`typed`, wire names) nor named like a member (`members`, see `providers::typed_view`),
/// both in wire order and kept as read (written verbatim, see `fubei::write`).
fn raw_and_rest(
    data: &RawObject,
    typed: &[&str],
    members: &[&str],
) -> Result<(RawObject, RawObject)> {
    let mut rest = Vec::new();
    for (name, value) in &data.0 {
        check_untyped(value)?;
        let empty = value.is_null() || value.as_str() == Some("");
        if !empty && !typed.contains(&name.as_str()) {
            if let Some(camel) = untyped_name(name, members) {
                rest.push((camel, value.clone()));
            }
        }
    }
    Ok((data.clone(), RawObject(rest)))
}

fn required_state(data: &RawObject, name: &str) -> Result<String> {
    data.text(name)?
        .ok_or_else(|| Error::malformed(format!("the order has no {name}")))
}

fn status(
    wire: &str,
    amount_fen: Option<i64>,
    paid_time: Option<&String>,
    order_sn: Option<&String>,
    merchant_order_sn: Option<&String>,
) -> OrderStatus {
    let state = TradeState::from_fubei(wire);
    let mut status = OrderStatus::new(state, wire);
    status.amount_fen = amount_fen;
    status.paid_at = paid_time.filter(|_| state == TradeState::Paid).cloned();
    status.transaction_id = order_sn.cloned();
    status.out_trade_no = merchant_order_sn.cloned();
    status
}

impl FubeiV1Order {
    /// Maps a 1.0 `data` object to the typed order.
    pub fn from_data(data: &RawObject) -> Result<FubeiV1Order> {
        let trade_state = required_state(data, "trade_state")?;
        let pay_time = match data.integer("pay_time")? {
            None | Some(0) => None,
            Some(secs) => Some(
                unix_to_beijing_rfc3339(secs)
                    .ok_or_else(|| Error::malformed("pay_time is out of range"))?,
            ),
        };
        let pay_channel = match data.get("type").map(classify) {
            None | Some(Wire::Null) => None,
            // A channel label: a value payquery cannot read is left unmapped (it stays in `raw`).
            Some(Wire::Num(_) | Wire::Str(_)) => data
                .integer("type")
                .ok()
                .flatten()
                .and_then(PayChannel::from_v1_type),
            Some(_) => return Err(Error::malformed("type must be a number")),
        };
        let merchant_order_sn = data.text("merchant_order_sn")?;
        let order_sn = data.text("order_sn")?;
        let total_fee_fen = data.amount("total_fee")?;
        let (raw, fields) = raw_and_rest(data, V1_TYPED, V1_MEMBERS)?;
        Ok(FubeiV1Order {
            api: "1.0",
            status: status(
                &trade_state,
                total_fee_fen,
                pay_time.as_ref(),
                order_sn.as_ref(),
                merchant_order_sn.as_ref(),
            ),
            trade_state,
            merchant_order_sn,
            order_sn,
            trade_no: data.text("trade_no")?,
            platform_order_no: data.text("platform_order_no")?,
            total_fee_fen,
            order_price_fen: data.amount("order_price")?,
            fee_fen: data.amount("fee")?,
            net_money_fen: data.amount("net_money")?,
            buyer_pay_amount_fen: data.amount("buyer_pay_amount")?,
            discount_money_fen: data.amount("discount_money")?,
            cash_coupon_fee_fen: data.amount("cash_coupon_fee")?,
            no_cash_coupon_fee_fen: data.amount("no_cash_coupon_fee")?,
            pay_time,
            pay_channel,
            store_id: data.text("store_id")?,
            cashier_id: data.text("cashier_id")?,
            fields,
            raw,
        })
    }
}

/// `payment_list`: an array of `{type, amount}`, or that array sent as a JSON string.
fn payment_list(data: &RawObject) -> Result<Vec<Payment>> {
    let parsed;
    let list = match data.get("payment_list").map(classify) {
        None | Some(Wire::Null) => return Ok(Vec::new()),
        Some(Wire::Str("")) => return Ok(Vec::new()),
        Some(Wire::Str(s)) => {
            parsed = json_value::parse(s.as_bytes(), Names::Repeated).map_err(|e| {
                Error::malformed(format!("payment_list is not an array of objects: {e}"))
            })?;
            &parsed
        }
        Some(Wire::Nested(v)) => v,
        Some(_) => return Err(Error::malformed("payment_list must be an array")),
    };
    let Json::Array(list) = list else {
        return Err(Error::malformed("payment_list is not an array of objects"));
    };
    // Loops, not `collect()` into a `Result` (whose adapter is about 700 bytes per type).
    let mut items = Vec::with_capacity(list.len());
    for item in list {
        items.push(RawObject::of(item.clone(), "a payment_list entry")?);
    }
    if items.len() > MAX_PAYMENTS {
        return Err(Error::malformed("payment_list has too many entries"));
    }
    let mut payments = Vec::with_capacity(items.len());
    for item in &items {
        payments.push(Payment {
            kind: item.text("type")?,
            amount_fen: item
                .amount("amount")
                .map_err(|e| Error::malformed(format!("payment_list: {}", e.message)))?,
        });
    }
    Ok(payments)
}

impl FubeiV2Order {
    /// Maps a 2.0 `data` object to the typed order.
    pub fn from_data(data: &RawObject) -> Result<FubeiV2Order> {
        let order_status = required_state(data, "order_status")?;
        let finish_time = match data.text("finish_time")? {
            None => None,
            Some(t) => Some(beijing_compact_to_rfc3339(&t).ok_or_else(|| {
                Error::malformed("finish_time is not a valid yyyyMMddHHmmss time")
            })?),
        };
        let pay_channel = data
            .text("pay_type")?
            .and_then(|t| PayChannel::from_v2_pay_type(&t));
        let merchant_order_sn = data.text("merchant_order_sn")?;
        let order_sn = data.text("order_sn")?;
        let total_amount_fen = data.amount("total_amount")?;
        let (raw, fields) = raw_and_rest(data, V2_TYPED, V2_MEMBERS)?;
        Ok(FubeiV2Order {
            api: "2.0",
            status: status(
                &order_status,
                total_amount_fen,
                finish_time.as_ref(),
                order_sn.as_ref(),
                merchant_order_sn.as_ref(),
            ),
            order_status,
            order_sn,
            merchant_order_sn,
            ins_order_sn: data.text("ins_order_sn")?,
            channel_order_sn: data.text("channel_order_sn")?,
            total_amount_fen,
            net_amount_fen: data.amount("net_amount")?,
            buyer_pay_amount_fen: data.amount("buyer_pay_amount")?,
            fee_fen: data.amount("fee")?,
            finish_time,
            pay_channel,
            merchant_id: data.text("merchant_id")?,
            store_id: data.text("store_id")?,
            cashier_id: data.text("cashier_id")?,
            payment_list: payment_list(data)?,
            fields,
            raw,
        })
    }
}
