//! The provider answers a caller branches on, one stable code each whatever the provider's
//! spelling: "no such order" is `ORDER_NOT_FOUND`, "your request's signature is wrong" is
//! `REQUEST_SIGNATURE_REJECTED`. Every provider's error builder asks here, so the lists of
//! provider codes live in one place; `providerCode` keeps the provider's own code.

use crate::error::{provider_said, Error, ErrorCode};

/// WeChat Pay APIv2 `err_code`s (orderquery; CloudPay's signing backend answers with the same).
pub(crate) const V2_NOT_FOUND: &[&str] = &["ORDERNOTEXIST"];
pub(crate) const V2_SIGNATURE: &[&str] = &["SIGNERROR"];
/// WeChat Pay APIv3 `code`s (transactions and combine queries; the 404 body).
pub(crate) const V3_NOT_FOUND: &[&str] = &["ORDER_NOT_EXIST"];
pub(crate) const V3_SIGNATURE: &[&str] = &["SIGN_ERROR"];
/// Fubei `sub_code`s. Fubei publishes no complete list: the sandbox's codes and the spellings
/// seen in the wild for the same two answers.
pub(crate) const FUBEI_NOT_FOUND: &[&str] =
    &["ORDER_NOT_EXIST", "ORDER_NOT_FOUND", "TRADE_NOT_EXIST"];
pub(crate) const FUBEI_SIGNATURE: &[&str] = &["SIGN_ERROR", "INVALID_SIGN"];

/// Which provider's vocabulary a code is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vocabulary {
    /// WeChat Pay APIv2 `err_code` (and CloudPay's signing backend).
    WechatV2,
    /// WeChat Pay APIv3 error `code`.
    WechatV3,
    /// Fubei `sub_code`.
    Fubei,
}

impl Vocabulary {
    /// The offline tool that shows what was signed, named in the hint of a rejected signature.
    pub fn explain_tool(self) -> &'static str {
        match self {
            Vocabulary::WechatV2 => "explainV2",
            Vocabulary::WechatV3 => "explainV3",
            Vocabulary::Fubei => "explainFubei",
        }
    }
}

/// The stable code for the provider's own `code`: `ORDER_NOT_FOUND`, `REQUEST_SIGNATURE_REJECTED`,
/// or `fallback` (usually `PROVIDER_ERROR`) for every other code.
pub fn code_for(vocabulary: Vocabulary, code: &str, fallback: ErrorCode) -> ErrorCode {
    let (not_found, signature) = match vocabulary {
        Vocabulary::WechatV2 => (V2_NOT_FOUND, V2_SIGNATURE),
        Vocabulary::WechatV3 => (V3_NOT_FOUND, V3_SIGNATURE),
        Vocabulary::Fubei => (FUBEI_NOT_FOUND, FUBEI_SIGNATURE),
    };
    if not_found.contains(&code) {
        ErrorCode::OrderNotFound
    } else if signature.contains(&code) {
        ErrorCode::RequestSignatureRejected
    } else {
        fallback
    }
}

/// Whether a v2 `return_msg` (a `return_code=FAIL` carries no code, only this text) says our
/// request's signature was wrong: `签名错误`, `签名校验失败`, `sign error`, `invalid sign`...
pub fn v2_message_is_signature(message: &str) -> bool {
    // Byte searches (the same answer for UTF-8 text): a `str` pattern links core's two-way
    // substring searcher (1.4 KB) for this one use.
    let has = |text: &str, m: &str| text.as_bytes().windows(m.len()).any(|w| w == m.as_bytes());
    let lower = message.to_ascii_lowercase();
    ["签名错误", "签名校验失败", "签名验证失败", "签名失败"]
        .iter()
        .any(|m| has(message, m))
        || ["sign error", "signature error", "invalid sign", "signerror"]
            .iter()
            .any(|m| has(&lower, m))
}

/// The sentence added to a `REQUEST_SIGNATURE_REJECTED` message: what to check, and the offline
/// tool that shows the exact string signed.
pub fn signature_hint(vocabulary: Vocabulary) -> String {
    let what = match vocabulary {
        Vocabulary::WechatV2 => {
            "the APIv2 key (apiKey; in service-provider mode the service provider's) and the signType"
        }
        Vocabulary::WechatV3 => "the private key and merchantSerialNo (they must be a pair)",
        Vocabulary::Fubei => "the app secret (appSecret) or vendor secret",
    };
    format!(
        " The provider rejected our request's signature: check {what}; {}() shows the exact string signed.",
        vocabulary.explain_tool()
    )
}

/// A provider's refusal as an error, the part every provider's builder shares: the stable code
/// for `code` (`PROVIDER_ERROR` without one), the message [`provider_said`] writes from `who`,
/// `code` and `texts`, the signature hint when the signature was refused, `providerCode` =
/// `code` (moved, not copied) and the provider's own text (left unset when empty). Not
/// retryable: the caller says when it is. Out of line, so that the full module has one copy
/// for its three providers.
#[inline(never)]
pub fn provider_error(
    vocabulary: Vocabulary,
    who: &str,
    code: Option<String>,
    texts: &[&str],
    provider_message: &str,
) -> Error {
    let stable = code.as_deref().map_or(ErrorCode::ProviderError, |c| {
        code_for(vocabulary, c, ErrorCode::ProviderError)
    });
    let mut message = provider_said(who, code.as_deref(), texts);
    if stable == ErrorCode::RequestSignatureRejected {
        message.push_str(&signature_hint(vocabulary));
    }
    let mut err = Error::new(stable, message);
    err.provider_code = code;
    // As `Error::with_provider_message`: an empty text is no message.
    err.provider_message = (!provider_message.is_empty()).then(|| provider_message.to_owned());
    err
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_vocabulary_maps_its_own_spellings_only() {
        use ErrorCode::{OrderNotFound as NF, ProviderError as PE, RequestSignatureRejected as SR};
        let cases = [
            (Vocabulary::WechatV2, "ORDERNOTEXIST", NF),
            (Vocabulary::WechatV2, "SIGNERROR", SR),
            (Vocabulary::WechatV2, "ORDER_NOT_EXIST", PE),
            (Vocabulary::WechatV2, "SYSTEMERROR", PE),
            (Vocabulary::WechatV3, "ORDER_NOT_EXIST", NF),
            (Vocabulary::WechatV3, "SIGN_ERROR", SR),
            (Vocabulary::WechatV3, "ORDERNOTEXIST", PE),
            (Vocabulary::WechatV3, "SYSTEM_ERROR", PE),
            (Vocabulary::Fubei, "ORDER_NOT_EXIST", NF),
            (Vocabulary::Fubei, "ORDER_NOT_FOUND", NF),
            (Vocabulary::Fubei, "SIGN_ERROR", SR),
            (Vocabulary::Fubei, "APP_NOT_EXIST", PE),
            (Vocabulary::Fubei, "order_not_exist", PE),
        ];
        for (v, code, want) in cases {
            assert_eq!(code_for(v, code, PE), want, "{v:?} {code}");
        }
    }

    #[test]
    fn v2_signature_messages() {
        for m in [
            "签名错误",
            "签名错误，请检查后再试",
            "Sign Error",
            "invalid sign",
        ] {
            assert!(v2_message_is_signature(m), "{m}");
        }
        for m in [
            "",
            "参数格式校验错误",
            "mch_id参数格式错误",
            "appid和mch_id不匹配",
        ] {
            assert!(!v2_message_is_signature(m), "{m}");
        }
    }

    #[test]
    fn hints_name_the_explain_tool() {
        assert!(signature_hint(Vocabulary::WechatV2).contains("explainV2()"));
        assert!(signature_hint(Vocabulary::WechatV3).contains("explainV3()"));
        assert!(signature_hint(Vocabulary::Fubei).contains("explainFubei()"));
    }
}
