//! The JavaScript binding layer, and the only module that knows wasm-bindgen: it converts
//! arguments, calls the sans-IO core, performs the fetch and converts results and errors back.

mod args;
mod client;
mod convert;
mod error;
mod fetch;
mod random;
mod runtime;
mod types;
pub(crate) mod v2;
pub(crate) mod v3;
mod v3_config;
mod webcrypto;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_v3;
