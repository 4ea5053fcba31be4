//! The code every WeChat Pay APIv2 (and Fubei) call runs, in a crate of its own so that it is
//! compiled for speed (`opt-level = 3`, set in the workspace's Cargo.toml) while the rest of
//! payquery is compiled for size: the v2 XML scan, the XML value writer, the canonical string
//! fed straight into its digest, hex, base64, the JSON text of string fields and the split of
//! `name\0value…` text.
//!
//! Generic code is compiled in the crate that instantiates it, at that crate's opt-level. So
//! everything here is instantiated here (the digests, the sort): the public
//! functions take slices, strings and `dyn` callbacks, never a type parameter. The rules (which
//! documents are refused, what is signed) stay with payquery; this crate reports what it saw.

pub mod base64;
pub mod digest;
pub mod json;
pub mod plain_xml;
pub mod sha256;
pub mod sort;
pub mod text;
pub mod xml;
