//! What a notification receiver answers: the exact reply each provider expects, for success and
//! for failure. The failure text is the error's stable code only (never its message, which may
//! quote provider text), so a reply can never carry a secret.
//! v3: <https://pay.weixin.qq.com/doc/v3/merchant/4012791861>; v2: the `<xml><return_code>`
//! answer of the payment result notice; Fubei: the text `success`.

use crate::core::json_write::{json_object, JsonWriter, WriteFields, WriteJson};
use crate::error::{Error, ErrorCode};
use serde::Serialize;

/// The provider whose notification is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    /// WeChat Pay APIv2 (XML).
    WechatV2,
    /// WeChat Pay APIv3 (JSON, status code).
    WechatV3,
    /// Fubei (text).
    Fubei,
}

/// The exact HTTP answer a provider expects from a notification receiver: send it as is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "NotificationReply"))]
pub struct Reply {
    /// The status code. v3: 204 on success, 400/500 on failure; v2: 200 (the XML says
    /// `SUCCESS` or `FAIL`); Fubei: 200 or 400/500.
    pub status: u16,
    /// Headers (only `Content-Type`, when there is a body).
    #[cfg_attr(test, ts(type = "Record<string, string>"))]
    pub headers: ReplyHeaders,
    /// The body (may be empty): v2 `<xml><return_code>…`, v3 `{"code":"FAIL",…}` or empty,
    /// Fubei `success` or `fail`.
    pub body: String,
}

/// A reply's headers, an object for JavaScript: `Content-Type` when there is a body, else none.
/// (A `BTreeMap` of one entry put about 3 KB of B-tree code into every module.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReplyHeaders {
    /// The `Content-Type` header, if any.
    pub content_type: Option<&'static str>,
}

impl ReplyHeaders {
    /// The headers as `(name, value)` pairs.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &'static str)> {
        self.content_type.map(|t| ("Content-Type", t)).into_iter()
    }
}

impl Serialize for ReplyHeaders {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl WriteJson for ReplyHeaders {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        for (name, value) in self.iter() {
            w.field(name, &value);
        }
        w.end_object();
    }
}

impl WriteFields for Reply {
    fn write_fields(&self, w: &mut JsonWriter) {
        w.field("status", &self.status);
        w.field("headers", &self.headers);
        w.field("body", &self.body);
    }
}

json_object!(Reply);

fn reply(status: u16, content_type: Option<&'static str>, body: String) -> Reply {
    Reply {
        status,
        headers: ReplyHeaders { content_type },
        body,
    }
}

fn v2_xml(code: &str, message: &str) -> String {
    format!(
        "<xml><return_code><![CDATA[{code}]]></return_code><return_msg><![CDATA[{message}]]></return_msg></xml>"
    )
}

/// The reply that acknowledges a verified notification (the provider stops retrying).
pub fn success(provider: Provider) -> Reply {
    match provider {
        // 200 or 204 with no body is "received" for APIv3.
        Provider::WechatV3 => reply(204, None, String::new()),
        Provider::WechatV2 => reply(
            200,
            Some("text/xml; charset=utf-8"),
            v2_xml("SUCCESS", "OK"),
        ),
        Provider::Fubei => reply(200, Some("text/plain; charset=utf-8"), "success".to_owned()),
    }
}

/// The reply to a notification that was refused: the provider delivers it again later.
/// Problems with the notification itself are 4xx, everything else (a failed handler) 5xx.
pub fn failure(provider: Provider, err: &Error) -> Reply {
    let code = err.code.as_str();
    let client_side = !err.retryable && err.code != ErrorCode::Internal;
    match provider {
        Provider::WechatV3 => {
            // Written directly: serde_json's `Value` text (`Display`) and map builder would be
            // in every module for this one reply (4 KB). The same text either way.
            let body = crate::core::json_text::string_object([("code", "FAIL"), ("message", code)]);
            reply(
                if client_side { 400 } else { 500 },
                Some("application/json"),
                body,
            )
        }
        // APIv2 reads the body, not the status.
        Provider::WechatV2 => reply(200, Some("text/xml; charset=utf-8"), v2_xml("FAIL", code)),
        // Anything but `success` makes Fubei deliver again.
        Provider::Fubei => reply(
            if client_side { 400 } else { 500 },
            Some("text/plain; charset=utf-8"),
            "fail".to_owned(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_are_the_exact_provider_texts() {
        let ok = success(Provider::WechatV2);
        assert_eq!(ok.body, "<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>");
        assert_eq!(success(Provider::WechatV3).status, 204);
        assert_eq!(success(Provider::Fubei).body, "success");
        let e = Error::new(ErrorCode::SignatureInvalid, "secret-looking text abc");
        let v3 = failure(Provider::WechatV3, &e);
        assert_eq!(v3.status, 400);
        assert_eq!(v3.body, r#"{"code":"FAIL","message":"SIGNATURE_INVALID"}"#);
        assert!(!failure(Provider::WechatV2, &e).body.contains("abc"));
        let internal = Error::new(ErrorCode::Internal, "x");
        assert_eq!(failure(Provider::Fubei, &internal).status, 500);
    }

    #[test]
    fn headers_are_an_object_with_content_type_only_beside_a_body() {
        use crate::core::json_write::to_json;
        let json = |r: &Reply| to_json(r).unwrap();
        assert_eq!(
            json(&success(Provider::WechatV3)),
            r#"{"status":204,"headers":{},"body":""}"#
        );
        let e = Error::new(ErrorCode::SignatureInvalid, "x");
        assert_eq!(
            json(&failure(Provider::WechatV3, &e)),
            r#"{"status":400,"headers":{"Content-Type":"application/json"},"body":"{\"code\":\"FAIL\",\"message\":\"SIGNATURE_INVALID\"}"}"#
        );
        assert_eq!(
            serde_json::to_string(&success(Provider::Fubei).headers).unwrap(),
            r#"{"Content-Type":"text/plain; charset=utf-8"}"#
        );
    }
}
