//! The JavaScript binding layer, and the only module that knows wasm-bindgen: it converts
//! arguments, calls the sans-IO core, performs the fetch and converts results and errors back.

mod args;
mod client;
pub(crate) mod cloudpay;
mod convert;
mod crypto;
mod deadline;
mod error;
mod events;
mod fetch;
pub(crate) mod fubei;
mod js_safe;
mod notification;
mod query_request;
mod random;
mod runtime;
mod timer;
mod types;
pub(crate) mod v2;
pub(crate) mod v3;
mod v3_certs;
mod v3_config;
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
