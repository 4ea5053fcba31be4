//! What every client shares: the transport settings read from config (`fetch`, `timeoutMs`)
//! and `execute`, the single place where a query is built, sent and parsed. Retry and failover
//! policy belongs here, so that every provider gets it alike.

use crate::error::Result;
use crate::transport::{HttpRequest, HttpResponse};
use crate::wasm::args::Obj;
use crate::wasm::fetch::{self, CallOptions, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS};
use js_sys::Function;
use std::future::Future;

/// Transport settings of one client.
pub struct Transport {
    /// The configured `fetch`, else the runtime's global one.
    pub fetch: Option<Function>,
    /// Default time limit per query.
    pub timeout_ms: u32,
}

impl Transport {
    /// Reads `fetch` and `timeoutMs` from a client config object.
    pub fn read(config: &mut Obj) -> Result<Transport> {
        Ok(Transport {
            fetch: config.function("fetch")?,
            timeout_ms: config
                .uint("timeoutMs", MAX_TIMEOUT_MS)?
                .unwrap_or(DEFAULT_TIMEOUT_MS),
        })
    }

    /// Sends one request as built, returning the raw response.
    pub async fn send(&self, request: &HttpRequest, options: &CallOptions) -> Result<HttpResponse> {
        fetch::send(request, self.fetch.as_ref(), self.timeout_ms, options).await
    }

    /// Builds a request, sends it and parses the answer. `build` is called for every attempt
    /// (APIv3 signs with a fresh timestamp and nonce each time), `parse` verifies and types.
    pub async fn execute<T, B, F, P>(&self, options: &CallOptions, build: B, parse: P) -> Result<T>
    where
        B: Fn() -> F,
        F: Future<Output = Result<HttpRequest>>,
        P: Fn(&HttpResponse) -> Result<T>,
    {
        let request = build().await?;
        let response = self.send(&request, options).await?;
        parse(&response)
    }
}
