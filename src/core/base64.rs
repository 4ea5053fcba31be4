//! Standard base64 (RFC 4648, padded), constant-time (base64ct) because it also decodes keys.
//! The code lives in `payquery-hot` (crates/hot), compiled for speed.

pub use payquery_hot::base64::{decode, decode_public, encode};
