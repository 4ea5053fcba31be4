//! Reads `new WechatPayV3(config)`: every field strictly (unknown keys refused), keys and
//! certificates parsed and checked in Rust synchronously (`INVALID_CONFIG`), and the keys
//! imported by the crypto provider (`crypto.rs`) once, here: queries only use (or await) them.

use crate::error::{Error, ErrorCode, Result};
use crate::providers::wechat_v3::{keys, Config, KeyStore, Mode};
use crate::secret::Secret;
use crate::wasm::args::{type_name, Obj};
use crate::wasm::client::Transport;
use crate::wasm::crypto::Key;
use crate::wasm::js_safe::{self, threw};
use crate::wasm::runtime;
use js_sys::Function;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// Most platform certificates accepted (WeChat Pay rotates with two at a time).
const MAX_CERTIFICATES: u32 = 16;

/// How requests are signed.
pub enum Signer {
    /// The merchant private key, imported by the crypto provider at construction.
    Key(Key),
    /// `config.signer`: `async (message) => base64Signature` (a KMS or HSM).
    Function(Function),
}

/// The keys a verification uses: the configuration with the current key store (configured
/// keys plus downloaded certificates) and one key imported by the crypto provider per store
/// entry (node:crypto in Node, WebCrypto elsewhere). A download replaces the whole snapshot;
/// a query in flight keeps the one it started with.
pub struct Active {
    /// The configuration, `keys` included.
    pub config: Config,
    /// One imported key per [`KeyStore::keys`] entry, same order.
    pub verifiers: Vec<Key>,
}

/// A configured v3 client.
pub struct Client {
    /// The validated configuration, with the configured keys only.
    pub config: Config,
    /// Signs requests.
    pub signer: Signer,
    /// What verifies now: see [`Active`].
    pub active: RefCell<Rc<Active>>,
    /// `platformCertificates: 'auto'`: the download state.
    pub auto: Option<crate::wasm::v3_certs::AutoState>,
    /// The APIv3 key for notifications, if configured.
    pub aes: Option<Key>,
    /// fetch and timeout.
    pub transport: Transport,
    /// The runtime named in the User-Agent.
    pub runtime: String,
}

#[inline(never)]
fn public_key(value: &JsValue) -> Result<Option<keys::VerifyKey>> {
    if value.is_undefined() {
        return Ok(None);
    }
    let mut o = Obj::new(value, "config.wechatpayPublicKey", ErrorCode::InvalidConfig)?;
    let id = o.required_string("id")?;
    let pem = o.required_string("pem")?;
    o.finish()?;
    keys::parse_public_key(&id, &pem).map(Some)
}

/// `platformCertificates`: a list of PEMs, or `'auto'` (then `Ok((vec![], true))`).
#[inline(never)]
fn certificates(value: &JsValue, now: i64) -> Result<(Vec<keys::VerifyKey>, bool)> {
    if value.is_undefined() {
        return Ok((Vec::new(), false));
    }
    if value.as_string().as_deref() == Some("auto") {
        return Ok((Vec::new(), true));
    }
    let what = "config.platformCertificates";
    let code = ErrorCode::InvalidConfig;
    if !value.is_object() || !js_safe::is_array(value).map_err(|_| threw(code, what))? {
        return Err(Error::invalid_config(format!(
            "config.platformCertificates must be 'auto' or an array of PEM strings, got {}",
            type_name(value)
        )));
    }
    // Refused beyond MAX_CERTIFICATES before any element is read.
    let len = js_safe::array_length(value, code, what).and_then(|n| {
        if n > MAX_CERTIFICATES {
            Err(Error::invalid_config(format!(
                "config.platformCertificates holds more than {MAX_CERTIFICATES} certificates"
            )))
        } else {
            Ok(n)
        }
    })?;
    let mut parsed = Vec::with_capacity(len as usize);
    for i in 0..len {
        let item = format!("config.platformCertificates[{i}]");
        let pem = js_safe::get_index(value, i).map_err(|_| threw(code, &item))?;
        let pem = js_safe::string(&pem, code, &item)?.ok_or_else(|| {
            Error::invalid_config(format!(
                "{item} must be a PEM string, got {}",
                type_name(&pem)
            ))
        })?;
        parsed.push(keys::parse_certificate(i as usize, &pem, now)?);
    }
    Ok((parsed, false))
}

/// Reads and checks the config, and imports the keys.
pub fn read(value: &JsValue) -> Result<Client> {
    let mut o = Obj::new(value, "config", ErrorCode::InvalidConfig)?;
    let mchid = o.string("mchid")?;
    let sp_mchid = o.string("spMchid")?;
    let sub_mchid = o.string("subMchid")?;
    let merchant_serial_no = o.required_string("merchantSerialNo")?;
    let private_key = o.string("privateKey")?.map(Secret::new);
    let signer = o.function("signer")?;
    let merchant_certificate = o.string("merchantCertificate")?;
    let public_key_value = o.get("wechatpayPublicKey")?;
    let certificates_value = o.get("platformCertificates")?;
    let api_v3_key = o.string("apiV3Key")?.map(Secret::new);
    let base_url = o.string("baseUrl")?;
    let max_skew = o.uint(
        "maxSkewSeconds",
        crate::providers::wechat_v3::verify::MAX_SKEW_SECONDS,
    )?;
    let mut transport = Transport::read(&mut o, "wechat-v3")?;
    o.finish()?;
    if base_url.is_none() {
        // As for v2: fail over to the backup host only from the real primary.
        transport.default_backup(crate::providers::wechat_v3::BACKUP_BASE_URL);
    }

    let mode =
        match (mchid, sp_mchid, sub_mchid) {
            (Some(mchid), None, None) => Mode::Direct { mchid },
            (None, Some(sp_mchid), Some(sub_mchid)) => Mode::Partner {
                sp_mchid,
                sub_mchid,
            },
            _ => return Err(Error::invalid_config(
                "config needs mchid (direct merchant) or spMchid and subMchid (service provider)",
            )),
        };
    let now = runtime::now_seconds();
    let mut verify_keys: Vec<keys::VerifyKey> =
        public_key(&public_key_value)?.into_iter().collect();
    let (configured, auto) = certificates(&certificates_value, now)?;
    verify_keys.extend(configured);
    if auto && api_v3_key.is_none() {
        return Err(Error::invalid_config(
            "platformCertificates: 'auto' needs apiV3Key: the downloaded certificates are \
             encrypted with it",
        ));
    }
    let store = if auto {
        KeyStore::pending(verify_keys)?
    } else {
        KeyStore::new(verify_keys)?
    };
    let private_der = match (&private_key, &signer) {
        (Some(pem), None) => Some(keys::parse_private_key(pem.expose())?),
        (None, Some(_)) => None,
        _ => {
            return Err(Error::invalid_config(
                "config needs exactly one of privateKey (PKCS#8 PEM) and signer",
            ))
        }
    };
    let config = Config::new(
        mode,
        merchant_serial_no,
        store,
        base_url.as_deref(),
        max_skew,
        api_v3_key,
    )?;
    // After Config::new checked merchantSerialNo's shape: now whether the key goes with it.
    let signing = keys::check_signing_key(
        &config.merchant_serial_no,
        private_der.as_ref(),
        merchant_certificate.as_deref(),
    )?;
    let config = config.with_signing(signing);
    // Everything is valid: start the imports, once.
    let signer = match (private_der, signer) {
        (Some(der), _) => Signer::Key(Key::rsa_private(der.der())?),
        (None, Some(f)) => Signer::Function(f),
        (None, None) => return Err(crate::wasm::error::internal("no signer")),
    };
    let mut verifiers = Vec::with_capacity(config.keys.keys().len());
    for k in config.keys.keys() {
        verifiers.push(Key::rsa_public(&k.spki_der)?);
    }
    let aes = match &config.api_v3_key {
        Some(k) => Some(Key::aes_gcm(k.expose().as_bytes())?),
        None => None,
    };
    let active = Active {
        config: config.clone(),
        verifiers,
    };
    Ok(Client {
        config,
        signer,
        active: RefCell::new(Rc::new(active)),
        auto: auto.then(crate::wasm::v3_certs::AutoState::default),
        aes,
        transport,
        runtime: runtime::name(),
    })
}
