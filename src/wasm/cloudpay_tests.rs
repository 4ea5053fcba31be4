// Compiled only under #[cfg(test)], as the parent module declares it.
//! wasm-bindgen tests of CloudPay's boundary: the platform's JavaScript object crosses into
//! the core as its JSON text and comes back member for member (values and order as sent),
//! payquery's additions non-enumerable; hostile configs, inputs and platform answers give a
//! `PayQueryError` with a stable code (and wx-server-sdk's `errCode`/`errMsg`), never a trap.

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

/// `JSON.stringify(v)`.
fn stringify(v: &JsValue) -> String {
    js_sys::JSON::stringify(v).unwrap().as_string().unwrap()
}

/// `Object.keys(v)`.
fn keys(v: &JsValue) -> Vec<String> {
    js_sys::Object::keys(v.unchecked_ref::<js_sys::Object>())
        .iter()
        .map(|k| k.as_string().unwrap())
        .collect()
}

#[wasm_bindgen_test]
async fn platform_values_cross_the_boundary_as_sent_with_additions_hidden() {
    let answer = "globalThis.__cloudpayAnswer = { returnCode: 'SUCCESS', resultCode: 'SUCCESS', \
                  subMchId: input.sub_mch_id, tradeState: 'SUCCESS', totalFee: 101, cashFee: '81', \
                  couponCount: 1, couponFee_0: 20, couponId_0: 'C', transactionId: '4200', \
                  timeEnd: '20240101120000', extra: { nested: [1, null] }, errCode: 0, \
                  errMsg: 'cloudPay.queryOrder:ok' }; return globalThis.__cloudpayAnswer;";
    let pay = CloudPay::new(obj(&[("cloud", cloud(answer))])).unwrap();
    let res = query(&pay, input()).await.unwrap();
    let sent = get(&js_sys::global(), "__cloudpayAnswer");
    // What wx-server-sdk would resolve with: the same keys, order and values.
    assert_eq!(keys(&res), keys(&sent));
    assert_eq!(stringify(&res), stringify(&sent));
    assert_eq!(get(&res, "totalFee").as_f64(), Some(101.0));
    assert_eq!(get(&res, "cashFee").as_string().as_deref(), Some("81"));
    assert!(js_sys::Array::is_array(&get(&get(&res, "extra"), "nested")));
    // payquery's additions are there to read, not enumerable.
    assert!(get(&res, "resultErrCode").is_null());
    let coupons: js_sys::Array = get(&res, "coupons").dyn_into().unwrap();
    assert_eq!(get(&coupons.get(0), "fee").as_f64(), Some(20.0));
    let status = get(&res, "status");
    assert_eq!(get(&status, "state").as_string().unwrap(), "PAID");
    assert_eq!(get(&status, "amountFen").as_f64(), Some(101.0));
    assert_eq!(get(&get(&res, "raw"), "cashFee").as_string().unwrap(), "81");
    assert_eq!(get(&res, "attempts").as_f64(), Some(1.0));
    for key in [
        "resultErrCode",
        "coupons",
        "status",
        "raw",
        "attempts",
        "host",
    ] {
        assert!(!keys(&res).iter().any(|k| k == key), "{key} is enumerable");
    }
}

#[wasm_bindgen_test]
async fn fail_resolves_unknown_keys_are_forwarded_and_errors_carry_err_code() {
    // The stand-in echoes the input it was handed.
    let echo = "return { returnCode: 'FAIL', returnMsg: JSON.stringify(input) };";
    let pay = CloudPay::new(obj(&[("cloud", cloud(echo))])).unwrap();
    let with_extra = obj(&[
        ("subMchId", SUB.into()),
        ("outTradeNo", "A".into()),
        ("profitSharing", "Y".into()),
        ("limit", 5.into()),
    ]);
    let res = query(&pay, with_extra).await.unwrap();
    assert_eq!(get(&res, "returnCode").as_string().unwrap(), "FAIL");
    assert_eq!(
        get(&get(&res, "status"), "state").as_string().unwrap(),
        "UNKNOWN"
    );
    let handed: JsValue =
        js_sys::JSON::parse(&get(&res, "returnMsg").as_string().unwrap()).unwrap();
    assert_eq!(
        keys(&handed),
        [
            "sub_mch_id",
            "out_trade_no",
            "nonce_str",
            "profitSharing",
            "limit"
        ]
    );
    assert_eq!(get(&handed, "limit").as_f64(), Some(5.0));
    assert!(get(&handed, "nonce_str")
        .as_string()
        .is_some_and(|n| n.len() == 32));

    // A platform error keeps wx-server-sdk's errCode and errMsg.
    let thrown = "throw Object.assign(new Error('x'), { errCode: -501007, \
                  errMsg: 'cloudPay.queryOrder:fail invalid sub_mch_id' });";
    let pay = CloudPay::new(obj(&[("cloud", cloud(thrown))])).unwrap();
    let err = query(&pay, input()).await.unwrap_err();
    assert_eq!(code_of(&err), "PROVIDER_ERROR");
    assert_eq!(get(&err, "errCode").as_f64(), Some(-501007.0));
    assert_eq!(
        get(&err, "errMsg").as_string().unwrap(),
        "cloudPay.queryOrder:fail invalid sub_mch_id"
    );
    assert_eq!(get(&err, "providerCode").as_string().unwrap(), "-501007");
    // Any other failure: errCode -1 and wx-server-sdk's ':fail' form.
    let err = query(&pay, JsValue::from_f64(1.0)).await.unwrap_err();
    assert_eq!(code_of(&err), "INVALID_ARGUMENT");
    assert_eq!(get(&err, "errCode").as_f64(), Some(-1.0));
    assert!(get(&err, "errMsg")
        .as_string()
        .unwrap()
        .starts_with("cloudPay.queryOrder:fail "));
}

#[wasm_bindgen_test]
async fn the_signing_backend_refuses_keys_it_sets_before_any_request() {
    let fetch =
        Function::new_no_args("globalThis.__cloudpayFetched = true; throw new Error('no');");
    let pay = CloudPay::new(obj(&[
        ("appid", "wx0000000000test".into()),
        ("mchId", "1900000001".into()),
        ("apiKey", "fake0test0key0not0real0000000000".into()),
        ("fetch", fetch.into()),
        ("retries", 0.into()),
    ]))
    .unwrap();
    for key in ["appid", "mchId", "sign", "signType", "Bad-Name"] {
        let bad = obj(&[
            ("subMchId", SUB.into()),
            ("outTradeNo", "A".into()),
            (key, "x".into()),
        ]);
        let err = query(&pay, bad).await.unwrap_err();
        assert_eq!(code_of(&err), "INVALID_ARGUMENT", "{key}");
    }
    assert!(get(&js_sys::global(), "__cloudpayFetched").is_undefined());
    // A forwarded key goes out with the request (here: to a fetch that fails).
    let ok = obj(&[
        ("subMchId", SUB.into()),
        ("outTradeNo", "A".into()),
        ("version", "1.0".into()),
    ]);
    let err = query(&pay, ok).await.unwrap_err();
    assert_eq!(code_of(&err), "NETWORK_ERROR");
    assert_eq!(
        get(&js_sys::global(), "__cloudpayFetched").as_bool(),
        Some(true)
    );
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
            "MALFORMED_RESPONSE",
        ),
        (
            "const a = { returnCode: 'SUCCESS' }; a.self = a; return a;",
            "MALFORMED_RESPONSE",
        ),
        (
            "return { returnCode: 'SUCCESS', get resultCode() { throw new Error('x'); } };",
            "MALFORMED_RESPONSE",
        ),
        (
            "return { returnCode: 'SUCCESS', big: 'x'.repeat(300000) };",
            "MALFORMED_RESPONSE",
        ),
        ("return Promise.reject('just a string');", "NETWORK_ERROR"),
        ("throw { errCode: 'E1' };", "PROVIDER_ERROR"),
        ("return new Promise(() => { throw { errMsg: 'x' }; });", "PROVIDER_ERROR"),
    ] {
        let pay = CloudPay::new(obj(&[("cloud", cloud(answer))])).unwrap();
        let e = query(&pay, input()).await.unwrap_err();
        assert_eq!(code_of(&e), code, "{answer}");
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
