// Compiled only under #[cfg(test)], as the parent module declares it.
//! Host tests of notifications: the envelope opened, the resource typed like an answer.

use super::model_tests::{combine_body, paid_body, to_json};
use super::tests::{direct, partner};
use super::*;
use crate::error::ErrorCode;
use serde_json::json;

#[test]
fn notifications_open_and_type_the_resource() {
    let envelope = json!({ "id": "EV-2018022511223320873", "create_time": "2015-05-20T13:29:35+08:00",
        "resource_type": "encrypt-resource", "event_type": "TRANSACTION.SUCCESS", "summary": "支付成功",
        "resource": { "original_type": "transaction", "algorithm": "AEAD_AES_256_GCM",
            "ciphertext": "c2VjcmV0IGNpcGhlcnRleHQgYW5kIHRhZw==", "associated_data": "transaction",
            "nonce": "fdasflkja484w" } });
    let (env, sealed) = notify::open(envelope.to_string().as_bytes()).unwrap();
    assert_eq!(sealed.iv, b"fdasflkja484w");
    assert_eq!(sealed.aad, b"transaction");
    assert_eq!(sealed.data, b"secret ciphertext and tag");
    let n = to_json(&parse_notification(&direct(), env.clone(), &paid_body()).unwrap());
    assert_eq!(n["event"]["id"], "EV-2018022511223320873");
    assert_eq!(n["event"]["eventType"], "TRANSACTION.SUCCESS");
    assert_eq!(n["event"]["originalType"], "transaction");
    assert_eq!(n["status"]["state"], "PAID");
    assert_eq!(n["amount"]["total"], 101);
    let combine = to_json(
        &parse_notification(
            &direct(),
            env.clone(),
            &combine_body(&["SUCCESS", "SUCCESS"]),
        )
        .unwrap(),
    );
    assert_eq!(combine["subOrders"].as_array().unwrap().len(), 2);
    let e = parse_notification(&partner(), env, &paid_body()).unwrap_err();
    assert_eq!(e.code, ErrorCode::ResponseMismatch);
    for (field, value, code) in [
        (
            "algorithm",
            json!("AEAD_AES_128_CBC"),
            ErrorCode::DecryptFailed,
        ),
        ("ciphertext", json!("not base64!"), ErrorCode::DecryptFailed),
        ("ciphertext", json!("c2hvcnQ="), ErrorCode::DecryptFailed),
        ("nonce", json!(""), ErrorCode::DecryptFailed),
        ("nonce", json!(5), ErrorCode::MalformedResponse),
    ] {
        let mut bad = envelope.clone();
        bad["resource"][field] = value;
        let e = notify::open(bad.to_string().as_bytes()).unwrap_err();
        assert_eq!(e.code, code, "{field}");
    }
}

#[test]
fn envelopes_are_read_strictly_and_say_what_does_not_fit() {
    let envelope = json!({ "id": "EV-1", "event_type": "TRANSACTION.SUCCESS", "extra": [1],
        "resource": { "algorithm": "AEAD_AES_256_GCM", "ciphertext": "c2VjcmV0IGNpcGhlcnRleHQgYW5kIHRhZw==",
            "nonce": "n", "associated_data": null, "original_type": null, "more": {} } });
    let (env, sealed) = notify::open(envelope.to_string().as_bytes()).unwrap();
    assert_eq!(
        (env.create_time, env.summary, env.resource_type),
        (None, None, None)
    );
    assert_eq!(env.resource.original_type, None);
    assert!(sealed.aad.is_empty());
    let message = |body: &str| notify::open(body.as_bytes()).unwrap_err().message;
    let prefix = "the notification is not the expected JSON: ";
    let mut bad = envelope.clone();
    bad["resource"]["nonce"] = json!(5);
    assert_eq!(
        message(&bad.to_string()),
        format!("{prefix}\"invalid type: integer `5`, expected a string\"")
    );
    // A member that does not fit is named before a missing one, as serde's reader did.
    bad.as_object_mut().unwrap().remove("id");
    assert!(message(&bad.to_string()).contains("integer `5`"));
    let mut bad = envelope.clone();
    bad.as_object_mut().unwrap().remove("id");
    assert_eq!(
        message(&bad.to_string()),
        format!("{prefix}\"missing field `id`\"")
    );
    assert_eq!(
        message("[]"),
        format!("{prefix}\"invalid type: sequence, expected struct Envelope\"")
    );
    // Read like every provider body: a name given twice, at any depth, is refused.
    let twice =
        envelope
            .to_string()
            .replacen("\"nonce\":\"n\"", "\"nonce\":\"n\",\"nonce\":\"m\"", 1);
    let e = notify::open(twice.as_bytes()).unwrap_err();
    assert_eq!(e.code, ErrorCode::MalformedResponse);
    assert!(e.message.contains("duplicate name"), "{}", e.message);
    assert!(message("{\"id\":").starts_with(prefix));
}
