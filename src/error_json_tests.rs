// Compiled only under #[cfg(test)], as the parent module declares it.
//! The error's extra members written by `core::json_write` against the serde_json writer that
//! wrote them before (the error's serde form without `code` and `message`, which the binding's
//! `Extra` struct mirrored), every member set and unset, details needing escapes, big integers.

use super::Extra;
use crate::core::json_text::reference;
use crate::core::json_value::from_serde;
use crate::core::json_write::tests::AWKWARD;
use crate::core::json_write::to_json;
use crate::error::{Error, ErrorCode};
use serde_json::json;

/// serde_json's text of `err` in ASCII, `code` and `message` left out.
fn reference_extra(err: &Error) -> Result<String, String> {
    let text = reference::to_ascii_json(err)?;
    let prefix = format!(
        "{{\"code\":{},\"message\":{},",
        reference::to_ascii_json(err.code.as_str())?,
        reference::to_ascii_json(&err.message)?
    );
    Ok(format!("{{{}", text.strip_prefix(&prefix).unwrap()))
}

#[test]
fn error_members_are_written_as_serde_json_wrote_them() {
    let bare = Error::new(ErrorCode::Timeout, AWKWARD[2]);
    assert_eq!(to_json(&Extra(&bare)), reference_extra(&bare));
    assert_eq!(to_json(&Extra(&bare)).unwrap(), r#"{"retryable":true}"#);
    for detail in [
        json!(null),
        json!({"field": AWKWARD[3], "n": [1, -2, 0.5, 1e300], "deep": {"中": AWKWARD[2]}}),
        json!(AWKWARD),
        json!({"big": 9_007_199_254_740_992u64}),
        json!([-9_007_199_254_740_992i64]),
    ] {
        let mut full = Error::new(ErrorCode::ProviderError, AWKWARD[3])
            .with_provider_code(AWKWARD[2])
            .with_provider_message(AWKWARD[3])
            .with_detail(from_serde(&detail));
        full.http_status = Some(u16::MAX);
        full.request_id = Some(AWKWARD[4].into());
        full.attempts = Some(u32::MAX);
        full.host = Some("api.mch.weixin.qq.com".into());
        assert_eq!(to_json(&Extra(&full)), reference_extra(&full));
    }
}
