//! APIv2 signatures: MD5 or HMAC-SHA256 over the sorted `k=v&…&key=` string, uppercase hex.
//! <https://pay.weixin.qq.com/wiki/doc/api/jsapi.php?chapter=4_3>

use crate::core::canonical::{canonical_pairs, canonical_string, required_sign};
use crate::core::ct::hex_sign_matches;
use crate::core::digest::HexDigest;
use crate::core::explain::{verdict, Verdict};
use crate::error::{describe_refused, Error, ErrorCode, Result};
use crate::providers::wechat_v2::xml::Field;
use crate::secret::Secret;
use serde::Serialize;

/// The two APIv2 signature algorithms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS, serde::Deserialize), ts(rename = "V2SignType"))]
pub enum SignType {
    /// `MD5` (the default when `sign_type` is absent).
    #[default]
    #[serde(rename = "MD5")]
    Md5,
    /// `HMAC-SHA256`, keyed with the API key.
    #[serde(rename = "HMAC-SHA256")]
    HmacSha256,
}

impl SignType {
    /// Parses `"MD5"` or `"HMAC-SHA256"` (exact spelling, as on the wire).
    pub fn parse(text: &str) -> Result<SignType> {
        match text {
            "MD5" => Ok(SignType::Md5),
            "HMAC-SHA256" => Ok(SignType::HmacSha256),
            _ => Err(Error::invalid_argument(format!(
                "signType must be 'MD5' or 'HMAC-SHA256', got {}",
                describe_refused(text)
            ))),
        }
    }

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            SignType::Md5 => "MD5",
            SignType::HmacSha256 => "HMAC-SHA256",
        }
    }

    /// The other algorithm (used to explain a mismatch).
    fn other(self) -> SignType {
        match self {
            SignType::Md5 => SignType::HmacSha256,
            SignType::HmacSha256 => SignType::Md5,
        }
    }
}

/// The string that is hashed, without the key: sorted non-empty fields except `sign`.
pub fn string_to_sign<'a, I>(params: I) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    canonical_string(params, &["sign"])
}

/// The digest `sign_type` makes of the canonical string (fed by `feed`, which says whether it
/// was non-empty) followed by the key as a final `key=` pair; HMAC also uses the key as key.
fn digest_with(
    key: &Secret,
    sign_type: SignType,
    feed: impl FnOnce(&mut HexDigest) -> bool,
) -> String {
    let mut h = match sign_type {
        SignType::Md5 => HexDigest::md5(),
        SignType::HmacSha256 => HexDigest::hmac_sha256(key.expose().as_bytes()),
    };
    if feed(&mut h) {
        h.update(b"&");
    }
    h.update(b"key=");
    h.update(key.expose().as_bytes());
    h.finish()
}

fn digest(canonical: &str, key: &Secret, sign_type: SignType) -> String {
    digest_with(key, sign_type, |h| {
        h.update(canonical.as_bytes());
        !canonical.is_empty()
    })
}

/// Signs `params` (every non-empty field except `sign`) with `key`. The canonical string is
/// fed to the digest piece by piece, never built.
pub fn sign<'a, I>(params: I, key: &Secret, sign_type: SignType) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let pairs = canonical_pairs(params, &["sign"]);
    digest_with(key, sign_type, |h| h.update_fields(&pairs, "sign"))
}

/// Verifies the `sign` field of `params` in constant time.
///
/// `SIGNATURE_MISSING` when there is no `sign`, `SIGNATURE_INVALID` when it does not match.
pub fn verify<'a, I>(params: I, key: &Secret, sign_type: SignType) -> Result<()>
where
    I: IntoIterator<Item = (&'a str, &'a str)> + Clone,
{
    let received = required_sign(params.clone(), NO_SIGN)?;
    matches(&sign(params, key, sign_type), received, sign_type)
}

/// [`verify`] over a document's fields as `xml::parse_fields` returns them (sorted by name,
/// unique): the canonical string is fed from them as they are, without another sort.
pub fn verify_fields(fields: &[Field<'_>], key: &Secret, sign_type: SignType) -> Result<()> {
    let received = required_sign(fields.iter().map(|(k, v)| (*k, v.as_ref())), NO_SIGN)?;
    let expected = digest_with(key, sign_type, |h| h.update_fields(fields, "sign"));
    matches(&expected, received, sign_type)
}

const NO_SIGN: &str = "the response has no sign";

fn matches(expected: &str, received: &str, sign_type: SignType) -> Result<()> {
    if hex_sign_matches(expected, received) {
        Ok(())
    } else {
        Err(Error::new(
            ErrorCode::SignatureInvalid,
            format!(
                "the {} sign does not match the fields (forged, tampered, or signed with another key or sign type)",
                sign_type.as_str()
            ),
        ))
    }
}

/// What `explainV2` reports: the exact string signed (key shown as `***`), the signature and,
/// when the params carried a `sign`, whether it matched and what most likely differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "V2Explanation"))]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// The sign type used.
    pub sign_type: SignType,
    /// The string hashed, with the key shown as `***`.
    pub string_to_sign: String,
    /// The signature payquery computes.
    pub signature: String,
    /// The received sign's verdict.
    #[serde(flatten)]
    pub verdict: Verdict,
}

/// Explains a v2 signature over `params` (a `sign` among them is checked, not signed).
pub fn explain(params: &[(String, String)], key: &Secret, sign_type: SignType) -> Explanation {
    let pairs = || params.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let canonical = string_to_sign(pairs());
    let signature = digest(&canonical, key, sign_type);
    let shown = if canonical.is_empty() {
        "key=***".to_owned()
    } else {
        format!("{canonical}&key=***")
    };
    let other = sign_type.other();
    let verdict = verdict(
        params,
        &signature,
        |received| {
            (digest(&canonical, key, other) == received).then(|| {
                format!(
                    "the sign was made with {}, not {}",
                    other.as_str(),
                    sign_type.as_str()
                )
            })
        },
        |name, received| {
            let without = string_to_sign(pairs().filter(|(k, _)| *k != name));
            [sign_type, other]
                .into_iter()
                .find(|st| digest(&without, key, *st) == received)
                .map(|st| {
                    format!(
                        "the sign matches when {name} is left out ({}): one side did not sign it",
                        st.as_str()
                    )
                })
        },
        "no single field or sign type explains the mismatch: check the key and every value byte for byte",
    );
    Explanation {
        sign_type,
        string_to_sign: shown,
        signature,
        verdict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "192006250b4c09247ec02edce69f6a2d";

    fn official() -> Vec<(&'static str, &'static str)> {
        vec![
            ("appid", "wxd930ea5d5a258f4f"),
            ("mch_id", "10000100"),
            ("device_info", "1000"),
            ("body", "test"),
            ("nonce_str", "ibuaiVcKdpRxkhJA"),
        ]
    }

    #[test]
    fn official_vectors() {
        let key = Secret::new(KEY);
        assert_eq!(
            string_to_sign(official()),
            "appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA"
        );
        assert_eq!(
            sign(official(), &key, SignType::Md5),
            "9A0A8659F005D6984697E2CA0A9CF3B7"
        );
        assert_eq!(
            sign(official(), &key, SignType::HmacSha256),
            "6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6"
        );
    }

    #[test]
    fn verify_accepts_the_right_sign_and_refuses_others() {
        let key = Secret::new(KEY);
        let mut p = official();
        p.push(("sign", "9A0A8659F005D6984697E2CA0A9CF3B7"));
        assert!(verify(p.clone(), &key, SignType::Md5).is_ok());
        assert!(verify(
            p.iter().map(|&(k, v)| {
                (
                    k,
                    if k == "sign" {
                        "9a0a8659f005d6984697e2ca0a9cf3b7"
                    } else {
                        v
                    },
                )
            }),
            &key,
            SignType::Md5
        )
        .is_ok());
        let e = verify(p.clone(), &key, SignType::HmacSha256).unwrap_err();
        assert_eq!(e.code, ErrorCode::SignatureInvalid);
        assert!(!e.message.contains(KEY));
        let e = verify(official(), &key, SignType::Md5).unwrap_err();
        assert_eq!(e.code, ErrorCode::SignatureMissing);
        let e = verify(p, &Secret::new("another key"), SignType::Md5).unwrap_err();
        assert_eq!(e.code, ErrorCode::SignatureInvalid);
    }

    #[test]
    fn verify_fields_reads_sorted_document_fields_alike() {
        let key = Secret::new(KEY);
        let doc = "<xml><nonce_str>ibuaiVcKdpRxkhJA</nonce_str><body>test</body><attach></attach>\
                   <appid>wxd930ea5d5a258f4f</appid><sign>9a0a8659f005d6984697e2ca0a9cf3b7</sign>\
                   <mch_id>10000100</mch_id><device_info>1000</device_info></xml>";
        let fields = crate::providers::wechat_v2::xml::parse_fields(doc.as_bytes()).unwrap();
        assert!(verify_fields(&fields, &key, SignType::Md5).is_ok());
        let e = verify_fields(&fields, &key, SignType::HmacSha256).unwrap_err();
        assert_eq!(e.code, ErrorCode::SignatureInvalid);
        let unsigned: Vec<_> = fields.iter().filter(|f| f.0 != "sign").cloned().collect();
        let e = verify_fields(&unsigned, &key, SignType::Md5).unwrap_err();
        assert_eq!(e.code, ErrorCode::SignatureMissing);
        assert_eq!(e.message, "the response has no sign");
    }

    #[test]
    fn empty_values_are_not_signed() {
        let key = Secret::new(KEY);
        let mut p = official();
        p.push(("attach", ""));
        assert_eq!(
            sign(p, &key, SignType::Md5),
            "9A0A8659F005D6984697E2CA0A9CF3B7"
        );
    }

    #[test]
    fn explain_hides_the_key_and_finds_what_differs() {
        let key = Secret::new(KEY);
        let owned = |v: Vec<(&str, &str)>| -> Vec<(String, String)> {
            v.into_iter().map(|(a, b)| (a.into(), b.into())).collect()
        };
        let e = explain(&owned(official()), &key, SignType::Md5);
        assert!(e
            .string_to_sign
            .ends_with("&nonce_str=ibuaiVcKdpRxkhJA&key=***"));
        assert!(!format!("{e:?}").contains(KEY));
        assert_eq!(e.verdict.matches, None);

        let mut p = official();
        p.push(("sign", "9A0A8659F005D6984697E2CA0A9CF3B7"));
        assert_eq!(
            explain(&owned(p.clone()), &key, SignType::Md5)
                .verdict
                .matches,
            Some(true)
        );
        let wrong_type = explain(&owned(p.clone()), &key, SignType::HmacSha256);
        assert_eq!(wrong_type.verdict.matches, Some(false));
        assert!(wrong_type.verdict.hint.unwrap().contains("made with MD5"));

        p.push(("sign_type", "MD5"));
        let extra = explain(&owned(p), &key, SignType::Md5);
        assert_eq!(extra.verdict.matches, Some(false));
        assert_eq!(extra.verdict.differing_field.as_deref(), Some("sign_type"));
    }
}
