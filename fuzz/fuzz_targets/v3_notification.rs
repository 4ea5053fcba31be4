//! WeChat Pay APIv3 notifications: the signed envelope, what is handed to AES-GCM, and the
//! typed order of the decrypted resource.
//!
//! Input: control prefix + the envelope JSON, optionally followed by a NUL byte and the
//! "decrypted" resource JSON (AES-GCM runs in WebCrypto; the plaintext stands in for its
//! output). Properties:
//! - a signed envelope passes the header rules and the stand-in check; AES-GCM is handed
//!   exactly the base64-decoded ciphertext (tag included, longer than the tag), the nonce
//!   bytes as IV and the associated data as AAD;
//! - the typed notification belongs to this merchant and carries the envelope's event;
//! - one tampered byte of the envelope never verifies to another envelope.
#![no_main]

use libfuzzer_sys::fuzz_target;
use payquery::providers::wechat_v3::{self as v3, notify, verify, V3Order};
use payquery_fuzz::{
    b64_decode, stand_in_verify, v3_config, v3_signed_headers, Ctl, V3Merchant, V3_MCHID, V3_NOW,
    V3_PUBLIC_KEY_ID,
};

fn verified_envelope(
    config: &v3::Config,
    headers: &[(String, String)],
    body: &[u8],
) -> payquery::Result<(notify::Envelope, notify::Sealed)> {
    let check = v3::check_notification(config, headers, body, V3_NOW)?;
    verify::verdict(stand_in_verify(&check.message, &check.signature), &check)?;
    notify::open(body)
}

fuzz_target!(|data: &[u8]| {
    let Some((ctl, rest)) = Ctl::split(data) else {
        return;
    };
    let (body, plaintext) = match rest.iter().position(|&b| b == 0) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let config = v3_config(if ctl.bit(0) {
        V3Merchant::Partner
    } else {
        V3Merchant::Direct
    });
    let timestamp = V3_NOW.to_string();
    let headers = v3_signed_headers(&timestamp, "fuzznonce0002", V3_PUBLIC_KEY_ID, body);

    let first = verified_envelope(config, &headers, body);
    if let Ok((envelope, sealed)) = &first {
        let r = &envelope.resource;
        assert_eq!(r.algorithm, notify::ALGORITHM);
        let data = b64_decode(&r.ciphertext);
        // payquery's decoder may be more lenient (whitespace); it must never decode differently.
        if let Some(data) = data {
            assert_eq!(sealed.data, data, "AES-GCM is not handed the ciphertext");
        }
        assert!(
            sealed.data.len() > 16,
            "ciphertext shorter than the tag accepted"
        );
        assert_eq!(sealed.iv, r.nonce.as_bytes());
        assert_eq!(
            sealed.aad,
            r.associated_data.as_deref().unwrap_or("").as_bytes()
        );

        if let Some(plaintext) = plaintext {
            if let Ok(n) = v3::parse_notification(config, envelope.clone(), plaintext) {
                assert_eq!(n.event.id, envelope.id);
                assert_eq!(n.event.event_type, envelope.event_type);
                assert_eq!(n.event.original_type, r.original_type);
                let raw: serde_json::Value =
                    serde_json::from_slice(plaintext).expect("typed resource is JSON");
                match &n.order {
                    V3Order::Transaction(o) => {
                        assert_eq!(o.raw.clone().into_serde(), raw);
                        let owner = o.sp_mchid.as_deref().or(o.mchid.as_deref());
                        assert_eq!(owner, Some(V3_MCHID), "another merchant's order accepted");
                        let total = raw
                            .pointer("/amount/total")
                            .and_then(serde_json::Value::as_i64);
                        assert_eq!(o.amount.as_ref().and_then(|a| a.total), total);
                    }
                    V3Order::Combine(o) => {
                        assert_eq!(o.raw.clone().into_serde(), raw);
                        assert_eq!(
                            o.combine_mchid.as_deref(),
                            Some(V3_MCHID),
                            "another merchant's order accepted"
                        );
                    }
                }
            }
        }
    }

    let tampered = ctl.tamper(body);
    if let Ok((envelope, sealed)) = verified_envelope(config, &headers, &tampered) {
        let (e0, s0) = first
            .as_ref()
            .expect("a tampered envelope verified where the original did not");
        assert_eq!(
            (&envelope, &sealed),
            (e0, s0),
            "a tampered envelope gave another envelope"
        );
    }
});
