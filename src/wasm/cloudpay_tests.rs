// Compiled only under #[cfg(test)], as the parent module declares it.
//! wasm-bindgen tests of CloudPay's boundary: the platform's JavaScript object goes through
//! serde-wasm-bindgen into the core and back with numbers as numbers; hostile configs, inputs
//! and platform answers give a `PayQueryError` with a stable code, never a trap.

use super::cloudpay::CloudPay;
use super::test_support::{code_of, get, obj};
use js_sys::Function;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const SUB: &str = "1900000109";

/// A stand-in `cloud` whose `cloudPay.queryOrder` runs `body` (JavaScript, argument `input`).
fn cloud(body: &str) -> JsValue {
    let query_order = Function::new_with_args("input", body);
    obj(&[("cloudPay", obj(&[("queryOrder", query_order.into())]))])
}

fn input() -> JsValue {
    obj(&[("subMchId", SUB.into()), ("outTradeNo", "A".into())])
}

async fn query(pay: &CloudPay, input: JsValue) -> Result<JsValue, JsValue> {
    JsFuture::from(pay.query_order(input, None)).await
}

#[wasm_bindgen_test]
async fn platform_numbers_and_strings_cross_the_boundary_as_numbers() {
    let answer = "return { returnCode: 'SUCCESS', resultCode: 'SUCCESS', subMchId: input.sub_mch_id, \
                  tradeState: 'SUCCESS', totalFee: 101, cashFee: '81', couponCount: 1, \
                  couponFee_0: 20, couponId_0: 'C', transactionId: '4200', timeEnd: '20240101120000', \
                  extra: { nested: [1, null] }, errCode: 0, errMsg: 'cloudPay.queryOrder:ok' };";
    let pay = CloudPay::new(obj(&[("cloud", cloud(answer))])).unwrap();
    let res = query(&pay, input()).await.unwrap();
    assert_eq!(get(&res, "totalFee").as_f64(), Some(101.0));
    assert_eq!(get(&res, "cashFee").as_f64(), Some(81.0));
    assert_eq!(get(&res, "couponFee_0").as_f64(), Some(20.0));
    assert_eq!(get(&res, "errCode").as_f64(), Some(0.0));
    assert!(get(&res, "resultErrCode").is_null());
    let coupons: js_sys::Array = get(&res, "coupons").dyn_into().unwrap();
    assert_eq!(get(&coupons.get(0), "fee").as_f64(), Some(20.0));
    assert_eq!(
        get(&get(&res, "status"), "state").as_string().unwrap(),
        "PAID"
    );
    // Unknown fields pass through as received, nested values included.
    let nested = get(&get(&res, "extra"), "nested");
    assert!(js_sys::Array::is_array(&nested));
    assert_eq!(get(&get(&res, "raw"), "cashFee").as_string().unwrap(), "81");
}

#[wasm_bindgen_test]
async fn hostile_answers_configs_and_inputs_are_errors_not_traps() {
    for (answer, code) in [
        ("return 42;", "MALFORMED_RESPONSE"),
        ("return null;", "MALFORMED_RESPONSE"),
        ("return { returnCode: 'SUCCESS', f() {} };", "MALFORMED_RESPONSE"),
        (
            "return { returnCode: 'SUCCESS', resultCode: 'SUCCESS', tradeState: 'SUCCESS', totalFee: 1e300 };",
            "MALFORMED_RESPONSE",
        ),
        (
            "return { returnCode: 'SUCCESS', resultCode: 'SUCCESS', tradeState: 'SUCCESS', totalFee: 10n };",
            "",
        ),
        ("return Promise.reject('just a string');", "NETWORK_ERROR"),
        ("throw { errCode: 'E1' };", "PROVIDER_ERROR"),
        ("return new Promise(() => { throw { errMsg: 'x' }; });", "PROVIDER_ERROR"),
    ] {
        let pay = CloudPay::new(obj(&[("cloud", cloud(answer))])).unwrap();
        match query(&pay, input()).await {
            Err(e) => assert_eq!(code_of(&e), code, "{answer}"),
            // A BigInt fee is an integer: accepted.
            Ok(res) => assert_eq!(
                (code, get(&res, "totalFee").as_f64()),
                ("", Some(10.0)),
                "{answer}"
            ),
        }
    }
    let ok = cloud("return { returnCode: 'SUCCESS', resultCode: 'FAIL' };");
    for config in [
        JsValue::UNDEFINED,
        JsValue::from_str("cloud"),
        obj(&[("cloud", JsValue::from_f64(1.0))]),
        obj(&[("cloud", obj(&[("cloudPay", JsValue::NULL)]))]),
        obj(&[("cloud", ok.clone()), ("mchId", "1".into())]),
        obj(&[("cloud", ok.clone()), ("other", "1".into())]),
    ] {
        let err = CloudPay::new(config).map(|_| ()).unwrap_err();
        assert_eq!(code_of(&err), "INVALID_CONFIG");
    }
    let pay = CloudPay::new(obj(&[("cloud", ok)])).unwrap();
    for bad in [
        JsValue::UNDEFINED,
        JsValue::from_f64(1.0),
        obj(&[("subMchId", SUB.into())]),
        obj(&[
            ("subMchId", JsValue::from_f64(-1.0)),
            ("outTradeNo", "A".into()),
        ]),
        obj(&[
            ("subMchId", SUB.into()),
            ("outTradeNo", js_sys::Symbol::for_("x").into()),
        ]),
    ] {
        let err = query(&pay, bad).await.unwrap_err();
        assert_eq!(code_of(&err), "INVALID_ARGUMENT");
    }
    // The instance still answers.
    let res = query(&pay, input()).await.unwrap();
    assert_eq!(get(&res, "resultCode").as_string().unwrap(), "FAIL");
}
