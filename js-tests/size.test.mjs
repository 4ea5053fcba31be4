// Size budget of the wasm module (a deterministic byte count of the built package, never a
// timing: speed is judged in bench/). The budget is what the module measures today plus a
// little headroom, so that growth is a decision, not an accident: raise it in the same commit
// as the code that needs it, with the reason.
//
// Issue 12's targets are 250 KB raw / 100 KB gzip (or per-provider entries of that size with the
// full module at most 400 KB raw). Not reached yet: measured 601,010 raw / 246,601 gzip (zlib -9)
// after the crypto provider (main before it: 594,200 / 243,392). What the bytes are, by
// twiggy: the WechatPayV3 constructor with the inlined x509/der/spki/pem parsing (64 KB),
// async/closure glue of the promise-returning calls, serde_json (serde_derive'd Deserialize
// of the provider models), float formatting, and the messages.
//
// Issue 13 (platform certificates 'auto' + downloadPlatformCertificates, handleNotification and
// notificationReply on three providers) measured 649,661 raw / 266,528 gzip after merging the
// crypto provider: budgets raised by 38,000 raw and 17,000 gzip to cover it.
//
// Issue 11 (CloudPay drop-in: wx-server-sdk key order, forwarded keys, bounded answer reader) and
// issue 14 merged: 671,296 raw / 273,315 gzip. Raised to 680,000 / 278,000. Cutting the module
// toward issue 12's targets is the next piece of work, not done.
//
// Issue 15's stable codes and config checks, the duplicate-name JSON reader and serde_json's
// float_roundtrip (exact numbers in `raw`) merged: 697,625 raw / 286,197 gzip. Raised to
// 705,000 / 290,000.
//
// Issue 15 §4-5 (a near miss of every option name says "did you mean", the v3 key /
// merchantCertificate / serial pairing with SPKI fingerprints, the SIGN_ERROR verdict with byte
// offsets and invisible characters shown, v2's string-to-sign on a refused signature): measured
// 711,940 raw / 295,238 gzip, from 697,625 / 288,837 on the same toolchain (+14,315 / +6,401;
// twiggy: the SIGN_ERROR detail 2.3 KB, near_miss 1.3 KB, messages 2.7 KB, key pairing 1.8 KB;
// the der crate's encoders, 6 KB, were replaced by a hand-written SPKI). Raised to 716,000 / 299,000.
//
// Issue 13's onEvent hooks (events raised from the one retry loop, certificate refresh and
// notification receivers): 703,689 raw / 292,458 gzip, from 697,625 / 288,837 measured by this
// test on the same machine just before. Event objects are built member by member and the loop's
// decisions moved out of its generic body to keep that small; gzip raised to 293,000.
//
// Both merged (issue 15 §4-5 and issue 13's hooks): 718,202 raw / 296,191 gzip. Raised to
// 720,000 / 299,000 until the size work of issue 12 lands.
//
// Issue 12, size: one budget per module. The package ships the full module (every provider,
// `payquery`) and one per provider entry (`payquery/wechat-v2`, …, built from the same crate
// with one cargo feature each); each budget is its measured size plus a little headroom.
// Measured (raw / gzip -9): payquery 692,842 / 287,786; wechat-v2 255,618 / 110,104;
// wechat-v3 460,450 / 196,751; cloudpay 321,226 / 141,088; fubei 294,207 / 128,161. Issue 12's
// targets (each entry <= 250 KB / 100 KB, the full one <= 400 KB) are not reached yet. What the
// bytes are (twiggy on a build with names, by kind; async = the promise-returning calls' futures
// with the fetch, retry and timer code inlined into them):
//   payquery   async 17%, serde/serde_json 15%, std fmt/str/sort/BTreeMap 14%, shims 11%,
//              data (messages, panic locations, tables) 9%, x509/der/pem 7%, float printing 2.5%
//   wechat-v2  std 22%, async 12%, data 12%, shims 11%, serde_json (params text, results) 7%,
//              XML 6%, digests 5% (sha2 and md-5 at opt-level 3)
//   wechat-v3  serde/serde_json 18%, async 18%, std 12%, x509/der/pem 10%, data 10%
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const pkg = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'pkg');

/**
 * Bytes of each .wasm module the package ships (relative to pkg/): raw, and gzip level 9 (what a
 * CDN or npm tarball compresses it to).
 */
// With issue 15 §4-5 (did you mean, key pairing, SIGN_ERROR verdicts) and issue 13's onEvent
// merged over the split, measured by this test (zlib level 9): payquery 713,455 / 297,476;
// wechat-v2 265,389 / 114,976; wechat-v3 488,856 / 208,824; cloudpay 330,668 / 146,089;
// fubei 302,772 / 132,096.
// With issue 12's speed work merged (crates/hot at opt-level 3: the zero-copy v2 scan, digests,
// hex, base64 and JSON text compiled for speed, and the one-crossing readers), measured:
// payquery 736,414 / 307,637; wechat-v2 284,088 / 122,732; wechat-v3 496,290 / 212,395;
// cloudpay 343,192 / 151,173; fubei 319,328 / 138,222 (+19–23 KB each: the price of v2 verify
// 0.30x -> 0.85x and signV2 0.24x -> 0.73x of node:crypto; see bench/all.mjs).
// Session 4's size work (release modules built with the pinned nightly's build-std and
// panic=immediate-abort; hand-written strict DER/PEM readers instead of the RustCrypto x509
// stack; APIv3 models read by hand from the parsed Value instead of derived Deserialize; one
// shared sort, a small params JSON reader, no serde_json error text; sha2 at opt-level s),
// measured by this test: payquery 598,902 / 257,310; wechat-v2 226,358 / 99,391; wechat-v3
// 364,565 / 163,984; cloudpay 293,828 / 134,538; fubei 270,878 / 122,926. wechat-v2 meets
// issue 12's 250 KB / 100 KB (its budget holds it there: 100,000 gzip is the target itself);
// the others and the full module (<= 400 KB) did not yet.
// Session 5 (results written by a hand-written JSON writer, JSON read by one strict reader of
// the crate's own, so neither serde_json's writer nor its reader is in any module; no standard
// stable sort in CloudPay), measured by this test: payquery 528,391 / 234,144; wechat-v2
// 221,426 / 97,968; wechat-v3 332,711 / 153,356; cloudpay 253,148 / 120,777; fubei
// 217,555 / 102,932. fubei now meets the 250 KB raw target; its gzip, cloudpay, wechat-v3 and
// the full module do not yet.
// The one-crossing APIv2 paths (three hidden exports, src/wasm/v2_fast.rs; signV2 0.67x -> 0.81x of
// node:crypto) measured 533,146 / 235,954 and wechat-v2 226,077 / 98,528 (this test): budgets raised by
// 4,000 raw / 1,500 gzip and 3,000 raw; wechat-v2 still meets 250 KB / 100 KB.
// Issue 12, fubei: the values Fubei's orders do not type (`raw`, the untyped fields) kept as
// read and written verbatim (numbers as their source text, members in wire order), so that no
// number goes through a double (core's float parser and its tables, the fubei `plain()`
// conversion and serde_json's map are gone from the module), and the request body written from
// the sorted parameters instead of a serde_json map. Measured by this test on main with fp
// merged: fubei 218,112 / 103,158 -> 195,058 / 86,364 (the full module 533,146 / 235,954 ->
// 532,146 / 235,393). fubei now meets issue 12's 250 KB / 100 KB.
// Repeated names found by the crate's one sort instead of a BTreeSet<&str> (json_value):
// fubei 192,489 / 85,189; payquery 529,737 / 234,359; wechat-v3 331,244 / 152,766; cloudpay
// 253,107 / 120,714; wechat-v2 226,072 / 99,423.
// Budgets after both: the full module 531,000 / 235,500, wechat-v3 332,500 / 153,500, cloudpay
// 254,000 / 121,200 (the measured sizes plus ~0.5 %).
// verifyV2Xml ~25 % faster (issue 12: the plain v2 scan without quick-xml, crates/hot/src/plain_xml.rs;
// quick-xml and memchr now at opt-level "s") measured payquery 533,614 / 236,565; wechat-v2
// 226,397 / 99,934; wechat-v3 332,979 / 153,495; cloudpay 253,313 / 121,262; fubei 218,172 /
// 103,210 (this test's zlib level 9), measured on main before fb; merged after it, see below.
// Issue 12, error details: `Error.detail` a `json_value::Value` (details built member by member,
// names in the order serde_json's map gave them; WeChat Pay's own `detail` kept as read) instead of
// a serde_json `Value`, and `json_value` values written with numbers that are not 64-bit integers
// as their text: serde_json's `Value`, its map, core's float parser and the float printer left
// the modules that used them only for this. Measured by this test: wechat-v2 226,072 / 99,423 ->
// 216,708 / 95,163; fubei 192,489 / 85,189 -> 186,745 / 82,021; wechat-v3 331,244 / 152,766 ->
// 329,411 / 152,672; cloudpay 253,107 / 120,714 -> 253,501 / 121,169 and payquery 529,737 /
// 234,359 -> 530,116 / 235,868 (these two still hold serde_json's `Value` for their answers, and
// now also the new writer: raised until CloudPay moves off it). Budgets: measured + ~0.5 %.
// Issue 12, APIv3 answers: orders, notifications and certificate answers read from the crate's
// `json_value::Value` directly (typed reads in `core::json_read`, `raw` and the unknown members
// kept as read, members in wire order, numbers as their text) instead of a serde_json `Value`
// converted from it: serde_json's `Value` and map, core's float parser and the float printer
// left wechat-v3. Measured by this test: wechat-v3 329,411 / 152,672 -> 293,287 / 129,671;
// payquery 530,116 / 235,868 -> 521,746 / 232,410 (wechat-v2 216,764 / 95,184, cloudpay
// 253,561 / 121,171, fubei 186,801 / 82,058: +56 to +60 bytes each, not traced).
// Budgets: measured + ~0.5 %.
// Issue 12, CloudPay: the caller's input and the platform's answer held as `json_value::Value`
// (the caller's numbers as JavaScript's own text of them, `Number.prototype.toString`, read back
// with `parseFloat`; integers decided on their digits) instead of serde_json's `Value`: no module
// links serde_json's `Value`, its map, core's float parser or a float printer any more. Measured
// by this test: cloudpay 253,561 / 121,171 -> 214,253 / 95,853 (meets 250 KB / 100 KB); payquery
// 521,746 / 232,410 -> 482,501 / 206,720. Budgets: measured + ~0.5 %.
// A string that does not fit an APIv3 model is quoted in the misfit message by quote_untrusted
// (bounded, escaped) instead of `{:?}`, which linked str's Debug and its Unicode escape tables:
// wechat-v3 293,287 / 129,671 -> 288,154 / 126,432; payquery 482,501 / 206,715 -> 477,369 /
// 203,453 (this test). Budgets: measured + ~0.5 %.
// Merged together (v2v's plain scan with nj), measured by this test: payquery 477,842 / 203,897;
// wechat-v2 217,051 / 95,522; wechat-v3 288,421 / 126,624; cloudpay 214,557 / 96,408; fubei
// 186,866 / 82,119. Budgets: measured + ~0.5 %. wechat-v2, cloudpay and fubei meet issue 12's
// 250 KB / 100 KB; wechat-v3 and the full module (<= 400 KB raw) do not yet.
// Issue 12, short import and export names (scripts/short_names.js: wasm-bindgen's
// `__wbg_<name>_<hash>` imports under `./payquery_bg.js` and its own exports renamed to one or
// two letters in the module and both glues), measured by this test: payquery 473,867 / 202,074;
// wechat-v2 213,036 / 93,685; wechat-v3 284,661 / 124,931; cloudpay 210,466 / 94,527; fubei
// 182,857 / 80,188 (about 4.3 KB raw and 1.5 KB gzip less each). Budgets: measured + ~100 bytes.
// A notification reply's headers written from its one optional Content-Type instead of a
// BTreeMap<String, String> (whose B-tree code was in every module with a receiver): payquery
// 472,090 / 201,181; wechat-v2 211,222 / 92,803; wechat-v3 280,800 / 123,105; cloudpay
// 210,470 / 94,543; fubei 178,974 / 78,148. Budgets: measured + ~100 bytes.
// Built with -Zlocation-detail=none (no panic locations: immediate-abort never prints them) and
// wasm-opt --low-memory-unused -Oz -Oz (scripts/build): payquery 467,974 / 199,255; wechat-v2
// 209,133 / 91,491; wechat-v3 277,808 / 121,453; cloudpay 208,469 / 93,242; fubei 177,258 /
// 77,383. Budgets: measured + ~100 bytes.
// to_js's conversion and error path once for every result type, and Value::object once for every
// member count: payquery 460,048 / 195,381; wechat-v2 204,053 / 89,070; wechat-v3 270,997 /
// 118,199; cloudpay 203,869 / 91,007 (+272 / +140: its few instances lose their inlining);
// fubei 171,800 / 75,172. Budgets: measured + ~100 bytes.
// wasm-opt --merge-similar-functions, and HTTP statuses printed as u32 (no u16 formatter):
// payquery 457,836 / 195,143; wechat-v2 203,551 / 88,862; wechat-v3 269,384 / 117,974;
// cloudpay 203,315 / 90,875; fubei 171,169 / 75,094. Budgets: measured + ~100 bytes.
// Arrays of models read by loops instead of `collect()` into a `Result` (json_read::array, the
// certificate download, v2 coupons, Fubei's payment_list), option-name near misses compared as
// characters without a String between: payquery 454,415 / 193,912; wechat-v2 202,944 /
// 88,594; wechat-v3 267,298 / 117,153; cloudpay 202,752 / 90,580; fubei 170,293 / 74,791.
// Budgets: measured + ~100 bytes. The same for CloudPay's wire members: payquery 453,764 /
// 193,633; cloudpay 202,090 / 90,252. Without the producers section (wasm-opt
// --strip-producers, 105 bytes less each): payquery 453,657 / 193,542; wechat-v2 202,837 /
// 88,501; wechat-v3 267,191 / 117,061; cloudpay 201,983 / 90,157; fubei 170,186 / 74,705.
// With the code-side work merged (one HTTP retry loop, one boxed future_to_promise, plain
// functions out of the async state machines, loops instead of collect into Result), std's
// dlmalloc kept and wasm-opt without --merge-similar-functions (see scripts/build): payquery
// 427,124 / 184,127; wechat-v2 200,705 / 88,431; wechat-v3 253,840 / 112,565; cloudpay
// 198,022 / 89,328; fubei 164,264 / 74,350. Budgets: measured + ~100 bytes.
// Session 8: functions ordered by similarity for gzip (scripts/order_functions.mjs), payquery's
// own SHA-256 and strict APIv2 XML reader in place of sha2/hmac and quick-xml, smaller v3
// client, constructor, explain and error code, CloudPay's typing without copies: payquery
// 397,791 / 170,496; wechat-v2 178,119 / 79,705; wechat-v3 242,320 / 106,716; cloudpay
// 173,824 / 79,429; fubei 157,926 / 71,808. Budgets: measured + ~100 bytes.
// Every entry meets issue 12's 250 KB raw and the full module its 400 KB; wechat-v3 is still
// above 100 KB gzip.
const BUDGETS = {
  'payquery_bg.wasm': { raw: 397_900, gzip: 170_600 },
  'wechat-v2/payquery_bg.wasm': { raw: 178_250, gzip: 79_850 },
  'wechat-v3/payquery_bg.wasm': { raw: 242_450, gzip: 106_850 },
  'cloudpay/payquery_bg.wasm': { raw: 173_950, gzip: 79_550 },
  'fubei/payquery_bg.wasm': { raw: 158_050, gzip: 71_950 },
};

function wasmFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.wasm'))
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
}

test('the package ships exactly the budgeted modules: the full one and one per provider entry', () => {
  const shipped = wasmFiles(pkg)
    .filter((f) => !f.includes(`${path.sep}sandbox${path.sep}`))
    .map((f) => path.relative(pkg, f).split(path.sep).join('/'))
    .sort();
  assert.deepEqual(shipped, Object.keys(BUDGETS).sort());
});

for (const [file, budget] of Object.entries(BUDGETS)) {
  test(`${file} is within its size budget, raw and gzipped`, () => {
    const bytes = fs.readFileSync(path.join(pkg, file));
    const gzip = zlib.gzipSync(bytes, { level: 9 }).length;
    assert.ok(bytes.length <= budget.raw, `${file}: ${bytes.length} bytes raw, budget ${budget.raw}`);
    assert.ok(gzip <= budget.gzip, `${file}: ${gzip} bytes gzipped, budget ${budget.gzip}`);
  });
}

test('each module is a real, compilable wasm binary exporting its entry points (the budget measures the shipped artefact)', async () => {
  const expected = {
    'payquery_bg.wasm': ['signV2', 'wechatpayv3_new', 'cloudpay_new', 'fubei_new'],
    'wechat-v2/payquery_bg.wasm': ['signV2', 'wechatpayv2_new'],
    'wechat-v3/payquery_bg.wasm': ['wechatpayv3_new', 'explainV3'],
    'cloudpay/payquery_bg.wasm': ['cloudpay_new'],
    'fubei/payquery_bg.wasm': ['signFubei', 'fubei_new'],
  };
  const providers = ['wechatpayv2_new', 'wechatpayv3_new', 'cloudpay_new', 'fubei_new'];
  for (const [file, names] of Object.entries(expected)) {
    const bytes = fs.readFileSync(path.join(pkg, file));
    assert.deepEqual([...bytes.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d], `${file}: the wasm magic number`);
    const module = await WebAssembly.compile(bytes);
    const exports = WebAssembly.Module.exports(module).map((e) => e.name);
    for (const name of names) assert.ok(exports.includes(name), `${file} exports ${name}`);
    // A provider entry holds only its provider's client.
    if (file !== 'payquery_bg.wasm') {
      assert.deepEqual(providers.filter((p) => exports.includes(p)), names.filter((n) => providers.includes(n)), file);
    }
  }
});
