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
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const pkg = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'pkg');
/** Bytes of one .wasm module, raw. */
const RAW_BUDGET = 720_000;
/** Bytes of one .wasm module, gzip level 9 (what a CDN or npm tarball compresses it to). */
const GZIP_BUDGET = 299_000;

function wasmFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.wasm'))
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
}

test('every wasm module in the package is within the size budget, raw and gzipped', () => {
  const files = wasmFiles(pkg).filter((f) => !f.includes(`${path.sep}sandbox${path.sep}`));
  assert.ok(files.length >= 1, 'the package holds its wasm module');
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    const gzip = zlib.gzipSync(bytes, { level: 9 }).length;
    const where = path.relative(pkg, file);
    assert.ok(bytes.length <= RAW_BUDGET, `${where}: ${bytes.length} bytes raw, budget ${RAW_BUDGET}`);
    assert.ok(gzip <= GZIP_BUDGET, `${where}: ${gzip} bytes gzipped, budget ${GZIP_BUDGET}`);
  }
});

test('the module is a real, compilable wasm binary (the budget measures the shipped artefact)', async () => {
  const [file] = wasmFiles(pkg);
  const bytes = fs.readFileSync(file);
  assert.deepEqual([...bytes.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d], 'the wasm magic number');
  const module = await WebAssembly.compile(bytes);
  const exports = WebAssembly.Module.exports(module).map((e) => e.name);
  assert.ok(exports.includes('signV2') && exports.includes('wechatpayv3_new'), 'the public entry points are exported');
});
