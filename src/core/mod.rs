//! Protocol-independent building blocks: canonical strings, digests, constant-time comparison,
//! JSON text for JavaScript (safe integers only),
//! hex, time formatting, key-case conversion and nonces. Nothing here knows a provider.

pub mod base64;
pub mod canonical;
pub mod case;
pub mod ct;
pub mod digest;
pub mod explain;
pub mod json_text;
pub mod maps;
pub mod nonce;
pub mod params;
pub mod time;
