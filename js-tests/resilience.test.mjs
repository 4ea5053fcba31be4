// Retries, backoff, Retry-After, backup-host failover, per-call options, waitForFinalState and
// queryMany, against the sandbox over real HTTP with its fault injection. Attempt counts are
// asserted from both sides: the result's `attempts` and the requests the sandbox received.
import test from 'node:test';
import assert from 'node:assert/strict';
import { pq, sandbox, startSandbox, expectCode, deadUrl, v2Client } from './helpers.mjs';

const PAID = { outTradeNo: 'PQ-V2-PAID' };

function hostOf(url) {
  return new URL(url).host;
}

test('5xx, SYSTEMERROR, resets and timeouts are retried; v2 re-sends the same signed body', async (t) => {
  const sb = await sandbox(t);
  const client = v2Client(sb);

  sb.inject({ kind: 'status', status: 500, times: 2 });
  let before = sb.requests.length;
  const order = await client.queryOrder(PAID);
  assert.equal(order.attempts, 3);
  assert.equal(order.host, hostOf(sb.url));
  assert.equal(order.status.state, 'PAID');
  const bodies = sb.requests.slice(before).map((r) => r.body);
  assert.equal(bodies.length, 3);
  assert.equal(new Set(bodies).size, 1, 'v2 retries re-send the identical signed body');

  sb.inject({ kind: 'systemError' });
  assert.equal((await client.queryOrder(PAID)).attempts, 2);

  sb.inject({ kind: 'reset' });
  assert.equal((await client.queryOrder(PAID)).attempts, 2);

  sb.inject({ kind: 'delay', ms: 1500 });
  assert.equal((await client.queryOrder(PAID, { timeoutMs: 200 })).attempts, 2);

  sb.inject({ kind: 'status', status: 503, times: 3 });
  before = sb.requests.length;
  const e = await expectCode(() => client.queryOrder(PAID), 'HTTP_ERROR');
  assert.equal(e.attempts, 3);
  assert.equal(e.httpStatus, 503);
  assert.equal(e.host, hostOf(sb.url));
  assert.equal(sb.requests.length - before, 3);
});

test('per-call and per-client retries override the default', async (t) => {
  const sb = await sandbox(t);
  sb.inject({ kind: 'status', status: 500, times: 2 });
  const e = await expectCode(() => v2Client(sb).queryOrder(PAID, { retries: 0 }), 'HTTP_ERROR');
  assert.equal(e.attempts, 1);
  const e2 = await expectCode(() => v2Client(sb, { retries: 0 }).queryOrder(PAID), 'HTTP_ERROR');
  assert.equal(e2.attempts, 1);
  sb.inject({ kind: 'status', status: 500, times: 4 });
  assert.equal((await v2Client(sb, { retries: 0 }).queryOrder(PAID, { retries: 5 })).attempts, 5);
  await expectCode(() => v2Client(sb).queryOrder(PAID, { retries: 11 }), 'INVALID_ARGUMENT');
  await expectCode(() => v2Client(sb, { retries: -1 }), 'INVALID_CONFIG');
});

test('verified refusals and bad input are never retried', async (t) => {
  const sb = await sandbox(t);
  const client = v2Client(sb);
  let before = sb.requests.length;
  sb.inject({ kind: 'badSign' });
  let e = await expectCode(() => client.queryOrder(PAID), 'SIGNATURE_INVALID');
  assert.equal(e.attempts, 1);
  e = await expectCode(() => client.queryOrder({ outTradeNo: 'PQ-V2-MISSING' }), 'ORDER_NOT_FOUND');
  assert.equal(e.attempts, 1);
  sb.inject({ kind: 'status', status: 404 });
  e = await expectCode(() => client.queryOrder(PAID), 'HTTP_ERROR');
  assert.equal(e.attempts, 1);
  sb.inject({ kind: 'returnFail' });
  await expectCode(() => client.queryOrder(PAID), 'REQUEST_REJECTED');
  assert.equal(sb.requests.length - before, 4);
  before = sb.requests.length;
  await expectCode(() => client.queryOrder({ outTradeNo: '' }), 'INVALID_ARGUMENT');
  assert.equal(sb.requests.length, before);
});

test('429 with Retry-After waits at least that long before the next attempt', async (t) => {
  const sb = await sandbox(t);
  sb.inject({ kind: 'status', status: 429, retryAfter: 1 });
  const before = sb.requests.length;
  const order = await v2Client(sb).queryOrder(PAID);
  assert.equal(order.attempts, 2);
  const [first, second] = sb.requests.slice(before);
  assert.ok(second.at - first.at >= 950, `waited ${second.at - first.at} ms`);
  // A Retry-After beyond a minute ends the retries instead of blocking the caller.
  sb.inject({ kind: 'status', status: 429, retryAfter: 3600 });
  const e = await expectCode(() => v2Client(sb).queryOrder(PAID), 'HTTP_ERROR');
  assert.equal(e.attempts, 1);
  assert.equal(e.httpStatus, 429);
});

test('a refused connection is retried until the sandbox listens again', async (t) => {
  const sb = await sandbox(t);
  const client = v2Client(sb);
  await client.queryOrder(PAID);
  sb.inject({ kind: 'refuse', ms: 150 });
  await expectCode(() => client.queryOrder(PAID, { retries: 0 }), 'NETWORK_ERROR');
  const order = await client.queryOrder(PAID, { retries: 6 });
  assert.equal(order.status.state, 'PAID');
});

test('a transport error or 5xx on the primary moves the next attempt to the backup host', async (t) => {
  const primary = await sandbox(t);
  const backup = await startSandbox({ credentials: primary.credentials });
  t.after(() => backup.close());

  const dead = await deadUrl();
  let order = await v2Client(primary, { baseUrl: dead, backupBaseUrl: backup.url }).queryOrder(PAID);
  assert.equal(order.attempts, 2);
  assert.equal(order.host, hostOf(backup.url));

  primary.inject({ kind: 'status', status: 502 });
  order = await v2Client(primary, { backupBaseUrl: backup.url }).queryOrder(PAID);
  assert.equal(order.attempts, 2);
  assert.equal(order.host, hostOf(backup.url));

  // A 429 is the provider speaking, not a host failure: the retry stays on the primary.
  primary.inject({ kind: 'status', status: 429 });
  order = await v2Client(primary, { backupBaseUrl: backup.url }).queryOrder(PAID);
  assert.equal(order.host, hostOf(primary.url));

  const e = await expectCode(() => v2Client(primary, { baseUrl: dead, backupBaseUrl: null }).queryOrder(PAID), 'NETWORK_ERROR');
  assert.equal(e.attempts, 3);
  assert.equal(e.host, hostOf(dead));
});

test('WeChat clients fail over to api2.mch.weixin.qq.com by default, and never from a custom baseUrl', async () => {
  const urls = [];
  const offline = (url) => {
    urls.push(url);
    return Promise.reject(new TypeError('offline'));
  };
  const config = { appid: 'wx0000000000000001', mchId: '1900000001', apiKey: 'k'.repeat(32), fetch: offline };
  const e = await expectCode(() => new pq.WechatPayV2(config).queryOrder(PAID, { retries: 1 }), 'NETWORK_ERROR');
  assert.deepEqual(urls, [
    'https://api.mch.weixin.qq.com/pay/orderquery',
    'https://api2.mch.weixin.qq.com/pay/orderquery',
  ]);
  assert.equal(e.host, 'api2.mch.weixin.qq.com');
  urls.length = 0;
  await expectCode(
    () => new pq.WechatPayV2({ ...config, baseUrl: 'http://127.0.0.1:9' }).queryOrder(PAID, { retries: 1 }),
    'NETWORK_ERROR',
  );
  assert.deepEqual(urls, ['http://127.0.0.1:9/pay/orderquery', 'http://127.0.0.1:9/pay/orderquery']);
});

test('an aborted signal stops at once, also during a backoff wait', async (t) => {
  const sb = await sandbox(t);
  sb.inject({ kind: 'status', status: 503, retryAfter: 30 });
  const ctrl = new AbortController();
  setTimeout(() => ctrl.abort(), 100);
  const started = Date.now();
  const e = await expectCode(() => v2Client(sb).queryOrder(PAID, { signal: ctrl.signal }), 'ABORTED');
  assert.equal(e.attempts, 1);
  assert.ok(Date.now() - started < 10_000, 'the 30 s Retry-After wait was cut short');
});

test('waitForFinalState follows USERPAYING to SUCCESS, through retryable errors', async (t) => {
  const sb = await sandbox(t);
  const client = v2Client(sb, { retries: 0 });
  const q = { outTradeNo: 'PQ-V2-USERPAYING' };
  sb.inject({ kind: 'tradeState', state: 'USERPAYING' });
  sb.inject({ kind: 'systemError' });
  sb.inject({ kind: 'tradeState', state: 'USERPAYING' });
  sb.inject({ kind: 'tradeState', state: 'SUCCESS' });
  const before = sb.requests.length;
  const order = await pq.waitForFinalState(() => client.queryOrder(q), { intervalMs: 10 });
  assert.equal(order.status.state, 'PAID');
  assert.equal(order.status.final, true);
  assert.equal(sb.requests.length - before, 4);
});

test('waitForFinalState rejects with TIMEOUT carrying the last order, or with a non-retryable error', async (t) => {
  const sb = await sandbox(t);
  const client = v2Client(sb);
  const e = await expectCode(
    () => pq.waitForFinalState(() => client.queryOrder({ outTradeNo: 'PQ-V2-USERPAYING' }), { intervalMs: 20, timeoutMs: 150 }),
    'TIMEOUT',
  );
  assert.equal(e.lastOrder.status.state, 'PAYING');
  assert.ok(e.attempts >= 2);
  await expectCode(() => pq.waitForFinalState(() => client.queryOrder({ outTradeNo: 'PQ-V2-MISSING' }), { intervalMs: 10 }), 'ORDER_NOT_FOUND');
  const ctrl = new AbortController();
  setTimeout(() => ctrl.abort(), 50);
  await expectCode(
    () => pq.waitForFinalState(() => client.queryOrder({ outTradeNo: 'PQ-V2-NOTPAY' }), { intervalMs: 5000, signal: ctrl.signal }),
    'ABORTED',
  );
  await expectCode(() => pq.waitForFinalState('not a function'), 'INVALID_ARGUMENT');
  await expectCode(() => pq.waitForFinalState(() => null, { interval: 1 }), 'INVALID_ARGUMENT');
});

test('queryMany keeps input order, bounds concurrency, and settles every query', async (t) => {
  const sb = await sandbox(t);
  const client = v2Client(sb, { retries: 0 });
  const ids = Array.from({ length: 40 }, (_, i) => (i % 5 === 0 ? `PQ-V2-MISSING-${i}` : i % 2 ? 'PQ-V2-PAID' : 'PQ-V2-NOTPAY'));
  let inFlight = 0;
  let peak = 0;
  const results = await pq.queryMany(ids, async (outTradeNo, index) => {
    assert.equal(ids[index], outTradeNo);
    inFlight++;
    peak = Math.max(peak, inFlight);
    try {
      return await client.queryOrder({ outTradeNo });
    } finally {
      inFlight--;
    }
  }, { concurrency: 4 });
  assert.equal(results.length, ids.length);
  assert.ok(peak <= 4 && peak >= 2, `peak concurrency ${peak}`);
  results.forEach((r, i) => {
    if (i % 5 === 0) {
      assert.equal(r.status, 'rejected');
      assert.equal(r.reason.code, 'ORDER_NOT_FOUND');
      assert.equal(r.reason.providerCode, 'ORDERNOTEXIST');
    } else {
      assert.equal(r.status, 'fulfilled');
      assert.equal(r.value.outTradeNo, ids[i]);
    }
  });
  const aborted = await pq.queryMany(ids, (q) => client.queryOrder({ outTradeNo: q }), { signal: AbortSignal.abort() });
  assert.ok(aborted.every((r) => r.status === 'rejected' && r.reason.code === 'ABORTED'));
  assert.deepEqual(await pq.queryMany([], () => null), []);
  const thrown = await pq.queryMany([1], () => { throw new Error('sync'); });
  assert.equal(thrown[0].status, 'rejected');
  await expectCode(() => pq.queryMany('nope', () => null), 'INVALID_ARGUMENT');
  await expectCode(() => pq.queryMany([], () => null, { concurrency: 0 }), 'INVALID_ARGUMENT');
});

test('APIv3 fails over to api2.mch.weixin.qq.com by default too, signing each attempt afresh', async (t) => {
  const sb = await sandbox(t);
  const c = sb.credentials.v3;
  const seen = [];
  const offline = (url, init) => {
    seen.push({ url, authorization: init.headers.Authorization });
    return Promise.reject(new TypeError('offline'));
  };
  const v3 = new pq.WechatPayV3({ mchid: c.mchid, merchantSerialNo: c.merchantSerialNo, privateKey: c.privateKey, wechatpayPublicKey: c.wechatpayPublicKey, fetch: offline });
  const e = await expectCode(() => v3.queryOrder({ outTradeNo: 'PQ-V3-PAID' }, { retries: 1 }), 'NETWORK_ERROR');
  assert.deepEqual(seen.map((s) => new URL(s.url).host), ['api.mch.weixin.qq.com', 'api2.mch.weixin.qq.com']);
  assert.notEqual(seen[0].authorization, seen[1].authorization);
  assert.equal(e.attempts, 2);
});

// ---- Every promise settles, every body is bounded (issue 10, section 3) ----

/**
 * Fails the test if anything payquery does escapes as an uncaught exception or an unhandled
 * rejection while `fn` runs (and one macrotask after, when Node reports them).
 */
async function noEscapes(t, fn) {
  const escaped = [];
  const onRejection = (reason) => escaped.push(['unhandledRejection', reason]);
  const onException = (error) => escaped.push(['uncaughtException', error]);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  try {
    await fn();
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  }
  assert.deepEqual(escaped, [], 'nothing escapes');
}

/** `promise`, or a failure if it is still pending after `ms` (a generous bound, not a timing check). */
function settlesWithin(promise, ms, what) {
  let timer;
  const pending = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} still pending after ${ms} ms`)), ms);
  });
  return Promise.race([Promise.resolve(promise), pending]).finally(() => clearTimeout(timer));
}

const V2_CONFIG = { appid: 'wx0000000000000001', mchId: '1900000001', apiKey: 'k'.repeat(32), baseUrl: 'http://127.0.0.1:9', retries: 0 };
const never = () => new Promise(() => {});
const thrower = (what) => () => {
  throw new Error(what);
};
/** A response whose members are `parts`, each either a value or, for a function key in `getters`, a getter. */
function response(parts, getters = {}) {
  const r = { status: 200, headers: new Headers({ 'content-length': '5' }), body: null, ...parts };
  for (const [k, get] of Object.entries(getters)) Object.defineProperty(r, k, { get, enumerable: true });
  return r;
}
const streamOf = (reader) => ({ getReader: () => reader });

test('a custom fetch that resolves to junk, throws from getters or never settles gives a coded error', async (t) => {
  const cases = [
    ['resolves to null', () => Promise.resolve(null), 'NETWORK_ERROR'],
    ['resolves to undefined', () => Promise.resolve(undefined), 'NETWORK_ERROR'],
    ['resolves to a number', () => Promise.resolve(42), 'NETWORK_ERROR'],
    ['throws synchronously', thrower('sync'), 'NETWORK_ERROR'],
    ['never settles', never, 'TIMEOUT'],
    ['returns a thenable whose then getter throws', () => ({ get then() { throw new Error('then'); } }), 'NETWORK_ERROR'],
    ['returns a thenable that never calls back', () => ({ then() {} }), 'TIMEOUT'],
    ['returns a promise whose constructor getter throws', () => {
      const p = Promise.resolve(response({}));
      Object.defineProperty(p, 'constructor', { get: thrower('constructor') });
      return p;
    }, 'NETWORK_ERROR'],
    ['status getter throws', async () => response({}, { status: thrower('status') }), 'NETWORK_ERROR'],
    ['headers getter throws', async () => response({}, { headers: thrower('headers') }), 'NETWORK_ERROR'],
    ['headers.forEach throws', async () => response({ headers: { get() {}, forEach: thrower('forEach') } }), 'NETWORK_ERROR'],
    ['body getter throws', async () => response({}, { body: thrower('body') }), 'NETWORK_ERROR'],
    ['body.getReader throws', async () => response({ body: { getReader: thrower('getReader') } }), 'NETWORK_ERROR'],
    ['reader.read throws', async () => response({ body: streamOf({ read: thrower('read') }) }), 'NETWORK_ERROR'],
    ['reader.read rejects', async () => response({ body: streamOf({ read: () => Promise.reject(new Error('reset')) }) }), 'NETWORK_ERROR'],
    ['reader.read never settles', async () => response({ body: streamOf({ read: never, cancel: never }) }), 'TIMEOUT'],
    ['reader.read resolves to junk', async () => response({ body: streamOf({ read: async () => 7 }) }), 'NETWORK_ERROR'],
    ['a chunk getter throws', async () => response({ body: streamOf({ read: async () => ({ done: false, get value() { throw new Error('v'); } }) }) }), 'NETWORK_ERROR'],
    ['a chunk is a Proxy posing as bytes', async () => response({
      body: streamOf({ read: async () => ({ done: false, value: new Proxy(new Uint8Array(4), { get: thrower('trap') }) }), cancel: () => Promise.reject(new Error('late')) }),
    }), 'NETWORK_ERROR'],
    ['arrayBuffer getter throws (no stream)', async () => response({ body: undefined }, { arrayBuffer: thrower('ab') }), 'NETWORK_ERROR'],
    ['arrayBuffer never settles (no stream)', async () => response({ body: undefined, arrayBuffer: never }), 'TIMEOUT'],
    ['arrayBuffer resolves to a non-buffer', async () => response({ body: undefined, arrayBuffer: async () => ({ byteLength: 1e9 }) }), 'NETWORK_ERROR'],
    ['no stream and no Content-Length', async () => response({ body: undefined, headers: new Headers(), arrayBuffer: async () => new ArrayBuffer(8) }), 'UNSUPPORTED'],
  ];
  await noEscapes(t, async () => {
    for (const [name, fetch, code] of cases) {
      const client = new pq.WechatPayV2({ ...V2_CONFIG, fetch });
      await settlesWithin(expectCode(() => client.queryOrder(PAID, { timeoutMs: 100 }), code), 5000, name);
    }
    // The caller's signal ends a fetch that never settles, and a body that never arrives.
    for (const fetch of [never, async () => response({ body: streamOf({ read: never }) })]) {
      const ctrl = new AbortController();
      setTimeout(() => ctrl.abort(), 20);
      const client = new pq.WechatPayV2({ ...V2_CONFIG, fetch, timeoutMs: 60_000 });
      await settlesWithin(expectCode(() => client.queryOrder(PAID, { signal: ctrl.signal }), 'ABORTED'), 5000, 'abort');
    }
  });
});

test('a v3 signer that never settles ends in TIMEOUT or ABORTED; one that throws keeps its own error', async (t) => {
  const sb = await sandbox(t);
  const c = sb.credentials.v3;
  const config = { mchid: c.mchid, merchantSerialNo: c.merchantSerialNo, wechatpayPublicKey: c.wechatpayPublicKey, baseUrl: sb.url, retries: 0 };
  await noEscapes(t, async () => {
    const stuck = new pq.WechatPayV3({ ...config, signer: never, timeoutMs: 100 });
    await settlesWithin(expectCode(() => stuck.queryOrder({ outTradeNo: 'PQ-V3-PAID' }), 'TIMEOUT'), 5000, 'query');
    await settlesWithin(expectCode(() => stuck.buildAuthorization('GET', '/v3/certificates'), 'TIMEOUT'), 5000, 'buildAuthorization');
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 20);
    const slow = new pq.WechatPayV3({ ...config, signer: never });
    await settlesWithin(expectCode(() => slow.queryOrder({ outTradeNo: 'PQ-V3-PAID' }, { signal: ctrl.signal }), 'ABORTED'), 5000, 'abort');
    const thenable = new pq.WechatPayV3({ ...config, signer: () => ({ get then() { throw new TypeError('then'); } }) });
    const thrown = await thenable.buildAuthorization('GET', '/v3/certificates').catch((e) => e);
    assert.ok(thrown instanceof TypeError && thrown.message === 'then', 'the signer’s own error, unchanged');
    assert.equal(sb.requests.length, 0, 'nothing unsigned was sent');
  });
});

test('a chunked 100 MB answer and a gzip bomb are refused at 1 MiB; the stream is cancelled and wasm memory does not grow', async (t) => {
  const { createServer } = await import('node:http');
  const { gzipSync } = await import('node:zlib');
  const bomb = gzipSync(Buffer.alloc(100 * 1024 * 1024));
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/xml', 'content-encoding': 'gzip', 'content-length': bomb.length });
    res.end(bomb);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  assert.ok(bomb.length < 1024 * 1024, 'the compressed bomb itself passes the declared-length check');

  let pulled = 0;
  let cancelled = false;
  const chunk = new Uint8Array(64 * 1024).fill(0x41);
  const hundredMb = async () => new Response(new ReadableStream({
    pull(controller) {
      if (pulled >= 100 * 1024 * 1024) return controller.close();
      pulled += chunk.length;
      controller.enqueue(chunk.slice());
    },
    cancel() {
      cancelled = true;
    },
  }, { highWaterMark: 0 }), { status: 200, headers: { 'content-type': 'text/xml' } });

  await noEscapes(t, async () => {
    // Warm up, so that growth measured below is the body's, not the first call's.
    await expectCode(() => new pq.WechatPayV2({ ...V2_CONFIG, fetch: hundredMb }).queryOrder(PAID), 'MALFORMED_RESPONSE');
    const before = pq.wasmMemoryBytes();
    for (let i = 0; i < 3; i++) {
      pulled = 0;
      cancelled = false;
      const e = await expectCode(() => new pq.WechatPayV2({ ...V2_CONFIG, fetch: hundredMb }).queryOrder(PAID), 'MALFORMED_RESPONSE');
      assert.match(e.message, /1048576 byte limit/);
      assert.ok(cancelled, 'the stream was cancelled');
      assert.ok(pulled <= 2 * 1024 * 1024, `read ${pulled} bytes of 100 MB`);
      await expectCode(() => new pq.WechatPayV2({ ...V2_CONFIG, baseUrl: `http://127.0.0.1:${server.address().port}` }).queryOrder(PAID), 'MALFORMED_RESPONSE');
    }
    const grown = pq.wasmMemoryBytes() - before;
    assert.ok(grown <= 4 * 1024 * 1024, `wasm memory grew by ${grown} bytes`);
  });
});

test('thousands of throwing caller getters leave the instance intact: the official v2 vector still signs', async () => {
  const { OFFICIAL } = await import('./helpers.mjs');
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  const hostile = [
    { get appid() { throw new Error('getter'); } },
    new Proxy({}, { ownKeys: thrower('ownKeys') }),
    new Proxy({ appid: 'wx1' }, { get: thrower('get') }),
    revocable.proxy,
    { appid: { toString: thrower('toString'), valueOf: thrower('valueOf') } },
  ];
  let thrown = 0;
  for (let i = 0; i < 6000; i++) {
    const value = hostile[i % hostile.length];
    for (const call of [
      () => pq.signV2(value, OFFICIAL.key),
      () => new pq.WechatPayV2(value),
      () => pq.verifyV2Xml({ body: 'x', headers: value }, OFFICIAL.key),
    ]) {
      try {
        call();
      } catch (e) {
        assert.ok(pq.isPayQueryError(e), `${e && e.stack}`);
        assert.ok(['INVALID_ARGUMENT', 'INVALID_CONFIG'].includes(e.code), e.code);
        thrown++;
      }
    }
  }
  assert.equal(thrown, 18000);
  assert.equal(pq.signV2(OFFICIAL.params, OFFICIAL.key), OFFICIAL.md5);
  assert.equal(pq.signV2(OFFICIAL.params, OFFICIAL.key, 'HMAC-SHA256'), OFFICIAL.hmac);
});

test('the Node 16/18 fallback fetch streams its body: a query works, a 100 MB chunked answer is cut off at 1 MiB', async (t) => {
  const { createRequire } = await import('node:module');
  const { nodeFetch } = createRequire(import.meta.url)('../pkg/node/fallbacks.cjs');
  const sb = await sandbox(t);
  assert.equal((await v2Client(sb, { fetch: nodeFetch }).queryOrder(PAID)).status.state, 'PAID');
  const { createServer } = await import('node:http');
  let sent = 0;
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/xml' });
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    const pump = () => {
      while (sent < 100 * 1024 * 1024) {
        sent += chunk.length;
        if (!res.write(chunk)) return res.once('drain', pump);
      }
      res.end();
    };
    res.on('close', () => res.removeAllListeners('drain'));
    pump();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const client = new pq.WechatPayV2({ ...V2_CONFIG, baseUrl: `http://127.0.0.1:${server.address().port}`, fetch: nodeFetch });
  await expectCode(() => client.queryOrder(PAID), 'MALFORMED_RESPONSE');
  assert.ok(sent < 50 * 1024 * 1024, `the server sent ${sent} bytes before the connection was dropped`);
});
