//! Fubei signatures: every parameter except `sign`, sorted by name, joined `k=v&…`, the app
//! secret appended directly (no `&key=`), MD5 of the UTF-8 bytes, uppercase hex.
//! <https://docs.51fubei.com/open-api/> (signature rules, shared by the 1.0 and 2.0 gateways)

use crate::core::canonical::{canonical_string, canonical_string_with_empty, required_sign};
use crate::core::ct::hex_sign_matches;
use crate::core::digest::md5_hex_upper;
use crate::core::explain::{verdict, Verdict};
use crate::error::{Error, ErrorCode, Result};
use crate::secret::Secret;
use serde::Serialize;

/// The string that is hashed, without the secret: sorted non-empty fields except `sign`.
/// Whether Fubei skips empty values is not settled, so payquery never sends one.
pub fn string_to_sign<'a, I>(params: I) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    canonical_string(params, &["sign"])
}

/// Like [`string_to_sign`] but keeping empty values (`k=&…`): the other reading of the rule,
/// tried when verifying what Fubei signed and when explaining a mismatch.
pub fn string_to_sign_with_empty<'a, I>(params: I) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    canonical_string_with_empty(params, &["sign"])
}

/// MD5 of `canonical` immediately followed by the secret, as uppercase hex.
pub fn digest(canonical: &str, secret: &Secret) -> String {
    let mut message = String::with_capacity(canonical.len() + secret.expose().len());
    message.push_str(canonical);
    message.push_str(secret.expose());
    let sig = md5_hex_upper(message.as_bytes());
    zeroize::Zeroize::zeroize(&mut message);
    sig
}

/// Signs `params` (every non-empty field except `sign`) with the app secret.
pub fn sign<'a, I>(params: I, secret: &Secret) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    digest(&string_to_sign(params), secret)
}

/// Verifies the `sign` field of `params` in constant time: `SIGNATURE_MISSING` without one,
/// `SIGNATURE_INVALID` when it does not match.
pub fn verify<'a, I>(params: I, secret: &Secret) -> Result<()>
where
    I: IntoIterator<Item = (&'a str, &'a str)> + Clone,
{
    let received = required_sign(params.clone(), "there is no sign")?;
    if hex_sign_matches(&sign(params, secret), received) {
        Ok(())
    } else {
        Err(Error::new(
            ErrorCode::SignatureInvalid,
            "the Fubei sign does not match the fields (forged, tampered, or signed with another secret)",
        ))
    }
}

/// What `explainFubei` reports: the exact string signed (secret shown as `***`), the signature
/// and, when the params carried a `sign`, whether it matched and what most likely differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "FubeiExplanation"))]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// The string hashed, with the secret shown as `***` (appended directly, no separator).
    pub string_to_sign: String,
    /// The signature payquery computes.
    pub signature: String,
    /// The received sign's verdict.
    #[serde(flatten)]
    pub verdict: Verdict,
}

/// Explains a Fubei signature over `params` (a `sign` among them is checked, not signed).
pub fn explain(params: &[(String, String)], secret: &Secret) -> Explanation {
    let pairs = || params.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let canonical = string_to_sign(pairs());
    let signature = digest(&canonical, secret);
    let verdict = verdict(
        params,
        &signature,
        |received| {
            let with_empty = string_to_sign_with_empty(pairs());
            if with_empty != canonical && digest(&with_empty, secret) == received {
                return Some(
                    "the sign matches when empty values are signed too (k=&…): the other side does not skip them"
                        .to_owned(),
                );
            }
            (digest(&format!("{canonical}&key="), secret) == received).then(|| {
                "the sign was made the WeChat APIv2 way (&key=secret); Fubei appends the secret directly"
                    .to_owned()
            })
        },
        |name, received| {
            let without = string_to_sign(pairs().filter(|(k, _)| *k != name));
            (digest(&without, secret) == received).then(|| {
                format!("the sign matches when {name} is left out: one side did not sign it")
            })
        },
        "no single field explains the mismatch: check the secret and every value byte for byte (biz_content must be the exact string sent)",
    );
    Explanation {
        string_to_sign: format!("{canonical}***"),
        signature,
        verdict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Known answers computed once, independently of this crate, with Node:
    //   node -e "const c=require('crypto');console.log(c.createHash('md5')
    //     .update('<string to sign><secret>','utf8').digest('hex').toUpperCase())"
    const SECRET: &str = "fake0fubei0secret0not0real000000";
    const BIZ: &str = r#"{"merchant_order_sn":"PQ-FB1-PAID"}"#;

    fn request() -> Vec<(&'static str, &'static str)> {
        vec![
            ("app_id", "20190101000000000001"),
            ("method", "openapi.payment.order.query"),
            ("format", "json"),
            ("sign_method", "md5"),
            ("nonce", "AbCdEfGhIjKlMnOpQrStUvWxYz012345"),
            ("version", "1.0"),
            ("biz_content", BIZ),
        ]
    }

    #[test]
    fn known_answer_for_a_query_request() {
        let secret = Secret::new(SECRET);
        assert_eq!(
            string_to_sign(request()),
            "app_id=20190101000000000001&biz_content={\"merchant_order_sn\":\"PQ-FB1-PAID\"}&format=json&method=openapi.payment.order.query&nonce=AbCdEfGhIjKlMnOpQrStUvWxYz012345&sign_method=md5&version=1.0"
        );
        assert_eq!(sign(request(), &secret), KNOWN_REQUEST_SIGN);
    }

    #[test]
    fn known_answer_with_chinese_text() {
        let secret = Secret::new(SECRET);
        let params = [
            ("result_code", "200"),
            ("result_message", "成功"),
            ("data", r#"{"order_status":"SUCCESS","total_amount":80.07}"#),
        ];
        assert_eq!(sign(params, &secret), KNOWN_NOTIFY_SIGN);
    }

    const KNOWN_REQUEST_SIGN: &str = "5B28974626F07749776CE841D9E146E5";
    const KNOWN_NOTIFY_SIGN: &str = "DB30C8FD08FF21ABCDA0F69F639F2923";

    #[test]
    fn verify_accepts_any_case_and_refuses_tampering() {
        let secret = Secret::new(SECRET);
        let mut p = request();
        p.push(("sign", KNOWN_REQUEST_SIGN));
        assert!(verify(p.clone(), &secret).is_ok());
        let lower = KNOWN_REQUEST_SIGN.to_ascii_lowercase();
        let mut q = request();
        q.push(("sign", &lower));
        assert!(verify(q, &secret).is_ok());
        let e = verify(p.clone(), &Secret::new("another")).unwrap_err();
        assert_eq!(e.code, ErrorCode::SignatureInvalid);
        assert!(!e.message.contains(SECRET));
        let e = verify(request(), &secret).unwrap_err();
        assert_eq!(e.code, ErrorCode::SignatureMissing);
        p[0].1 = "20190101000000000002";
        assert_eq!(
            verify(p, &secret).unwrap_err().code,
            ErrorCode::SignatureInvalid
        );
    }

    #[test]
    fn empty_values_are_skipped_but_the_other_reading_is_available() {
        let secret = Secret::new(SECRET);
        let mut p = request();
        p.push(("device_no", ""));
        assert_eq!(sign(p.clone(), &secret), KNOWN_REQUEST_SIGN);
        assert!(string_to_sign_with_empty(p).contains("&device_no=&"));
    }

    #[test]
    fn explain_hides_the_secret_and_finds_what_differs() {
        let secret = Secret::new(SECRET);
        let owned = |v: Vec<(&str, &str)>| -> Vec<(String, String)> {
            v.into_iter().map(|(a, b)| (a.into(), b.into())).collect()
        };
        let e = explain(&owned(request()), &secret);
        assert!(e.string_to_sign.ends_with("&version=1.0***"));
        assert!(!format!("{e:?}").contains(SECRET));
        assert_eq!(e.signature, KNOWN_REQUEST_SIGN);
        assert_eq!(e.verdict.matches, None);

        let mut p = request();
        p.push(("sign", KNOWN_REQUEST_SIGN));
        assert_eq!(
            explain(&owned(p.clone()), &secret).verdict.matches,
            Some(true)
        );

        let mut extra = p.clone();
        extra.push(("device_no", "D1"));
        let x = explain(&owned(extra), &secret);
        assert_eq!(x.verdict.matches, Some(false));
        assert_eq!(x.verdict.differing_field.as_deref(), Some("device_no"));

        let with_empty_sign = digest(&string_to_sign_with_empty([("a", "1"), ("b", "")]), &secret);
        let e = explain(
            &owned(vec![("a", "1"), ("b", ""), ("sign", &with_empty_sign)]),
            &secret,
        );
        assert!(e.verdict.hint.unwrap().contains("empty values"));

        let v2_sign = digest(&format!("{}&key=", string_to_sign(request())), &secret);
        let mut v2 = request();
        v2.push(("sign", &v2_sign));
        assert!(explain(&owned(v2), &secret)
            .verdict
            .hint
            .unwrap()
            .contains("&key="));

        let mut wrong = request();
        wrong.push(("sign", "00000000000000000000000000000000"));
        let w = explain(&owned(wrong), &secret);
        assert_eq!(w.verdict.matches, Some(false));
        assert!(w.verdict.hint.unwrap().contains("no single field"));
    }
}
