//! Which wire fields may appear beside the typed members of a result.
//!
//! Results show unknown wire fields camelCased next to the typed ones, so that a field WeChat
//! or Fubei adds tomorrow is usable today. A wire field must never take a typed member's
//! place (a signed `<totalFee>`, `<status>` or `<attempts>` in an answer): typed members come
//! only from the mapping, and every wire field stays in `raw`. Two rules make that hold:
//! - only canonical snake_case names are shown (`camel_to_snake(snake_to_camel(k)) == k`, the
//!   only form the providers send), so a wire name can never camelCase onto a member mapped
//!   from another wire name (`totalFee` or `total__fee` onto `total_fee`'s `totalFee`);
//! - names that camelCase onto a member not mapped from the wire (`status`, `raw`, `coupons`,
//!   `api`, `totalFeeFen`...) or onto the response metadata set by the clients (`attempts`,
//!   `host`) are left out, by each result's list of its members.

use crate::core::case::{camel_to_snake, snake_to_camel};

/// Response metadata the clients set on every query result (non-enumerable in JavaScript).
pub const META: [&str; 2] = ["attempts", "host"];

/// Whether `wire` is a canonical snake_case name: camelCasing it and back gives it again.
pub fn is_canonical(wire: &str) -> bool {
    camel_to_snake(&snake_to_camel(wire)) == wire
}

/// The name `wire` is shown under beside typed members named `typed` (camelCase), or `None`
/// when it may only appear in `raw`.
pub fn untyped_name(wire: &str, typed: &[&str]) -> Option<String> {
    let camel = snake_to_camel(wire);
    let canonical = camel_to_snake(&camel) == wire;
    let taken = typed.contains(&camel.as_str()) || META.contains(&camel.as_str());
    (canonical && !taken).then_some(camel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_canonical_names_that_take_no_member() {
        let typed = ["totalFee", "status", "raw", "coupons"];
        assert_eq!(
            untyped_name("is_subscribe", &typed).as_deref(),
            Some("isSubscribe")
        );
        assert_eq!(
            untyped_name("coupon_fee_0", &typed).as_deref(),
            Some("couponFee_0")
        );
        for wire in [
            "totalFee",
            "total_fee",
            "status",
            "raw",
            "coupons",
            "attempts",
            "host",
            "Status",
            "tradeState",
        ] {
            assert_eq!(untyped_name(wire, &typed), None, "{wire}");
        }
    }
}
