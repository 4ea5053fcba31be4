//! Platform certificates for `platformCertificates: 'auto'` and `downloadPlatformCertificates()`:
//! download (signed like a query), decrypt each certificate with the APIv3 key, verify the
//! answer's signature with the certificates it carries or the ones already trusted, and swap in
//! a new [`Active`] snapshot. One download at a time: concurrent queries wait for the one in
//! flight instead of starting their own. The rules (when, what) live in
//! `providers::wechat_v3::certificates`.

use crate::error::{Error, ErrorCode, Result};
use crate::providers::wechat_v3::{
    self as v3,
    certificates::{self, Downloaded, Schedule},
    VerifyKey,
};
use crate::transport::HttpResponse;
use crate::wasm::crypto::Key;
use crate::wasm::deadline::{self, Deadline};
use crate::wasm::error::internal;
use crate::wasm::fetch::CallOptions;
use crate::wasm::runtime;
use crate::wasm::timer::Fired;
use crate::wasm::v3_config::{Active, Client};
use crate::wasm::v3_sign::Failed;
use js_sys::{Function, Promise};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;

type JsResult<T> = std::result::Result<T, JsValue>;

/// The download state of an `'auto'` client.
#[derive(Default)]
pub struct AutoState {
    schedule: RefCell<Schedule>,
    /// Every certificate downloaded and not yet expired: old and new stay during a rotation.
    downloaded: RefCell<Vec<VerifyKey>>,
    /// The download in flight: resolves (never rejects, so nobody sees an unhandled
    /// rejection) when it ends; its outcome is in `outcome`.
    inflight: RefCell<Option<Promise>>,
    outcome: RefCell<Option<Result<Vec<Downloaded>>>>,
}

/// Ends a download in flight however its future ends (finished, or dropped when the caller's
/// deadline fired), so waiters never hang.
struct Inflight<'a> {
    state: &'a AutoState,
    resolve: Function,
}

impl Drop for Inflight<'_> {
    fn drop(&mut self) {
        self.state.inflight.borrow_mut().take();
        if self.state.outcome.borrow().is_none() {
            *self.state.outcome.borrow_mut() = Some(Err(Error::new(
                ErrorCode::Aborted,
                "the platform certificate download was abandoned by the call that started it",
            )
            .with_retryable(true)));
        }
        // Resolving a fresh promise's resolver cannot throw.
        let _ = self.resolve.call0(&JsValue::UNDEFINED);
    }
}

/// The operation a download's events name.
const DOWNLOAD: &str = "downloadPlatformCertificates";

/// Why certificates are downloaded, as `certificates-refreshed` names it.
#[derive(Clone, Copy)]
pub enum Reason {
    /// The first download of an `'auto'` client.
    Initial,
    /// The schedule: every 12 hours, or none valid for another day.
    Scheduled,
    /// An answer or notification named a serial the client does not know (a rotation).
    UnknownSerial,
    /// `downloadPlatformCertificates()`.
    Requested,
}

impl Reason {
    fn as_str(self) -> &'static str {
        match self {
            Reason::Initial => "initial",
            Reason::Scheduled => "scheduled",
            Reason::UnknownSerial => "unknown-serial",
            Reason::Requested => "requested",
        }
    }
}

/// What a call that waited for another call's download gets: that download's outcome, or
/// `TIMEOUT` or `ABORTED` when its own deadline ended the wait first.
#[inline(never)]
fn waited_outcome(
    auto: &AutoState,
    waited: std::result::Result<JsResult<JsValue>, Fired>,
    timeout_ms: u32,
) -> JsResult<Vec<Downloaded>> {
    match waited {
        Ok(Ok(_)) => {}
        Ok(Err(_)) => return Err(internal("the certificate download promise rejected").into()),
        Err(fired) => {
            return Err(
                deadline::error(fired, "the platform certificate download", timeout_ms).into(),
            )
        }
    }
    match auto.outcome.borrow().as_ref() {
        Some(Ok(d)) => Ok(d.clone()),
        Some(Err(e)) => Err(e.clone().into()),
        None => Err(internal("no certificate download outcome").into()),
    }
}

/// Whether `keys` can verify an answer at `now` (some key is valid now).
fn usable(active: &Active, now: i64) -> bool {
    active.config.keys.request_serial(now).is_some()
}

impl Client {
    /// The current snapshot of verification keys.
    pub fn active(&self) -> Rc<Active> {
        self.active.borrow().clone()
    }

    /// Before a query of an `'auto'` client: whether the schedule says to download (or a
    /// download is in flight), and why, with the time it was asked at. The query then awaits
    /// [`Client::refresh`] itself (no future around it) and hands the outcome to
    /// [`Client::after_scheduled`].
    pub fn certificates_due(&self) -> Option<(Reason, i64)> {
        let auto = self.auto.as_ref()?;
        let now = runtime::now_seconds();
        let due = auto.schedule.borrow().due(&self.active().config.keys, now);
        if !due && auto.inflight.borrow().is_none() {
            return None;
        }
        let reason = if auto.schedule.borrow().last_download.is_none() {
            Reason::Initial
        } else {
            Reason::Scheduled
        };
        Some((reason, now))
    }

    /// A scheduled download's outcome for the query that waited for it: a failed download is
    /// an error only when no key can verify at `now`; otherwise the query goes on with the
    /// keys it has and the next query tries again (at most once a minute).
    #[inline(never)]
    pub fn after_scheduled(&self, refreshed: JsResult<Vec<Downloaded>>, now: i64) -> JsResult<()> {
        match refreshed {
            Ok(_) => Ok(()),
            Err(_) if usable(&self.active(), now) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// After an answer or notification named an unknown serial: whether the schedule allows a
    /// download now (`Reason::UnknownSerial`), which the caller then awaits. Never for a
    /// client without `'auto'`.
    pub fn unknown_serial_allowed(&self) -> bool {
        self.auto.as_ref().is_some_and(|auto| {
            auto.schedule
                .borrow_mut()
                .take_unknown_serial(runtime::now_seconds())
        })
    }

    /// Downloads and installs the certificates, or waits for the download in flight. Without
    /// `'auto'` it only downloads (the configured keys stay as they are). An installed download
    /// raises `certificates-refreshed` with `reason`.
    pub async fn refresh(
        &self,
        options: &CallOptions,
        reason: Reason,
    ) -> JsResult<Vec<Downloaded>> {
        let Some(auto) = &self.auto else {
            let (downloaded, _) = self.download(options, &[]).await.map_err(JsValue::from)?;
            return Ok(downloaded);
        };
        let waiting = auto.inflight.borrow().clone();
        if let Some(promise) = waiting {
            // Within the call's time limit and signal, awaited here (no future around it).
            let timeout_ms = options.timeout_ms.unwrap_or(self.transport.timeout_ms);
            let deadline = Deadline::start(f64::from(timeout_ms), options.signal.as_ref(), None)?;
            let waited = deadline.wait(&promise).await;
            return waited_outcome(auto, waited, timeout_ms);
        }
        let mut resolve_fn: Option<Function> = None;
        let promise = Promise::new(&mut |resolve, _reject| resolve_fn = Some(resolve));
        let resolve = resolve_fn.ok_or_else(|| internal("the Promise executor did not run"))?;
        *auto.inflight.borrow_mut() = Some(promise);
        auto.outcome.borrow_mut().take();
        let _guard = Inflight {
            state: auto,
            resolve,
        };
        let previous = auto.downloaded.borrow().clone();
        let result = self.download(options, &previous).await;
        self.settle(auto, previous, result, reason)
    }

    /// After a download: installs what it brought (keeping the earlier certificates that are
    /// still valid and not replaced), records the outcome for the calls that waited, and
    /// raises `certificates-refreshed`.
    #[inline(never)]
    fn settle(
        &self,
        auto: &AutoState,
        previous: Vec<VerifyKey>,
        result: std::result::Result<(Vec<Downloaded>, Rc<Active>), Failed>,
        reason: Reason,
    ) -> JsResult<Vec<Downloaded>> {
        let now = runtime::now_seconds();
        let outcome = match result {
            Ok((downloaded, active)) => {
                let mut kept: Vec<VerifyKey> = downloaded.iter().map(|d| d.key.clone()).collect();
                let older: Vec<VerifyKey> = previous
                    .into_iter()
                    .filter(|k| {
                        let expired = matches!(k.source,
                            v3::keys::KeySource::Certificate { not_after, .. } if now > not_after);
                        !expired && !kept.iter().any(|n| v3::keys::same_serial(&n.id, &k.id))
                    })
                    .collect();
                kept.extend(older);
                *auto.downloaded.borrow_mut() = kept;
                *self.active.borrow_mut() = active;
                auto.schedule.borrow_mut().last_download = Some(now);
                Ok(downloaded)
            }
            Err(e) => Err(e),
        };
        // A caller's signer error stays as thrown for that caller; waiters get a coded one.
        let shared = match &outcome {
            Ok(d) => Ok(d.clone()),
            Err(Failed::Coded(e)) => Err(e.clone()),
            Err(Failed::Signer(_)) => Err(Error::new(
                ErrorCode::InvalidConfig,
                "config.signer failed while signing the platform certificate download",
            )),
        };
        *auto.outcome.borrow_mut() = Some(shared);
        if let Ok(downloaded) = &outcome {
            let serials: Vec<String> = downloaded.iter().map(|d| d.serial_no.clone()).collect();
            let events = &self.transport.events;
            events.certificates_refreshed(DOWNLOAD, reason.as_str(), &serials);
        }
        outcome.map_err(JsValue::from)
    }

    /// One download: sent and retried like a query, each certificate decrypted and read, then
    /// the answer's signature checked with `previous` and the new certificates. Returns the
    /// certificates and the snapshot that would verify with them.
    async fn download(
        &self,
        options: &CallOptions,
        previous: &[VerifyKey],
    ) -> std::result::Result<(Vec<Downloaded>, Rc<Active>), Failed> {
        let aes = self.aes.as_ref().ok_or_else(|| {
            Error::invalid_config("configure apiV3Key to download platform certificates")
        })?;
        let current = self.active();
        let build = |now: i64, nonce: &str| {
            certificates::build_download(
                &self.config,
                &current.config.keys,
                now,
                nonce,
                &self.runtime,
            )
        };
        let accept = |response: &HttpResponse, signed: Option<&str>| {
            if !response.is_success() {
                let signed = signed.map(|message| v3::errors::Signed {
                    message,
                    config: &self.config,
                });
                return Err(v3::errors::provider_error(response, signed));
            }
            Ok(())
        };
        let done = self.signed_call(DOWNLOAD, options, &build, &accept).await?;
        let response = &done.value;
        // A refusal after the loop (a ciphertext, the answer's signature) breaks out of the
        // block and is raised once, below.
        let checked = 'verified: {
            let items = match certificates::open_download(&response.body) {
                Ok(items) => items,
                Err(e) => break 'verified Err(e),
            };
            let mut downloaded = Vec::with_capacity(items.len());
            for item in &items {
                let s = &item.sealed;
                let plain =
                    match aes.aes_gcm_decrypt(&s.iv, &s.aad, &s.data).await {
                        Ok(plain) => plain,
                        Err(e) => break 'verified Err(Error::new(
                            e.code,
                            "a downloaded platform certificate did not decrypt: wrong apiV3Key, \
                             or the ciphertext was altered",
                        )),
                    };
                match certificates::read_decrypted(item, &plain) {
                    Ok(d) => downloaded.push(d),
                    Err(e) => break 'verified Err(e),
                }
            }
            let now = runtime::now_seconds();
            let candidate = self
                .candidate(&current, &downloaded, previous, aes, now)
                .map_err(Failed::Coded)?;
            let verified = match v3::check_response(&candidate.config, response, now, None) {
                Ok(check) => candidate.verify(&check).await.map(|_| ()),
                Err(e) => Err(e),
            };
            verified.map(|()| (downloaded, candidate))
        };
        match checked {
            Ok((downloaded, candidate)) => Ok((downloaded, Rc::new(candidate))),
            Err(e) => Err(Failed::Coded(self.refused_after(DOWNLOAD, &done, e))),
        }
    }

    /// The snapshot that would verify with the downloaded certificates and the `previous` ones
    /// still valid at `now`: the keys already imported reused, new ones imported with the
    /// provider that imported the APIv3 key `aes` (the client's, even if the entry switched
    /// providers since).
    #[inline(never)]
    fn candidate(
        &self,
        current: &Active,
        downloaded: &[Downloaded],
        previous: &[VerifyKey],
        aes: &Key,
        now: i64,
    ) -> Result<Active> {
        let mut new_keys: Vec<VerifyKey> = downloaded.iter().map(|d| d.key.clone()).collect();
        new_keys.extend(previous.iter().cloned());
        let store = self.config.keys.with_downloaded(&new_keys, now);
        // Reuse the keys already imported; import only new ones, with the provider that imported
        // the APIv3 key (the client's, even if the entry switched providers since).
        let mut verifiers = Vec::with_capacity(store.keys().len());
        for k in store.keys() {
            let known = current.config.keys.keys().iter().position(|o| o.id == k.id);
            verifiers.push(match known.and_then(|i| current.verifiers.get(i)) {
                Some(v) => v.clone(),
                None => aes.rsa_public_beside(&k.spki_der)?,
            });
        }
        let mut config = self.config.clone();
        config.keys = store;
        Ok(Active { config, verifiers })
    }
}
