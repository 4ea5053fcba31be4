// signV2, buildV2Xml and verifyV2Xml in one crossing (pkg-template/shared/fast_v2.js and
// src/wasm/v2_fast.rs): the entry's functions take a fast way for the common arguments and hand
// anything else to the glue's exports. Both ways must give the same results and the same errors,
// read each params value exactly once, and agree with node:crypto. The glue's exports are the
// reference here: loaded on their own (pkg/node/payquery.js), they are what the entry called
// before the fast way existed.
import test from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { pq } from './helpers.mjs';
import { mulberry32 } from './prng.mjs';

const require = createRequire(import.meta.url);
/** The glue's own exports, every argument read by the core (the way the fast one must match). */
const slow = require('../pkg/node/payquery.js');
const v2Entry = require('../pkg/wechat-v2/node/index.cjs');
const KEY = '192006250b4c09247ec02edce69f6a2d';
const MAX_KEYS = 1024;
const MAX_STRING_LENGTH = 1 << 20;

/** What a call returned or threw, comparable across the two module instances. */
function outcome(fn) {
  try {
    return { ok: fn() };
  } catch (e) {
    return { error: { name: e?.constructor?.name, code: e?.code, message: e?.message } };
  }
}

const NAME_PARTS = ['a', 'b', 'z', '_', 'id', 'fee', 'x1', '中', 'é', '😀', '&', '<', '>', '"', "'", ' ', 'A', '9'];
const TEXT_PARTS = ['', 'x', 'SUCCESS', '101', '中文', '测试商品', '😀', 'é', ' ', '&', '<', '>', ']]>', '<![CDATA[', '"', "'", '\n', '\t', '=', '\0', '\uD800', '\uDFFF', 'ibuaiVcKdpRxkhJA'];

function pick(r, list) {
  return list[Math.floor(r() * list.length)];
}

function text(r, parts, max) {
  let s = '';
  const n = Math.floor(r() * max);
  for (let i = 0; i < n; i++) s += pick(r, parts);
  return s;
}

/** A params value: mostly strings, then everything else a caller may pass. */
function value(r) {
  const x = r();
  if (x < 0.6) return text(r, TEXT_PARTS, 6);
  if (x < 0.7) return pick(r, [0, 1, -1, 42, 101, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]);
  if (x < 0.78) return r() < 0.5;
  if (x < 0.86) return r() < 0.5 ? null : undefined;
  if (x < 0.9) return '';
  // Refused: the first of these ends the read with an error (on both ways alike).
  return pick(r, [1.5, NaN, Infinity, 2 ** 60, {}, [], 10n, Symbol('s'), () => 1, new String('boxed')]);
}

function params(r, fields) {
  const out = {};
  for (let i = 0; i < fields; i++) {
    const name = r() < 0.05 ? pick(r, ['sign', 'sign_type', 'k\0']) : text(r, NAME_PARTS, 4) || 'n';
    out[name] = name === 'sign_type' ? pick(r, ['MD5', 'HMAC-SHA256', 'md5']) : value(r);
  }
  return out;
}

/** APIv2 signing with node:crypto: non-empty fields but `sign`, sorted by their UTF-8 bytes. */
function cryptoSign(fields, key, signType) {
  const entries = Object.entries(fields)
    .filter(([k, v]) => k !== 'sign' && v !== null && v !== undefined && String(v) !== '')
    .map(([k, v]) => [Buffer.from(k), String(v)])
    .sort((a, b) => Buffer.compare(a[0], b[0]));
  // With no field to sign, the core signs `key=…` alone.
  const text = [...entries.map(([k, v]) => `${k}=${v}`), `key=${key}`].join('&');
  const hash = signType === 'HMAC-SHA256' ? crypto.createHmac('sha256', key) : crypto.createHash('md5');
  return hash.update(text, 'utf8').digest('hex').toUpperCase();
}

/** Values a document can carry back (no NUL, no lone surrogate). */
const VERIFY_TEXT = TEXT_PARTS.filter((t) => !/[\0\uD800-\uDFFF]/.test(t));
const SIGN_TYPES = [undefined, null, 'MD5', 'HMAC-SHA256', 'md5', 'SHA256', '', 1, {}];
const KEYS = [KEY, 'k', '中文密钥😀', 'a\0b', '', 42, null, undefined];

test('signV2 and buildV2Xml: the fast way gives what the glue gives, and signs as node:crypto does', () => {
  const r = mulberry32(12);
  let fast = 0;
  let signed = 0;
  for (let i = 0; i < 1500; i++) {
    const fields = i % 50 === 0 ? 300 : Math.floor(r() * 40);
    const p = params(r, fields);
    const key = r() < 0.85 ? KEY : pick(r, KEYS);
    const st = r() < 0.8 ? pick(r, SIGN_TYPES.slice(0, 4)) : pick(r, SIGN_TYPES);
    const got = outcome(() => pq.signV2(p, key, st));
    assert.deepEqual(got, outcome(() => slow.signV2(p, key, st)), `signV2 #${i}`);
    assert.deepEqual(outcome(() => pq.buildV2Xml(p, key, st)), outcome(() => slow.buildV2Xml(p, key, st)), `buildV2Xml #${i}`);
    if (typeof key === 'string' && key !== '' && [undefined, null, 'MD5', 'HMAC-SHA256'].includes(st)) fast++;
    if (got.ok !== undefined) {
      signed++;
      assert.equal(got.ok, cryptoSign(p, key, st === 'HMAC-SHA256' ? st : 'MD5'), `signV2 #${i} against node:crypto`);
    }
  }
  assert.ok(fast > 1000 && signed > 300, `enough calls took the fast way (${fast}) and signed (${signed})`);
});

test('verifyV2Xml: the fast way gives what the glue gives, for documents signed, tampered and broken', () => {
  const r = mulberry32(34);
  let verified = 0;
  for (let i = 0; i < 800; i++) {
    const fields = {};
    const n = i % 100 === 0 ? 300 : Math.floor(r() * 40);
    for (let j = 0; j < n; j++) fields[`f${j}_${text(r, ['a', 'b', '_', '1'], 3)}`] = text(r, VERIFY_TEXT, 5);
    const st = pick(r, ['MD5', 'HMAC-SHA256', undefined]);
    const built = outcome(() => slow.buildV2Xml(fields, KEY, st));
    let xml = built.ok ?? `<xml><a>${text(r, TEXT_PARTS, 8)}</a></xml>`;
    const mutation = r();
    if (mutation < 0.1) xml = xml.replace(/<sign>[0-9A-F]/, '<sign>0');
    else if (mutation < 0.15) xml = xml.slice(0, Math.floor(r() * xml.length));
    else if (mutation < 0.18) xml = `<!DOCTYPE x>${xml}`;
    else if (mutation < 0.21) xml = xml.replace('</xml>', '<a>1</a><a>2</a></xml>');
    const key = r() < 0.9 ? KEY : pick(r, KEYS);
    const vst = r() < 0.9 ? st : pick(r, SIGN_TYPES);
    const got = outcome(() => pq.verifyV2Xml(xml, key, vst));
    assert.deepEqual(got, outcome(() => slow.verifyV2Xml(xml, key, vst)), `verifyV2Xml #${i}`);
    if (got.ok) verified++;
    // The bytes of the same document take the glue's way.
    const bytes = new TextEncoder().encode(xml);
    assert.deepEqual(outcome(() => pq.verifyV2Xml(bytes, key, vst)), got, `verifyV2Xml bytes #${i}`);
  }
  assert.ok(verified > 300, `enough documents verified (${verified})`);
});

test('each params value is read exactly once on either way, and a throwing getter is the same error', () => {
  for (const [key, st] of [[KEY, 'MD5'], [KEY, undefined], ['', 'MD5'], [KEY, 'md5'], [7, 'MD5']]) {
    for (const fn of ['signV2', 'buildV2Xml']) {
      let reads = 0;
      const p = { appid: 'wx1', mch_id: '10000100' };
      Object.defineProperty(p, 'nonce_str', { enumerable: true, get: () => (reads++, 'n1') });
      const got = outcome(() => pq[fn](p, key, st));
      assert.equal(reads, 1, `${fn}(…, ${JSON.stringify(key)}, ${JSON.stringify(st)}): one read`);
      assert.deepEqual(got, outcome(() => slow[fn](p, key, st)));
      const throwing = { a: '1', get b() { throw new Error('secret'); } };
      assert.deepEqual(outcome(() => pq[fn](throwing, key, st)), outcome(() => slow[fn](throwing, key, st)));
    }
  }
  // Proxies: every trap runs once on the fast way, as on the glue's.
  const traps = [];
  const target = { a: '1', b: 2 };
  const proxy = new Proxy(target, {
    ownKeys: (t) => (traps.push('ownKeys'), Reflect.ownKeys(t)),
    get: (t, k) => (traps.push(`get ${String(k)}`), t[k]),
    getOwnPropertyDescriptor: (t, k) => Reflect.getOwnPropertyDescriptor(t, k),
  });
  assert.equal(pq.signV2(proxy, KEY), cryptoSign(target, KEY, 'MD5'));
  assert.deepEqual(traps, ['ownKeys', 'get a', 'get b']);
  const { proxy: revoked, revoke } = Proxy.revocable({}, {});
  revoke();
  assert.deepEqual(outcome(() => pq.signV2(revoked, KEY)), outcome(() => slow.signV2(revoked, KEY)));
  assert.equal(outcome(() => pq.signV2(revoked, KEY)).error.code, 'INVALID_ARGUMENT');
});

test('both ways agree at the limits of what the core reads', () => {
  const many = (n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, `v${i}`]));
  const long = 'x'.repeat(MAX_STRING_LENGTH + 1);
  const cases = [
    ['signV2', many(MAX_KEYS), KEY],
    ['signV2', many(MAX_KEYS + 1), KEY],
    ['signV2', { a: 'x'.repeat(MAX_STRING_LENGTH) }, KEY],
    ['signV2', { a: long }, KEY],
    ['signV2', { [long]: '1' }, KEY],
    ['signV2', { a: '1' }, long],
    ['signV2', { a: '1' }, 'k'.repeat(MAX_STRING_LENGTH)],
    ['buildV2Xml', many(MAX_KEYS + 1), KEY],
    ['verifyV2Xml', long, KEY],
    ['verifyV2Xml', `<xml><a>${'中'.repeat(MAX_STRING_LENGTH / 2)}</a></xml>`, KEY],
    ['verifyV2Xml', '<xml><a>1</a></xml>', long],
  ];
  for (const [fn, arg, key] of cases) {
    const got = outcome(() => pq[fn](arg, key));
    assert.deepEqual(got, outcome(() => slow[fn](arg, key)), `${fn} at a limit`);
  }
  assert.ok(outcome(() => pq.signV2(many(MAX_KEYS), KEY)).ok);
  assert.match(outcome(() => pq.signV2(many(MAX_KEYS + 1), KEY)).error.message, /1025 keys/);
});

test('the entries export the glue-shaped functions and no hidden export', async () => {
  for (const entry of [pq, v2Entry]) {
    for (const [fn, length] of [['signV2', 3], ['buildV2Xml', 3], ['verifyV2Xml', 3]]) {
      assert.equal(entry[fn].name, fn);
      assert.equal(entry[fn].length, length);
    }
    assert.deepEqual(Object.keys(entry).filter((k) => k.startsWith('__')), []);
  }
  assert.equal(v2Entry.signV2({ a: '中文' }, KEY, 'HMAC-SHA256'), cryptoSign({ a: '中文' }, KEY, 'HMAC-SHA256'));
});

test('web entry: nothing is read before init(), and after it the fast way signs', async () => {
  const web = await import('../pkg/wechat-v2/web/index.js');
  let reads = 0;
  const p = { get a() { reads++; return '1'; } };
  assert.equal(outcome(() => web.signV2(p, KEY)).error.code, 'NOT_INITIALIZED');
  assert.equal(outcome(() => web.verifyV2Xml('<xml/>', KEY)).error.code, 'NOT_INITIALIZED');
  assert.equal(reads, 0, 'no getter ran before init()');
  web.initSync(fs.readFileSync(new URL('../pkg/wechat-v2/payquery_bg.wasm', import.meta.url)));
  assert.equal(web.signV2(p, KEY), cryptoSign({ a: '1' }, KEY, 'MD5'));
  assert.equal(reads, 1);
  // The hidden export the fast way calls with readFlat's answer is reachable through the web
  // entry's glue namespace: a hostile array handed to it directly is an error, never an exception
  // through wasm frames (which would, a few thousand times over, break the instance).
  const hostile = new Proxy(['a', '1', 'b'], {
    get(t, k) {
      if (k === 'length' || k === '1') throw new Error('trap');
      return t[k];
    },
  });
  const huge = new Proxy(['a', '1'], { get: (t, k) => (k === 'length' ? 2 ** 32 : t[k]) });
  for (let i = 0; i < 2000; i++) {
    assert.equal(outcome(() => web.__v2Read(0, {}, hostile, KEY, 1)).error.code, 'INVALID_ARGUMENT');
  }
  assert.equal(outcome(() => web.__v2Read(0, {}, huge, KEY, 1)).error.code, 'INVALID_ARGUMENT');
  assert.equal(web.signV2({ a: '1' }, KEY), cryptoSign({ a: '1' }, KEY, 'MD5'));
  const xml = web.buildV2Xml({ a: '中文', b: 2 }, KEY, 'HMAC-SHA256');
  assert.deepEqual(web.verifyV2Xml(xml, KEY, 'HMAC-SHA256'), { a: '中文', b: '2', sign: cryptoSign({ a: '中文', b: 2 }, KEY, 'HMAC-SHA256') });
});
