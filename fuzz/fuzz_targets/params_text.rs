//! Parameter lists pasted as text (`k=v&k2=v2`, JSON objects, v2 XML), the canonical strings
//! signed over them, and amount text.
//!
//! Input: control prefix + text. Properties:
//! - `k=v` pairs re-joined read back the same; a JSON object of the pairs reads back the same
//!   set; a v2 document of them (when one can be built) reads back the same map;
//! - the canonical string is sorted, skips `sign` and empty values, and signing then verifying
//!   (v2 MD5 and HMAC-SHA256, Fubei) succeeds while a changed value fails;
//! - amounts: `Fen::parse_yuan` and `Fen::parse_fen` agree exactly with digit-string references;
//! - JSON text reads (or is refused, at the same line and column) exactly as it was with
//!   serde_json's `Value`, which payquery's own reader replaced.
#![no_main]

use libfuzzer_sys::fuzz_target;
use payquery::core::canonical::canonical_string;
use payquery::core::params::parse_params_text;
use payquery::providers::{fubei, wechat_v2 as v2};
use payquery::{Fen, Secret};
use payquery_fuzz::{ref_fen, ref_yuan_to_fen, Ctl, FUBEI_SECRET, V2_KEY};
use std::collections::BTreeMap;

fn pairs(p: &[(String, String)]) -> Vec<(&str, &str)> {
    p.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

fn sign_round_trip(params: &[(String, String)], ctl: &Ctl) {
    let borrowed = || params.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let canonical = canonical_string(borrowed(), &["sign"]);
    let mut kept: Vec<(&str, &str)> = borrowed()
        .filter(|(k, v)| *k != "sign" && !v.is_empty())
        .collect();
    kept.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let expected: Vec<String> = kept.iter().map(|(k, v)| format!("{k}={v}")).collect();
    // Names repeat only in pasted text; their relative order is then unspecified.
    let unique = kept.windows(2).all(|w| w[0].0 != w[1].0);
    if unique {
        assert_eq!(canonical, expected.join("&"), "canonical string");
    }

    let key = Secret::new(V2_KEY);
    let sign_type = if ctl.bit(0) {
        v2::SignType::HmacSha256
    } else {
        v2::SignType::Md5
    };
    let mut signed: Vec<(String, String)> = params
        .iter()
        .filter(|(k, _)| k != "sign")
        .cloned()
        .collect();
    signed.push(("sign".into(), v2::sign::sign(borrowed(), &key, sign_type)));
    assert!(
        v2::sign::verify(pairs(&signed), &key, sign_type).is_ok(),
        "v2 sign -> verify"
    );
    let secret = Secret::new(FUBEI_SECRET);
    let mut fb: Vec<(String, String)> = signed[..signed.len() - 1].to_vec();
    fb.push(("sign".into(), fubei::sign::sign(borrowed(), &secret)));
    assert!(
        fubei::sign::verify(pairs(&fb), &secret).is_ok(),
        "Fubei sign -> verify"
    );

    // Change one signed value: both signatures must fail.
    if let Some(i) = signed
        .iter()
        .position(|(k, v)| k != "sign" && !v.is_empty())
    {
        signed[i].1.push('x');
        fb[i].1.push('x');
        assert!(
            v2::sign::verify(pairs(&signed), &key, sign_type).is_err(),
            "v2 accepted a changed value"
        );
        assert!(
            fubei::sign::verify(pairs(&fb), &secret).is_err(),
            "Fubei accepted a changed value"
        );
    }
}

/// The JSON branch of `parse_params_text` as it was with serde_json: the members (sorted,
/// last value of a repeated name), or the message of the refusal.
fn ref_params_json(text: &str) -> Result<Vec<(String, String)>, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "params are not a JSON object (line {}, column {})",
            e.line(),
            e.column()
        )
    })?;
    let serde_json::Value::Object(map) = value else {
        return Err("params are not a JSON object".into());
    };
    let mut out = Vec::new();
    for (k, v) in map {
        let text = match v {
            serde_json::Value::Null => continue,
            serde_json::Value::String(s) => s,
            serde_json::Value::Bool(b) => b.to_string(),
            serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
            _ => {
                return Err(format!(
                    "params.{k} must be a string, an integer or a boolean"
                ))
            }
        };
        out.push((k, text));
    }
    Ok(out)
}

fuzz_target!(|data: &[u8]| {
    let Some((ctl, bytes)) = Ctl::split(data) else {
        return;
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };

    assert_eq!(
        Fen::parse_yuan(text).ok().map(|f| f.0),
        ref_yuan_to_fen(text),
        "parse_yuan {text:?}"
    );
    assert_eq!(
        Fen::parse_fen(text).ok().map(|f| f.0),
        ref_fen(text),
        "parse_fen {text:?}"
    );

    if text.trim().starts_with('{') {
        let ours = parse_params_text(text).map_err(|e| e.message);
        match (ours, ref_params_json(text.trim())) {
            // A bad member's name is shown only when it looks like one (describe_name).
            (Err(a), Err(b)) if b.starts_with("params.") => {
                assert!(a.starts_with("params."), "{a} / {b} for {text:?}")
            }
            (a, b) => assert_eq!(a, b, "JSON params {text:?}"),
        }
    }

    let Ok(params) = parse_params_text(text) else {
        return;
    };
    if !text.trim_start().starts_with('<') {
        assert_eq!(v2::params_from_text(text).ok().as_ref(), Some(&params));
    }
    assert_eq!(fubei::params_from_text(text).ok().as_ref(), Some(&params));

    let joined: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let joined = joined.join("&");
    // Re-joined text that would read as JSON or lose surrounding blanks is another input.
    if !text.trim().starts_with('{') && joined.trim() == joined && !joined.starts_with('{') {
        assert_eq!(
            parse_params_text(&joined).ok().as_ref(),
            Some(&params),
            "k=v round trip"
        );
    }
    let object: serde_json::Map<String, serde_json::Value> = params
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect();
    let as_json = serde_json::Value::Object(object).to_string();
    let mut back = parse_params_text(&as_json).expect("a JSON object of strings reads");
    let mut want: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in &params {
        want.insert(k.clone(), v.clone());
    }
    back.sort();
    assert_eq!(
        back,
        want.into_iter().collect::<Vec<_>>(),
        "JSON round trip"
    );

    let map: BTreeMap<String, String> = params.iter().cloned().collect();
    if map.len() == params.len() {
        if let Ok(doc) = v2::xml::build_xml(map.iter().map(|(k, v)| (k.as_str(), v.as_str()))) {
            let read = v2::params_from_text(&doc).expect("a built document reads");
            assert_eq!(
                read.into_iter().collect::<BTreeMap<_, _>>(),
                map,
                "XML round trip"
            );
        }
    }
    sign_round_trip(&params, &ctl);
});
