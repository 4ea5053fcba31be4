//! Fubei payment notifications: the form body, the signature over it, and the typed order.
//!
//! Input: control prefix + a form body (`result_code=200&data=...`). Properties:
//! - what `parse_form` reads re-encodes to a form that reads back the same (round trip);
//! - the fields, signed with the fixed fake secret, verify: the order is typed from exactly the
//!   signed `data` with exact money;
//! - one tampered byte of the signed form never yields another order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use payquery::providers::fubei::{json::RawObject, notify, sign};
use payquery::{ErrorCode, Secret};
use payquery_fuzz::{check_fubei_money, form_encode, Ctl, FUBEI_SECRET};

/// The fields Fubei documents as signed.
const SIGNED: [&str; 3] = ["result_code", "result_message", "data"];

fuzz_target!(|data: &[u8]| {
    let Some((ctl, body)) = Ctl::split(data) else {
        return;
    };
    let Ok(text) = std::str::from_utf8(body) else {
        return;
    };
    let Ok(mut fields) = notify::parse_form(text) else {
        return;
    };
    let encoded = form_encode(&fields);
    assert_eq!(
        notify::parse_form(&encoded).ok().as_ref(),
        Some(&fields),
        "form round trip"
    );

    let secret = Secret::new(FUBEI_SECRET);
    fields.retain(|(k, _)| k != "sign");
    // Bit 0: sign every field (the other reading of the rule); else the documented three.
    let signature = sign::sign(
        fields
            .iter()
            .filter(|(k, _)| ctl.bit(0) || SIGNED.contains(&k.as_str()))
            .map(|(k, v)| (k.as_str(), v.as_str())),
        &secret,
    );
    fields.push(("sign".into(), signature));
    let first = notify::verify_notification(&fields, &secret);
    match &first {
        Ok(order) => {
            let data = fields
                .iter()
                .find(|(k, _)| k == "data")
                .map(|(_, v)| v.as_str())
                .expect("data");
            let data = RawObject::parse(data, "data").expect("typed data is an object");
            check_fubei_money(order, &data);
            let code = fields
                .iter()
                .find(|(k, _)| k == "result_code")
                .map(|(_, v)| v.as_str());
            assert_eq!(code.and_then(|c| c.parse::<i64>().ok()), Some(200));
        }
        Err(e) => assert!(
            !matches!(
                e.code,
                ErrorCode::SignatureInvalid | ErrorCode::SignatureMissing
            ),
            "a correctly signed notification failed verification: {e:?}"
        ),
    }

    let tampered = ctl.tamper(form_encode(&fields).as_bytes());
    let Ok(tampered) = std::str::from_utf8(&tampered) else {
        return;
    };
    let Ok(tampered) = notify::parse_form(tampered) else {
        return;
    };
    if let Ok(order) = notify::verify_notification(&tampered, &secret) {
        assert_eq!(
            Some(&order),
            first.as_ref().ok(),
            "a tampered notification gave another order"
        );
    }
});
