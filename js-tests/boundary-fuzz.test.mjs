// The JS boundary under fuzz: hostile JavaScript values (throwing getters, Proxies with
// throwing traps, revoked Proxies, throwing toString/valueOf/Symbol.toPrimitive, Symbols,
// BigInts, huge strings and byte arrays, nesting 5,000 deep, cycles, sparse arrays, getters that
// change their answer, functions that throw, return junk or never settle) in every argument and
// config position of every public entry point, thousands of times, on one instance.
//
// Asserted: every throw and rejection is a PayQueryError with a documented code (the one
// documented exception: a v3 `signer`'s own error propagates unchanged), every promise settles
// (raced against a generous bound), nothing escapes as an unhandled rejection or uncaught
// exception, wasm memory stays bounded, and afterwards the official v2 vector still signs and a
// real query against the sandbox still succeeds on the same instance.
//
// Bounded and seeded: PAYQUERY_FUZZ_SEED replays a run (the seed is printed), and
// PAYQUERY_FUZZ_ITERATIONS sets its length (default 3000, a few seconds).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pq, OFFICIAL, sandbox, v2Client } from './helpers.mjs';
import { mulberry32 } from './prng.mjs';

const SEED = Number(process.env.PAYQUERY_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 32)) >>> 0;
const ITERATIONS = Number(process.env.PAYQUERY_FUZZ_ITERATIONS ?? 3000);
/** A call still pending after this long fails the run: far beyond every timeout used here. */
const SETTLE_BOUND_MS = 8000;

/** The documented codes: the README's error table. */
const CODES = new Set(
  [...readFileSync(new URL('../README.md', import.meta.url), 'utf8').matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]),
);

/** A seeded picker of inputs over the tests' generator (prng.mjs). */
function prng(seed) {
  const next = mulberry32(seed);
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (list) => list[int(list.length)], chance: (p) => next() < p };
}

/** What hostile functions throw, so that a leak of it is recognisable. */
class CallerError extends Error {}
const boom = () => {
  throw new CallerError('caller code threw');
};
const never = () => new Promise(() => {});

const KEYS = [
  'appid', 'mchId', 'apiKey', 'signType', 'subAppid', 'subMchId', 'baseUrl', 'backupBaseUrl', 'fetch', 'timeoutMs',
  'retries', 'mchid', 'spMchid', 'subMchid', 'merchantSerialNo', 'privateKey', 'signer', 'wechatpayPublicKey',
  'platformCertificates', 'apiV3Key', 'maxSkewSeconds', 'appId', 'vendorSn', 'appSecret', 'api', 'merchantId', 'cloud',
  'outTradeNo', 'transactionId', 'combineOutTradeNo', 'merchantOrderSn', 'orderSn', 'insOrderSn', 'out_trade_no',
  'signal', 'status', 'headers', 'body', 'now', 'nonce', 'timestamp', 'request', 'response', 'wechatMessage', 'method',
  'url', 'sign', 'sign_type', 'nonce_str', 'result_code', 'data', 'cloudPay', 'queryOrder', 'errCode', 'errMsg',
];

// Built once: large values are shared, not rebuilt every iteration.
const HUGE_STRING = 'x'.repeat(2 * 1024 * 1024 + 1);
const HUGE_BYTES = new Uint8Array(2 * 1024 * 1024 + 1);
function nested(depth, array) {
  let v = 'leaf';
  for (let i = 0; i < depth; i++) v = array ? [v] : { a: v, outTradeNo: 'x' };
  return v;
}
const DEEP_ARRAY = nested(5000, true);
const DEEP_OBJECT = nested(5000, false);
const CYCLE = { outTradeNo: 'x' };
CYCLE.self = CYCLE;
CYCLE.list = [CYCLE];
const SPARSE = [];
SPARSE[1_000_000] = 'x';
const WIDE = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, 'v']));

function revoked() {
  const { proxy, revoke } = Proxy.revocable({ outTradeNo: 'x' }, {});
  revoke();
  return proxy;
}

/** A hostile value; `depth` bounds the recursion of values that hold other hostile values. */
function hostile(r, depth = 0) {
  const inner = () => (depth < 2 ? hostile(r, depth + 1) : 'x');
  switch (r.int(30)) {
    case 0: return undefined;
    case 1: return null;
    case 2: return r.pick([true, false, 0, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 53, -0, 599, 100]);
    case 3: return r.pick(['', 'x', '\u0000', '\ud800', 'MD5', 'HMAC-SHA256', '1.0', '2.0', 'http://127.0.0.1:9', '<xml></xml>', '{}', 'a=b&c']);
    case 4: return HUGE_STRING;
    case 5: return Symbol('hostile');
    case 6: return r.pick([10n, 2n ** 70n]);
    case 7: { // a getter that throws, on a random key
      const o = {};
      Object.defineProperty(o, r.pick(KEYS), { get: boom, enumerable: true });
      return o;
    }
    case 8: { // a Proxy with some throwing traps
      const traps = {};
      for (const trap of ['get', 'ownKeys', 'getOwnPropertyDescriptor', 'has', 'getPrototypeOf']) if (r.chance(0.5)) traps[trap] = boom;
      return new Proxy(r.chance(0.5) ? { outTradeNo: 'x', status: 200, body: 'x' } : [], traps);
    }
    case 9: return revoked();
    case 10: return { toString: boom, valueOf: boom, [Symbol.toPrimitive]: boom };
    case 11: return r.chance(0.5) ? DEEP_ARRAY : DEEP_OBJECT;
    case 12: return CYCLE;
    case 13: return r.chance(0.5) ? SPARSE : Object.assign([], { length: 2 ** 32 - 1 });
    case 14: { // a getter that answers differently each time it is read
      let n = 0;
      const o = {};
      Object.defineProperty(o, r.pick(KEYS), { get: () => [`v${n}`, { n }, undefined, 7][n++ % 4], enumerable: true });
      return o;
    }
    case 15: return r.pick([boom, never, () => inner(), async () => inner(), async () => boom(), function () { return this; }]);
    case 16: return HUGE_BYTES;
    case 17: return new Proxy(new Uint8Array(8), r.chance(0.5) ? { get: boom } : {});
    case 18: return Object.setPrototypeOf(new Uint8Array(4), new Proxy({}, { getPrototypeOf: boom, get: boom }));
    case 19: return { [r.pick(KEYS)]: inner(), [r.pick(KEYS)]: inner() };
    case 20: return [inner(), inner()];
    case 21: return WIDE;
    case 22: return { then: r.pick([boom, () => {}, (ok) => ok(inner())]) };
    case 23: return new Headers({ 'content-length': r.pick(['5', '99999999', 'x', '-1']) });
    case 24: return { forEach: r.pick([boom, (cb) => cb(inner(), inner()), (cb) => { for (let i = 0; i < 5000; i++) cb(HUGE_STRING, 'k'); }]), get: () => null };
    case 25: return Object.create(null);
    case 26: return new Date(NaN);
    case 27: return { aborted: r.chance(0.5), addEventListener: r.pick([boom, () => {}]), removeEventListener: boom };
    case 28: return Buffer.from('<xml><return_code>SUCCESS</return_code></xml>');
    default: return hostileFetch(r, depth);
  }
}

/** A `fetch` whose response is hostile somewhere: the response itself, a getter, a body read. */
function hostileFetch(r, depth) {
  const junk = () => (depth < 2 ? hostile(r, depth + 1) : null);
  const reader = () => {
    const kind = r.int(6);
    return {
      read: [boom, never, async () => junk(), async () => ({ done: false, value: junk() }), async () => ({ done: false, value: HUGE_BYTES }), async () => ({ done: true })][kind],
      cancel: r.pick([boom, never, async () => {}, () => Promise.reject(new CallerError('late'))]),
    };
  };
  const response = () => {
    const res = { status: r.pick([200, 200, 302, 0, 99, 600, 404, 500, junk()]), headers: r.pick([new Headers(), new Headers({ 'content-length': '3' }), junk()]) };
    res.body = r.pick([null, undefined, { getReader: () => reader() }, { getReader: boom }, junk()]);
    res.arrayBuffer = r.pick([async () => new ArrayBuffer(3), never, boom, async () => junk()]);
    if (r.chance(0.3)) Object.defineProperty(res, r.pick(['status', 'headers', 'body', 'arrayBuffer']), { get: boom });
    return res;
  };
  return r.pick([
    () => Promise.resolve(junk()),
    boom,
    never,
    async () => response(),
    () => ({ then: (ok) => ok(response()) }),
  ]);
}

/** `base` with `n` of its keys (or new ones) replaced by hostile values, or a hostile value. */
function mutate(r, base) {
  if (r.chance(0.15)) return hostile(r);
  if (base === null || typeof base !== 'object') return base;
  const o = { ...base };
  const n = 1 + r.int(2);
  for (let i = 0; i < n; i++) o[r.chance(0.8) ? r.pick(Object.keys(base)) : r.pick(KEYS)] = hostile(r);
  if (r.chance(0.1)) Object.defineProperty(o, r.pick(Object.keys(o)), { get: boom, enumerable: true });
  return o;
}

test(`hostile values in every position give coded errors, settle, and leave the instance intact (seed ${SEED})`, async (t) => {
  t.diagnostic(`seed ${SEED} (replay with PAYQUERY_FUZZ_SEED=${SEED}), ${ITERATIONS} iterations`);
  console.log(`boundary-fuzz seed ${SEED} (replay with PAYQUERY_FUZZ_SEED=${SEED})`);
  const r = prng(SEED);
  const sb = await sandbox(t);
  const c2 = sb.credentials.v2;
  const c3 = sb.credentials.v3;
  const cf = sb.credentials.fubei;
  const timing = { timeoutMs: 50, retries: 0 };
  // Every config is valid until mutated; timeouts are short so that nothing waits long.
  const v2Config = { appid: c2.appid, mchId: c2.mchId, apiKey: c2.apiKey, baseUrl: sb.url };
  const v3Config = { mchid: c3.mchid, merchantSerialNo: c3.merchantSerialNo, privateKey: c3.privateKey, wechatpayPublicKey: c3.wechatpayPublicKey, apiV3Key: c3.apiV3Key, baseUrl: sb.url };
  const v3SignerConfig = { mchid: c3.mchid, merchantSerialNo: c3.merchantSerialNo, signer: async () => 'c2lnbg==', wechatpayPublicKey: c3.wechatpayPublicKey, baseUrl: sb.url };
  const fubeiConfig = { appId: cf.appId, appSecret: cf.appSecret, api: '1.0', baseUrl: sb.url };
  const cloud = { cloudPay: { queryOrder: async () => ({ returnCode: 'SUCCESS', resultCode: 'SUCCESS' }) } };
  const hostileCloud = () => ({ cloudPay: { queryOrder: r.pick([boom, never, async () => hostile(r), async () => DEEP_OBJECT, async () => DEEP_ARRAY, async () => CYCLE, async () => WIDE, () => hostile(r)]) } });
  const v2Query = { outTradeNo: 'PQ-V2-PAID' };
  const options = { timeoutMs: 50, retries: 0 };
  const xml = pq.buildV2Xml({ return_code: 'SUCCESS', result_code: 'SUCCESS', out_trade_no: 'x' }, c2.apiKey);
  const responseInput = { status: 200, headers: { 'content-type': 'text/xml' }, body: xml };

  const clients = {
    v2: new pq.WechatPayV2({ ...v2Config, ...timing }),
    v3: new pq.WechatPayV3({ ...v3Config, ...timing }),
    fubei: new pq.Fubei({ ...fubeiConfig, ...timing }),
    cloud: new pq.CloudPay({ cloud }),
    cloudSigning: new pq.CloudPay({ ...v2Config, ...timing }),
  };
  const fetchOf = (base) => ({ ...base, ...timing, fetch: hostileFetch(r, 0) });

  /** Entry points: each builds its arguments from valid bases, mutated. Async ones return promises. */
  const entries = [
    ['signV2', () => pq.signV2(mutate(r, OFFICIAL.params), mutate(r, OFFICIAL.key), mutate(r, 'MD5'))],
    ['buildV2Xml', () => pq.buildV2Xml(mutate(r, OFFICIAL.params), mutate(r, OFFICIAL.key), mutate(r, undefined))],
    ['verifyV2Xml', () => pq.verifyV2Xml(mutate(r, xml), mutate(r, c2.apiKey), mutate(r, 'MD5'))],
    ['explainV2', () => pq.explainV2(mutate(r, OFFICIAL.params), mutate(r, OFFICIAL.key), mutate(r, 'HMAC-SHA256'))],
    ['signFubei', () => pq.signFubei(mutate(r, { app_id: 'a', method: 'm', nonce: 'n' }), mutate(r, 'secret'))],
    ['explainFubei', () => pq.explainFubei(mutate(r, { app_id: 'a', sign: 'X' }), mutate(r, 'secret'))],
    ['verifyFubeiNotification', () => pq.verifyFubeiNotification(mutate(r, { result_code: '200', data: '{}', sign: 'X' }), mutate(r, 'secret'))],
    ['explainV3', () => pq.explainV3(mutate(r, r.chance(0.5) ? { request: mutate(r, { method: 'GET', url: '/v3/x', timestamp: 1, nonce: 'n' }) } : { response: mutate(r, responseInput), now: 1 }))],
    ['new WechatPayV2', () => new pq.WechatPayV2(mutate(r, { ...v2Config, ...timing }))],
    ['new WechatPayV3', () => new pq.WechatPayV3(mutate(r, { ...v3Config, ...timing }))],
    ['new Fubei', () => new pq.Fubei(mutate(r, { ...fubeiConfig, ...timing }))],
    ['new CloudPay', () => new pq.CloudPay(mutate(r, r.chance(0.5) ? { cloud } : { ...v2Config, ...timing }))],
    ['WechatPayV2.buildQueryRequest', () => clients.v2.buildQueryRequest(mutate(r, v2Query))],
    ['WechatPayV2.parseQueryResponse', () => clients.v2.parseQueryResponse(mutate(r, responseInput))],
    ['Fubei.buildQueryRequest', () => clients.fubei.buildQueryRequest(mutate(r, { merchantOrderSn: 'x' }))],
    ['Fubei.parseQueryResponse', () => clients.fubei.parseQueryResponse(mutate(r, { status: 200, body: '{}' }))],
    ['WechatPayV2.queryOrder', () => clients.v2.queryOrder(mutate(r, v2Query), mutate(r, options))],
    ['WechatPayV2.queryOrder (hostile fetch)', () => new pq.WechatPayV2(fetchOf(v2Config)).queryOrder(v2Query, r.chance(0.5) ? undefined : mutate(r, options))],
    ['WechatPayV3.queryOrder', () => clients.v3.queryOrder(mutate(r, { outTradeNo: 'PQ-V3-PAID' }), mutate(r, options))],
    ['WechatPayV3.queryOrder (hostile fetch)', () => new pq.WechatPayV3(fetchOf(v3Config)).queryOrder({ transactionId: 'x' }, mutate(r, options))],
    ['WechatPayV3.queryOrder (hostile signer)', () => new pq.WechatPayV3({ ...v3SignerConfig, ...timing, signer: hostile(r) }).queryOrder({ outTradeNo: 'x' }, mutate(r, options))],
    ['WechatPayV3.queryCombineOrder', () => clients.v3.queryCombineOrder(mutate(r, { combineOutTradeNo: 'x' }), mutate(r, options))],
    ['WechatPayV3.buildAuthorization', () => clients.v3.buildAuthorization(mutate(r, 'GET'), mutate(r, '/v3/x'), mutate(r, null), mutate(r, { timestamp: 1, nonce: 'n' }))],
    ['WechatPayV3.buildAuthorization (hostile signer)', () => new pq.WechatPayV3({ ...v3SignerConfig, ...timing, signer: hostile(r) }).buildAuthorization('GET', '/v3/x')],
    ['WechatPayV3.verifyResponse', () => clients.v3.verifyResponse(mutate(r, responseInput), mutate(r, { now: 1 }))],
    ['WechatPayV3.parseNotification', () => clients.v3.parseNotification(mutate(r, { headers: {}, body: '{}' }), mutate(r, { now: 1 }))],
    ['Fubei.queryOrder', () => clients.fubei.queryOrder(mutate(r, { orderSn: 'x' }), mutate(r, options))],
    ['Fubei.queryOrder (hostile fetch)', () => new pq.Fubei(fetchOf(fubeiConfig)).queryOrder({ orderSn: 'x' }, mutate(r, options))],
    ['CloudPay.queryOrder (cloud)', () => clients.cloud.queryOrder(mutate(r, { outTradeNo: 'x', subMchId: '1' }), options)],
    ['CloudPay.queryOrder (hostile cloud)', () => new pq.CloudPay({ cloud: hostileCloud() }).queryOrder({ outTradeNo: 'x', subMchId: '1' }, options)],
    ['CloudPay.queryOrder (signing)', () => clients.cloudSigning.queryOrder(mutate(r, { outTradeNo: 'x', subMchId: '1' }), mutate(r, options))],
  ];

  const escaped = [];
  const onRejection = (reason) => escaped.push(['unhandledRejection', reason]);
  const onException = (error) => escaped.push(['uncaughtException', error]);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  t.after(() => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  });

  const failures = [];
  const seen = new Map();
  const check = (name, error) => {
    const code = pq.isPayQueryError(error) ? error.code : null;
    // The one documented pass-through: a v3 signer's own error.
    // An async signer whose own promise rejects (it threw, or it resolved with a revoked
    // Proxy, which the engine's promise machinery turns into a TypeError) keeps that error;
    // a trap is never the signer's.
    const signerOwn =
      name.includes('hostile signer') &&
      (error instanceof CallerError || (error instanceof TypeError && !(error instanceof WebAssembly.RuntimeError)));
    if (!signerOwn && !(code && CODES.has(code))) {
      failures.push(`${name}: ${error && error.constructor && error.constructor.name}: ${String(error && error.message).slice(0, 200)}`);
    }
    seen.set(code ?? 'signer', (seen.get(code ?? 'signer') ?? 0) + 1);
  };

  const memoryBefore = pq.wasmMemoryBytes();
  const pending = [];
  let calls = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    const [name, call] = r.pick(entries);
    calls++;
    let out;
    try {
      out = call();
    } catch (e) {
      check(name, e);
      continue;
    }
    if (out instanceof Promise) {
      let timer;
      const bound = new Promise((resolve) => {
        timer = setTimeout(() => resolve('pending'), SETTLE_BOUND_MS);
      });
      pending.push(
        Promise.race([out.then(() => 'settled', (e) => (check(name, e), 'settled')), bound]).then((state) => {
          clearTimeout(timer);
          if (state === 'pending') failures.push(`${name}: still pending after ${SETTLE_BOUND_MS} ms`);
        }),
      );
    }
    // Keep a bounded number in flight, so that the run stays short and memory flat.
    if (pending.length >= 64) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  await new Promise((resolve) => setTimeout(resolve, 100));

  t.diagnostic(`${calls} calls; codes: ${JSON.stringify(Object.fromEntries(seen))}`);
  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} failures (seed ${SEED})`);
  assert.deepEqual(escaped.map(([kind, e]) => `${kind}: ${e && e.stack}`).slice(0, 5), [], `escaped (seed ${SEED})`);
  assert.ok(seen.get('INVALID_ARGUMENT') > 0 && seen.get('INVALID_CONFIG') > 0, 'the run reached argument and config errors');

  // The same instance still works, and did not grow with the hostile values.
  assert.equal(pq.signV2(OFFICIAL.params, OFFICIAL.key), OFFICIAL.md5);
  assert.equal(pq.signV2(OFFICIAL.params, OFFICIAL.key, 'HMAC-SHA256'), OFFICIAL.hmac);
  assert.equal((await v2Client(sb).queryOrder(v2Query)).status.state, 'PAID');
  const grown = pq.wasmMemoryBytes() - memoryBefore;
  assert.ok(grown <= 16 * 1024 * 1024, `wasm memory grew by ${grown} bytes`);
});
