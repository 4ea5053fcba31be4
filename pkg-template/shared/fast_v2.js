// signV2, buildV2Xml and verifyV2Xml in one crossing into wasm per call (issue 12).
//
// Why: the glue's exports take JavaScript values, and the core reads each of them with calls back
// into JavaScript (the sign type compared, the key measured and copied, the params read by
// `readFlat`, the joined pairs measured and copied), each through the glue's exception wrapper.
// Those crossings were 12–15 % of a signV2 call and 6 % of a verifyV2Xml one. Here the checks that
// run no caller code are made in JavaScript, `readFlat` (the core's own reader, js_safe.js) reads
// the params once, and a hidden export (src/wasm/v2_fast.rs) gets strings and returns one.
//
// The fast way is taken only when every argument is one the public export would accept without
// reading anything of the caller's: the key a non-empty string within the length limit, the sign
// type absent or one of its two spellings, params an object (sign, build) or the XML a string
// within the limit (verify). Anything else goes to the glue's export unchanged, before anything is
// read, so that getters and Proxy traps still run exactly once per call, and every error is the
// one the export gives. Shipped beside each glue by scripts/assemble.js (a no-op where the
// module has no APIv2).
import { readFlat } from '__JS_SAFE_MODULE__';

// The core's limits (src/wasm/js_safe.rs MAX_KEYS, MAX_STRING_LENGTH), which `readFlat` is
// called with; js-tests/v2-fast-path.test.mjs checks both paths at these limits.
const MAX_KEYS = 1024;
const MAX_STRING_LENGTH = 1048576;

/** signV2 (0) or buildV2Xml (1), as `__v2Joined`/`__v2Read` take it. */
const SIGN = 0;
const BUILD = 1;

/**
 * The sign type as the hidden exports take it: 0 absent (`undefined` or `null`), 1 'MD5',
 * 2 'HMAC-SHA256'; -1 for anything else, which the glue's export reads and refuses.
 */
function signTypeCode(signType) {
  if (signType === undefined || signType === null) return 0;
  if (signType === 'MD5') return 1;
  if (signType === 'HMAC-SHA256') return 2;
  return -1;
}

/** A string the core would read without refusing it for its length. */
function isText(value) {
  return typeof value === 'string' && value.length <= MAX_STRING_LENGTH;
}

/**
 * The wrappers of `glue`'s signV2, buildV2Xml and verifyV2Xml, or null when its module has no
 * APIv2. `ready()` says whether the module is instantiated (the web entry's init()): before,
 * every call goes to the glue, which throws NOT_INITIALIZED without reading anything.
 */
export function fastV2(glue, ready) {
  const rawSign = glue.signV2;
  const rawBuild = glue.buildV2Xml;
  const rawVerify = glue.verifyV2Xml;
  const joined = glue.__v2Joined;
  const raw = glue.__v2Read;
  const verifyText = glue.__verifyV2Text;
  if (typeof joined !== 'function' || typeof rawSign !== 'function') return null;

  function signed(op, params, apiKey, code) {
    // readFlat catches what the caller's code throws; anything else it could throw is read as
    // the core reads a throwing readFlat (`null`: "params could not be read").
    let read;
    try {
      read = readFlat(params, MAX_KEYS, MAX_STRING_LENGTH, 0, true);
    } catch {
      read = null;
    }
    return typeof read === 'string' ? joined(op, read, apiKey, code) : raw(op, params, read, apiKey, code);
  }

  // Named functions with the glue's parameters: `name` and `length` are the glue's.
  function signV2(params, api_key, sign_type) {
    const code = signTypeCode(sign_type);
    if (code < 0 || typeof params !== 'object' || params === null || api_key === '' || !isText(api_key) || !ready()) {
      return rawSign(params, api_key, sign_type);
    }
    return signed(SIGN, params, api_key, code);
  }

  function buildV2Xml(params, api_key, sign_type) {
    const code = signTypeCode(sign_type);
    if (code < 0 || typeof params !== 'object' || params === null || api_key === '' || !isText(api_key) || !ready()) {
      return rawBuild(params, api_key, sign_type);
    }
    return signed(BUILD, params, api_key, code);
  }

  function verifyV2Xml(xml_doc, api_key, sign_type) {
    const code = signTypeCode(sign_type);
    if (code < 0 || !isText(xml_doc) || api_key === '' || !isText(api_key) || !ready()) {
      return rawVerify(xml_doc, api_key, sign_type);
    }
    return JSON.parse(verifyText(xml_doc, api_key, code));
  }

  return { signV2, buildV2Xml, verifyV2Xml };
}
