//! `signV2`, `buildV2Xml` and `verifyV2Xml` in one crossing: hidden exports behind the package's
//! wrappers (pkg-template/shared/fast_v2.js), which hand over what they already read in
//! JavaScript, the params object as `readFlat` (js_safe.js) read it and the key and the XML as
//! strings, and get one string back.
//!
//! Why: the public exports take JavaScript values and call back into JavaScript to read each
//! one (the sign type compared, the key measured and copied, `readFlat`, the joined pairs
//! measured and copied), and those crossings were 12–15 % of a `signV2` call and 6 % of a
//! `verifyV2Xml` one. The wrappers take this way only for arguments whose checks they can
//! decide in JavaScript without running caller code (a non-empty key string within the length
//! limit, the sign type absent or one of its two spellings, an object for params, a string of
//! XML within the limit); anything else goes to the public export, which reads and refuses it
//! as before. What runs here after reading is what the public exports run (`v2::build_signed`,
//! `v2::verified_text`, which is `verified_fields` without the UTF-8 check a string cannot
//! fail, `args::params_of`), so results and errors are the same.

use crate::error::{ErrorCode, Result};
use crate::providers::wechat_v2::{sign, SignType};
use crate::secret::Secret;
use crate::wasm::args::{self, Params};
use crate::wasm::error::internal;
use crate::wasm::js_safe::{self, too_long, MAX_STRING_LENGTH};
use crate::wasm::v2;
use wasm_bindgen::prelude::*;

type JsResult<T> = std::result::Result<T, JsValue>;

/// What `op` asks of the params: `signV2` (0) or `buildV2Xml` (1).
const OP_BUILD: u32 = 1;

/// The sign type the wrapper decided: 0 absent (`undefined`, `null`) or 1 `'MD5'`, 2
/// `'HMAC-SHA256'`.
fn sign_type_of(code: u32) -> Result<SignType> {
    match code {
        0 | 1 => Ok(SignType::Md5),
        2 => Ok(SignType::HmacSha256),
        _ => Err(internal("unknown sign type code")),
    }
}

/// The checks the public exports make of a string argument once it is known to be one: its
/// length in UTF-16 code units (the wrapper measured it already; a string of at most that many
/// UTF-8 bytes has at most that many code units, so the count is only taken for a long one).
fn within_limit(text: &str, code: ErrorCode, what: &str) -> Result<()> {
    if text.len() > MAX_STRING_LENGTH && text.encode_utf16().count() > MAX_STRING_LENGTH {
        return Err(too_long(code, what));
    }
    Ok(())
}

/// The key, checked as `key_arg` checks it after reading.
fn key_of(key: String) -> Result<Secret> {
    within_limit(&key, ErrorCode::InvalidArgument, "apiKey")?;
    v2::key_of(key)
}

/// `signV2` (`op` 0) or `buildV2Xml` (`op` 1) of the pairs.
fn run(op: u32, pairs: Vec<(&str, &str)>, key: &Secret, sign_type: SignType) -> Result<String> {
    if op == OP_BUILD {
        v2::build_signed(pairs, key, sign_type)
    } else {
        Ok(sign::sign(pairs, key, sign_type))
    }
}

/// `signV2` / `buildV2Xml` of params that `readFlat` joined into `name\0value…` (the string it
/// returned), with the key and the sign type the wrapper checked.
#[wasm_bindgen(js_name = __v2Joined, skip_typescript)]
pub fn v2_joined(op: u32, joined: &str, api_key: String, sign_type: u32) -> JsResult<String> {
    let key = key_of(api_key)?;
    let pairs = payquery_hot::text::nul_pairs(joined);
    Ok(run(op, pairs, &key, sign_type_of(sign_type)?)?)
}

/// `signV2` / `buildV2Xml` of the params object `params` when `readFlat` did not return a
/// string: `read` is what it returned (an array of what it read, a sentinel), checked as
/// `read_params` checks it; `null` when `readFlat` threw.
#[wasm_bindgen(js_name = __v2Read, skip_typescript)]
pub fn v2_read(
    op: u32,
    params: JsValue,
    read: JsValue,
    api_key: String,
    sign_type: u32,
) -> JsResult<String> {
    let code = ErrorCode::InvalidArgument;
    let flat = js_safe::flat_of(read, code, "params")?;
    let params: Params = args::params_of(flat, &params, "params")?;
    let key = key_of(api_key)?;
    Ok(run(op, params.pairs(), &key, sign_type_of(sign_type)?)?)
}

/// `verifyV2Xml` of an XML string, as the JSON text of the fields object (the wrapper parses
/// it): the body checks of `args::response` for a string, then the key, then the document.
#[wasm_bindgen(js_name = __verifyV2Text, skip_typescript)]
pub fn verify_v2_text(xml: &str, api_key: String, sign_type: u32) -> JsResult<String> {
    within_limit(xml, ErrorCode::MalformedResponse, "response")?;
    if xml.len() > crate::transport::MAX_BODY_BYTES {
        return Err(args::body_too_large().into());
    }
    let key = key_of(api_key)?;
    Ok(v2::verified_text(xml, &key, sign_type_of(sign_type)?)?)
}
