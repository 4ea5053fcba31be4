//! What every client shares: the transport settings read from config (`fetch`, `timeoutMs`,
//! `retries`, `backupBaseUrl`, `onEvent`) and `execute`, the single place where a query is
//! built, sent, parsed, retried and failed over, and where its events are raised. Providers
//! only supply `build` and `parse`.

use crate::core::json_write::WriteJson;
use crate::error::{Error, ErrorCode, Result};
use crate::transport::{
    normalize_base_url, parse_retry_after, rebase_url, url_host, HttpRequest, HttpResponse, Next,
    RetryPolicy, MAX_RETRIES,
};
use crate::wasm::args::Obj;
use crate::wasm::convert::to_js;
use crate::wasm::deadline::Deadline;
use crate::wasm::events::{AttemptEnd, Call, Events};
use crate::wasm::fetch::{CallOptions, Reading, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS};
use crate::wasm::timer::{self, Fired};
use js_sys::{Function, Object, Reflect};
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::{JsCast, JsValue};

/// Transport settings of one client.
pub struct Transport {
    /// The configured `fetch`, else the runtime's global one.
    pub fetch: Option<Function>,
    /// Default time limit per attempt.
    pub timeout_ms: u32,
    /// Default retries after the first attempt.
    pub retries: u32,
    /// Where attempts go after the primary host failed; `None` turns failover off.
    pub backup_base_url: Option<String>,
    /// Whether `backupBaseUrl` was given (`null` included), so a default must not replace it.
    backup_configured: bool,
    /// The `onEvent` hook.
    pub events: Events,
}

impl Transport {
    /// Reads `fetch`, `timeoutMs`, `retries`, `backupBaseUrl` (a URL, or `null` for none) and
    /// `onEvent` from a client config object; `provider` is what its events name.
    pub fn read(config: &mut Obj, provider: &'static str) -> Result<Transport> {
        let fetch = config.function("fetch")?;
        let events = Events::read(config, provider)?;
        let timeout_ms = config
            .uint("timeoutMs", MAX_TIMEOUT_MS)?
            .unwrap_or(DEFAULT_TIMEOUT_MS);
        let retries = config
            .uint("retries", MAX_RETRIES)?
            .unwrap_or(RetryPolicy::default().retries);
        let backup = config.get("backupBaseUrl")?;
        let (backup_base_url, backup_configured) = if backup.is_undefined() {
            (None, false)
        } else if backup.is_null() {
            (None, true)
        } else {
            let url = crate::wasm::js_safe::string(
                &backup,
                ErrorCode::InvalidConfig,
                "config.backupBaseUrl",
            )?
            .ok_or_else(|| {
                Error::invalid_config("config.backupBaseUrl must be a URL string or null")
            })?;
            (Some(normalize_base_url("backupBaseUrl", &url)?), true)
        };
        Ok(Transport {
            fetch,
            timeout_ms,
            retries,
            backup_base_url,
            backup_configured,
            events,
        })
    }

    /// Uses `url` as the backup host unless `backupBaseUrl` was configured. WeChat clients call
    /// this only when `baseUrl` is the default, so that a sandbox or proxy never fails over to
    /// the real API.
    pub fn default_backup(&mut self, url: &str) {
        if !self.backup_configured {
            self.backup_base_url = Some(url.to_owned());
        }
    }

    /// Builds a request, sends it, parses the answer, and retries what the policy allows:
    /// `build` runs for every attempt (APIv3 signs with a fresh timestamp and nonce each time;
    /// APIv2 returns the same signed body), `parse` verifies and types, keeping the value of
    /// the attempt that succeeded itself (in a [`Parsed`]; it gets the answer itself, so that
    /// a client that keeps the answer needs no copy of it). Resolves to where the answer came
    /// from; errors carry `attempts` and `host` too. `operation` names the call in its events.
    /// Not generic (the build step's future is boxed), so that the module holds one copy of
    /// the loop whatever the clients; and not async: it returns the loop's own future, so that
    /// no state machine wraps it.
    pub fn execute<'a>(
        &'a self,
        operation: &'static str,
        options: &'a CallOptions,
        build: &'a Build<'a>,
        parse: &'a dyn Fn(HttpResponse) -> Result<()>,
    ) -> impl Future<Output = Result<Executed<()>>> + 'a {
        let policy = RetryPolicy {
            retries: options.retries.unwrap_or(self.retries),
            ..RetryPolicy::default()
        };
        let backup_host = self.backup_base_url.as_deref().map(url_host);
        let call = self.events.call(operation);
        retry_loop(
            policy,
            backup_host,
            options,
            call,
            Box::new(move |on_backup, attempt| {
                Box::pin(self.attempt(build, parse, on_backup, attempt, options))
            }),
        )
    }

    /// One attempt: builds its request, sends it (to the backup host if `on_backup`) and
    /// parses the answer, noting in its [`Sent`] what the loop and the events need. Awaits
    /// only: what runs between them is in plain functions. Not generic, so the module holds
    /// one copy whatever the providers.
    async fn attempt(
        &self,
        build: &Build<'_>,
        parse: &dyn Fn(HttpResponse) -> Result<()>,
        on_backup: bool,
        attempt: Attempt<'_>,
        options: &CallOptions,
    ) -> Tried {
        let mut sent = Sent::default();
        // Matches, not an inner async block with `?`: one state machine, not two.
        let outcome = match build().await {
            Ok(mut request) => {
                self.announce(&mut request, on_backup, attempt, &mut sent);
                // The fetch's loop ([`fetch::Reading`]), awaited here: no future around it.
                let started =
                    Reading::start(&request, self.fetch.as_ref(), self.timeout_ms, options);
                // Sent: not kept across the waits.
                drop(request);
                match started {
                    Ok(mut reading) => loop {
                        let waited = reading.deadline.wait(&reading.pending).await;
                        match reading.advance(waited) {
                            None => continue,
                            Some(Ok(response)) => {
                                sent.note(&response);
                                break parse(response);
                            }
                            Some(Err(e)) => break Err(e),
                        }
                    },
                    Err(e) => Err(e),
                }
            }
            Err(e) => Err(e),
        };
        Tried { outcome, sent }
    }

    /// Before an attempt's request is sent: moved to the backup host if `on_backup`, and
    /// announced (`attempt-start`), its host and start time noted in `sent`.
    fn announce(
        &self,
        request: &mut HttpRequest,
        on_backup: bool,
        attempt: Attempt<'_>,
        sent: &mut Sent,
    ) {
        if let (true, Some(backup)) = (on_backup, &self.backup_base_url) {
            request.url = rebase_url(&request.url, backup);
        }
        sent.host = url_host(&request.url).to_owned();
        sent.started_ms = Some(attempt.start(&sent.host));
    }
}

/// The build step of an HTTP call: each attempt's request, boxed ([`boxed`], [`ready`]).
pub type Build<'a> = dyn Fn() -> Pin<Box<dyn Future<Output = Result<HttpRequest>> + 'a>> + 'a;

/// An attempt's request made by `future`, boxed for [`Transport::execute`].
pub fn boxed<'a>(
    future: impl Future<Output = Result<HttpRequest>> + 'a,
) -> Pin<Box<dyn Future<Output = Result<HttpRequest>> + 'a>> {
    Box::pin(future)
}

/// An attempt's request known already (the same signed body for every attempt, or an error).
pub fn ready(request: Result<HttpRequest>) -> Pin<Box<dyn Future<Output = Result<HttpRequest>>>> {
    Box::pin(std::future::ready(request))
}

/// Where a call's `parse` keeps the value of the attempt that succeeded.
pub struct Parsed<T>(RefCell<Option<T>>);

impl<T> Parsed<T> {
    /// Nothing parsed yet.
    pub fn new() -> Parsed<T> {
        Parsed(RefCell::new(None))
    }

    /// Keeps `value`, or passes its error on.
    pub fn keep(&self, value: Result<T>) -> Result<()> {
        *self.0.borrow_mut() = Some(value?);
        Ok(())
    }

    /// The value kept, with where it came from.
    pub fn take(self, done: Executed<()>) -> Result<Executed<T>> {
        match self.0.into_inner() {
            Some(value) => Ok(Executed {
                value,
                attempts: done.attempts,
                host: done.host,
                call_id: done.call_id,
            }),
            None => Err(crate::wasm::error::internal("no parsed value")),
        }
    }
}

/// What one attempt produced: its outcome (the value, if any, kept by the attempt itself in a
/// [`Parsed`]), and what is known of where it went.
pub struct Tried {
    /// Whether the attempt succeeded, or why it failed.
    pub outcome: Result<()>,
    /// Where it went and what came back, besides the outcome.
    pub sent: Sent,
}

/// What the loop and the events know of an attempt besides its outcome: the host it went to
/// (empty when it never got that far, or for a call with no host such as CloudPay's platform
/// call), when it started, and the answer's status, `Request-ID` and `Retry-After`.
#[derive(Default)]
pub struct Sent {
    /// The `host[:port]` the attempt went to.
    pub host: String,
    /// The server's `Retry-After`, in ms from now.
    pub retry_after: Option<u64>,
    /// When the attempt was sent ([`Attempt::start`]); `None` if it failed before.
    pub started_ms: Option<u64>,
    /// The answer's HTTP status, if one came.
    pub http_status: Option<u16>,
    /// The answer's `Request-ID`, if it named one.
    pub request_id: Option<String>,
}

impl Sent {
    /// Notes what an answer says besides its body: status, `Request-ID`, `Retry-After`.
    #[inline(never)]
    fn note(&mut self, response: &HttpResponse) {
        self.http_status = Some(response.status);
        self.request_id = crate::providers::wechat_v3::errors::request_id(response);
        self.retry_after = response
            .header("retry-after")
            .and_then(|v| parse_retry_after(v, timer::now_ms()));
    }
}

/// The attempt function of [`retry_loop`], told whether to go to the backup host; boxed, so
/// that the module holds one copy of the loop.
pub type Attempts<'a, 'e> =
    dyn FnMut(bool, Attempt<'e>) -> Pin<Box<dyn Future<Output = Tried> + 'a>> + 'a;

/// One attempt of a call, handed to the attempt function so that it announces itself
/// (`attempt-start`) once it knows where it goes.
#[derive(Clone, Copy)]
pub struct Attempt<'e> {
    call: Call<'e>,
    number: u32,
}

impl Attempt<'_> {
    /// Raises `attempt-start` for `host` (empty for none) and returns the start time, for
    /// [`Sent::started_ms`].
    pub fn start(&self, host: &str) -> u64 {
        self.call.attempt_start(self.number, host)
    }
}

/// The one retry/failover loop of every client: runs `attempt` (told whether to go to the
/// backup host) until it succeeds or `policy` says stop, sleeping the policy's backoff between
/// attempts under the caller's signal. Errors carry `attempts` and the last `host`. HTTP
/// clients send a request per attempt ([`Transport::execute`]); CloudPay's `{ cloud }`
/// backend calls the platform instead, with no host and no backup (`backup_host` `None`).
/// Raises the call's `attempt-end`, `retry`, `failover` and `verification-failed` events
/// (`attempt-start` comes from the attempt, once it knows its host). The decisions live in
/// [`after_failure`], a plain function, so that the state machine stays small.
pub async fn retry_loop<'e>(
    policy: RetryPolicy,
    backup_host: Option<&str>,
    options: &CallOptions,
    call: Call<'e>,
    mut attempt: Box<Attempts<'_, 'e>>,
) -> Result<Executed<()>> {
    let mut on_backup = false;
    let mut count: u32 = 0;
    loop {
        count += 1;
        let number = count;
        let Tried { outcome, sent } = attempt(on_backup, Attempt { call, number }).await;
        let err = match outcome {
            Ok(value) => {
                ended(call, count, &sent, None);
                return Ok(Executed {
                    value,
                    attempts: count,
                    host: sent.host,
                    call_id: call.id(),
                });
            }
            Err(err) => err,
        };
        let step = Step {
            policy: &policy,
            backup_host,
            options,
            call,
            count,
            on_backup,
        };
        let (backoff, backup) = after_failure(step, sent, err)?;
        on_backup = backup;
        // The backoff's deadline, awaited here (no sleep future around it); its stopper never
        // rejects.
        let _ = backoff.ended().await;
        slept(&backoff, count)?;
    }
}

/// `e`, stamped with the attempts made.
fn with_attempts(mut e: Error, count: u32) -> Error {
    e.attempts = Some(count);
    e
}

/// After the backoff: `ABORTED` (stamped with the attempts made) unless its time ran out, i.e.
/// unless the caller's signal fired.
#[inline(never)]
fn slept(backoff: &Deadline, count: u32) -> Result<()> {
    match backoff.fired() {
        Some(Fired::Timer) => Ok(()),
        _ => Err(with_attempts(timer::aborted(), count)),
    }
}

/// Where the loop stands after attempt `count` failed.
struct Step<'a, 'e> {
    policy: &'a RetryPolicy,
    backup_host: Option<&'a str>,
    options: &'a CallOptions,
    call: Call<'e>,
    count: u32,
    on_backup: bool,
}

/// `attempt-end` for an attempt that was sent.
fn ended(call: Call<'_>, count: u32, sent: &Sent, error: Option<&Error>) {
    if let Some(started) = sent.started_ms {
        let end = AttemptEnd {
            host: &sent.host,
            error,
            http_status: sent.http_status,
            request_id: sent.request_id.as_deref(),
        };
        call.attempt_end(count, started, &end);
    }
}

/// After a failed attempt: its events, then the policy's decision. `Ok((backoff, backup))` to
/// try again when the `backoff` deadline (the policy's delay, under the caller's signal) ends,
/// on the backup host if `backup`; `Err` with the error stamped with the attempts (and host)
/// when the call ends here.
fn after_failure(step: Step<'_, '_>, sent: Sent, mut err: Error) -> Result<(Deadline, bool)> {
    let Step {
        policy,
        backup_host,
        options,
        call,
        count,
        on_backup,
    } = step;
    ended(call, count, &sent, Some(&err));
    let aborted = options.signal.as_ref().is_some_and(timer::signal_aborted);
    let next = if aborted {
        Next::Stop
    } else {
        policy.next(
            count,
            &err,
            js_sys::Math::random(),
            sent.retry_after,
            on_backup,
            backup_host.is_some(),
        )
    };
    match next {
        Next::Stop => {
            err.attempts = Some(count);
            if !sent.host.is_empty() {
                err.host = Some(sent.host);
            }
            call.failed(&err);
            Err(err)
        }
        Next::Retry { delay_ms, backup } => {
            call.retry(count, &sent.host, &err, delay_ms);
            if let (true, false, Some(to)) = (backup, on_backup, backup_host) {
                call.failover(count, &sent.host, to);
            }
            let backoff = Deadline::start(delay_ms as f64, options.signal.as_ref(), None)
                .map_err(|e| with_attempts(e, count))?;
            Ok((backoff, backup))
        }
    }
}

/// A value a query produced, with how many attempts it took and which host answered.
pub struct Executed<T> {
    /// The parsed value.
    pub value: T,
    /// Attempts made, 1 when the first one answered.
    pub attempts: u32,
    /// The `host[:port]` that answered.
    pub host: String,
    /// The call's id in its events.
    pub call_id: u32,
}

/// Sets response metadata on a query result as a non-enumerable property: readable as
/// `order.attempts`, absent from `JSON.stringify(order)`, `Object.keys` and spreads, so that the
/// serialised order is the order. Results are fresh objects from `JSON.parse`, so defining
/// cannot fail; if it did, the result is still returned, without the metadata.
pub fn set_meta(js: &JsValue, key: &str, value: &JsValue) {
    let Some(target) = js.dyn_ref::<Object>() else {
        return;
    };
    // The descriptor's fixed fields in one call (a constant, which parses), then its value.
    let Ok(descriptor) =
        js_sys::JSON::parse(r#"{"enumerable":false,"writable":true,"configurable":true}"#)
    else {
        return;
    };
    let _ = Reflect::set(&descriptor, &JsValue::from_str("value"), value);
    let _ = Reflect::define_property(target, &JsValue::from_str(key), descriptor.unchecked_ref());
}

impl<T: WriteJson> Executed<T> {
    /// The value as a JavaScript object carrying `attempts` and `host` ([`Executed::attach`]);
    /// a failed conversion is stamped with them too.
    pub fn to_js(&self) -> Result<JsValue> {
        let js = to_js(&self.value).map_err(|e| self.stamp(e))?;
        Ok(self.attach(js))
    }
}

impl<T> Executed<T> {
    /// Sets `attempts` and `host` on the JavaScript result ([`set_meta`]: non-enumerable).
    pub fn attach(&self, js: JsValue) -> JsValue {
        set_meta(&js, "attempts", &JsValue::from(self.attempts));
        set_meta(&js, "host", &JsValue::from_str(&self.host));
        js
    }

    /// Marks an error raised after the loop (a failed verification) with the same facts.
    pub fn stamp(&self, mut err: Error) -> Error {
        err.attempts = Some(self.attempts);
        err.host = Some(self.host.clone());
        err
    }
}
