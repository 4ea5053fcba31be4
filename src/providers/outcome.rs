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

/// A provider's vocabulary: its spellings of the answers callers branch on, and what the hint
/// of a rejected signature names. Data rather than an enum that each function matches on, so
/// that a module links only the vocabularies its providers use (the APIv3 module had the APIv2
/// and Fubei texts and codes too).
#[derive(Debug)]
pub struct Vocabulary {
    /// The codes that mean `ORDER_NOT_FOUND`.
    not_found: &'static [&'static str],
    /// The codes that mean `REQUEST_SIGNATURE_REJECTED`.
    signature: &'static [&'static str],
    /// What to check when the provider rejected our signature.
    check: &'static str,
    /// The offline tool that shows what was signed.
    tool: &'static str,
}

impl Vocabulary {
    /// WeChat Pay APIv2 `err_code` (and CloudPay's signing backend).
    pub const WECHAT_V2: Vocabulary = Vocabulary {
        not_found: V2_NOT_FOUND,
        signature: V2_SIGNATURE,
        check: "the APIv2 key (apiKey; in service-provider mode the service provider's) and the signType",
        tool: "explainV2",
    };
    /// WeChat Pay APIv3 error `code`.
    pub const WECHAT_V3: Vocabulary = Vocabulary {
        not_found: V3_NOT_FOUND,
        signature: V3_SIGNATURE,
        check: "the private key and merchantSerialNo (they must be a pair)",
        tool: "explainV3",
    };
    /// Fubei `sub_code`.
    pub const FUBEI: Vocabulary = Vocabulary {
        not_found: FUBEI_NOT_FOUND,
        signature: FUBEI_SIGNATURE,
        check: "the app secret (appSecret) or vendor secret",
        tool: "explainFubei",
    };
}

/// The stable code for the provider's own `code`: `ORDER_NOT_FOUND`, `REQUEST_SIGNATURE_REJECTED`,
/// or `fallback` (usually `PROVIDER_ERROR`) for every other code.
pub fn code_for(vocabulary: &Vocabulary, code: &str, fallback: ErrorCode) -> ErrorCode {
    if vocabulary.not_found.contains(&code) {
        ErrorCode::OrderNotFound
    } else if vocabulary.signature.contains(&code) {
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
pub fn signature_hint(vocabulary: &Vocabulary) -> String {
    format!(
        " The provider rejected our request's signature: check {}; {}() shows the exact string signed.",
        vocabulary.check, vocabulary.tool
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
    vocabulary: &Vocabulary,
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
            (&Vocabulary::WECHAT_V2, "ORDERNOTEXIST", NF),
            (&Vocabulary::WECHAT_V2, "SIGNERROR", SR),
            (&Vocabulary::WECHAT_V2, "ORDER_NOT_EXIST", PE),
            (&Vocabulary::WECHAT_V2, "SYSTEMERROR", PE),
            (&Vocabulary::WECHAT_V3, "ORDER_NOT_EXIST", NF),
            (&Vocabulary::WECHAT_V3, "SIGN_ERROR", SR),
            (&Vocabulary::WECHAT_V3, "ORDERNOTEXIST", PE),
            (&Vocabulary::WECHAT_V3, "SYSTEM_ERROR", PE),
            (&Vocabulary::FUBEI, "ORDER_NOT_EXIST", NF),
            (&Vocabulary::FUBEI, "ORDER_NOT_FOUND", NF),
            (&Vocabulary::FUBEI, "SIGN_ERROR", SR),
            (&Vocabulary::FUBEI, "APP_NOT_EXIST", PE),
            (&Vocabulary::FUBEI, "order_not_exist", PE),
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
        assert!(signature_hint(&Vocabulary::WECHAT_V2).contains("explainV2()"));
        assert!(signature_hint(&Vocabulary::WECHAT_V3).contains("explainV3()"));
        assert!(signature_hint(&Vocabulary::FUBEI).contains("explainFubei()"));
    }
}
