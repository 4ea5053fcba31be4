//! The provider-neutral view of an order: one `status` shape for every provider.
//!
//! Mapping table: PROTOCOLS.md, "Trade state across providers".

use crate::core::json_write::{json_object, JsonWriter, WriteFields, WriteJson};
use serde::Serialize;

/// The neutral trade state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TradeState {
    /// Paid (WeChat/Fubei `SUCCESS`).
    Paid,
    /// Created, not paid yet (WeChat `NOTPAY`).
    NotPaid,
    /// The payer is confirming or the debit is pending (`USERPAYING`, `ACCEPT`).
    Paying,
    /// Closed before payment.
    Closed,
    /// Revoked (payment-code orders).
    Revoked,
    /// A revoke is in progress (Fubei `REVOKING`).
    Revoking,
    /// Refunded after payment (WeChat `REFUND`).
    Refunded,
    /// Payment failed (WeChat `PAYERROR`).
    Failed,
    /// A state payquery does not know, or one that cannot be trusted as final
    /// (Fubei `REVOKED_ERROR`: the revoke failed, the money may have been taken).
    Unknown,
}

impl WriteJson for TradeState {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self.as_str());
    }
}

impl TradeState {
    /// The name results carry (`PAID`, `NOT_PAID`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            TradeState::Paid => "PAID",
            TradeState::NotPaid => "NOT_PAID",
            TradeState::Paying => "PAYING",
            TradeState::Closed => "CLOSED",
            TradeState::Revoked => "REVOKED",
            TradeState::Revoking => "REVOKING",
            TradeState::Refunded => "REFUNDED",
            TradeState::Failed => "FAILED",
            TradeState::Unknown => "UNKNOWN",
        }
    }

    /// Whether no later query can change this state.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            TradeState::Paid
                | TradeState::Closed
                | TradeState::Revoked
                | TradeState::Refunded
                | TradeState::Failed
        )
    }

    /// Maps a WeChat v2/v3/combine `trade_state`.
    pub fn from_wechat(wire: &str) -> TradeState {
        match wire {
            "SUCCESS" => TradeState::Paid,
            "NOTPAY" => TradeState::NotPaid,
            "USERPAYING" | "ACCEPT" => TradeState::Paying,
            "CLOSED" => TradeState::Closed,
            "REVOKED" => TradeState::Revoked,
            "REFUND" => TradeState::Refunded,
            "PAYERROR" => TradeState::Failed,
            _ => TradeState::Unknown,
        }
    }

    /// Maps a Fubei 1.0 `trade_state` or 2.0 `order_status`.
    pub fn from_fubei(wire: &str) -> TradeState {
        match wire {
            "SUCCESS" => TradeState::Paid,
            "USERPAYING" => TradeState::Paying,
            "CLOSED" => TradeState::Closed,
            "REVOKED" => TradeState::Revoked,
            "REVOKING" => TradeState::Revoking,
            _ => TradeState::Unknown,
        }
    }
}

/// Every documented WeChat `trade_state` (APIv2, APIv3, combine, CloudPay) and the state
/// [`TradeState::from_wechat`] maps it to (checked by a test); any other is `Unknown`. The
/// TypeScript union `WechatTradeState` is generated from this table. Test-only: a lookup table
/// at run time would cost wasm bytes over the `match`.
#[cfg(test)]
pub const WECHAT_TRADE_STATES: [(&str, TradeState); 8] = [
    ("SUCCESS", TradeState::Paid),
    ("REFUND", TradeState::Refunded),
    ("NOTPAY", TradeState::NotPaid),
    ("CLOSED", TradeState::Closed),
    ("REVOKED", TradeState::Revoked),
    ("USERPAYING", TradeState::Paying),
    ("PAYERROR", TradeState::Failed),
    ("ACCEPT", TradeState::Paying),
];

/// Every documented Fubei 1.0 `trade_state` / 2.0 `order_status` and the state
/// [`TradeState::from_fubei`] maps it to (checked by a test); `REVOKED_ERROR` (the revoke
/// failed, the money may have been taken) is documented, and `Unknown` on purpose: never final.
/// The TypeScript union `FubeiTradeState` is generated from this table.
#[cfg(test)]
pub const FUBEI_TRADE_STATES: [(&str, TradeState); 6] = [
    ("USERPAYING", TradeState::Paying),
    ("SUCCESS", TradeState::Paid),
    ("REVOKED", TradeState::Revoked),
    ("REVOKING", TradeState::Revoking),
    ("REVOKED_ERROR", TradeState::Unknown),
    ("CLOSED", TradeState::Closed),
];

/// The provider-neutral status every typed order carries as `status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct OrderStatus {
    /// The neutral state.
    pub state: TradeState,
    /// Whether the state can no longer change.
    #[serde(rename = "final")]
    pub is_final: bool,
    /// The provider's own state string, as sent (kept for `UNKNOWN`).
    pub provider_state: String,
    /// The order amount in fen, when the provider reported it.
    pub amount_fen: Option<i64>,
    /// When the payment completed, RFC 3339 with offset.
    #[cfg_attr(test, ts(type = "Rfc3339DateTime | null"))]
    pub paid_at: Option<String>,
    /// The provider's transaction id.
    pub transaction_id: Option<String>,
    /// The merchant's order number.
    pub out_trade_no: Option<String>,
}

impl WriteFields for OrderStatus {
    fn write_fields(&self, w: &mut JsonWriter) {
        w.field("state", &self.state);
        w.field("final", &self.is_final);
        w.field("providerState", &self.provider_state);
        w.field("amountFen", &self.amount_fen);
        w.field("paidAt", &self.paid_at);
        w.field("transactionId", &self.transaction_id);
        w.field("outTradeNo", &self.out_trade_no);
    }
}

json_object!(OrderStatus);

impl OrderStatus {
    /// Builds a status; `final` follows from the state.
    pub fn new(state: TradeState, provider_state: impl Into<String>) -> Self {
        OrderStatus {
            state,
            is_final: state.is_final(),
            provider_state: provider_state.into(),
            amount_fen: None,
            paid_at: None,
            transaction_id: None,
            out_trade_no: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wechat_states_follow_the_table() {
        let table = [
            ("SUCCESS", TradeState::Paid, true),
            ("NOTPAY", TradeState::NotPaid, false),
            ("USERPAYING", TradeState::Paying, false),
            ("ACCEPT", TradeState::Paying, false),
            ("CLOSED", TradeState::Closed, true),
            ("REVOKED", TradeState::Revoked, true),
            ("REFUND", TradeState::Refunded, true),
            ("PAYERROR", TradeState::Failed, true),
            ("SOMETHING_NEW", TradeState::Unknown, false),
        ];
        for (wire, state, fin) in table {
            let s = OrderStatus::new(TradeState::from_wechat(wire), wire);
            assert_eq!((s.state, s.is_final), (state, fin), "{wire}");
            assert_eq!(s.provider_state, wire);
        }
    }

    #[test]
    fn the_documented_tables_are_what_the_mappings_do() {
        for (wire, state) in WECHAT_TRADE_STATES {
            assert_eq!(TradeState::from_wechat(wire), state, "{wire}");
        }
        for (wire, state) in FUBEI_TRADE_STATES {
            assert_eq!(TradeState::from_fubei(wire), state, "{wire}");
        }
        // Every neutral state but UNKNOWN (and REVOKING, Fubei's) comes from a WeChat state.
        for state in [
            TradeState::Paid,
            TradeState::NotPaid,
            TradeState::Paying,
            TradeState::Closed,
            TradeState::Revoked,
            TradeState::Refunded,
            TradeState::Failed,
        ] {
            assert!(WECHAT_TRADE_STATES.iter().any(|(_, s)| *s == state));
        }
    }

    #[test]
    fn fubei_revoke_error_is_unknown_not_final() {
        assert_eq!(TradeState::from_fubei("REVOKED_ERROR"), TradeState::Unknown);
        assert!(!TradeState::Unknown.is_final());
        assert_eq!(TradeState::from_fubei("REVOKING"), TradeState::Revoking);
        assert!(!TradeState::Revoking.is_final());
    }
}
