//! The documented wire fields a result shows camelCased beside its typed members (the
//! flattened `fields` of `WechatV2Order`, `FubeiV1Order`, `FubeiV2Order`), with the TypeScript
//! type each one has. Rust keeps these fields as name/value pairs (any field the provider adds
//! tomorrow is shown too), so their names and value vocabularies are listed here, from the
//! providers' documentation; the tests check that each one really is shown under the name
//! declared, as the type declared.

use super::format::Member;

/// One documented wire field.
pub struct WireField {
    /// The wire name (snake_case).
    pub wire: &'static str,
    /// Its TypeScript type.
    pub ts: &'static str,
    /// Whether every result has it.
    pub required: bool,
    /// Its doc comment.
    pub doc: &'static str,
}

const fn field(wire: &'static str, ts: &'static str, doc: &'static str) -> WireField {
    WireField {
        wire,
        ts,
        required: false,
        doc,
    }
}

/// APIv2 `orderquery` answers and payment notifications (the same fields).
pub const WECHAT_V2: &[WireField] = &[
    WireField {
        wire: "return_code",
        ts: "'SUCCESS'",
        required: true,
        doc:
            "Always `SUCCESS`: a `FAIL` rejects (`REQUEST_REJECTED`, `REQUEST_SIGNATURE_REJECTED`).",
    },
    field("return_msg", "string", "`OK`, or WeChat Pay's text."),
    field(
        "result_code",
        "WechatResultCode",
        "`SUCCESS` for a query (a `FAIL` rejects); a notification of a failed payment says `FAIL`.",
    ),
    field(
        "err_code",
        "string",
        "A failed payment's code (notifications).",
    ),
    field(
        "err_code_des",
        "string",
        "A failed payment's description (notifications).",
    ),
    field(
        "appid",
        "string",
        "The app id (the service provider's in service-provider mode).",
    ),
    field(
        "mch_id",
        "string",
        "The merchant id (the service provider's in service-provider mode).",
    ),
    field(
        "sub_appid",
        "string",
        "Service-provider mode: the sub-merchant's app id.",
    ),
    field(
        "sub_mch_id",
        "string",
        "Service-provider mode: the sub-merchant id.",
    ),
    field("nonce_str", "string", "WeChat Pay's nonce."),
    field("device_info", "string", "The merchant's device id."),
    field("openid", "string", "The payer, under `appid`."),
    field(
        "is_subscribe",
        "WechatYesNo",
        "Whether the payer follows the official account.",
    ),
    field("sub_openid", "string", "The payer, under `sub_appid`."),
    field(
        "sub_is_subscribe",
        "WechatYesNo",
        "Whether the payer follows the sub-merchant's account.",
    ),
    field("trade_type", "WechatTradeType", "How the order was paid."),
    field(
        "bank_type",
        "string",
        "The payer's bank (`CMC`, `OTHERS`...).",
    ),
    field("fee_type", "WechatCurrency", "The order currency."),
    field(
        "cash_fee_type",
        "WechatCurrency",
        "The currency of `cashFee`.",
    ),
    field("attach", "string", "The merchant's attach data, as placed."),
    field(
        "trade_state_desc",
        "string",
        "WeChat Pay's description of the state.",
    ),
];

/// Fubei 1.0 `openapi.payment.order.query` `data`.
pub const FUBEI_V1: &[WireField] = &[
    field("device_no", "string", "The device that took the payment."),
    field("body", "string", "The goods description."),
    field("attach", "string", "The merchant's attach data, as placed."),
    field(
        "user_id",
        "string",
        "The payer (WeChat openid or Alipay user id).",
    ),
    field(
        "user_logon_id",
        "string",
        "The payer's Alipay login (masked).",
    ),
];

/// Fubei 2.0 `fbpay.order.query` `data`.
pub const FUBEI_V2: &[WireField] = &[
    field("device_no", "string", "The device that took the payment."),
    field("attach", "string", "The merchant's attach data, as placed."),
    field(
        "user_id",
        "string",
        "The payer (WeChat openid or Alipay user id).",
    ),
];

/// Every result also shows the wire fields payquery does not know, camelCased: unknown here.
pub const MORE_FIELDS: &str = "[field: string]: unknown";

/// The members the fields add to a result type.
pub fn members(fields: &[WireField]) -> Vec<Member> {
    fields
        .iter()
        .map(|f| {
            let name = crate::core::case::snake_to_camel(f.wire);
            let optional = if f.required { "" } else { "?" };
            Member::new(f.doc, &format!("{name}{optional}: {}", f.ts))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::fubei::json::RawObject;
    use crate::providers::fubei::{FubeiV1Order, FubeiV2Order};
    use crate::providers::wechat_v2::WechatV2Order;

    #[test]
    fn v2_wire_fields_are_shown_under_their_names_as_strings() {
        let mut raw: crate::providers::wechat_v2::RawFields = [("trade_state", "SUCCESS")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        for f in WECHAT_V2 {
            raw.insert(f.wire.to_owned(), "Y".to_owned());
        }
        let order = WechatV2Order::from_verified(raw).unwrap();
        for f in WECHAT_V2 {
            let name = crate::core::case::snake_to_camel(f.wire);
            assert_eq!(
                order.fields.get(&name).map(String::as_str),
                Some("Y"),
                "{}",
                f.wire
            );
        }
    }

    /// A `data` object with the state field `state` and every field of `fields`, as `"v"`.
    fn fubei_data(state: &str, fields: &[WireField]) -> RawObject {
        let pairs: Vec<String> = fields
            .iter()
            .map(|f| format!(r#""{}":"v""#, f.wire))
            .collect();
        RawObject::parse(
            &format!(r#"{{"{state}":"SUCCESS",{}}}"#, pairs.join(",")),
            "data",
        )
        .unwrap()
    }

    fn assert_shown(fields: &[WireField], shown: &RawObject) {
        let v = crate::core::json_value::Value::String("v".into());
        for f in fields {
            let name = crate::core::case::snake_to_camel(f.wire);
            assert_eq!(shown.get(&name), Some(&v), "{}", f.wire);
        }
    }

    #[test]
    fn fubei_wire_fields_are_shown_under_their_names() {
        let v1 = FubeiV1Order::from_data(&fubei_data("trade_state", FUBEI_V1)).unwrap();
        assert_shown(FUBEI_V1, &v1.fields);
        let v2 = FubeiV2Order::from_data(&fubei_data("order_status", FUBEI_V2)).unwrap();
        assert_shown(FUBEI_V2, &v2.fields);
    }
}
