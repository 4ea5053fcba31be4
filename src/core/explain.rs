//! The verdict half of explaining a `k=v` signature (WeChat APIv2, Fubei): find the `sign` the
//! params carry, compare it, and for a mismatch try the provider's usual mistakes, then each
//! field left out in turn. The string-to-sign half stays with each provider's rules.

use crate::core::ct::hex_sign_matches;
use crate::core::json_write::{json_object, JsonWriter, WriteFields};
use serde::Serialize;

/// Whether a received `sign` matched and, if not, what most likely differs.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    /// The `sign` found in the params, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub received_sign: Option<String>,
    /// Whether the received sign matches (absent when there was none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matches: Option<bool>,
    /// For a mismatch: the field whose removal makes the signature match (signed by one side only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub differing_field: Option<String>,
    /// For a mismatch: a plain-language diagnosis, or why none could be found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl WriteFields for Verdict {
    fn write_fields(&self, w: &mut JsonWriter) {
        w.field_opt("receivedSign", &self.received_sign);
        w.field_opt("matches", &self.matches);
        w.field_opt("differingField", &self.differing_field);
        w.field_opt("hint", &self.hint);
    }
}

json_object!(Verdict);

/// Judges the `sign` among `params` against `signature`.
///
/// For a mismatch, `whole(received)` may name a mistake over the whole string (another sign
/// type, another way of appending the secret); then `without(field, received)` is asked for each
/// non-empty field in turn and may say that the sign matches without it. `received` is the
/// received sign in uppercase. `none_found` is the hint when nothing explains the mismatch.
pub fn verdict(
    params: &[(String, String)],
    signature: &str,
    whole: impl Fn(&str) -> Option<String>,
    without: impl Fn(&str, &str) -> Option<String>,
    none_found: &str,
) -> Verdict {
    let Some(received) = params.iter().find(|(k, _)| k == "sign").map(|(_, v)| v) else {
        return Verdict::default();
    };
    let matches = hex_sign_matches(signature, received);
    let mut out = Verdict {
        received_sign: Some(received.clone()),
        matches: Some(matches),
        ..Verdict::default()
    };
    if matches {
        return out;
    }
    let received = received.to_ascii_uppercase();
    if let Some(hint) = whole(&received) {
        out.hint = Some(hint);
        return out;
    }
    for (name, _) in params.iter().filter(|(k, v)| k != "sign" && !v.is_empty()) {
        if let Some(hint) = without(name, &received) {
            out.differing_field = Some(name.clone());
            out.hint = Some(hint);
            return out;
        }
    }
    out.hint = Some(none_found.to_owned());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn no_sign_no_verdict_and_a_match_in_any_case() {
        let never = |_: &str| None;
        let never2 = |_: &str, _: &str| None;
        assert_eq!(
            verdict(&params(&[("a", "1")]), "AB", never, never2, "x"),
            Verdict::default()
        );
        let v = verdict(
            &params(&[("a", "1"), ("sign", "ab")]),
            "AB",
            never,
            never2,
            "x",
        );
        assert_eq!((v.matches, v.hint), (Some(true), None));
    }

    #[test]
    fn mismatch_diagnoses_in_order() {
        let p = params(&[("a", "1"), ("b", ""), ("c", "3"), ("sign", "ff")]);
        let whole = verdict(
            &p,
            "00",
            |r| Some(format!("whole {r}")),
            |_, _| None,
            "none",
        );
        assert_eq!(whole.hint.as_deref(), Some("whole FF"));
        let field = verdict(
            &p,
            "00",
            |_| None,
            |name, _| (name == "c").then(|| format!("without {name}")),
            "none",
        );
        assert_eq!(field.differing_field.as_deref(), Some("c"));
        let none = verdict(&p, "00", |_| None, |_, _| None, "none");
        assert_eq!(
            (none.matches, none.hint.as_deref()),
            (Some(false), Some("none"))
        );
    }
}
