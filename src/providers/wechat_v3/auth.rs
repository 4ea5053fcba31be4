//! The APIv3 request signature: the message `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n` and the
//! `Authorization: WECHATPAY2-SHA256-RSA2048 …` header. The RSA signature itself is computed
//! by the binding layer (WebCrypto) or the caller's `signer` over exactly these bytes.
//! <https://pay.weixin.qq.com/doc/v3/merchant/4012365336>

use crate::core::nonce::is_valid_nonce;
use crate::error::{Error, Result};

/// The authentication scheme of every APIv3 request.
pub const SCHEME: &str = "WECHATPAY2-SHA256-RSA2048";

/// Characters left as they are in a path segment or query value: RFC 3986 unreserved.
/// Everything else is percent-encoded, so the URL signed is exactly the URL fetch sends
/// (the WHATWG URL parser leaves `%XX` alone).
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Percent-encodes a path segment or query value (UTF-8, uppercase hex).
pub fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if is_unreserved(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push_str(&crate::core::digest::hex_upper(&[b]));
        }
    }
    out
}

/// The signed form of a method: uppercase, and one of those an API may use.
pub fn normalize_method(method: &str) -> Result<String> {
    let upper = method.to_ascii_uppercase();
    match upper.as_str() {
        "GET" | "POST" | "PUT" | "PATCH" | "DELETE" => Ok(upper),
        _ => Err(Error::invalid_argument(
            "method must be one of GET, POST, PUT, PATCH, DELETE",
        )),
    }
}

/// The URL as signed: the path and query of an absolute `http(s)://` URL, or a path starting
/// with `/`, kept byte for byte (percent-encoding included). Fragments and spaces are refused
/// because no HTTP client sends them as they are.
pub fn signed_url(url: &str) -> Result<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let path = match rest {
        Some(r) => match r.find(['/', '?']) {
            Some(i) if r.get(..i).is_some_and(|h| !h.is_empty()) => {
                let p = r.get(i..).unwrap_or_default();
                if p.starts_with('?') {
                    format!("/{p}")
                } else {
                    p.to_owned()
                }
            }
            None if !r.is_empty() => "/".to_owned(),
            _ => return Err(Error::invalid_argument("url has no host")),
        },
        None if url.starts_with('/') => url.to_owned(),
        None => {
            return Err(Error::invalid_argument(
                "url must be absolute (https://…) or a path starting with /",
            ))
        }
    };
    if path
        .bytes()
        .any(|b| b == b'#' || b.is_ascii_whitespace() || b.is_ascii_control() || b >= 0x80)
    {
        return Err(Error::invalid_argument(
            "url must be percent-encoded: no spaces, fragments or non-ASCII characters",
        ));
    }
    Ok(path)
}

/// The message to sign: five lines, each ending in `\n`; `body` is empty for GET.
pub fn request_message(method: &str, url: &str, timestamp: i64, nonce: &str, body: &str) -> String {
    format!("{method}\n{url}\n{timestamp}\n{nonce}\n{body}\n")
}

/// Checks a caller-given nonce (`[A-Za-z0-9]{1,32}`).
pub fn check_nonce(nonce: &str) -> Result<()> {
    if is_valid_nonce(nonce) {
        Ok(())
    } else {
        Err(Error::invalid_argument(
            "nonce must be 1-32 ASCII letters and digits",
        ))
    }
}

/// Checks a caller-given timestamp (Unix seconds, positive, before year 10000).
pub fn check_timestamp(timestamp: i64) -> Result<()> {
    if (1..=253_402_300_799).contains(&timestamp) {
        Ok(())
    } else {
        Err(Error::invalid_argument(
            "timestamp must be Unix seconds (a positive integer)",
        ))
    }
}

/// Checks that a signature is base64 of a plausible RSA signature (the `signer`'s output).
pub fn check_signature(signature: &str) -> Result<()> {
    let decoded = crate::core::base64::decode(signature).ok_or_else(|| {
        Error::invalid_config("config.signer must resolve to a base64 (RFC 4648) signature")
    })?;
    if decoded.len() < 128 {
        return Err(Error::invalid_config(
            "config.signer resolved to a signature too short for RSA-2048",
        ));
    }
    Ok(())
}

/// The `Authorization` header value.
pub fn authorization(
    mchid: &str,
    nonce: &str,
    timestamp: i64,
    serial_no: &str,
    signature: &str,
) -> String {
    format!(
        "{SCHEME} mchid=\"{mchid}\",nonce_str=\"{nonce}\",timestamp=\"{timestamp}\",\
         serial_no=\"{serial_no}\",signature=\"{signature}\""
    )
}

/// The fields of an `Authorization` header, as parsed for `explainV3`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "V3AuthorizationFields"))]
#[serde(rename_all = "camelCase")]
pub struct AuthorizationFields {
    /// `mchid`.
    pub mchid: String,
    /// `nonce_str`.
    pub nonce_str: String,
    /// `timestamp`.
    pub timestamp: String,
    /// `serial_no`.
    pub serial_no: String,
    /// `signature` (base64).
    pub signature: String,
}

/// Parses an `Authorization` header produced by any APIv3 client.
pub fn parse_authorization(header: &str) -> Result<AuthorizationFields> {
    let bad =
        || Error::invalid_argument(format!("authorization must be \"{SCHEME} k=\\\"v\\\",…\""));
    let rest = header.trim().strip_prefix(SCHEME).ok_or_else(bad)?;
    let get = |name: &str| -> Result<String> {
        rest.split(',')
            .filter_map(|part| part.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .and_then(|(_, v)| v.strip_prefix('"')?.strip_suffix('"').map(str::to_owned))
            .ok_or_else(|| Error::invalid_argument(format!("authorization has no {name}=\"…\"")))
    };
    // In a loop, looked up in this order (the first missing one is the error): five
    // `get(…)?` each dropping the fields read before it were larger.
    let mut fields = AuthorizationFields::default();
    for (name, slot) in [
        ("mchid", &mut fields.mchid),
        ("nonce_str", &mut fields.nonce_str),
        ("timestamp", &mut fields.timestamp),
        ("serial_no", &mut fields.serial_no),
        ("signature", &mut fields.signature),
    ] {
        *slot = get(name)?;
    }
    Ok(fields)
}

/// `payquery/<version> (<runtime>)`: WeChat Pay refuses requests without a User-Agent.
pub fn user_agent(runtime: &str) -> String {
    format!("payquery/{} ({runtime})", env!("CARGO_PKG_VERSION"))
}
