//! The verified answer typed, and checked to be about the query and the merchant that asked
//! (ids and order numbers); the decrypted notification resource typed and checked to belong to
//! the merchant.

use super::model::{CombineOrder, TransactionOrder, V3Order};
use super::{notify, verify, Config, Mode, Query};
use crate::core::json_value::Value;
use crate::core::json_value::{self, Names};
use crate::error::{Error, Result};
use crate::providers::identity;
use crate::transport::HttpResponse;

/// Parses a verified body as JSON; it must be an object, naming no member twice at any depth
/// (a signed body with two `out_trade_no` would mean different orders to different readers).
pub fn json_object(body: &[u8]) -> Result<Value> {
    let value = json_value::parse(body, Names::Distinct)
        .map_err(|e| Error::malformed(format!("the body is not JSON: {e}")))?;
    if !matches!(value, Value::Object(_)) {
        return Err(Error::malformed("the body is not a JSON object"));
    }
    Ok(value)
}

fn expect(field: &str, got: &Option<String>, want: &str) -> Result<()> {
    identity::expect(field, got.as_deref(), want)
}

/// The identity of a combine answer: its initiator and number, and every sub-order named by
/// merchant and order number (in partner mode the sub-orders' `mchid` is the service
/// provider's; direct sub-orders may belong to other merchants bound to the app, so theirs is
/// required, not compared).
fn check_combine(config: &Config, want: &str, order: &CombineOrder) -> Result<()> {
    expect("combine_mchid", &order.combine_mchid, config.initiator())?;
    expect("combine_out_trade_no", &order.combine_out_trade_no, want)?;
    for sub in &order.sub_orders {
        let named = |v: &Option<String>| v.as_deref().filter(|v| !v.is_empty()).is_some();
        if !named(&sub.out_trade_no) {
            return Err(identity::absent("sub_orders[].out_trade_no"));
        }
        match &config.mode {
            Mode::Partner { sp_mchid, .. } => expect("sub_orders[].mchid", &sub.mchid, sp_mchid)?,
            Mode::Direct { .. } if !named(&sub.mchid) => {
                return Err(identity::absent("sub_orders[].mchid"))
            }
            Mode::Direct { .. } => {}
        }
    }
    Ok(())
}

/// Types the verified answer to `query` and checks it is about this query of this merchant:
/// the merchant ids (`mchid`, or `sp_mchid` and `sub_mchid`; `combine_mchid`) and the
/// `out_trade_no`, `transaction_id` or `combine_out_trade_no` asked for. A validly signed
/// answer to another query, replayed, is `RESPONSE_MISMATCH`.
pub fn parse_query(
    config: &Config,
    query: &Query,
    response: &HttpResponse,
    _verified: verify::Verified,
) -> Result<V3Order> {
    let raw = json_object(&response.body)?;
    if let Query::Combine(want) = query {
        let order = CombineOrder::from_verified(raw)?;
        check_combine(config, want, &order)?;
        return Ok(V3Order::Combine(Box::new(order)));
    }
    let order = TransactionOrder::from_verified(raw)?;
    match &config.mode {
        Mode::Direct { mchid } => expect("mchid", &order.mchid, mchid)?,
        Mode::Partner {
            sp_mchid,
            sub_mchid,
        } => {
            expect("sp_mchid", &order.sp_mchid, sp_mchid)?;
            expect("sub_mchid", &order.sub_mchid, sub_mchid)?;
        }
    }
    match query {
        Query::OutTradeNo(v) => expect("out_trade_no", &order.out_trade_no, v)?,
        Query::TransactionId(v) => expect("transaction_id", &order.transaction_id, v)?,
        Query::Combine(_) => {}
    }
    Ok(V3Order::Transaction(Box::new(order)))
}

/// Types a decrypted notification resource: a combine order if it has `combine_out_trade_no`,
/// else a direct or partner order. It must belong to this merchant (`mchid`, `sp_mchid` or
/// `combine_mchid` = the configured initiator).
pub fn parse_notification(
    config: &Config,
    envelope: notify::Envelope,
    plaintext: &[u8],
) -> Result<notify::Notification> {
    let raw = json_object(plaintext)
        .map_err(|e| Error::malformed(format!("the decrypted resource: {}", e.message)))?;
    let order = if raw.get("combine_out_trade_no").is_some() {
        let order = CombineOrder::from_verified(raw)?;
        expect("combine_mchid", &order.combine_mchid, config.initiator())?;
        V3Order::Combine(Box::new(order))
    } else {
        let order = TransactionOrder::from_verified(raw)?;
        let owner = order.sp_mchid.clone().or_else(|| order.mchid.clone());
        expect("merchant id", &owner, config.initiator())?;
        V3Order::Transaction(Box::new(order))
    };
    Ok(notify::Notification {
        order,
        event: notify::Event::of(envelope),
    })
}
