// Compiled only under #[cfg(test)], as the parent module declares it.
//! wasm-bindgen tests of the v3 boundary in Node: WebCrypto signatures equal OpenSSL's known
//! answers, a known response verifies and a changed byte does not, and hostile config values
//! give `INVALID_CONFIG` (never a trap) while the instance keeps working.

use super::test_support::{code_of, obj};
use super::v3::WechatPayV3;
use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const KEY: &str = include_str!("../../tests/fixtures/v3/fake_merchant_key.pem");
const WECHATPAY_PUB: &str = include_str!("../../tests/fixtures/v3/fake_wechatpay_pub.pem");
const REQUEST_SIGNATURE: &str = include_str!("../../tests/fixtures/v3/request_signature.b64");
const RESPONSE_MESSAGE: &str = include_str!("../../tests/fixtures/v3/response_message.txt");
const RESPONSE_SIGNATURE: &str = include_str!("../../tests/fixtures/v3/response_signature.b64");
const PUB_ID: &str = "PUB_KEY_ID_0114232134912410000000000000";

fn config(replace: Option<(&str, JsValue)>) -> JsValue {
    let mut pairs = vec![
        ("mchid", JsValue::from("1900000001")),
        (
            "merchantSerialNo",
            "3775B6A45ACD588826D15E583A95F5DD".into(),
        ),
        ("privateKey", KEY.into()),
        (
            "wechatpayPublicKey",
            obj(&[("id", PUB_ID.into()), ("pem", WECHATPAY_PUB.into())]),
        ),
    ];
    if let Some((k, v)) = replace {
        pairs.retain(|(name, _)| *name != k);
        pairs.push((k, v));
    }
    obj(&pairs)
}

async fn settle(p: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(p).await
}

#[wasm_bindgen_test]
async fn webcrypto_signs_the_openssl_known_answer() {
    let client = WechatPayV3::new(config(None)).unwrap();
    let options = obj(&[
        ("timestamp", 1_700_000_000.into()),
        ("nonce", "593BEC0C930BF1AFEB40B4A08C8FB242".into()),
    ]);
    let header = settle(client.build_authorization(
        "GET".into(),
        "https://api.mch.weixin.qq.com/v3/pay/transactions/out-trade-no/PQ-V3-PAID?mchid=1900000001"
            .into(),
        None,
        Some(options),
    ))
    .await
    .unwrap()
    .as_string()
    .unwrap();
    let expected = format!("signature=\"{}\"", REQUEST_SIGNATURE.trim());
    assert!(header.ends_with(&expected), "{header}");
}

#[wasm_bindgen_test]
async fn a_known_response_verifies_and_a_changed_byte_does_not() {
    let client = WechatPayV3::new(config(None)).unwrap();
    let mut lines = RESPONSE_MESSAGE.splitn(3, '\n');
    let (ts, nonce, rest) = (
        lines.next().unwrap(),
        lines.next().unwrap(),
        lines.next().unwrap(),
    );
    let body = rest.strip_suffix('\n').unwrap();
    let response = |body: &str| {
        obj(&[
            (
                "headers",
                obj(&[
                    ("Wechatpay-Timestamp", ts.into()),
                    ("Wechatpay-Nonce", nonce.into()),
                    ("Wechatpay-Signature", RESPONSE_SIGNATURE.trim().into()),
                    ("Wechatpay-Serial", PUB_ID.into()),
                ]),
            ),
            ("body", body.into()),
        ])
    };
    let now = || Some(obj(&[("now", 1_700_000_100.into())]));
    let value = settle(client.verify_response(response(body), now()))
        .await
        .unwrap();
    let state = Reflect::get(&value, &"trade_state".into()).unwrap();
    assert_eq!(state.as_string().unwrap(), "SUCCESS");
    let changed = body.replace("SUCCESS", "SUCCESs");
    let err = settle(client.verify_response(response(&changed), now()))
        .await
        .unwrap_err();
    assert_eq!(code_of(&err), "SIGNATURE_INVALID");
    let err = settle(client.verify_response(response(body), None))
        .await
        .unwrap_err();
    assert_eq!(code_of(&err), "TIMESTAMP_SKEW");
}

#[wasm_bindgen_test]
async fn hostile_config_values_are_refused_then_the_client_still_works() {
    let hostile: Vec<JsValue> = vec![
        JsValue::NULL,
        JsValue::from_f64(f64::NAN),
        JsValue::from_bool(true),
        Array::of2(&"a".into(), &JsValue::NULL).into(),
        obj(&[("nested", obj(&[]))]),
        js_sys::Function::new_no_args("").into(),
        JsValue::from(js_sys::Symbol::for_("x")),
        "".into(),
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----".into(),
        "中".into(),
    ];
    for field in [
        "mchid",
        "merchantSerialNo",
        "privateKey",
        "wechatpayPublicKey",
        "platformCertificates",
        "apiV3Key",
        "baseUrl",
        "maxSkewSeconds",
        "timeoutMs",
        "fetch",
        "unknownOption",
    ] {
        for value in &hostile {
            // A function is a valid fetch.
            if field == "fetch" && value.is_function() {
                continue;
            }
            if let Err(err) = WechatPayV3::new(config(Some((field, value.clone())))) {
                assert_eq!(code_of(&err), "INVALID_CONFIG", "{field}");
                let message = Reflect::get(&err, &"message".into())
                    .unwrap()
                    .as_string()
                    .unwrap();
                assert!(!message.contains("MII"), "{field}: key material leaked");
            } else {
                panic!("{field} accepted a hostile value");
            }
        }
    }
    let client = WechatPayV3::new(config(None)).unwrap();
    let header = settle(client.build_authorization("GET".into(), "/v3/x".into(), None, None))
        .await
        .unwrap();
    assert!(header
        .as_string()
        .unwrap()
        .starts_with("WECHATPAY2-SHA256-RSA2048 "));
}

#[wasm_bindgen_test]
async fn hostile_inputs_to_explain_verify_and_notifications_are_coded_errors() {
    let client = WechatPayV3::new(config(None)).unwrap();
    let hostile: Vec<JsValue> = vec![
        JsValue::NULL,
        JsValue::UNDEFINED,
        42.into(),
        "not json".into(),
        Array::new().into(),
        obj(&[("request", JsValue::NULL)]),
        obj(&[("response", obj(&[("body", 5.into())]))]),
        obj(&[("headers", "x".into()), ("body", "{}".into())]),
        obj(&[("headers", obj(&[("a", 1.into())])), ("body", "{}".into())]),
        obj(&[("status", 700.into()), ("body", "{}".into())]),
    ];
    for (i, value) in hostile.iter().enumerate() {
        let err = super::v3_offline::explain_v3(value.clone()).unwrap_err();
        assert_eq!(code_of(&err), "INVALID_ARGUMENT", "explain {i}");
        for p in [
            client.verify_response(value.clone(), None),
            client.parse_notification(value.clone(), None),
        ] {
            let code = code_of(&settle(p).await.unwrap_err());
            assert!(
                ["INVALID_ARGUMENT", "SIGNATURE_MISSING", "INVALID_CONFIG"]
                    .contains(&code.as_str()),
                "input {i}: {code}"
            );
        }
    }
    // The instance still signs afterwards.
    let header = settle(client.build_authorization("GET".into(), "/v3/x".into(), None, None))
        .await
        .unwrap();
    assert!(header.is_string());
}
