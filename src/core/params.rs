//! Parameter lists pasted as text (devtools, explain functions): a JSON object or `k=v&k2=v2`.

use crate::core::params_json::{read_object, Member};
use crate::error::{describe_name, Error, Result};

/// Parses a JSON object (string, integer and boolean values; `null` skipped) or a
/// `k=v&k2=v2` string (values raw, not URL-decoded, as they are signed).
pub fn parse_params_text(text: &str) -> Result<Vec<(String, String)>> {
    let trimmed = text.trim();
    if trimmed.starts_with('{') {
        // Read by a small reader of its own rather than serde_json's `Value` (see
        // `params_json`); the position only, as before: the text may quote the input.
        let members = read_object(trimmed).map_err(|e| {
            Error::invalid_argument(format!(
                "params are not a JSON object (line {}, column {})",
                e.line, e.column
            ))
        })?;
        let mut out = Vec::with_capacity(members.len());
        for (k, v) in members {
            let text = match v {
                Member::Null => continue,
                Member::Text(text) => text,
                Member::Other => {
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
