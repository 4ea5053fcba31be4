// Compiled only under #[cfg(test)], as the parent module declares it.
//! `to_js` (JSON text + `JSON.parse`) cross-checked against serde-wasm-bindgen's JSON-compatible
//! serializer, which it replaced: the same objects, keys in the same order, the same refusals.

use super::convert::to_js;
use crate::core::json_write::WriteJson;
use crate::providers::fubei::{json::RawObject, Api};
use crate::providers::wechat_v2::model::WechatV2Order;
use crate::providers::wechat_v3::TransactionOrder;
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn reference<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, String> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| e.to_string())
}

fn text(v: &JsValue) -> String {
    // JSON.stringify keeps key order and tells numbers, strings and null apart.
    js_sys::JSON::stringify(v).unwrap().as_string().unwrap()
}

fn same<T: Serialize + WriteJson + ?Sized>(value: &T) {
    let ours = to_js(value).unwrap();
    let theirs = reference(value).unwrap();
    assert_eq!(text(&ours), text(&theirs));
}

#[wasm_bindgen_test]
fn json_values_convert_as_before() {
    same(&json!({
        "b": 1, "a": [1, -2, 3.5, -0.0, 1e300, 1.2345678901234568e19, 9007199254740991i64,
                   -9007199254740991i64, null, true, false],
        "s": "quote \" backslash \\ nl \n cr \r tab \t bs \u{8} ff \u{c} nul \u{0} us \u{1f} del \u{7f}",
        "u": "中文 ☃ 😀 \u{2028}\u{2029}", "10": "integer-like keys come first in both", "": "",
        "nested": {"deep": [{"x": {}}, []]}
    }));
    same(&json!([]));
    same(&json!("top-level string"));
    same(&json!(null));
}

#[wasm_bindgen_test]
fn typed_orders_convert_as_before() {
    let fields: BTreeMap<String, String> = [
        ("return_code", "SUCCESS"),
        ("result_code", "SUCCESS"),
        ("trade_state", "SUCCESS"),
        ("out_trade_no", "T1"),
        ("transaction_id", "4200"),
        ("total_fee", "101"),
        ("cash_fee", "101"),
        ("coupon_count", "1"),
        ("coupon_id_0", "C0"),
        ("coupon_fee_0", "1"),
        ("time_end", "20240101120000"),
        ("attach", "中文 \"quoted\"\n"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    same(&fields);
    same(&WechatV2Order::from_verified(fields).unwrap());

    let v3 = TransactionOrder::from_verified(crate::core::json_value::from_serde(&json!({
        "appid": "wx1", "mchid": "19", "out_trade_no": "T1", "transaction_id": "42",
        "trade_state": "SUCCESS", "trade_state_desc": "支付成功", "success_time": "2024-01-01T12:00:00+08:00",
        "amount": {"total": 101, "payer_total": 101, "currency": "CNY"},
        "payer": {"openid": "o1"}, "promotion_detail": [{"coupon_id": "c", "amount": 1}],
        "new_field": {"n": 1.5}
    })))
    .unwrap();
    same(&v3);

    for (api, data) in [
        (
            Api::V1,
            r#"{"trade_state":"SUCCESS","merchant_order_sn":"M1","order_sn":20240101000001,
            "total_fee":80.07,"pay_time":1704081600,"type":1,"store_id":12345,"new":{"a":1e21}}"#,
        ),
        (
            Api::V2,
            r#"{"order_status":"SUCCESS","merchant_order_sn":"M1","order_sn":"1","total_amount":"80.07",
            "big":1234567890123456789e3,"finish_time":"20240101120000","payment_list":[{"amount":"1.00","type":"X"}]}"#,
        ),
    ] {
        let raw = RawObject::parse(data, "data").unwrap();
        same(&crate::providers::fubei::order_from_data(api, &raw).unwrap());
    }
}

/// Fubei's `raw` keeps the server's number text and reaches JavaScript through `JSON.parse`:
/// an integer beyond 2^53 rounds exactly as the caller's own `JSON.parse` of the body would
/// round it, where the serializer `to_js` replaced refused it (the typed members still refuse it).
#[wasm_bindgen_test]
fn fubei_raw_integers_beyond_2_pow_53_read_as_json_parse_reads_them() {
    let data = r#"{"order_status":"SUCCESS","merchant_order_sn":"M1","order_sn":"1","total_amount":"80.07",
        "big":12345678901234567890,"finish_time":"20240101120000"}"#;
    let raw = RawObject::parse(data, "data").unwrap();
    let order = crate::providers::fubei::order_from_data(Api::V2, &raw).unwrap();
    assert!(reference(&order).is_err());
    let ours = to_js(&order).unwrap();
    let raw = js_sys::Reflect::get(&ours, &"raw".into()).unwrap();
    let big = js_sys::Reflect::get(&raw, &"big".into()).unwrap();
    let parsed = js_sys::JSON::parse("12345678901234567890").unwrap();
    assert_eq!(big.as_f64(), parsed.as_f64());
    assert_eq!(big.as_f64(), Some(12345678901234567890u64 as f64));
}

#[wasm_bindgen_test]
fn integers_beyond_2_pow_53_are_refused_as_before() {
    for (value, n) in [
        (json!(9007199254740992u64), "9007199254740992"),
        (json!({"a": [-9007199254740992i64]}), "-9007199254740992"),
    ] {
        let ours = to_js(&value).unwrap_err();
        assert!(reference(&value).is_err());
        assert_eq!(ours.code, crate::error::ErrorCode::Internal);
        assert_eq!(
            ours.message,
            format!("internal error: result conversion failed: {n} can't be represented as a JavaScript number")
        );
    }
}

/// The one difference, deliberate: a `__proto__` key (a provider's raw field, say) becomes an
/// own property, as `JSON.parse` gives it, where the serializer's `obj[key] = value` replaced
/// the object's prototype.
#[wasm_bindgen_test]
fn a_proto_key_is_an_own_property() {
    let js = to_js(&json!({"__proto__": {"polluted": true}, "a": 1})).unwrap();
    assert_eq!(text(&js), r#"{"__proto__":{"polluted":true},"a":1}"#);
    let polluted = js_sys::Reflect::get(&js, &"polluted".into()).unwrap();
    assert!(polluted.is_undefined());
}
