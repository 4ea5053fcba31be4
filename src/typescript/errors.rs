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
use crate::providers::wechat_v2::SignType;
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

/// What a v3 `SIGN_ERROR` means, from comparing the message we signed with WeChat Pay's copy.
#[derive(Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SignErrorVerdict {
    /// WeChat Pay checked another message than we signed.
    MessageDiffers,
    /// It checked ours: the key does not match `merchantSerialNo`.
    KeyMismatch,
    /// It sent no copy to compare.
    Undetermined,
}

/// `error.detail` of a v3 `SIGN_ERROR` (`REQUEST_SIGNATURE_REJECTED`): the message we signed and
/// the one WeChat Pay reconstructed, side by side, the first line where they differ, and the
/// verdict.
#[derive(Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(rename = "V3SignErrorDetail")]
pub struct SignErrorDetail {
    /// `MESSAGE_DIFFERS`: WeChat Pay checked another message than we signed (`firstDifference`
    /// says where); `KEY_MISMATCH`: it checked ours, so the key does not match
    /// `merchantSerialNo`; `UNDETERMINED`: it sent no copy to compare (or we signed nothing).
    #[ts(inline)]
    pub verdict: SignErrorVerdict,
    /// What to check, in plain language.
    pub hint: String,
    /// The exact message we signed, `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n` (`null` for
    /// `verifyResponse`, which signed nothing).
    pub ours: Option<String>,
    /// WeChat Pay's `truncated_sign_message`: the message it checked (its body may be cut).
    pub wechat: Option<String>,
    /// Bytes of our message.
    pub ours_length: Option<u64>,
    /// Bytes of the message WeChat Pay checked (`sign_message_length`).
    pub wechat_length: Option<u64>,
    /// The first line where the two differ (`null` when they agree or one is missing). The
    /// core serialises `V3LineDiff` itself here, so its type is that declaration.
    #[ts(type = "V3LineDiff | null")]
    pub first_difference: Value,
    /// The `merchantSerialNo` that signed (`null` for `verifyResponse`).
    pub merchant_serial_no: Option<String>,
    /// SHA-256 (hex) of `privateKey`'s public key (SubjectPublicKeyInfo DER); `null` with a
    /// `signer`.
    pub key_fingerprint: Option<String>,
    /// The same for `merchantCertificate`'s key, when one is configured.
    pub certificate_fingerprint: Option<String>,
    /// WeChat Pay's own `detail`, as received.
    #[ts(type = "JsonValue")]
    pub provider: Value,
}

/// Which half of the pair is wrong.
#[derive(Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum KeyPairingProblem {
    /// `merchantSerialNo` is not the certificate's serial.
    SerialMismatch,
    /// `privateKey` is not the certificate's key.
    KeyMismatch,
}

/// `error.detail` of the `INVALID_CONFIG` for a `merchantCertificate` that is not the pair of
/// `privateKey` / `merchantSerialNo` (WeChat Pay APIv3): public facts only, never the key.
#[derive(Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(rename = "V3KeyPairingDetail")]
pub struct KeyPairingDetail {
    /// `SERIAL_MISMATCH`: `merchantSerialNo` is not the certificate's serial; `KEY_MISMATCH`:
    /// `privateKey` is not the certificate's key.
    #[ts(inline)]
    pub problem: KeyPairingProblem,
    /// The certificate's serial, uppercase hex.
    pub certificate_serial_no: String,
    /// SHA-256 (hex) of the certificate's public key (SubjectPublicKeyInfo DER).
    pub certificate_fingerprint: String,
    /// The same for `privateKey`'s public key; `null` with a `signer`.
    pub key_fingerprint: Option<String>,
}

/// `error.detail` of an APIv2 `REQUEST_SIGNATURE_REJECTED` from `queryOrder`: WeChat Pay says
/// nothing of what it checked, so this is what we signed.
#[derive(Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(rename = "V2SignatureRejectedDetail")]
pub struct V2SignatureRejectedDetail {
    /// The sign type of the request.
    pub sign_type: SignType,
    /// The exact string hashed, the key shown as `***` (as `explainV2` shows it).
    pub string_to_sign: String,
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
        (KeyPairingDetail::docs(), KeyPairingDetail::decl()),
        (
            V2SignatureRejectedDetail::docs(),
            V2SignatureRejectedDetail::decl(),
        ),
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
        InvalidArgument | MalformedResponse | SignatureMissing | SignatureInvalid
        | SignatureProbe | UnknownSerial | ResponseMismatch | HttpError | NetworkError
        | Aborted | DecryptFailed | Unsupported | NotInitialized | ClientFreed | Internal => {
            "providerCode: undefined; detail?: undefined"
        }
        InvalidConfig => "providerCode: undefined; detail?: V3KeyPairingDetail",
        TimestampSkew => "providerCode: undefined; detail: TimestampSkewDetail",
        RequestRejected => "providerCode: 'FAIL'; detail?: undefined",
        RequestSignatureRejected => {
            "providerCode: RequestSignatureRejectedProviderCode; detail?: V3SignErrorDetail | V2SignatureRejectedDetail"
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
        ErrorCode::InvalidConfig => Some(
            "Only a v3 `merchantCertificate` that is not the pair of `privateKey` / `merchantSerialNo` has a `detail`.",
        ),
        ErrorCode::RequestSignatureRejected => Some(
            "APIv3 (`SIGN_ERROR`) adds both signed messages and a verdict; APIv2 `queryOrder` the string it signed; Fubei carries none.",
        ),
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
    use crate::providers::wechat_v3::explain::LineDiff;
    use crate::providers::wechat_v3::keys::{
        check_signing_key, parse_private_key, parse_public_key,
    };
    use crate::providers::wechat_v3::{check_response, verify::check_skew};
    use crate::providers::wechat_v3::{Config, KeyStore, Mode, SigningKey};
    use crate::transport::HttpResponse;
    use serde_json::json;

    /// `detail` is exactly a `T`: it reads as one, and a `T` writes it back unchanged; its
    /// members are in name order, as serde_json's map had them when it was built as one.
    fn assert_exactly<T: Serialize + for<'de> Deserialize<'de>>(
        detail: &crate::core::json_value::Value,
    ) {
        let crate::core::json_value::Value::Object(members) = detail else {
            panic!("{detail:?} is not an object");
        };
        let names: Vec<&str> = members.iter().map(|(k, _)| k.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
        let detail = &detail.clone().into_serde();
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

    const MERCHANT_KEY: &str = include_str!("../../tests/fixtures/v3/fake_merchant_key.pem");
    const MERCHANT_CERT: &str = include_str!("../../tests/fixtures/v3/fake_merchant_cert.pem");
    const MERCHANT_CERT_SERIAL: &str = "3775C0FFEE00000000000000000000000000000A";
    /// Another key's certificate (the platform's), with its own serial.
    const OTHER_CERT: &str = include_str!("../../tests/fixtures/v3/fake_platform_cert.pem");
    const OTHER_CERT_SERIAL: &str = "9A00C0FFEE0000000000000000000000000000F1";
    const WECHATPAY_PUB: &str = include_str!("../../tests/fixtures/v3/fake_wechatpay_pub.pem");

    /// A direct v3 configuration whose signing key is described by `signing`.
    fn v3_config(signing: SigningKey) -> Config {
        let id = "PUB_KEY_ID_0114232134912410000000000000";
        let keys = KeyStore::new(vec![parse_public_key(id, WECHATPAY_PUB).unwrap()]).unwrap();
        let mode = Mode::Direct {
            mchid: "1900000001".into(),
        };
        Config::new(mode, MERCHANT_CERT_SERIAL.into(), keys, None, None, None)
            .unwrap()
            .with_signing(signing)
    }

    /// A 401 `SIGN_ERROR`, with WeChat Pay's copy of the message when `info` is given.
    fn sign_error(info: Option<Value>) -> HttpResponse {
        let mut body = json!({ "code": "SIGN_ERROR", "message": "错误的签名，验签失败" });
        if let Some(info) = info {
            body["detail"] = json!({ "field": "signature", "sign_information": info });
        }
        HttpResponse {
            status: 401,
            headers: Vec::new(),
            body: serde_json::to_vec(&body).unwrap(),
        }
    }

    /// The member names of a generated object type, in order.
    fn member_names<T: TS>() -> Vec<String> {
        let d = crate::typescript::format::parse(T::docs(), &T::decl());
        let members = d.members.expect("an object type");
        members.iter().map(|m| m.name().to_owned()).collect()
    }

    #[test]
    fn sign_error_detail_of_every_verdict_and_signing_key() {
        let ours = "POST\n/v3/pay/transactions/jsapi\n1700000000\nN1\n{\"amount\":{\"total\":1}}\n";
        let url_differs = ours.replace("jsapi", "jsapi\u{200b}");
        let body_cut = "POST\n/v3/pay/transactions/jsapi\n1700000000\nN1\n{\"amou\n";
        let infos = [
            // Equal: the key does not match.
            Some(json!({ "truncated_sign_message": ours, "sign_message_length": ours.len() })),
            // The URL differs, at a byte offset, with an invisible character shown.
            Some(
                json!({ "truncated_sign_message": url_differs, "sign_message_length": url_differs.len() }),
            ),
            // A body cut short, and a length that says it was another one: no offset.
            Some(
                json!({ "truncated_sign_message": body_cut, "sign_message_length": ours.len() + 3 }),
            ),
            // No copy at all.
            None,
        ];
        let key = parse_private_key(MERCHANT_KEY).unwrap();
        let signings = [
            check_signing_key(MERCHANT_CERT_SERIAL, Some(&key), Some(MERCHANT_CERT)).unwrap(),
            check_signing_key(MERCHANT_CERT_SERIAL, Some(&key), None).unwrap(),
            check_signing_key(MERCHANT_CERT_SERIAL, None, Some(MERCHANT_CERT)).unwrap(),
            SigningKey::default(),
        ];
        let line_diff = member_names::<LineDiff>();
        let mut verdicts = Vec::new();
        let mut offsets = Vec::new();
        for signing in signings {
            let config = v3_config(signing);
            for info in &infos {
                // `None`: verifyResponse, which signed nothing.
                for signed in [Some(ours), None] {
                    let err = check_response(&config, &sign_error(info.clone()), 0, signed)
                        .err()
                        .unwrap();
                    assert_eq!(err.code, ErrorCode::RequestSignatureRejected);
                    assert_exactly::<SignErrorDetail>(err.detail.as_ref().unwrap());
                    let detail = &err.detail.clone().unwrap().into_serde();
                    verdicts.push(detail["verdict"].clone());
                    if let Some(diff) = detail["firstDifference"].as_object() {
                        let keys: Vec<&String> = diff.keys().collect();
                        let mut declared: Vec<&String> = line_diff.iter().collect();
                        declared.sort();
                        assert_eq!(keys, declared, "V3LineDiff is what the core serialises");
                        offsets.push(diff["offset"].clone());
                    }
                }
            }
        }
        for v in ["MESSAGE_DIFFERS", "KEY_MISMATCH", "UNDETERMINED"] {
            assert!(verdicts.contains(&json!(v)), "{v} was built");
        }
        assert!(offsets.contains(&Value::Null) && offsets.iter().any(Value::is_u64));
    }

    #[test]
    fn key_pairing_detail_of_both_problems() {
        let key = parse_private_key(MERCHANT_KEY).unwrap();
        let cases = [
            (
                OTHER_CERT_SERIAL,
                Some(&key),
                MERCHANT_CERT,
                "SERIAL_MISMATCH",
            ),
            (OTHER_CERT_SERIAL, None, MERCHANT_CERT, "SERIAL_MISMATCH"),
            (OTHER_CERT_SERIAL, Some(&key), OTHER_CERT, "KEY_MISMATCH"),
        ];
        for (serial, private, certificate, problem) in cases {
            let err = check_signing_key(serial, private, Some(certificate)).unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidConfig);
            assert_exactly::<KeyPairingDetail>(err.detail.as_ref().unwrap());
            let detail = &err.detail.clone().unwrap().into_serde();
            assert_eq!(detail["problem"], problem);
        }
    }

    #[test]
    fn v2_signature_rejected_detail() {
        use crate::providers::wechat_v2::{self, Query};
        use crate::secret::Secret;
        let refused = HttpResponse::ok(
            "<xml><return_code>FAIL</return_code><return_msg>签名错误</return_msg></xml>",
        );
        let query = Query::by_out_trade_no("T1").unwrap();
        for (sign_type, sub) in [
            (SignType::Md5, None),
            (SignType::HmacSha256, Some("1900000002")),
        ] {
            let config = wechat_v2::Config::new(
                "wx0000000000test".into(),
                "1900000001".into(),
                Secret::new("fake0test0key0not0real0000000000"),
                sign_type,
                None,
                sub.map(str::to_owned),
                None,
            )
            .unwrap();
            let request = wechat_v2::build_query(&config, &query, "n0nce").unwrap();
            let err = wechat_v2::parse_query(&config, &query, &refused).unwrap_err();
            let err = wechat_v2::explain_rejection(err, &config, &request.body);
            assert_eq!(err.code, ErrorCode::RequestSignatureRejected);
            assert_exactly::<V2SignatureRejectedDetail>(err.detail.as_ref().unwrap());
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
            let code = code.as_ref().map(crate::core::json_value::from_serde);
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
