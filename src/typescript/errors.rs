//! What each error code carries, as TypeScript: `providerCode` and `detail` per code (the
//! discriminated union `PayQueryError`), the provider code vocabularies from
//! `providers::outcome`, and the `detail` types.
//!
//! The core builds each `detail` with `json!` (typed structs serialised at run time cost wasm
//! bytes: measured +2.5 KB for the three below), so the types here mirror that JSON, and the
//! tests check that the JSON the core builds is exactly them: every field, no other, each of
//! the declared type (a round trip through the type gives the same JSON).

use crate::error::ErrorCode;
use crate::providers::outcome;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

/// `error.detail` of a `TIMESTAMP_SKEW`: the timestamp refused and what it was checked against.
#[derive(Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TimestampSkewDetail {
    /// `Wechatpay-Timestamp`, Unix seconds.
    pub timestamp: i64,
    /// The clock it was checked against (the local clock, or the `now` option), Unix seconds.
    pub now: i64,
    /// The distance allowed, seconds (`maxSkewSeconds`).
    pub max_skew_seconds: u32,
}

/// `error.detail` of a v3 `SIGN_ERROR` (`REQUEST_SIGNATURE_REJECTED`): the message we signed and
/// the one WeChat Pay reconstructed, side by side, and the first line where they differ.
#[derive(Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(rename = "V3SignErrorDetail")]
pub struct SignErrorDetail {
    /// The message we signed (`null` for `verifyResponse`, which signed nothing).
    pub ours: Option<String>,
    /// WeChat Pay's `truncated_sign_message`: the message it checked (its body may be cut).
    pub wechat: Option<String>,
    /// Bytes of our message.
    pub ours_length: Option<u64>,
    /// WeChat Pay's `sign_message_length`, as received (a number).
    #[ts(type = "JsonValue")]
    pub wechat_length: Value,
    /// The first line where the two differ (`null` when they agree or one is missing).
    #[ts(type = "V3LineDiff | null")]
    pub first_difference: Value,
    /// WeChat Pay's own `detail`, as received.
    #[ts(type = "JsonValue")]
    pub provider: Value,
}

/// `error.detail` of a CloudPay platform error (`PROVIDER_ERROR`): wx-server-sdk's `errCode`
/// and `errMsg` as received (also on the error itself, see `CloudPayQueryError`).
#[derive(Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CloudPayPlatformErrorDetail {
    /// `errCode`: a number such as `-501007` from wx-server-sdk; `null` when there was none.
    #[ts(type = "JsonValue")]
    pub err_code: Value,
    /// `errMsg`, when there was one.
    pub err_msg: Option<String>,
}

/// The declarations of the detail types.
pub fn detail_types() -> Vec<(Option<String>, String)> {
    vec![
        (TimestampSkewDetail::docs(), TimestampSkewDetail::decl()),
        (SignErrorDetail::docs(), SignErrorDetail::decl()),
        (
            CloudPayPlatformErrorDetail::docs(),
            CloudPayPlatformErrorDetail::decl(),
        ),
    ]
}

/// `'A' | 'B'` of `codes`, each once, in order.
fn union(codes: &[&[&str]]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for c in codes.iter().flat_map(|c| c.iter()) {
        if !seen.contains(c) {
            seen.push(c);
        }
    }
    seen.iter()
        .map(|c| format!("'{c}'"))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The provider code vocabularies, as TypeScript unions (closed: `providers::outcome` maps
/// exactly these to their stable codes).
pub fn provider_code_types() -> String {
    format!(
        "/** `providerCode` of an `ORDER_NOT_FOUND`: WeChat Pay APIv2 `err_code`, APIv3 `code`, Fubei `sub_code`. */\n\
         export type OrderNotFoundProviderCode = {};\n\n\
         /**\n * `providerCode` of a `REQUEST_SIGNATURE_REJECTED`: APIv2 `err_code`, APIv3 `code`, Fubei\n * `sub_code`, or `FAIL` (an APIv2 `return_code=FAIL` whose `return_msg` says the signature is wrong).\n */\n\
         export type RequestSignatureRejectedProviderCode = {} | 'FAIL';\n",
        union(&[
            outcome::V2_NOT_FOUND,
            outcome::V3_NOT_FOUND,
            outcome::FUBEI_NOT_FOUND
        ]),
        union(&[
            outcome::V2_SIGNATURE,
            outcome::V3_SIGNATURE,
            outcome::FUBEI_SIGNATURE
        ]),
    )
}

/// What an error of `code` carries beside the members every `PayQueryError` has: its
/// `providerCode` (a member on every error: `undefined` when the provider said nothing) and its
/// `detail` (absent unless listed), plus what only that code has. Exhaustive: a new code must
/// say what it carries.
fn fields(code: ErrorCode) -> &'static str {
    use ErrorCode::*;
    match code {
        InvalidArgument | InvalidConfig | MalformedResponse | SignatureMissing
        | SignatureInvalid | SignatureProbe | UnknownSerial | ResponseMismatch | HttpError
        | NetworkError | Aborted | DecryptFailed | Unsupported | NotInitialized | Internal => {
            "providerCode: undefined; detail?: undefined"
        }
        TimestampSkew => "providerCode: undefined; detail: TimestampSkewDetail",
        RequestRejected => "providerCode: 'FAIL'; detail?: undefined",
        RequestSignatureRejected => {
            "providerCode: RequestSignatureRejectedProviderCode; detail?: V3SignErrorDetail"
        }
        OrderNotFound => "providerCode: OrderNotFoundProviderCode; detail?: JsonValue",
        ProviderError => {
            "providerCode: string | undefined; detail?: CloudPayPlatformErrorDetail | JsonValue"
        }
        Timeout => {
            "providerCode: undefined; detail?: undefined; lastOrder?: unknown; lastError?: PayQueryError"
        }
    }
}

/// Why a code's fields are what they are, for the doc comment of its entry.
fn why(code: ErrorCode) -> Option<&'static str> {
    match code {
        ErrorCode::TimestampSkew => Some("The timestamp refused and the window (WeChat Pay APIv3)."),
        ErrorCode::RequestSignatureRejected => {
            Some("APIv3 adds both signed messages (`detail`); APIv2 and Fubei carry none.")
        }
        ErrorCode::OrderNotFound => Some("APIv3 keeps WeChat Pay's own `detail`, if it sent one."),
        ErrorCode::ProviderError => Some(
            "Any provider code; `detail` is APIv3's own `detail` or a CloudPay platform error's `errCode`/`errMsg`.",
        ),
        ErrorCode::Timeout => Some(
            "`waitForFinalState` adds the last order seen (`lastOrder`, also when undefined) and the last retryable error.",
        ),
        _ => None,
    }
}

/// `interface PayQueryErrorFields { CODE: { … }; … }`, every code in documentation order.
pub fn fields_by_code() -> String {
    let mut out = String::from(
        "/**\n * What an error of each code carries beside the members every {@link PayQueryError} has:\n * `PayQueryError` is the union over codes, so checking `code` narrows `providerCode` and `detail`.\n */\nexport interface PayQueryErrorFields {\n",
    );
    for code in ErrorCode::ALL {
        if let Some(doc) = why(code) {
            out.push_str(&format!("  /** {doc} */\n"));
        }
        out.push_str(&format!("  {}: {{ {} }};\n", code.as_str(), fields(code)));
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::wechat_v3::{errors::provider_error, verify::check_skew};
    use crate::transport::HttpResponse;

    /// `detail` is exactly a `T`: it reads as one, and a `T` writes it back unchanged.
    fn assert_exactly<T: Serialize + for<'de> Deserialize<'de>>(detail: &Value) {
        let typed: T = serde_json::from_value(detail.clone())
            .unwrap_or_else(|e| panic!("{detail} does not fit: {e}"));
        assert_eq!(&serde_json::to_value(typed).unwrap(), detail);
    }

    #[test]
    fn timestamp_skew_detail() {
        let err = check_skew("1000", 2000, 300).unwrap_err();
        assert_eq!(err.code, ErrorCode::TimestampSkew);
        assert_exactly::<TimestampSkewDetail>(err.detail.as_ref().unwrap());
    }

    #[test]
    fn sign_error_detail_with_and_without_wechat_s_message() {
        let bodies = [
            r#"{"code":"SIGN_ERROR","message":"bad","detail":{"sign_information":{"truncated_sign_message":"GET\n/v3/y\n1\nn\n\n","sign_message_length":20}}}"#,
            r#"{"code":"SIGN_ERROR","message":"bad"}"#,
        ];
        for body in bodies {
            let response = HttpResponse {
                status: 401,
                headers: Vec::new(),
                body: body.as_bytes().to_vec(),
            };
            for ours in [Some("GET\n/v3/x\n1\nn\n\n"), None] {
                let err = provider_error(&response, ours);
                assert_eq!(err.code, ErrorCode::RequestSignatureRejected);
                assert_exactly::<SignErrorDetail>(err.detail.as_ref().unwrap());
            }
        }
    }

    #[test]
    fn cloudpay_platform_error_detail() {
        use crate::providers::cloudpay::platform_error;
        for (code, msg) in [
            (Some(serde_json::json!(-501007)), Some("not configured")),
            (Some(serde_json::json!("E1")), None),
            (None, None),
        ] {
            let err = platform_error(code.as_ref(), msg);
            assert_eq!(err.code, ErrorCode::ProviderError);
            assert_exactly::<CloudPayPlatformErrorDetail>(err.detail.as_ref().unwrap());
        }
    }

    #[test]
    fn every_code_says_what_it_carries() {
        let text = fields_by_code();
        for code in ErrorCode::ALL {
            assert!(
                text.contains(&format!("  {}: {{ providerCode: ", code.as_str())),
                "{code}"
            );
        }
    }
}
