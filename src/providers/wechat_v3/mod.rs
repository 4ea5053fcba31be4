//! WeChat Pay APIv3 order query: direct (`mchid`), partner (`sp_mchid` + `sub_mchid`) and
//! combine (合单), by `out_trade_no` or `transaction_id`, plus payment notifications.
//!
//! Sans-IO like every provider: [`build_query`] returns the request and the exact message to
//! sign; [`check_response`] applies every verification rule that needs no RSA and returns
//! what WebCrypto must verify; [`parse_query`] takes the proof that it verified
//! ([`verify::Verified`]), checks the answer is about the query and types it. The two verified
//! steps are the only difference from the other providers' `parse_query`.
//! <https://pay.weixin.qq.com/doc/v3/merchant/4012791858>

pub mod auth;
pub mod certificates;
pub mod errors;
pub mod explain;
pub mod fields;
pub mod keys;
pub mod model;
pub mod notify;
pub mod parse;
pub mod read;
pub mod verify;
pub mod write;

pub use keys::{KeyStore, PrivateKeyDer, SigningKey, VerifyKey};
pub use model::{CombineOrder, TransactionOrder, V3Order};
pub use parse::{json_object, parse_notification, parse_query};

use crate::error::{Error, Result};
use crate::providers::wechat_v2::{check_out_trade_no, check_transaction_id};
use crate::secret::Secret;
use crate::transport::{normalize_base_url, HttpRequest, HttpResponse, Method, MAX_BODY_BYTES};

/// The primary host.
pub const DEFAULT_BASE_URL: &str = "https://api.mch.weixin.qq.com";
/// The cross-city disaster-recovery host.
pub const BACKUP_BASE_URL: &str = "https://api2.mch.weixin.qq.com";

/// Direct merchant or service provider acting for a sub-merchant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// A direct merchant.
    Direct {
        /// `mchid`.
        mchid: String,
    },
    /// A service provider (服务商) querying for a sub-merchant.
    Partner {
        /// `sp_mchid`: the service provider, whose key signs.
        sp_mchid: String,
        /// `sub_mchid`.
        sub_mchid: String,
    },
}

/// A v3 merchant configuration. Build it with [`Config::new`], which validates every field.
#[derive(Debug, Clone)]
pub struct Config {
    /// Direct or partner.
    pub mode: Mode,
    /// The merchant API certificate serial (`serial_no` in `Authorization`).
    pub merchant_serial_no: String,
    /// The keys that may verify WeChat Pay's signatures.
    pub keys: KeyStore,
    /// Where to send requests, without a trailing `/`.
    pub base_url: String,
    /// The allowed distance between a response timestamp and the local clock.
    pub max_skew_seconds: u32,
    /// The APIv3 key (32 bytes), needed for notifications only.
    pub api_v3_key: Option<Secret>,
    /// Public facts about the key that signs requests, for the `SIGN_ERROR` diagnosis.
    pub signing: SigningKey,
}

/// Checks a merchant id: 1-32 ASCII digits.
pub fn check_mchid(field: &str, value: &str) -> Result<()> {
    if (1..=32).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(Error::invalid_config(format!(
            "{field} must be 1-32 digits"
        )))
    }
}

impl Config {
    /// Validates and builds a configuration.
    pub fn new(
        mode: Mode,
        merchant_serial_no: String,
        keys: KeyStore,
        base_url: Option<&str>,
        max_skew_seconds: Option<u32>,
        api_v3_key: Option<Secret>,
    ) -> Result<Config> {
        match &mode {
            Mode::Direct { mchid } => check_mchid("mchid", mchid)?,
            Mode::Partner {
                sp_mchid,
                sub_mchid,
            } => {
                check_mchid("spMchid", sp_mchid)?;
                check_mchid("subMchid", sub_mchid)?;
            }
        }
        let serial_ok = (8..=64).contains(&merchant_serial_no.len())
            && merchant_serial_no.bytes().all(|b| b.is_ascii_hexdigit());
        if !serial_ok {
            return Err(Error::invalid_config(
                "merchantSerialNo must be the merchant API certificate serial: 8-64 hex digits",
            ));
        }
        let max_skew_seconds = max_skew_seconds.unwrap_or(verify::DEFAULT_MAX_SKEW_SECONDS);
        if max_skew_seconds == 0 || max_skew_seconds > verify::MAX_SKEW_SECONDS {
            return Err(Error::invalid_config(format!(
                "maxSkewSeconds must be 1 to {}",
                verify::MAX_SKEW_SECONDS
            )));
        }
        if api_v3_key.as_ref().is_some_and(|k| k.expose().len() != 32) {
            return Err(Error::invalid_config(
                "apiV3Key must be the 32-character APIv3 key",
            ));
        }
        Ok(Config {
            mode,
            merchant_serial_no,
            keys,
            base_url: normalize_base_url("baseUrl", base_url.unwrap_or(DEFAULT_BASE_URL))?,
            max_skew_seconds,
            api_v3_key,
            signing: SigningKey::default(),
        })
    }

    /// This configuration with what [`keys::check_signing_key`] found about the signing key.
    pub fn with_signing(mut self, signing: SigningKey) -> Config {
        self.signing = signing;
        self
    }

    /// The merchant that signs requests and initiates orders: `mchid` or `sp_mchid`.
    pub fn initiator(&self) -> &str {
        match &self.mode {
            Mode::Direct { mchid } => mchid,
            Mode::Partner { sp_mchid, .. } => sp_mchid,
        }
    }
}

/// Which order to query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// By the merchant's order number.
    OutTradeNo(String),
    /// By WeChat Pay's transaction id (paid orders only).
    TransactionId(String),
    /// A combine order by its `combine_out_trade_no`.
    Combine(String),
}

impl Query {
    /// A query by `out_trade_no`, validated.
    pub fn by_out_trade_no(value: &str) -> Result<Query> {
        check_out_trade_no("outTradeNo", value)?;
        Ok(Query::OutTradeNo(value.to_owned()))
    }

    /// A query by `transaction_id`, validated.
    pub fn by_transaction_id(value: &str) -> Result<Query> {
        check_transaction_id("transactionId", value)?;
        Ok(Query::TransactionId(value.to_owned()))
    }

    /// A combine query, validated.
    pub fn by_combine_out_trade_no(value: &str) -> Result<Query> {
        check_out_trade_no("combineOutTradeNo", value)?;
        Ok(Query::Combine(value.to_owned()))
    }
}

/// The path and query of a query, percent-encoded: exactly what is sent and signed.
pub fn query_url(config: &Config, query: &Query) -> String {
    use auth::encode_component as enc;
    let (prefix, params) = match &config.mode {
        Mode::Direct { mchid } => ("/v3/pay/transactions", format!("?mchid={}", enc(mchid))),
        Mode::Partner {
            sp_mchid,
            sub_mchid,
        } => (
            "/v3/pay/partner/transactions",
            format!("?sp_mchid={}&sub_mchid={}", enc(sp_mchid), enc(sub_mchid)),
        ),
    };
    match query {
        Query::OutTradeNo(v) => format!("{prefix}/out-trade-no/{}{params}", enc(v)),
        Query::TransactionId(v) => format!("{prefix}/id/{}{params}", enc(v)),
        Query::Combine(v) => format!("/v3/combine-transactions/out-trade-no/{}", enc(v)),
    }
}

/// An `Authorization` waiting for its signature: the message to sign and the header fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsigned {
    /// The exact message to sign.
    pub message: String,
    /// `mchid` of the header (the initiator).
    pub mchid: String,
    /// `nonce_str`.
    pub nonce: String,
    /// `timestamp`.
    pub timestamp: i64,
    /// `serial_no`.
    pub serial_no: String,
}

impl Unsigned {
    /// The `Authorization` header value for a base64 `signature` of [`Unsigned::message`].
    pub fn header(&self, signature: &str) -> Result<String> {
        auth::check_signature(signature)?;
        Ok(auth::authorization(
            &self.mchid,
            &self.nonce,
            self.timestamp,
            &self.serial_no,
            signature,
        ))
    }
}

/// Prepares the `Authorization` of any request (method, absolute URL or path, body).
pub fn unsigned_authorization(
    config: &Config,
    method: &str,
    url: &str,
    body: &str,
    timestamp: i64,
    nonce: &str,
) -> Result<Unsigned> {
    let method = auth::normalize_method(method)?;
    let url = auth::signed_url(url)?;
    auth::check_timestamp(timestamp)?;
    auth::check_nonce(nonce)?;
    Ok(Unsigned {
        message: auth::request_message(&method, &url, timestamp, nonce, body),
        mchid: config.initiator().to_owned(),
        nonce: nonce.to_owned(),
        timestamp,
        serial_no: config.merchant_serial_no.clone(),
    })
}

/// A query request without its `Authorization` header yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsignedRequest {
    /// Method, URL and the other headers.
    pub request: HttpRequest,
    /// What to sign.
    pub auth: Unsigned,
}

impl UnsignedRequest {
    /// The request with `Authorization` added.
    pub fn sign(self, signature: &str) -> Result<HttpRequest> {
        let mut request = self.request;
        let header = self.auth.header(signature)?;
        request.headers.insert(0, ("Authorization".into(), header));
        Ok(request)
    }
}

/// Builds a query request for `timestamp` (also the clock for choosing the serial) and `nonce`.
/// `runtime` names the JavaScript runtime in the User-Agent.
pub fn build_query(
    config: &Config,
    query: &Query,
    timestamp: i64,
    nonce: &str,
    runtime: &str,
) -> Result<UnsignedRequest> {
    let url = query_url(config, query);
    let auth = unsigned_authorization(config, "GET", &url, "", timestamp, nonce)?;
    let serial = config.keys.request_serial(timestamp).ok_or_else(|| {
        Error::invalid_config(
            "every configured platform certificate has expired: configure the current one or \
             the WeChat Pay public key",
        )
    })?;
    let request = HttpRequest {
        method: Method::Get,
        // A path prefix of baseUrl (a forwarding proxy) is not signed: WeChat Pay never sees it.
        url: format!("{}{url}", config.base_url),
        headers: vec![
            ("Accept".into(), "application/json".into()),
            ("User-Agent".into(), auth::user_agent(runtime)),
            ("Wechatpay-Serial".into(), serial.to_owned()),
        ],
        body: String::new(),
    };
    Ok(UnsignedRequest { request, auth })
}

/// Checks a response before any byte of it is trusted. A non-2xx answer becomes its error
/// (`signed`: the message we signed, shown next to WeChat Pay's for `SIGN_ERROR`); a 2xx one
/// must pass every rule of [`verify::prepare`]. Returns what WebCrypto must verify.
pub fn check_response<'c>(
    config: &'c Config,
    response: &HttpResponse,
    now: i64,
    signed: Option<&str>,
) -> Result<verify::Check<'c>> {
    if !response.is_success() {
        let signed = signed.map(|message| errors::Signed { message, config });
        return Err(errors::provider_error(response, signed));
    }
    let located = |e: Error| {
        e.with_http_status(response.status)
            .with_request_id(errors::request_id(response))
    };
    if response.body.len() > MAX_BODY_BYTES {
        return Err(located(Error::malformed(format!(
            "response body exceeds the {MAX_BODY_BYTES} byte limit"
        ))));
    }
    verify::prepare(
        &config.keys,
        &response.headers,
        &response.body,
        now,
        config.max_skew_seconds,
    )
    .map_err(located)
}

/// Checks a notification's headers and body like a response (no status).
pub fn check_notification<'c>(
    config: &'c Config,
    headers: &[(String, String)],
    body: &[u8],
    now: i64,
) -> Result<verify::Check<'c>> {
    if body.len() > MAX_BODY_BYTES {
        return Err(Error::malformed("notification body too large"));
    }
    verify::prepare(&config.keys, headers, body, now, config.max_skew_seconds)
}

#[cfg(test)]
mod certificates_tests;
#[cfg(test)]
mod diagnosis_tests;
#[cfg(test)]
mod errors_tests;
#[cfg(test)]
mod identity_tests;
#[cfg(test)]
mod model_tests;
#[cfg(test)]
mod notify_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod write_tests;
