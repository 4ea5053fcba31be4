//! The `k1=v1&k2=v2` string that WeChat APIv2 and Fubei sign.

use payquery_hot::xml::{sort_by_name, Field};
use std::borrow::Cow;

/// Joins `params` as `k=v&...`, names sorted by ASCII byte order, skipping empty values and
/// the names in `skip` (usually `sign`). Values are raw UTF-8, never URL-encoded.
pub fn canonical_string<'a, I>(params: I, skip: &[&str]) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    join_sorted(params, skip, false)
}

/// Like [`canonical_string`] but keeping empty values (`k=&…`): the other reading of a rule
/// that does not say whether empty values are signed.
pub fn canonical_string_with_empty<'a, I>(params: I, skip: &[&str]) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    join_sorted(params, skip, true)
}

/// The non-empty `sign` among `params`, or `SIGNATURE_MISSING` saying `missing`.
pub fn required_sign<'a, I>(params: I, missing: &str) -> crate::error::Result<&'a str>
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    params
        .into_iter()
        .find(|(k, _)| *k == "sign")
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| crate::error::Error::new(crate::error::ErrorCode::SignatureMissing, missing))
}

/// The pairs the canonical string of `params` joins ([`canonical_string`]'s rules), sorted
/// by name bytes: one vector of borrowed pairs, sorted in place, so that a digest can be fed
/// the string (`HexDigest::update_fields`) without it ever being built.
pub fn canonical_pairs<'a, I>(params: I, skip: &[&str]) -> Vec<Field<'a>>
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    sorted(params, skip, false)
}

fn sorted<'a, I>(params: I, skip: &[&str], keep_empty: bool) -> Vec<Field<'a>>
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let mut pairs: Vec<Field<'a>> = params
        .into_iter()
        .filter(|(k, v)| (keep_empty || !v.is_empty()) && !skip.contains(k))
        .map(|(k, v)| (k, Cow::Borrowed(v)))
        .collect();
    sort_by_name(&mut pairs);
    pairs
}

fn join_sorted<'a, I>(params: I, skip: &[&str], keep_empty: bool) -> String
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    let pairs = sorted(params, skip, keep_empty);
    let len = pairs.iter().map(|(k, v)| k.len() + v.len() + 2).sum();
    let mut out = String::with_capacity(len);
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_by_ascii_and_skips_empty_and_sign() {
        let params = [
            ("mch_id", "10000100"),
            ("appid", "wx1"),
            ("attach", ""),
            ("sign", "XYZ"),
            ("Zeta", "upper sorts first"),
            ("body", "支付 测试"),
        ];
        assert_eq!(
            canonical_string(params, &["sign"]),
            "Zeta=upper sorts first&appid=wx1&body=支付 测试&mch_id=10000100"
        );
    }

    #[test]
    fn the_other_reading_keeps_empty_values() {
        let params = [("b", ""), ("a", "1"), ("sign", "X")];
        assert_eq!(canonical_string_with_empty(params, &["sign"]), "a=1&b=");
        assert_eq!(canonical_string(params, &["sign"]), "a=1");
    }

    #[test]
    fn the_sign_must_be_there_and_non_empty() {
        assert_eq!(
            required_sign([("a", "1"), ("sign", "AB")], "none").unwrap(),
            "AB"
        );
        for params in [vec![("a", "1")], vec![("sign", "")]] {
            let e = required_sign(params, "none").unwrap_err();
            assert_eq!(e.code, crate::error::ErrorCode::SignatureMissing);
            assert_eq!(e.message, "none");
        }
    }

    #[test]
    fn canonical_pairs_are_what_the_string_joins() {
        let params = [("b", "2"), ("sign", "X"), ("a", "1"), ("c", "")];
        let pairs = canonical_pairs(params, &["sign"]);
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_ref())).collect();
        assert_eq!(pairs, [("a", "1"), ("b", "2")]);
    }

    #[test]
    fn empty_input_gives_empty_string() {
        assert_eq!(canonical_string([], &[]), "");
    }
}
