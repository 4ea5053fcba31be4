//! APIv2 payment result notifications (支付结果通知): the same signed XML as a query answer,
//! without `trade_state` (a notice with `result_code=SUCCESS` is a payment). Verified with the
//! client's key and sign type, checked to belong to this merchant, then typed like an order.
//! <https://pay.weixin.qq.com/wiki/doc/api/jsapi.php?chapter=9_7>

use super::model::WechatV2Order;
use super::{check_merchant, sign, xml, Config};
use crate::error::{quote_untrusted, Error, ErrorCode, Result};

/// Verifies a notification body (as received) and types the order. `tradeState` is
/// `SUCCESS` for `result_code=SUCCESS` and `PAYERROR` otherwise when the notice carries none;
/// `raw` holds the wire fields exactly.
pub fn parse_notification(config: &Config, body: &[u8]) -> Result<WechatV2Order> {
    let fields = xml::parse_xml(body)?;
    if fields.get("return_code").map(String::as_str) != Some("SUCCESS") {
        let msg = fields.get("return_msg").map(String::as_str).unwrap_or("");
        return Err(Error::new(
            ErrorCode::RequestRejected,
            format!(
                "the notification is a communication failure: {}",
                quote_untrusted(msg)
            ),
        )
        .with_provider_code("FAIL"));
    }
    sign::verify(
        fields.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        &config.api_key,
        config.sign_type,
    )?;
    check_merchant(config, &fields)?;
    if fields
        .get("out_trade_no")
        .filter(|v| !v.is_empty())
        .is_none()
    {
        return Err(crate::providers::identity::absent("out_trade_no"));
    }
    let mut typed = fields.clone();
    if typed.get("trade_state").filter(|v| !v.is_empty()).is_none() {
        let paid = typed.get("result_code").map(String::as_str) == Some("SUCCESS");
        typed.insert(
            "trade_state".into(),
            if paid { "SUCCESS" } else { "PAYERROR" }.into(),
        );
    }
    let mut order = WechatV2Order::from_verified(typed)?;
    order.raw = fields;
    Ok(order)
}
