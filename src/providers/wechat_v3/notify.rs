//! Payment notifications (callbacks): the envelope is verified like a response, then its
//! `resource` is decrypted (AEAD_AES_256_GCM with the APIv3 key, in WebCrypto) and typed
//! like a query result. <https://pay.weixin.qq.com/doc/v3/merchant/4012791861>

use super::model::V3Order;
use crate::core::json_read::{fields, required, Fit, Slot};
use crate::core::json_value::Value;
use crate::core::json_value::{self, Names};
use crate::error::{Error, ErrorCode, Result};
use serde::Serialize;

/// The only algorithm WeChat Pay uses for notification resources.
pub const ALGORITHM: &str = "AEAD_AES_256_GCM";
/// The GCM tag length in bytes; `ciphertext` is base64(ct ‖ tag).
const TAG_LEN: usize = 16;

/// The encrypted `resource` of a notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// `AEAD_AES_256_GCM`.
    pub algorithm: String,
    /// base64(ciphertext ‖ tag).
    pub ciphertext: String,
    /// Additional authenticated data (may be empty).
    pub associated_data: Option<String>,
    /// The GCM nonce (IV), as text.
    pub nonce: String,
    /// `transaction`, `refund`, ….
    pub original_type: Option<String>,
}

/// The notification envelope (the verified body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// The event id (`EV-…`).
    pub id: String,
    /// RFC 3339 creation time.
    pub create_time: Option<String>,
    /// `TRANSACTION.SUCCESS`, ….
    pub event_type: String,
    /// `encrypt-resource`.
    pub resource_type: Option<String>,
    /// A human summary.
    pub summary: Option<String>,
    /// The encrypted order.
    pub resource: Resource,
}

/// What WebCrypto must decrypt: AES-GCM with `iv`, `aad`, and `data` = ciphertext ‖ tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    /// The IV (the `nonce` text's bytes).
    pub iv: Vec<u8>,
    /// The AAD (`associated_data` bytes).
    pub aad: Vec<u8>,
    /// Ciphertext followed by the 16-byte tag.
    pub data: Vec<u8>,
}

fn decrypt_failed(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::DecryptFailed, message)
}

/// Checks an `AEAD_AES_256_GCM` object (`what` names it in messages) and returns what to
/// decrypt: notifications and downloaded platform certificates use the same encryption.
pub fn seal(
    what: &str,
    algorithm: &str,
    ciphertext: &str,
    nonce: &str,
    associated_data: Option<&str>,
) -> Result<Sealed> {
    if algorithm != ALGORITHM {
        return Err(decrypt_failed(format!(
            "{what} uses {}; payquery decrypts {ALGORITHM}",
            crate::error::quote_untrusted(algorithm)
        )));
    }
    let data = crate::core::base64::decode(ciphertext)
        .ok_or_else(|| decrypt_failed(format!("{what}: the ciphertext is not base64")))?;
    if data.len() <= TAG_LEN {
        return Err(decrypt_failed(format!(
            "{what}: the ciphertext is shorter than its authentication tag"
        )));
    }
    if nonce.is_empty() || nonce.len() > 64 {
        return Err(decrypt_failed(format!(
            "{what}: the nonce must be 1-64 bytes"
        )));
    }
    Ok(Sealed {
        iv: nonce.as_bytes().to_vec(),
        aad: associated_data.unwrap_or_default().as_bytes().to_vec(),
        data,
    })
}

fn resource(v: &Value) -> Fit<Resource> {
    let (mut algorithm, mut ciphertext, mut nonce) = (None, None, None);
    let (mut associated_data, mut original_type) = (None, None);
    fields(
        v,
        "struct Resource",
        &mut [
            ("algorithm", Slot::Required(&mut algorithm)),
            ("ciphertext", Slot::Required(&mut ciphertext)),
            ("associated_data", Slot::Str(&mut associated_data)),
            ("nonce", Slot::Required(&mut nonce)),
            ("original_type", Slot::Str(&mut original_type)),
        ],
    )?;
    Ok(Resource {
        algorithm: required(algorithm, "algorithm")?,
        ciphertext: required(ciphertext, "ciphertext")?,
        associated_data,
        nonce: required(nonce, "nonce")?,
        original_type,
    })
}

fn envelope(v: &Value) -> Fit<Envelope> {
    let (mut id, mut event_type, mut resource_) = (None, None, None);
    let (mut create_time, mut resource_type, mut summary) = (None, None, None);
    let mut read_resource = |v: &Value| {
        resource_ = Some(resource(v)?);
        Ok(())
    };
    fields(
        v,
        "struct Envelope",
        &mut [
            ("id", Slot::Required(&mut id)),
            ("create_time", Slot::Str(&mut create_time)),
            ("event_type", Slot::Required(&mut event_type)),
            ("resource_type", Slot::Str(&mut resource_type)),
            ("summary", Slot::Str(&mut summary)),
            ("resource", Slot::With(&mut read_resource)),
        ],
    )?;
    Ok(Envelope {
        id: required(id, "id")?,
        create_time,
        event_type: required(event_type, "event_type")?,
        resource_type,
        summary,
        resource: required(resource_, "resource")?,
    })
}

/// Parses a verified notification body into its envelope and what to decrypt. The body is
/// JSON naming no member twice (`core::json_value`, `Names::Distinct`); unknown members are ignored.
pub fn open(body: &[u8]) -> Result<(Envelope, Sealed)> {
    let envelope = json_value::parse(body, Names::Distinct)
        .map_err(|e| e.to_string())
        .and_then(|v| envelope(&v))
        .map_err(|e| {
            // The reader's text can quote the body: bounded and escaped like provider text.
            let why = crate::error::quote_untrusted(&e);
            Error::malformed(format!("the notification is not the expected JSON: {why}"))
        })?;
    let r = &envelope.resource;
    let sealed = seal(
        "the notification",
        &r.algorithm,
        &r.ciphertext,
        &r.nonce,
        r.associated_data.as_deref(),
    )?;
    Ok((envelope, sealed))
}

/// The event half of a parsed notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "V3NotificationEvent"))]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// The event id: use it to drop duplicate deliveries.
    pub id: String,
    /// `TRANSACTION.SUCCESS`, ….
    #[cfg_attr(test, ts(type = "'TRANSACTION.SUCCESS' | (string & {})"))]
    pub event_type: String,
    /// RFC 3339 creation time.
    pub create_time: Option<String>,
    /// `encrypt-resource`.
    pub resource_type: Option<String>,
    /// `transaction`, ….
    pub original_type: Option<String>,
    /// A human summary.
    pub summary: Option<String>,
}

/// A parsed notification: the same order a query returns, plus `event`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "WechatPayV3Notification"))]
pub struct Notification {
    /// The decrypted, typed order.
    #[serde(flatten)]
    pub order: V3Order,
    /// The event.
    pub event: Event,
}

impl Event {
    /// The event fields of an envelope.
    pub fn of(envelope: Envelope) -> Event {
        Event {
            id: envelope.id,
            event_type: envelope.event_type,
            create_time: envelope.create_time,
            resource_type: envelope.resource_type,
            original_type: envelope.resource.original_type,
            summary: envelope.summary,
        }
    }
}
