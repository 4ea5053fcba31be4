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
  e = await expectCode(() => client.queryOrder({ outTradeNo: 'PQ-V2-MISSING' }), 'PROVIDER_ERROR');
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
  const config = { appid: 'wx0000000000000001', mchId: '1900000001', apiKey: 'k', fetch: offline };
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
  await expectCode(() => pq.waitForFinalState(() => client.queryOrder({ outTradeNo: 'PQ-V2-MISSING' }), { intervalMs: 10 }), 'PROVIDER_ERROR');
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
