// Compiled only under #[cfg(test)], as the parent module declares it.
//! Tests of a CloudPay query's input: snake or camel keys, validation, and the keys the signing
//! backend forwards or refuses.

use super::tests::{config, input, SUB};
use super::*;
use crate::core::json_value::Value;
use crate::error::ErrorCode;
use crate::providers::wechat_v2::Query;
use crate::providers::wechat_v2::{sign, xml, SignType};

/// serde_json's `json!`, as the `json_value::Value` of its text (what the binding passes: the
/// caller's numbers as JavaScript's text of them).
macro_rules! json {
    ($($t:tt)+) => {
        crate::core::json_value::from_serde(&serde_json::json!($($t)+))
    };
}

#[test]
fn input_keys_may_be_snake_or_camel_and_are_validated() {
    let snake = input(&[("sub_mch_id", SUB), ("out_trade_no", "T-1")]).unwrap();
    let camel = input(&[("subMchId", SUB), ("outTradeNo", "T-1")]).unwrap();
    assert_eq!(snake, camel);
    assert_eq!(snake.order, Query::OutTradeNo("T-1".into()));
    assert_eq!(
        snake.platform_input("N0"),
        vec![
            ("sub_mch_id".to_owned(), json!(SUB)),
            ("out_trade_no".to_owned(), json!("T-1")),
            ("nonce_str".to_owned(), json!("N0")),
        ]
    );
    // Empty counts as absent.
    let q = input(&[
        ("sub_mch_id", SUB),
        ("transaction_id", "42"),
        ("out_trade_no", ""),
        ("nonce_str", ""),
    ])
    .unwrap();
    assert_eq!(q.order, Query::TransactionId("42".into()));
    assert_eq!(q.nonce_str, None);
    for bad in [
        vec![("out_trade_no", "T-1")],
        vec![("sub_mch_id", ""), ("out_trade_no", "T-1")],
        vec![("sub_mch_id", "19 00"), ("out_trade_no", "T-1")],
        vec![("sub_mch_id", SUB)],
        vec![
            ("sub_mch_id", SUB),
            ("out_trade_no", "A"),
            ("transaction_id", "4"),
        ],
        vec![
            ("sub_mch_id", SUB),
            ("subMchId", SUB),
            ("out_trade_no", "A"),
        ],
        vec![("sub_mch_id", SUB), ("out_trade_no", "has space")],
        vec![("sub_mch_id", SUB), ("transaction_id", "42-00")],
        vec![
            ("sub_mch_id", SUB),
            ("out_trade_no", "A"),
            ("nonce_str", "no!"),
        ],
        vec![
            ("sub_mch_id", SUB),
            ("out_trade_no", "A"),
            ("sub_appid", "wx?"),
        ],
    ] {
        let e = input(&bad).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidArgument, "{bad:?}");
    }
    // Keys payquery does not read are kept as the caller spelled them and forwarded to the
    // platform after the read ones, as wx-server-sdk forwards them (it converts them itself).
    let q = input(&[
        ("sub_mch_id", SUB),
        ("out_trade_no", "A"),
        ("body", "x"),
        ("SubMchId", SUB),
    ])
    .unwrap();
    assert_eq!(q.sub_mch_id, SUB);
    assert_eq!(
        q.extra,
        vec![
            ("body".to_owned(), json!("x")),
            ("SubMchId".to_owned(), json!(SUB))
        ]
    );
    let sent = q.platform_input("N0");
    assert_eq!(
        sent[3..],
        [
            ("body".to_owned(), json!("x")),
            ("SubMchId".to_owned(), json!(SUB))
        ]
    );
    // A caller's nonce_str is sent instead of the generated one.
    let q = input(&[
        ("subMchId", SUB),
        ("outTradeNo", "A"),
        ("nonceStr", "Mine1"),
    ])
    .unwrap();
    assert_eq!(
        q.platform_input("N0")[2],
        ("nonce_str".to_owned(), json!("Mine1"))
    );
    let many: Vec<(String, Value)> = (0..65).map(|i| (format!("k{i}"), json!("v"))).collect();
    assert_eq!(
        CloudPayQuery::from_input(&many).unwrap_err().code,
        ErrorCode::InvalidArgument
    );
}

/// `input` with values of any JSON kind.
fn input_values(pairs: &[(&str, Value)]) -> Result<CloudPayQuery> {
    let mut all = vec![
        ("sub_mch_id".to_owned(), json!(SUB)),
        ("out_trade_no".to_owned(), json!("T-1")),
    ];
    all.extend(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())));
    CloudPayQuery::from_input(&all)
}

#[test]
fn the_signing_backend_signs_forwarded_keys_and_refuses_the_ones_it_sets() {
    let c = config(SignType::Md5);
    // v2's own optional `version` (1.0 adds promotion_detail), and keys WeChat ignores: sent
    // in snake_case, as wx-server-sdk sends them on, and signed.
    let q = input_values(&[
        ("version", json!("1.0")),
        ("someFlag", json!(true)),
        ("limit_n", json!(5)),
        ("empty", json!("")),
    ])
    .unwrap();
    let req = build_query(&c, &q, "N0").unwrap();
    let sent = xml::parse_xml(req.body.as_bytes()).unwrap();
    assert_eq!(sent["version"], "1.0");
    assert_eq!(sent["some_flag"], "true");
    assert_eq!(sent["limit_n"], "5");
    assert!(
        !sent.contains_key("empty"),
        "empty values are not sent, as WeChat reads them"
    );
    assert!(!sent.contains_key("someFlag"));
    sign::verify(
        sent.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        &c.api_key,
        SignType::Md5,
    )
    .unwrap();
    // Refused before any request: fields the signer sets, names that cannot be signed
    // unambiguously, one name twice, values with no exact text.
    for (bad, why) in [
        (
            ("appid", json!("wx0000000000evil")),
            "set by the signing backend",
        ),
        (("mchId", json!("1")), "set by the signing backend"),
        (("sign", json!("X")), "set by the signing backend"),
        (("sign_type", json!("MD5")), "set by the signing backend"),
        (("SubMchId", json!(SUB)), "lowercase"),
        (("a-b", json!("x")), "lowercase"),
        (("x".repeat(33).as_str(), json!("x")), "lowercase"),
        (("ratio", json!(1.5)), "safe integer"),
    ] {
        let q = input_values(&[(bad.0, bad.1.clone())]).unwrap();
        let e = q.signed_extra().unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidArgument, "{bad:?}");
        assert!(e.message.contains(why), "{bad:?}: {}", e.message);
        assert_eq!(
            build_query(&c, &q, "N0").unwrap_err().code,
            ErrorCode::InvalidArgument
        );
    }
    let q = input_values(&[("fooBar", json!("1")), ("foo_bar", json!("2"))]).unwrap();
    assert_eq!(
        q.signed_extra().unwrap_err().code,
        ErrorCode::InvalidArgument
    );
    // A key pasted where a name goes is described, never shown.
    let q = input_values(&[("fake0test0key0not0real0000000000-x", json!("1"))]).unwrap();
    let e = q.signed_extra().unwrap_err();
    assert!(
        !e.message.contains("fake0test0key0not0real"),
        "{}",
        e.message
    );
}

/// Numbers, as JavaScript's text of the caller's number: a read key takes a safe non-negative
/// integer, a forwarded one is signed when it is a safe integer, each decided on the digits.
#[test]
fn numbers_are_read_and_signed_by_their_digits() {
    let number = |text: &str| Value::Number(text.to_owned());
    let all = [
        ("sub_mch_id".to_owned(), number("1900000109")),
        ("out_trade_no".to_owned(), json!("T-1")),
        ("limit_n".to_owned(), number("-3")),
        ("zero".to_owned(), number("-0")),
    ];
    let q = CloudPayQuery::from_input(&all).unwrap();
    assert_eq!(q.sub_mch_id, "1900000109");
    assert_eq!(
        q.signed_extra().unwrap(),
        [
            ("limit_n".into(), "-3".into()),
            ("zero".into(), "-0".into())
        ]
    );
    for bad in ["-1", "1.5", "9007199254740992", "1e+21"] {
        let mut all = all.clone();
        all[0].1 = number(bad);
        let e = CloudPayQuery::from_input(&all).unwrap_err();
        assert!(e.message.contains("safe non-negative integer"), "{bad}");
    }
    for bad in ["1.5", "-9007199254740992", "1e+21", "5e-324"] {
        let mut all = all.clone();
        all[2].1 = number(bad);
        let q = CloudPayQuery::from_input(&all).unwrap();
        assert!(q.signed_extra().is_err(), "{bad}");
    }
}
