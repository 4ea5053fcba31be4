//! payquery: query payment orders on WeChat Pay APIv2, APIv3 (direct, partner, combine),
//! WeChat CloudPay and Fubei (付呗), with signed requests, verified responses and typed results.
//!
//! The crate is a sans-IO core: every provider module builds an [`transport::HttpRequest`] and
//! parses an [`transport::HttpResponse`]; nothing here performs I/O. The `wasm` module (only on
//! `wasm32`) is the single binding layer that performs the fetch and converts to JavaScript.

pub mod core;
pub mod error;
pub mod error_json;
pub mod money;
pub mod order;
pub mod providers;
pub mod secret;
pub mod transport;

#[cfg(test)]
mod typescript;
#[cfg(target_arch = "wasm32")]
mod wasm;

pub use error::{Error, ErrorCode, Result};
pub use money::Fen;
pub use order::{OrderStatus, TradeState};
pub use secret::Secret;
