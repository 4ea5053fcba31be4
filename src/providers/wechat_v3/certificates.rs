//! Platform certificates downloaded from `GET /v3/certificates` (certificate mode): the
//! request, the encrypted answer, the decrypted certificates, and when to download again.
//! Each certificate is AEAD_AES_256_GCM under the APIv3 key: that authentication is the trust
//! anchor. The answer's RSA signature is then checked with the certificates it carries or the
//! ones already trusted (binding layer, WebCrypto).
//! <https://pay.weixin.qq.com/doc/v3/merchant/4012551764>

use super::keys::{self, KeySource, KeyStore, VerifyKey};
use super::notify::{seal, Sealed};
use super::{auth, Config, Unsigned, UnsignedRequest};
use crate::core::json_read::{array, fields, required, Fit, Slot};
use crate::core::json_value::Value;
use crate::core::json_value::{self, Names};
use crate::core::time::unix_to_beijing_rfc3339;
use crate::error::{Error, ErrorCode, Result};
use crate::transport::{HttpRequest, Method};
use serde::Serialize;

/// The path of the download, signed and sent as is.
pub const PATH: &str = "/v3/certificates";
/// Most certificates one answer may carry (WeChat Pay serves one, two during a rotation).
pub const MAX_CERTIFICATES: usize = 16;
/// Download again after this long even when nothing changed (the official SDKs refresh every
/// 12 to 24 hours), so a rotation is seen before the old certificate stops signing.
pub const REFRESH_INTERVAL_SECONDS: i64 = 12 * 3600;
/// Download again when the newest certificate expires within this margin.
pub const EXPIRY_MARGIN_SECONDS: i64 = 24 * 3600;
/// An answer signed with an unknown serial triggers a download at most this often, so that
/// forged answers naming random serials cannot make every query download.
pub const UNKNOWN_SERIAL_INTERVAL_SECONDS: i64 = 60;

/// `encrypt_certificate` of an answer item, as sent.
struct EncryptCertificate {
    algorithm: String,
    nonce: String,
    associated_data: Option<String>,
    ciphertext: String,
}

/// One `data` item of the answer, as sent.
struct Item {
    serial_no: String,
    effective_time: Option<String>,
    expire_time: Option<String>,
    encrypt_certificate: EncryptCertificate,
}

fn encrypt_certificate(v: &Value) -> Fit<EncryptCertificate> {
    let (mut algorithm, mut nonce, mut ciphertext, mut associated_data) = (None, None, None, None);
    fields(
        v,
        "struct EncryptCertificate",
        &mut [
            ("algorithm", Slot::Required(&mut algorithm)),
            ("nonce", Slot::Required(&mut nonce)),
            ("associated_data", Slot::Str(&mut associated_data)),
            ("ciphertext", Slot::Required(&mut ciphertext)),
        ],
    )?;
    Ok(EncryptCertificate {
        algorithm: required(algorithm, "algorithm")?,
        nonce: required(nonce, "nonce")?,
        associated_data,
        ciphertext: required(ciphertext, "ciphertext")?,
    })
}

fn item(v: &Value) -> Fit<Item> {
    let (mut serial_no, mut effective_time, mut expire_time, mut encrypted) =
        (None, None, None, None);
    let mut read_encrypted = |v: &Value| {
        encrypted = Some(encrypt_certificate(v)?);
        Ok(())
    };
    fields(
        v,
        "struct Item",
        &mut [
            ("serial_no", Slot::Required(&mut serial_no)),
            ("effective_time", Slot::Str(&mut effective_time)),
            ("expire_time", Slot::Str(&mut expire_time)),
            ("encrypt_certificate", Slot::With(&mut read_encrypted)),
        ],
    )?;
    Ok(Item {
        serial_no: required(serial_no, "serial_no")?,
        effective_time,
        expire_time,
        encrypt_certificate: required(encrypted, "encrypt_certificate")?,
    })
}

/// The answer's `data`: its items as sent (other members are ignored).
fn answer(v: &Value) -> Fit<Vec<Item>> {
    let mut data = None;
    let mut read_data = |v: &Value| {
        data = Some(array(v, item)?);
        Ok(())
    };
    fields(
        v,
        "struct Answer",
        &mut [("data", Slot::With(&mut read_data))],
    )?;
    required(data, "data")
}

/// One certificate of the answer, still encrypted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encrypted {
    /// The serial the answer names (checked against the decrypted certificate).
    pub serial_no: String,
    /// `effective_time` as sent (RFC 3339).
    pub effective_time: Option<String>,
    /// `expire_time` as sent (RFC 3339).
    pub expire_time: Option<String>,
    /// What WebCrypto must decrypt with the APIv3 key.
    pub sealed: Sealed,
}

/// A decrypted, checked platform certificate: the PEM for callers who store it, and its dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "PlatformCertificate"))]
#[serde(rename_all = "camelCase")]
pub struct Downloaded {
    /// The serial (uppercase hex, as WeChat Pay prints it).
    pub serial_no: String,
    /// The certificate, PEM text: pass it to `platformCertificates` to pin it.
    pub pem: String,
    /// `notBefore`, RFC 3339 in Beijing time.
    pub not_before: String,
    /// `notAfter`, RFC 3339 in Beijing time.
    pub not_after: String,
    /// `effective_time` as the answer gave it.
    pub effective_time: Option<String>,
    /// `expire_time` as the answer gave it.
    pub expire_time: Option<String>,
    /// The key, for verification.
    #[serde(skip)]
    pub key: VerifyKey,
}

/// The download request for `timestamp` and `nonce`. `Wechatpay-Serial` names a key already
/// trusted when there is one (a public key makes WeChat Pay answer with it).
pub fn build_download(
    config: &Config,
    keys: &KeyStore,
    timestamp: i64,
    nonce: &str,
    runtime: &str,
) -> Result<UnsignedRequest> {
    let auth: Unsigned = super::unsigned_authorization(config, "GET", PATH, "", timestamp, nonce)?;
    let mut headers = vec![
        ("Accept".into(), "application/json".into()),
        ("User-Agent".into(), auth::user_agent(runtime)),
    ];
    if let Some(serial) = keys.request_serial(timestamp) {
        headers.push(("Wechatpay-Serial".into(), serial.to_owned()));
    }
    let request = HttpRequest {
        method: Method::Get,
        url: format!("{}{PATH}", config.base_url),
        headers,
        body: String::new(),
    };
    Ok(UnsignedRequest { request, auth })
}

/// Reads the (not yet verified) answer: what to decrypt, at most [`MAX_CERTIFICATES`]. The
/// body is only read here; nothing of it is trusted before the AEAD and the signature check.
pub fn open_download(body: &[u8]) -> Result<Vec<Encrypted>> {
    let data = json_value::parse(body, Names::Distinct)
        .map_err(|e| e.to_string())
        .and_then(|v| answer(&v))
        .map_err(|e| {
            let why = crate::error::quote_untrusted(&e);
            Error::malformed(format!(
                "the certificate download is not the expected JSON: {why}"
            ))
        })?;
    if data.is_empty() || data.len() > MAX_CERTIFICATES {
        return Err(Error::malformed(format!(
            "the certificate download must carry 1 to {MAX_CERTIFICATES} certificates, got {}",
            data.len()
        )));
    }
    // A loop, not `collect()` into a `Result` (whose adapter is about 700 bytes).
    let mut out = Vec::with_capacity(data.len());
    for item in data {
        let c = &item.encrypt_certificate;
        let sealed = seal(
            "a downloaded platform certificate",
            &c.algorithm,
            &c.ciphertext,
            &c.nonce,
            c.associated_data.as_deref(),
        )?;
        out.push(Encrypted {
            serial_no: item.serial_no,
            effective_time: item.effective_time,
            expire_time: item.expire_time,
            sealed,
        });
    }
    Ok(out)
}

/// Reads a decrypted certificate: a PEM whose own serial must be the one the answer named.
pub fn read_decrypted(item: &Encrypted, plaintext: &[u8]) -> Result<Downloaded> {
    let bad = |why: &str| Error::malformed(format!("a downloaded platform certificate {why}"));
    let pem = std::str::from_utf8(plaintext).map_err(|_| bad("is not UTF-8 text"))?;
    let key = keys::certificate_key("the downloaded certificate", pem)
        .map_err(|e| Error::malformed(e.message))?;
    if !keys::same_serial(&key.id, &item.serial_no) {
        return Err(Error::new(
            ErrorCode::UnknownSerial,
            format!(
                "a downloaded certificate is listed as serial {} but is serial {}",
                crate::error::quote_untrusted(&item.serial_no),
                key.id
            ),
        ));
    }
    let (not_before, not_after) = match key.source {
        KeySource::Certificate {
            not_before,
            not_after,
        } => (not_before, not_after),
        KeySource::PublicKey => return Err(bad("is not a certificate")),
    };
    let show = |t: i64| unix_to_beijing_rfc3339(t).unwrap_or_else(|| format!("@{t}"));
    Ok(Downloaded {
        serial_no: key.id.clone(),
        pem: pem.to_owned(),
        not_before: show(not_before),
        not_after: show(not_after),
        effective_time: item.effective_time.clone(),
        expire_time: item.expire_time.clone(),
        key,
    })
}

/// When to download: pure data, so the rules are host-tested and the binding only asks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schedule {
    /// When the last download succeeded (Unix seconds).
    pub last_download: Option<i64>,
    /// When a download was last started because of an unknown serial.
    pub last_unknown_serial: Option<i64>,
}

impl Schedule {
    /// Whether a query at `now` must download first: never downloaded, the last download is
    /// older than [`REFRESH_INTERVAL_SECONDS`], or no certificate in `keys` stays valid for
    /// [`EXPIRY_MARGIN_SECONDS`] more (a public key alone needs no certificate).
    pub fn due(&self, keys: &KeyStore, now: i64) -> bool {
        let Some(last) = self.last_download else {
            return true;
        };
        if now.saturating_sub(last) >= REFRESH_INTERVAL_SECONDS {
            return true;
        }
        let has_public_key = keys.keys().iter().any(|k| k.source == KeySource::PublicKey);
        let lasting = keys.keys().iter().any(|k| match k.source {
            KeySource::Certificate {
                not_before,
                not_after,
            } => not_before <= now && now.saturating_add(EXPIRY_MARGIN_SECONDS) < not_after,
            KeySource::PublicKey => false,
        });
        !has_public_key && !lasting
    }

    /// Whether an answer signed with an unknown serial at `now` may trigger a download (at
    /// most once per [`UNKNOWN_SERIAL_INTERVAL_SECONDS`]); records it when it may.
    pub fn take_unknown_serial(&mut self, now: i64) -> bool {
        let allowed = match self.last_unknown_serial {
            None => true,
            Some(t) => now.saturating_sub(t) >= UNKNOWN_SERIAL_INTERVAL_SECONDS,
        };
        if allowed {
            self.last_unknown_serial = Some(now);
        }
        allowed
    }
}
