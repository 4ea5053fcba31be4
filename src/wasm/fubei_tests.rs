// Compiled only under #[cfg(test)], as the parent module declares it.
//! wasm-bindgen tests of the Fubei boundary, run in Node: known answers through JavaScript
//! values, hostile inputs give a `PayQueryError` with a stable code and never the secret, and
//! the instance keeps working afterwards.

use super::fubei::{explain_fubei, sign_fubei, verify_fubei_notification, Fubei};
use super::test_support::{get, obj};
use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const SECRET: &str = "fake0fubei0secret0not0real000000";
/// Computed independently with Node's crypto (see providers/fubei/sign.rs).
const KNOWN_SIGN: &str = "5B28974626F07749776CE841D9E146E5";

fn request() -> JsValue {
    obj(&[
        ("app_id", "20190101000000000001".into()),
        ("method", "openapi.payment.order.query".into()),
        ("format", "json".into()),
        ("sign_method", "md5".into()),
        ("nonce", "AbCdEfGhIjKlMnOpQrStUvWxYz012345".into()),
        ("version", "1.0".into()),
        (
            "biz_content",
            r#"{"merchant_order_sn":"PQ-FB1-PAID"}"#.into(),
        ),
    ])
}

fn code_and_message(err: &JsValue) -> (String, String) {
    assert!(err.is_instance_of::<js_sys::Error>(), "not an Error");
    (
        get(err, "code").as_string().unwrap(),
        get(err, "message").as_string().unwrap(),
    )
}

#[wasm_bindgen_test]
fn known_answer_through_the_boundary() {
    assert_eq!(sign_fubei(request(), SECRET.into()).unwrap(), KNOWN_SIGN);
    let e = explain_fubei(request(), SECRET.into()).unwrap();
    let shown = get(&e, "stringToSign").as_string().unwrap();
    assert!(shown.ends_with("&version=1.0***"));
    assert!(!shown.contains(SECRET));
}

#[wasm_bindgen_test]
fn verifies_a_notification_and_returns_the_typed_order() {
    let data = r#"{"trade_state":"SUCCESS","total_fee":"80.07","pay_time":1704081600,"type":5}"#;
    let unsigned = obj(&[("result_code", 200.into()), ("data", data.into())]);
    let sign = sign_fubei(unsigned, SECRET.into()).unwrap();
    let fields = obj(&[
        ("result_code", "200".into()),
        ("data", data.into()),
        ("sign", sign.into()),
    ]);
    let order = verify_fubei_notification(fields, SECRET.into()).unwrap();
    assert_eq!(get(&order, "api").as_string().unwrap(), "1.0");
    assert_eq!(get(&order, "totalFeeFen").as_f64(), Some(8007.0));
    assert_eq!(get(&order, "payChannel").as_string().unwrap(), "UNIONPAY");
    assert_eq!(
        get(&get(&order, "status"), "state").as_string().unwrap(),
        "PAID"
    );
}

fn hostile(i: u32) -> JsValue {
    match i % 8 {
        0 => JsValue::NULL,
        1 => JsValue::UNDEFINED,
        2 => JsValue::from_f64(f64::from(i) / 7.0),
        3 => JsValue::from_bool(i % 2 == 0),
        4 => Array::of2(&"a".into(), &JsValue::NULL).into(),
        5 => obj(&[("nested", obj(&[("x", 1.into())]))]),
        6 => js_sys::Function::new_no_args("").into(),
        _ => JsValue::from_str("result_code=200&data=%ZZ&sign=x"),
    }
}

#[wasm_bindgen_test]
fn hostile_inputs_give_stable_codes_and_never_the_secret() {
    for i in 0..400u32 {
        let err = match i % 5 {
            // A k=v string is valid text for sign and explain, so only failures are checked.
            0 => sign_fubei(hostile(i), SECRET.into())
                .map(|_| JsValue::NULL)
                .unwrap_or_else(|e| e),
            1 => explain_fubei(hostile(i), SECRET.into())
                .map(|_| JsValue::NULL)
                .unwrap_or_else(|e| e),
            2 => verify_fubei_notification(hostile(i), SECRET.into()).unwrap_err(),
            3 => Fubei::new(obj(&[
                ("appId", "1".into()),
                ("appSecret", SECRET.into()),
                ("api", "1.0".into()),
                ("merchantId", hostile(i)),
            ]))
            .map(|_| JsValue::NULL)
            .unwrap_or_else(|e| e),
            _ => Fubei::new(hostile(i)).map(|_| JsValue::NULL).unwrap_err(),
        };
        // Valid inputs (an absent merchantId, explainable text) give no error to check.
        if err.is_null() {
            continue;
        }
        let (code, message) = code_and_message(&err);
        assert!(
            [
                "INVALID_ARGUMENT",
                "INVALID_CONFIG",
                "MALFORMED_RESPONSE",
                "SIGNATURE_MISSING",
                "SIGNATURE_INVALID"
            ]
            .contains(&code.as_str()),
            "input {i}: unexpected code {code}"
        );
        assert!(!message.contains(SECRET), "input {i}: the secret leaked");
    }
    assert_eq!(sign_fubei(request(), SECRET.into()).unwrap(), KNOWN_SIGN);
}
