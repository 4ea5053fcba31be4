//! The JavaScript binding layer, and the only module that knows wasm-bindgen: it converts
//! arguments, calls the sans-IO core, performs the fetch and converts results and errors back.
//!
//! One cargo feature per provider surface (`wechat-v2`, `wechat-v3`, `cloudpay`, `fubei`, all
//! by default): the package's per-provider entries (`payquery/wechat-v2`, …) are built with
//! one each, so that their modules hold only that provider's code.

// A per-provider build compiles the helpers every surface shares, some of which that provider
// never calls; the full build (default features, the one linted) has no dead code.
#![cfg_attr(
    not(all(
        feature = "wechat-v2",
        feature = "wechat-v3",
        feature = "cloudpay",
        feature = "fubei"
    )),
    allow(dead_code, unused_imports)
)]

mod args;
mod client;
#[cfg(feature = "cloudpay")]
pub(crate) mod cloudpay;
mod convert;
#[cfg(feature = "wechat-v3")]
mod crypto;
mod deadline;
mod error;
mod events;
mod fetch;
mod flat_params;
#[cfg(feature = "fubei")]
pub(crate) mod fubei;
mod http_args;
mod js_flat;
mod js_safe;
mod notification;
mod promise;
mod query_request;
mod random;
mod runtime;
mod timer;
mod types;
#[cfg(feature = "wechat-v2")]
pub(crate) mod v2;
#[cfg(any(feature = "wechat-v2", feature = "cloudpay"))]
mod v2_config;
#[cfg(feature = "wechat-v2")]
mod v2_fast;
#[cfg(feature = "wechat-v3")]
pub(crate) mod v3;
#[cfg(feature = "wechat-v3")]
mod v3_certs;
#[cfg(feature = "wechat-v3")]
mod v3_config;
#[cfg(feature = "wechat-v3")]
mod v3_offline;
#[cfg(feature = "wechat-v3")]
mod v3_sign;
#[cfg(feature = "wechat-v3")]
mod v3_verify;
#[cfg(feature = "wechat-v3")]
mod webcrypto;

#[cfg(test)]
mod cloudpay_tests;
#[cfg(test)]
mod convert_tests;
#[cfg(test)]
mod fubei_tests;
#[cfg(test)]
mod js_safe_tests;
#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod v3_tests;
