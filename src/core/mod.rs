//! Protocol-independent building blocks: canonical strings, digests, constant-time comparison,
//! hex, time formatting, key-case conversion, nonces, JSON read with duplicate names refused,
//! typed reads of parsed JSON (in place of derived readers), the JSON text of results for
//! JavaScript (safe integers only) and strict PEM and DER readers for keys and certificates.
//! Nothing here knows a provider.

pub mod base64;
pub mod canonical;
pub mod case;
pub mod ct;
pub mod der;
pub mod digest;
pub mod explain;
pub mod ip;
pub mod json_number;
pub mod json_read;
mod json_reader;
pub mod json_text;
pub mod json_value;
pub mod json_write;
pub mod maps;
pub mod names;
pub mod nonce;
pub mod params;
pub mod params_json;
pub mod pem;
pub mod time;
pub mod utf8;
