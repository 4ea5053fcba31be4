//! Fubei payment notifications: a form-encoded `POST` with `result_code`, `result_message`,
//! `data` (the order as a JSON string) and `sign` over those fields, signed like requests.
//!
//! Two details are not settled by the documentation, so both readings are accepted (either
//! needs the secret): whether empty values are signed, and whether fields beyond the three
//! documented ones are signed when present.

use super::json::RawObject;
use super::sign::{digest, string_to_sign, string_to_sign_with_empty};
use super::{order_from_data, provider_error, Api, FubeiOrder};
use crate::core::ct::hex_sign_matches;
use crate::core::json_value::Value;
use crate::error::{describe_name, Error, ErrorCode, Result};
use crate::secret::Secret;

/// The fields Fubei documents as signed.
const SIGNED: &[&str] = &["result_code", "result_message", "data"];

/// Decodes an `application/x-www-form-urlencoded` body (`+` is a space, `%XX` a byte).
/// A repeated name is refused: the signed value would be ambiguous.
pub fn parse_form(text: &str) -> Result<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = Vec::new();
    for part in text.trim().split('&').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        let (k, v) = (percent_decode(k)?, percent_decode(v)?);
        if k.is_empty() {
            return Err(Error::invalid_argument("a form field has an empty name"));
        }
        if out.iter().any(|(name, _)| *name == k) {
            return Err(Error::invalid_argument(format!(
                "the form repeats the field {}",
                describe_name(&k)
            )));
        }
        out.push((k, v));
    }
    Ok(out)
}

fn percent_decode(text: &str) -> Result<String> {
    let bad = || Error::invalid_argument("the form has a malformed %-escape or is not UTF-8");
    let mut bytes = Vec::with_capacity(text.len());
    let mut iter = text.bytes();
    while let Some(b) = iter.next() {
        match b {
            b'+' => bytes.push(b' '),
            b'%' => {
                let hi = iter.next().and_then(|h| char::from(h).to_digit(16));
                let lo = iter.next().and_then(|l| char::from(l).to_digit(16));
                match (hi, lo) {
                    // Two hex digits are at most 255, so the conversion cannot fail.
                    (Some(h), Some(l)) => bytes.push(u8::try_from(h * 16 + l).map_err(|_| bad())?),
                    _ => return Err(bad()),
                }
            }
            _ => bytes.push(b),
        }
    }
    String::from_utf8(bytes).map_err(|_| bad())
}

/// Whether `sign` matches `fields` under any accepted reading of the rule.
fn signature_matches(fields: &[(String, String)], secret: &Secret, received: &str) -> bool {
    let all = || fields.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let documented = || all().filter(|(k, _)| SIGNED.contains(k));
    let has_extra = all().any(|(k, v)| k != "sign" && !SIGNED.contains(&k) && !v.is_empty());
    let mut candidates = vec![
        string_to_sign(documented()),
        string_to_sign_with_empty(documented()),
    ];
    if has_extra {
        candidates.push(string_to_sign(all()));
        candidates.push(string_to_sign_with_empty(all()));
    }
    candidates.dedup();
    // Every candidate is computed and compared, so timing does not tell which one matched.
    candidates
        .iter()
        .map(|c| hex_sign_matches(&digest(c, secret), received))
        .fold(false, |acc, m| acc | m)
}

/// Verifies a notification's `sign` and returns the typed order in its `data`. The API shape
/// is recognised from `data`: `order_status` is 2.0, `trade_state` is 1.0.
pub fn verify_notification(fields: &[(String, String)], secret: &Secret) -> Result<FubeiOrder> {
    let get = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let received = get("sign")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Error::new(ErrorCode::SignatureMissing, "the notification has no sign"))?;
    if !signature_matches(fields, secret, received) {
        return Err(Error::new(
            ErrorCode::SignatureInvalid,
            "the notification sign does not match its fields (forged, tampered, or signed with another secret)",
        ));
    }
    // Verified from here on: the fields are Fubei's.
    let code = get("result_code")
        .and_then(|c| c.parse::<i64>().ok())
        .ok_or_else(|| Error::malformed("the notification has no valid result_code"))?;
    if code != 200 {
        let envelope: RawObject = RawObject(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect(),
        );
        return Err(provider_error(&envelope, code)?);
    }
    let data = get("data")
        .filter(|d| !d.is_empty())
        .ok_or_else(|| Error::malformed("the notification has no data"))?;
    let data = RawObject::parse(data, "the notification's data")?;
    let api = if data.get("order_status").is_some() {
        Api::V2
    } else if data.get("trade_state").is_some() {
        Api::V1
    } else {
        return Err(Error::malformed(
            "the notification's data has neither order_status (2.0) nor trade_state (1.0)",
        ));
    };
    order_from_data(api, &data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::order::TradeState;
    use crate::providers::fubei::sign::sign;

    const SECRET: &str = "fake0fubei0secret0not0real000000";

    fn owned(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    fn signed(v: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut f = owned(v);
        let s = sign(v.iter().copied(), &Secret::new(SECRET));
        f.push(("sign".into(), s));
        f
    }

    const DATA: &str = r#"{"order_status":"SUCCESS","merchant_order_sn":"M1","total_amount":80.07,"finish_time":"20240101120000"}"#;

    #[test]
    fn verifies_and_types_a_2_0_notification() {
        let f = signed(&[
            ("result_code", "200"),
            ("result_message", "成功"),
            ("data", DATA),
        ]);
        let FubeiOrder::V2(o) = verify_notification(&f, &Secret::new(SECRET)).unwrap() else {
            panic!("not 2.0")
        };
        assert_eq!(o.total_amount_fen, Some(8007));
        assert_eq!(o.status.state, TradeState::Paid);
    }

    #[test]
    fn refuses_tampering_and_missing_signs() {
        let secret = Secret::new(SECRET);
        let mut f = signed(&[
            ("result_code", "200"),
            ("result_message", "ok"),
            ("data", DATA),
        ]);
        f[2].1 = DATA.replace("80.07", "8007.00");
        let e = verify_notification(&f, &secret).unwrap_err();
        assert_eq!(e.code, ErrorCode::SignatureInvalid);
        assert!(!e.message.contains(SECRET));
        let e = verify_notification(&owned(&[("data", DATA)]), &secret).unwrap_err();
        assert_eq!(e.code, ErrorCode::SignatureMissing);
        let f = signed(&[("result_code", "200"), ("data", DATA)]);
        let e = verify_notification(&f, &Secret::new("other")).unwrap_err();
        assert_eq!(e.code, ErrorCode::SignatureInvalid);
    }

    #[test]
    fn accepts_both_readings_of_empty_and_extra_fields() {
        let secret = Secret::new(SECRET);
        // Signed with the empty result_message included.
        let canonical = string_to_sign_with_empty([
            ("result_code", "200"),
            ("result_message", ""),
            ("data", DATA),
        ]);
        let mut f = owned(&[
            ("result_code", "200"),
            ("result_message", ""),
            ("data", DATA),
        ]);
        f.push(("sign".into(), digest(&canonical, &secret)));
        assert!(verify_notification(&f, &secret).is_ok());
        // An extra field, signed along.
        let f = signed(&[("result_code", "200"), ("data", DATA), ("success", "true")]);
        assert!(verify_notification(&f, &secret).is_ok());
        // An extra field that was not signed.
        let mut f = signed(&[("result_code", "200"), ("data", DATA)]);
        f.push(("success".into(), "true".into()));
        assert!(verify_notification(&f, &secret).is_ok());
    }

    #[test]
    fn verified_failures_and_bad_data() {
        let secret = Secret::new(SECRET);
        let f = signed(&[
            ("result_code", "400"),
            ("result_message", "失败"),
            ("sub_code", "X"),
        ]);
        let e = verify_notification(&f, &secret).unwrap_err();
        assert_eq!(e.code, ErrorCode::ProviderError);
        for data in [
            "not json",
            r#"{"x":1}"#,
            r#"{"trade_state":"SUCCESS","total_fee":1.005}"#,
        ] {
            let f = signed(&[("result_code", "200"), ("data", data)]);
            let e = verify_notification(&f, &secret).unwrap_err();
            assert_eq!(e.code, ErrorCode::MalformedResponse, "{data}");
        }
    }

    #[test]
    fn decodes_forms() {
        let f = parse_form(
            "result_code=200&result_message=%E6%88%90%E5%8A%9F&data=%7B%22a%22%3A1%7D+x&empty=",
        )
        .unwrap();
        assert_eq!(f[1].1, "成功");
        assert_eq!(f[2].1, "{\"a\":1} x");
        assert_eq!(f[3].1, "");
        for bad in ["a=%ZZ", "a=%E6%88", "a=1&a=2", "=x", "a=%4"] {
            assert_eq!(
                parse_form(bad).unwrap_err().code,
                ErrorCode::InvalidArgument,
                "{bad}"
            );
        }
    }
}
