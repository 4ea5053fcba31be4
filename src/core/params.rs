//! Parameter lists pasted as text (devtools, explain functions): a JSON object or `k=v&k2=v2`.

use crate::error::{describe_name, Error, Result};

/// Parses a JSON object (string, integer and boolean values; `null` skipped) or a
/// `k=v&k2=v2` string (values raw, not URL-decoded, as they are signed).
pub fn parse_params_text(text: &str) -> Result<Vec<(String, String)>> {
    let trimmed = text.trim();
    if trimmed.starts_with('{') {
        // Read as any JSON value, then matched as an object: serde_json's typed reads (a `Map`
        // here) build their "invalid type" errors with the float printer, which the APIv2
        // module would otherwise hold for this one message (24 KB).
        let value: serde_json::Value = serde_json::from_str(trimmed)
            // Position only: serde_json's text can quote the input.
            .map_err(|e| {
                Error::invalid_argument(format!(
                    "params are not a JSON object (line {}, column {})",
                    e.line(),
                    e.column()
                ))
            })?;
        // Text starting with `{` that parsed is an object; this only keeps the match total.
        let serde_json::Value::Object(map) = value else {
            return Err(Error::invalid_argument("params are not a JSON object"));
        };
        let mut out = Vec::with_capacity(map.len());
        for (k, v) in map {
            let text = match v {
                serde_json::Value::Null => continue,
                serde_json::Value::String(s) => s,
                serde_json::Value::Bool(b) => b.to_string(),
                serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
                _ => {
                    return Err(Error::invalid_argument(format!(
                        "params.{} must be a string, an integer or a boolean",
                        describe_name(&k)
                    )))
                }
            };
            out.push((k, text));
        }
        return Ok(out);
    }
    let mut out = Vec::new();
    for part in trimmed.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').ok_or_else(|| {
            Error::invalid_argument("params text must be JSON, XML or k=v&k2=v2 pairs")
        })?;
        if k.is_empty() {
            return Err(Error::invalid_argument("a k=v pair has an empty name"));
        }
        out.push((k.to_owned(), v.to_owned()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_json_and_pairs() {
        let j = parse_params_text(r#"{"a":"x","n":1,"b":true,"z":null}"#).unwrap();
        assert_eq!(
            j,
            vec![
                ("a".into(), "x".into()),
                ("b".into(), "true".into()),
                ("n".into(), "1".into())
            ]
        );
        let p = parse_params_text("appid=wx1&body=a b&empty=").unwrap();
        assert_eq!(p[1], ("body".into(), "a b".into()));
        assert_eq!(p[2], ("empty".into(), "".into()));
        assert!(parse_params_text("nonsense").is_err());
        assert!(parse_params_text(r#"{"a":1.5}"#).is_err());
        assert!(parse_params_text(r#"{"a":"#).is_err());
    }
}
