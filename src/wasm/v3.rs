//! JavaScript surface of WeChat Pay APIv3: `class WechatPayV3` (queries, `buildAuthorization`,
//! `verifyResponse`, `parseNotification`) and `explainV3`. The core builds every message and
//! applies every rule; this file signs, verifies and decrypts with the crypto provider
//! (`crypto.rs`) and converts. With a synchronous provider (Node) a call settles its promise
//! without any future: one crossing in, one out.

use crate::error::{Error, ErrorCode, Result};
use crate::providers::wechat_v3::{self as v3, verify::Check, Query};
use crate::transport::HttpResponse;
use crate::wasm::args::{self, Obj};
use crate::wasm::convert::to_js;
use crate::wasm::fetch::CallOptions;
use crate::wasm::promise::promise;
use crate::wasm::v3_certs::Reason;
use crate::wasm::v3_config::{self, Active, Client, Signer};
use crate::wasm::v3_offline::{int_field, read_now};
use crate::wasm::v3_verify::json_of;
use crate::wasm::{random, runtime};
use js_sys::Promise;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const V3_TS: &'static str = include_str!("ts/v3.d.ts");

type JsResult<T> = std::result::Result<T, JsValue>;

impl Client {
    /// Sends the query read by `prepared`, verifies the answer and types it. Owns its client
    /// and takes the arguments as read, so that it is the export's whole future (no block
    /// around it) and `queryOrder` and `queryCombineOrder` share it.
    async fn query(self: Rc<Self>, prepared: Result<(Query, CallOptions)>) -> JsResult<JsValue> {
        let (query, options) = prepared?;
        if let Some((reason, now)) = self.certificates_due() {
            let refreshed = self.refresh(&options, reason).await;
            self.after_scheduled(refreshed, now)?;
        }
        // The keys this query verifies with; a download during it replaces the client's, not these.
        let active = self.active();
        let auto = self.auto.is_some();
        let operation = match query {
            Query::Combine(_) => "queryCombineOrder",
            _ => "queryOrder",
        };
        let build = |now: i64, nonce: &str| {
            v3::build_query(&active.config, &query, now, nonce, &self.runtime)
        };
        // What the last answer's checks found: `None` for an unknown serial of an `'auto'`
        // client (maybe a rotation: checked again after a download, below).
        let checked: RefCell<Option<Check>> = RefCell::new(None);
        // Every rule without RSA runs here, so retryable answers are known to execute.
        let accept = |response: &HttpResponse, signed: Option<&str>| {
            let now = runtime::now_seconds();
            *checked.borrow_mut() = match v3::check_response(&active.config, response, now, signed)
            {
                Ok(check) => Some(check),
                Err(e) if auto && e.code == ErrorCode::UnknownSerial => None,
                Err(e) => return Err(e),
            };
            Ok(())
        };
        let done = self
            .signed_call(operation, &options, &build, &accept)
            .await?;
        let response = &done.value;
        // A refusal after the loop (the RSA check, a rotation's second look) breaks out of the
        // block and is raised once, below.
        let refreshed: Rc<Active>;
        let typed = 'verified: {
            let (keys, check) = match checked.into_inner() {
                Some(check) => (&*active, check),
                None => {
                    if self.unknown_serial_allowed() {
                        // A failed download leaves the keys as they were: checked again below.
                        let _ = self.refresh(&options, Reason::UnknownSerial).await;
                    }
                    refreshed = self.active();
                    let now = runtime::now_seconds();
                    match v3::check_response(&refreshed.config, response, now, None) {
                        Ok(check) => (&*refreshed, check),
                        Err(e) => break 'verified Err(e),
                    }
                }
            };
            match keys.verify(&check).await {
                Ok(verified) => v3::parse_query(&keys.config, &query, response, verified)
                    .and_then(|order| to_js(&order)),
                Err(e) => Err(e),
            }
        };
        match typed {
            Ok(js) => Ok(done.attach(js)),
            Err(e) => Err(self.refused_after(operation, &done, e).into()),
        }
    }
}

/// A WeChat Pay APIv3 client: direct merchant (`mchid`) or service provider (`spMchid` +
/// `subMchid`), signing with a PKCS#8 key (by the crypto provider) or a caller's `signer`.
#[wasm_bindgen]
pub struct WechatPayV3 {
    inner: Rc<Client>,
}

fn read_query(value: &JsValue) -> Result<Query> {
    match args::order_ref(value)? {
        args::OrderRef::OutTradeNo(v) => Query::by_out_trade_no(&v),
        args::OrderRef::TransactionId(v) => Query::by_transaction_id(&v),
    }
}

fn read_combine_query(value: &JsValue) -> Result<Query> {
    let mut o = Obj::new(value, "query", ErrorCode::InvalidArgument)?;
    let v = o.required_string("combineOutTradeNo")?;
    o.finish()?;
    Query::by_combine_out_trade_no(&v)
}

/// A promise already settled with `result`: what a synchronous provider's calls return.
fn settled(result: JsResult<JsValue>) -> Promise {
    match result {
        Ok(value) => Promise::resolve(&value),
        Err(e) => Promise::reject(&e),
    }
}

/// The asynchronous half of a hot call (`buildAuthorization`, `verifyResponse` with an
/// asynchronous provider), its arguments read.
enum HotCall {
    Authorization {
        inner: Rc<Client>,
        prepared: Result<v3::Unsigned>,
    },
    Verification {
        active: Rc<Active>,
        prepared: Result<((HttpResponse, Option<JsValue>), i64)>,
    },
}

/// The promise of a hot call: one future type for both, so that the module holds one
/// `future_to_promise` for them, and not boxed, so that a call allocates nothing more.
fn hot_promise(call: HotCall) -> Promise {
    wasm_bindgen_futures::future_to_promise(async move {
        match call {
            HotCall::Authorization { inner, prepared } => {
                let unsigned = prepared?;
                let signature = inner
                    .sign(&unsigned.message, &CallOptions::default())
                    .await?;
                Ok(JsValue::from_str(&unsigned.header(&signature)?))
            }
            HotCall::Verification { active, prepared } => {
                let ((response, text), now) = prepared?;
                let check = v3::check_response(&active.config, &response, now, None)?;
                let located = |e: Error| e.with_request_id(v3::errors::request_id(&response));
                active.verify(&check).await.map_err(located)?;
                Ok(json_of(&response, text.as_ref()).map_err(located)?)
            }
        }
    })
}

#[wasm_bindgen]
impl WechatPayV3 {
    /// Validates the configuration synchronously (`INVALID_CONFIG`: unknown keys, PKCS#1 or
    /// damaged keys, expired certificates…) and imports the keys with the crypto provider.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "WechatPayV3Config")] config: JsValue,
    ) -> JsResult<WechatPayV3> {
        Ok(WechatPayV3 {
            inner: Rc::new(v3_config::read(&config)?),
        })
    }

    /// Queries a direct or partner order by `outTradeNo` or `transactionId`.
    #[wasm_bindgen(js_name = queryOrder, unchecked_return_type = "Promise<WechatPayV3Order & QueryMeta>")]
    pub fn query_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WechatPayV3Query")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "QueryOptions")] options: Option<JsValue>,
    ) -> Promise {
        let inner = self.inner.clone();
        // Read now, before any await, so a bad argument never reaches the network.
        let prepared = CallOptions::with(read_query(&query), options);
        promise(Client::query(inner, prepared))
    }

    /// Queries a combine (合单) order by `combineOutTradeNo`.
    #[wasm_bindgen(
        js_name = queryCombineOrder,
        unchecked_return_type = "Promise<WechatPayV3CombineOrder & QueryMeta>"
    )]
    pub fn query_combine_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WechatPayV3CombineQuery")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "QueryOptions")] options: Option<JsValue>,
    ) -> Promise {
        let inner = self.inner.clone();
        let prepared = CallOptions::with(read_combine_query(&query), options);
        promise(Client::query(inner, prepared))
    }

    /// The `Authorization` header value for any request (absolute URL or path, as sent),
    /// signed with this client's key; `timestamp` and `nonce` default to now and random.
    #[wasm_bindgen(js_name = buildAuthorization, unchecked_return_type = "Promise<string>")]
    pub fn build_authorization(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] method: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] url: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] body: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "BuildAuthorizationOptions")]
        options: Option<JsValue>,
    ) -> Promise {
        let inner = self.inner.clone();
        let prepared = (|| -> Result<v3::Unsigned> {
            let method = args::string_arg(&method, "method", ErrorCode::InvalidArgument)?;
            let url = args::string_arg(&url, "url", ErrorCode::InvalidArgument)?;
            let body = match body {
                Some(b) if !b.is_undefined() && !b.is_null() => {
                    args::string_arg(&b, "body", ErrorCode::InvalidArgument)?
                }
                _ => String::new(),
            };
            let mut o = Obj::optional(
                &options.unwrap_or(JsValue::UNDEFINED),
                "options",
                ErrorCode::InvalidArgument,
            )?;
            let timestamp = int_field(&mut o, "timestamp", 1, 253_402_300_799)?;
            let nonce = o.string("nonce")?;
            o.finish()?;
            let nonce = match nonce {
                Some(n) => n,
                None => random::nonce()?,
            };
            let timestamp = timestamp.unwrap_or_else(runtime::now_seconds);
            v3::unsigned_authorization(&inner.config, &method, &url, &body, timestamp, &nonce)
        })();
        let inner = self.inner.clone();
        if let Signer::Key(key) = &inner.signer {
            if key.is_sync() {
                return settled((|| {
                    let unsigned = prepared?;
                    let signature = key
                        .rsa_sign_now(unsigned.message.as_bytes())
                        .unwrap_or_else(|| Err(crate::wasm::error::internal("rsa_sign_now")))?;
                    let header = unsigned.header(&crate::core::base64::encode(&signature))?;
                    Ok(JsValue::from_str(&header))
                })());
            }
        }
        hot_promise(HotCall::Authorization { inner, prepared })
    }

    /// Downloads the platform certificates (`GET /v3/certificates`, signed), decrypts each
    /// with `apiV3Key`, verifies the answer's signature, and resolves to
    /// `[{ serialNo, pem, notBefore, notAfter, effectiveTime, expireTime }]`. With
    /// `platformCertificates: 'auto'` the client also starts using them (one download shared by
    /// concurrent calls).
    #[wasm_bindgen(
        js_name = downloadPlatformCertificates,
        unchecked_return_type = "Promise<PlatformCertificate[]>"
    )]
    pub fn download_platform_certificates(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "QueryOptions")] options: Option<JsValue>,
    ) -> Promise {
        let inner = self.inner.clone();
        let prepared = CallOptions::read(&options.unwrap_or(JsValue::UNDEFINED));
        promise(async move {
            let options = prepared?;
            let downloaded = inner.refresh(&options, Reason::Requested).await?;
            Ok(to_js(&downloaded)?)
        })
    }

    /// Verifies a response obtained with any HTTP client: a non-2xx one rejects with its
    /// provider error; a 2xx one resolves to its body as `JSON.parse` reads it (snake_case, as
    /// WeChat Pay sent it; `null` for an empty body) only after the signature verified.
    #[wasm_bindgen(js_name = verifyResponse, unchecked_return_type = "Promise<JsonValue>")]
    pub fn verify_response(
        &self,
        #[wasm_bindgen(unchecked_param_type = "HttpResponseInput")] response: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "VerifyOptions")] options: Option<JsValue>,
    ) -> Promise {
        let prepared = args::response_and_text(&response).and_then(|r| Ok((r, read_now(options)?)));
        // The keys verifying now; a download meanwhile replaces the client's, not these.
        let active = self.inner.active();
        if active.verifies_now() {
            return settled(
                prepared
                    .map_err(Into::into)
                    .and_then(|((r, text), now)| active.verified_json(&r, text.as_ref(), now)),
            );
        }
        hot_promise(HotCall::Verification { active, prepared })
    }

    /// Verifies a payment notification (`{ headers, body }` of the callback request, the body
    /// as received), decrypts its resource with `apiV3Key` and types the order.
    #[wasm_bindgen(
        js_name = parseNotification,
        unchecked_return_type = "Promise<WechatPayV3Notification>"
    )]
    pub fn parse_notification(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NotificationInput")] request: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "VerifyOptions")] options: Option<JsValue>,
    ) -> Promise {
        let inner = self.inner.clone();
        let prepared = args::response(&request).and_then(|r| Ok((r, read_now(options)?)));
        promise(async move {
            let (request, now) = prepared?;
            Ok(inner
                .notification(&request, now, "parseNotification")
                .await?)
        })
    }

    /// The reply to send for a notification: the success reply without `code`, else the
    /// failure reply for that `PayQueryError` code (use it when your own handling failed, so
    /// that the provider delivers again).
    #[wasm_bindgen(js_name = notificationReply, unchecked_return_type = "NotificationReply")]
    pub fn notification_reply(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "PayQueryErrorCode | (string & {})")]
        code: Option<JsValue>,
    ) -> JsResult<JsValue> {
        crate::wasm::notification::reply_for(
            crate::providers::notification::Provider::WechatV3,
            code,
        )
    }

    /// Verifies a payment notification (`{ headers, body }`, the body as received) like
    /// `parseNotification` and resolves to `{ notification, reply }` with the reply WeChat Pay
    /// expects (204). A refusal rejects with a `PayQueryError` whose `reply` is the 4xx/5xx
    /// `{"code":"FAIL"}` answer. A replay older than `maxSkewSeconds` is `TIMESTAMP_SKEW`.
    #[wasm_bindgen(
        js_name = handleNotification,
        unchecked_return_type = "Promise<HandledNotification<WechatPayV3Notification>>"
    )]
    pub fn handle_notification(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NotificationRequest")] request: JsValue,
        // Read by the package's JavaScript wrapper (the body limit), which reads the request.
        #[wasm_bindgen(unchecked_optional_param_type = "NotificationOptions")] _options: Option<
            JsValue,
        >,
    ) -> Promise {
        use crate::providers::notification::Provider;
        let inner = self.inner.clone();
        let prepared = crate::wasm::notification::read(&request);
        promise(async move {
            let outcome = match prepared {
                Ok(request) => {
                    let now = runtime::now_seconds();
                    inner
                        .notification(&request, now, "handleNotification")
                        .await
                }
                Err(e) => Err(e),
            };
            match outcome {
                Ok(n) => crate::wasm::notification::handled(Provider::WechatV3, n),
                Err(e) => Err(crate::wasm::notification::refused(Provider::WechatV3, e)),
            }
        })
    }
}
