//! wasm-bindgen tests of the boundary, run in Node by `cargo test --target wasm32-unknown-unknown`:
//! hostile JavaScript values give a `PayQueryError` with a stable code, never a trap, and the
//! same instance keeps working afterwards.

use super::test_support::{code_of, obj};
use super::v2::{build_v2_xml, explain_v2, sign_v2, verify_v2_xml, WechatPayV2};
use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const KEY: &str = "192006250b4c09247ec02edce69f6a2d";

fn official() -> JsValue {
    obj(&[
        ("appid", "wxd930ea5d5a258f4f".into()),
        ("mch_id", "10000100".into()),
        ("device_info", "1000".into()),
        ("body", "test".into()),
        ("nonce_str", "ibuaiVcKdpRxkhJA".into()),
    ])
}

/// A small deterministic generator, so a failing input can be reproduced.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }
}

fn hostile_value(rng: &mut Lcg) -> JsValue {
    match rng.next() % 9 {
        0 => JsValue::NULL,
        1 => JsValue::UNDEFINED,
        2 => JsValue::from_f64((rng.next() as f64) / 7.0),
        3 => JsValue::from_bool(rng.next() % 2 == 0),
        4 => Array::of2(&"a".into(), &JsValue::NULL).into(),
        5 => obj(&[("nested", obj(&[("x", 1.into())]))]),
        6 => js_sys::Function::new_no_args("").into(),
        7 => JsValue::from(js_sys::Symbol::for_("x")),
        _ => JsValue::from_str("not xml"),
    }
}

fn hostile_xml(rng: &mut Lcg) -> String {
    let parts = [
        "<xml>",
        "</xml>",
        "<a>",
        "</a>",
        "<![CDATA[",
        "]]>",
        "<!DOCTYPE x>",
        "&e;",
        "&#xD800;",
        "<?pi?>",
        "<sign>",
        "</sign>",
        "\u{0}",
        "中",
        "<b/>",
        "<",
        ">",
        "&amp;",
        "<xml><xml>",
    ];
    let n = 1 + rng.next() % 12;
    (0..n).map(|_| rng.pick(&parts)).collect()
}

#[wasm_bindgen_test]
fn official_vectors_through_the_boundary() {
    assert_eq!(
        sign_v2(official(), KEY.into(), None).unwrap(),
        "9A0A8659F005D6984697E2CA0A9CF3B7"
    );
    assert_eq!(
        sign_v2(official(), KEY.into(), Some("HMAC-SHA256".into())).unwrap(),
        "6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6"
    );
}

#[wasm_bindgen_test]
fn a_thousand_malformed_inputs_then_the_instance_still_signs() {
    let mut rng = Lcg(0x5eed);
    for i in 0..1000 {
        let err = match i % 7 {
            0 => sign_v2(hostile_value(&mut rng), KEY.into(), None)
                .map(JsValue::from)
                .unwrap_err(),
            // Any string is a usable key; the empty one is not.
            1 => sign_v2(
                official(),
                Some(hostile_value(&mut rng))
                    .filter(|v| !v.is_string())
                    .unwrap_or_else(|| "".into()),
                None,
            )
            .map(JsValue::from)
            .unwrap_err(),
            2 => verify_v2_xml(hostile_xml(&mut rng).into(), KEY.into(), Some("MD5".into()))
                .unwrap_err(),
            3 => {
                let bytes: Vec<u8> = (0..(rng.next() % 64)).map(|_| rng.next() as u8).collect();
                verify_v2_xml(Uint8Array::from(bytes.as_slice()).into(), KEY.into(), None)
                    .unwrap_err()
            }
            4 => WechatPayV2::new(hostile_value(&mut rng))
                .map(|_| JsValue::NULL)
                .unwrap_err(),
            // Absent sign types default to MD5; an unknown one must be refused.
            5 => build_v2_xml(
                official(),
                KEY.into(),
                Some(
                    Some(hostile_value(&mut rng))
                        .filter(|v| !v.is_undefined() && !v.is_null())
                        .unwrap_or_else(|| "SHA1".into()),
                ),
            )
            .map(JsValue::from)
            .unwrap_err(),
            _ => explain_v2(hostile_value(&mut rng), KEY.into(), None).unwrap_err(),
        };
        let code = code_of(&err);
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
        let message = Reflect::get(&err, &"message".into())
            .unwrap()
            .as_string()
            .unwrap();
        assert!(!message.contains(KEY), "input {i}: the key leaked");
    }
    assert_eq!(
        sign_v2(official(), KEY.into(), None).unwrap(),
        "9A0A8659F005D6984697E2CA0A9CF3B7"
    );
}

#[wasm_bindgen_test]
fn verify_returns_fields_and_errors_are_pay_query_errors() {
    let xml = build_v2_xml(official(), KEY.into(), Some("HMAC-SHA256".into())).unwrap();
    let fields = verify_v2_xml(xml.clone().into(), KEY.into(), Some("HMAC-SHA256".into())).unwrap();
    assert_eq!(
        Reflect::get(&fields, &"mch_id".into())
            .unwrap()
            .as_string()
            .unwrap(),
        "10000100"
    );
    let err = verify_v2_xml(xml.into(), KEY.into(), Some("MD5".into())).unwrap_err();
    assert_eq!(code_of(&err), "SIGNATURE_INVALID");
    assert_eq!(
        Reflect::get(&err, &"name".into())
            .unwrap()
            .as_string()
            .unwrap(),
        "PayQueryError"
    );
}
