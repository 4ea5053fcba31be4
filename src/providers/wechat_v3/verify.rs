//! Response and notification verification rules: the four `Wechatpay-*` headers, the probe
//! signature, the timestamp window, the key named by the serial, and the message
//! `TIMESTAMP\nNONCE\nBODY\n` over the raw body bytes. The RSA check itself runs in WebCrypto;
//! [`prepare`] hands it exactly what to verify, and [`verdict`] turns its answer into a result.
//! <https://pay.weixin.qq.com/doc/v3/merchant/4013053249>

use super::keys::{KeyStore, VerifyKey};
use crate::core::json_value::Value;
use crate::error::{Error, ErrorCode, Result};

/// The start of WeChat Pay's deliberate probe signatures, sent to check that merchants verify.
pub const PROBE_PREFIX: &str = "WECHATPAY/SIGNTEST/";
/// The timestamp window the official SDKs use, in seconds.
pub const DEFAULT_MAX_SKEW_SECONDS: u32 = 300;
/// The largest window a caller may configure (one day): a bigger one disables replay defence.
pub const MAX_SKEW_SECONDS: u32 = 86_400;

/// Header names, in the order they are checked.
pub const TIMESTAMP: &str = "Wechatpay-Timestamp";
/// The nonce header.
pub const NONCE: &str = "Wechatpay-Nonce";
/// The signature header (base64).
pub const SIGNATURE: &str = "Wechatpay-Signature";
/// The key id header: a platform certificate serial or a `PUB_KEY_ID_…`.
pub const SERIAL: &str = "Wechatpay-Serial";

/// The four signature headers of a response or notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedHeaders {
    /// `Wechatpay-Timestamp`, as sent.
    pub timestamp: String,
    /// `Wechatpay-Nonce`.
    pub nonce: String,
    /// `Wechatpay-Signature` (base64).
    pub signature: String,
    /// `Wechatpay-Serial`.
    pub serial: String,
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

/// Reads the four headers; any one absent or empty is `SIGNATURE_MISSING`, naming them all.
pub fn signed_headers(headers: &[(String, String)]) -> Result<SignedHeaders> {
    let get = |n| header(headers, n);
    match (get(TIMESTAMP), get(NONCE), get(SIGNATURE), get(SERIAL)) {
        (Some(t), Some(n), Some(s), Some(k)) => Ok(SignedHeaders {
            timestamp: t.to_owned(),
            nonce: n.to_owned(),
            signature: s.to_owned(),
            serial: k.to_owned(),
        }),
        _ => {
            let missing: Vec<&str> = [TIMESTAMP, NONCE, SIGNATURE, SERIAL]
                .into_iter()
                .filter(|n| get(n).is_none())
                .collect();
            Err(Error::new(
                ErrorCode::SignatureMissing,
                format!(
                    "a successful APIv3 response must be signed; missing: {}",
                    missing.join(", ")
                ),
            ))
        }
    }
}

/// The message WeChat Pay signed: three lines, each ending in `\n`, the body as raw bytes.
pub fn verify_message(timestamp: &str, nonce: &str, body: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(timestamp.len() + nonce.len() + body.len() + 3);
    m.extend_from_slice(timestamp.as_bytes());
    m.push(b'\n');
    m.extend_from_slice(nonce.as_bytes());
    m.push(b'\n');
    m.extend_from_slice(body);
    m.push(b'\n');
    m
}

/// Parses `Wechatpay-Timestamp` and checks it is within `max_skew` seconds of `now`.
pub fn check_skew(timestamp: &str, now: i64, max_skew: u32) -> Result<i64> {
    let ts: i64 = timestamp
        .parse()
        .ok()
        .filter(|_| timestamp.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| {
            Error::malformed(format!(
                "{TIMESTAMP} is not Unix seconds: {}",
                crate::error::quote_untrusted(timestamp)
            ))
        })?;
    let skew = now.saturating_sub(ts);
    if skew.unsigned_abs() > u64::from(max_skew) {
        return Err(Error::new(
            ErrorCode::TimestampSkew,
            format!(
                "the response timestamp is {}s {} the local clock (allowed: {max_skew}s); \
                 a replayed response, or a wrong clock",
                skew.unsigned_abs(),
                if skew > 0 { "behind" } else { "ahead of" }
            ),
        )
        // Members by name, as serde_json's map had them (see `Value::object`).
        .with_detail(Value::object([
            ("maxSkewSeconds", max_skew.into()),
            ("now", now.into()),
            ("timestamp", ts.into()),
        ])));
    }
    Ok(ts)
}

/// What the binding layer must verify with WebCrypto.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check<'k> {
    /// Index of the key in [`KeyStore::keys`].
    pub key_index: usize,
    /// The key.
    pub key: &'k VerifyKey,
    /// The exact bytes signed.
    pub message: Vec<u8>,
    /// The decoded signature.
    pub signature: Vec<u8>,
}

/// Applies every rule that needs no RSA, in this order: headers present (`SIGNATURE_MISSING`),
/// not a probe (`SIGNATURE_PROBE`), timestamp within `max_skew` of `now` (`TIMESTAMP_SKEW`),
/// serial configured and valid (`UNKNOWN_SERIAL`), signature decodable (`SIGNATURE_INVALID`).
pub fn prepare<'k>(
    keys: &'k KeyStore,
    headers: &[(String, String)],
    body: &[u8],
    now: i64,
    max_skew: u32,
) -> Result<Check<'k>> {
    let h = signed_headers(headers)?;
    // A probe never verifies; naming it tells the merchant their verification works.
    if h.signature.starts_with(PROBE_PREFIX) {
        return Err(Error::new(
            ErrorCode::SignatureProbe,
            "WeChat Pay sent a probe signature (WECHATPAY/SIGNTEST/…) to check that responses \
             are verified; it was rejected, as it must be",
        ));
    }
    check_skew(&h.timestamp, now, max_skew)?;
    let (key_index, key) = keys.select(&h.serial, now)?;
    let signature = crate::core::base64::decode_public(&h.signature).ok_or_else(|| {
        Error::new(
            ErrorCode::SignatureInvalid,
            format!("{SIGNATURE} is not base64"),
        )
    })?;
    Ok(Check {
        key_index,
        key,
        message: verify_message(&h.timestamp, &h.nonce, body),
        signature,
    })
}

/// Proof that a response's RSA signature checked out: only [`verdict`] makes one, and
/// `parse_query` takes one, so no body is typed before it was verified.
#[derive(Debug)]
pub struct Verified(());

impl Verified {
    /// A proof for host tests, which have no WebCrypto to run the RSA check.
    #[cfg(test)]
    pub(crate) fn assumed() -> Verified {
        Verified(())
    }
}

/// Turns WebCrypto's answer into the result: `false` is `SIGNATURE_INVALID`.
pub fn verdict(verified: bool, check: &Check<'_>) -> Result<Verified> {
    if verified {
        Ok(Verified(()))
    } else {
        Err(Error::new(
            ErrorCode::SignatureInvalid,
            format!(
                "the signature does not match the body (key {}): forged, tampered or \
                 re-serialised before verification",
                check.key.id
            ),
        ))
    }
}
