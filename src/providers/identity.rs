//! What every `parse_query` checks before an answer is typed: that it is about the order asked
//! for (the `out_trade_no`, `transaction_id`, `merchant_order_sn`... of the query) and the
//! merchant that asked (`appid`, `mch_id`, `sp_mchid`, `merchant_id`...). A correctly signed
//! answer about another order, replayed or mixed up by a proxy or cache, is `RESPONSE_MISMATCH`.
//!
//! An answer that does not name the order id it was asked about is `RESPONSE_MISMATCH` too,
//! not `MALFORMED_RESPONSE`: every provider documents the queried id in a successful answer,
//! so its absence means the answer cannot be shown to be about this query, which is exactly
//! what a mismatch says. Messages name the field, never a value.

use crate::error::{Error, ErrorCode, Result};

/// The error of an answer whose `field` is not the one the query used.
pub fn mismatch(field: &str) -> Error {
    Error::new(
        ErrorCode::ResponseMismatch,
        format!("the response's {field} is not the one queried"),
    )
}

/// The error of an answer without the `field` that ties it to the query.
pub fn absent(field: &str) -> Error {
    Error::new(
        ErrorCode::ResponseMismatch,
        format!("the response does not name the {field} queried"),
    )
}

/// `field` must be in the answer and equal `want`; absent is a mismatch (see the module docs).
pub fn expect(field: &str, got: Option<&str>, want: &str) -> Result<()> {
    match got {
        Some(got) if got == want => Ok(()),
        Some(_) => Err(mismatch(field)),
        None => Err(absent(field)),
    }
}

/// `field`, when the answer carries it, must equal `want`: for ids a provider may leave out
/// (v2 `sub_appid`, a business failure without order ids, Fubei's `merchant_id`).
pub fn expect_if_sent(field: &str, got: Option<&str>, want: &str) -> Result<()> {
    match got {
        Some(got) if got != want => Err(mismatch(field)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_field_and_never_the_values() {
        let e = expect("out_trade_no", Some("OTHER-ORDER"), "MINE").unwrap_err();
        assert_eq!(e.code, ErrorCode::ResponseMismatch);
        assert!(e.message.contains("out_trade_no"));
        assert!(!e.message.contains("OTHER-ORDER") && !e.message.contains("MINE"));
        let e = expect("transaction_id", None, "MINE").unwrap_err();
        assert_eq!(e.code, ErrorCode::ResponseMismatch);
        assert!(e.message.contains("does not name the transaction_id"));
        assert!(expect("mch_id", Some("1"), "1").is_ok());
    }

    #[test]
    fn optional_ids_are_compared_only_when_sent() {
        assert!(expect_if_sent("sub_appid", None, "wx1").is_ok());
        assert!(expect_if_sent("sub_appid", Some("wx1"), "wx1").is_ok());
        let e = expect_if_sent("sub_appid", Some("wx2"), "wx1").unwrap_err();
        assert_eq!(e.code, ErrorCode::ResponseMismatch);
    }
}
