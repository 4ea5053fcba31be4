//! Key-case conversion used for every result: the rule wx-server-sdk and alipay-sdk apply.

/// Converts a wire name to camelCase by the rule "`_` followed by a lowercase ASCII letter
/// becomes that letter uppercased"; every other character stays.
///
/// `mch_id` -> `mchId`, `coupon_fee_0` -> `couponFee_0`, `sub_openid` -> `subOpenid`.
pub fn snake_to_camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '_' {
            if let Some(&next) = chars.peek() {
                if next.is_ascii_lowercase() {
                    out.push(next.to_ascii_uppercase());
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

/// Converts a camelCase input key to snake_case: each ASCII uppercase letter becomes `_` and
/// its lowercase. The inverse of [`snake_to_camel`] on the keys it produces.
pub fn camel_to_snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_the_wx_server_sdk_rule() {
        for (wire, camel) in [
            ("mch_id", "mchId"),
            ("coupon_fee_0", "couponFee_0"),
            ("coupon_type_12", "couponType_12"),
            ("sub_openid", "subOpenid"),
            ("appid", "appid"),
            ("a__b", "a_B"),
            ("trailing_", "trailing_"),
            ("_x", "X"),
        ] {
            assert_eq!(snake_to_camel(wire), camel, "{wire}");
        }
    }

    #[test]
    fn camel_to_snake_inverts_the_rule_on_its_output() {
        for wire in ["mch_id", "out_trade_no", "sub_mch_id", "nonce_str", "appid"] {
            assert_eq!(camel_to_snake(&snake_to_camel(wire)), wire);
        }
    }
}
