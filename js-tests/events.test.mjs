// The onEvent hook of every client against the sandbox over real HTTP: the recorded event
// sequence of a query with one 500, one failover and one success, for every provider (and
// CloudPay's { cloud } backend, which has no host to fail over from); refusals and certificate
// refreshes; and hooks that throw, trap, reject, re-enter the client or never let go, which
// must never change a result or leak into it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { pq, sandbox, startSandbox, expectCode, nodeSignV2, nodeBuildXml } from './helpers.mjs';
import { directConfig } from './v3-helpers.mjs';

const require = createRequire(import.meta.url);
const { createCloud } = require('payquery/sandbox');

/** Every HTTP client, configured for a sandbox, with a paid order to ask for. */
const PROVIDERS = [
  {
    name: 'wechat-v2',
    Client: pq.WechatPayV2,
    config: (sb) => {
      const { appid, mchId, apiKey } = sb.credentials.v2;
      return { appid, mchId, apiKey, baseUrl: sb.url };
    },
    query: (client) => client.queryOrder({ outTradeNo: 'PQ-V2-PAID' }),
    orderId: 'PQ-V2-PAID',
    secrets: (sb) => [sb.credentials.v2.apiKey],
  },
  {
    name: 'wechat-v3',
    Client: pq.WechatPayV3,
    config: (sb) => directConfig(sb),
    query: (client) => client.queryOrder({ outTradeNo: 'PQ-V3-PAID' }),
    orderId: 'PQ-V3-PAID',
    secrets: (sb) => [sb.credentials.v3.apiV3Key, sb.credentials.v3.privateKey.split('\n')[1]],
  },
  {
    name: 'cloudpay',
    Client: pq.CloudPay,
    config: (sb) => {
      const { appid, mchId, apiKey } = sb.credentials.v2;
      return { appid, mchId, apiKey, baseUrl: sb.url };
    },
    query: (client, sb) => client.queryOrder({ sub_mch_id: sb.credentials.v2.subMchId, out_trade_no: 'PQ-V2-SP-PAID' }),
    orderId: 'PQ-V2-SP-PAID',
    secrets: (sb) => [sb.credentials.v2.apiKey],
  },
  {
    name: 'fubei',
    Client: pq.Fubei,
    config: (sb) => {
      const { appId, appSecret } = sb.credentials.fubei;
      return { appId, appSecret, api: '1.0', baseUrl: sb.url };
    },
    query: (client) => client.queryOrder({ merchantOrderSn: 'PQ-FB1-PAID' }),
    orderId: 'PQ-FB1-PAID',
    secrets: (sb) => [sb.credentials.fubei.appSecret],
  },
];
for (const p of PROVIDERS) p.make = (sb, extra) => new p.Client({ ...p.config(sb), ...extra });

/** A primary sandbox and a backup with the same credentials, closed after the test. */
async function pair(t) {
  const primary = await sandbox(t);
  const backup = await startSandbox({ credentials: primary.credentials });
  t.after(() => backup.close());
  return { primary, backup };
}

const hostOf = (url) => new URL(url).host;

/** The events with their measured parts (durations, delays) checked and taken out. */
function shape(events) {
  return events.map((e) => {
    const { durationMs, delayMs, ...rest } = e;
    if ('durationMs' in e) assert.ok(Number.isInteger(durationMs) && durationMs >= 0, `durationMs ${durationMs}`);
    if ('delayMs' in e) assert.ok(Number.isInteger(delayMs) && delayMs >= 0, `delayMs ${delayMs}`);
    return rest;
  });
}

/** Asserts that no event carries a secret, a signature or anything from a body. */
function assertClean(events, sb, provider) {
  const text = JSON.stringify(events);
  for (const secret of provider.secrets(sb)) assert.ok(!text.includes(secret), `${provider.name}: an event carries a secret`);
  assert.ok(!text.includes(provider.orderId), `${provider.name}: an event carries the order id (a body or URL)`);
  for (const word of ['sign', 'Authorization', 'signature', '<xml', 'biz_content']) {
    assert.ok(!text.toLowerCase().includes(`"${word.toLowerCase()}`), `${provider.name}: ${word}`);
  }
}

for (const provider of PROVIDERS) {
  test(`${provider.name}: one 500, one failover, one success, as a recorded event sequence`, async (t) => {
    const { primary, backup } = await pair(t);
    const events = [];
    const client = provider.make(primary, { backupBaseUrl: backup.url, onEvent: (e) => events.push(e) });
    primary.inject({ kind: 'status', status: 500 });
    const order = await provider.query(client, primary);
    assert.equal(order.status.state, 'PAID');
    assert.equal(order.attempts, 2);
    const [from, to] = [hostOf(primary.url), hostOf(backup.url)];
    const base = { provider: provider.name, operation: 'queryOrder', callId: events[0].callId };
    assert.ok(Number.isInteger(base.callId) && base.callId > 0);
    const endOk = provider.name === 'wechat-v3' ? { requestId: events[5].requestId } : {};
    assert.deepEqual(shape(events), [
      { type: 'attempt-start', ...base, attempt: 1, host: from },
      { type: 'attempt-end', ...base, attempt: 1, host: from, ok: false, code: 'HTTP_ERROR', httpStatus: 500 },
      { type: 'retry', ...base, attempt: 1, host: from, reason: 'HTTP_ERROR', httpStatus: 500 },
      { type: 'failover', ...base, attempt: 1, from, to },
      { type: 'attempt-start', ...base, attempt: 2, host: to },
      { type: 'attempt-end', ...base, attempt: 2, host: to, ok: true, httpStatus: 200, ...endOk },
    ]);
    if (provider.name === 'wechat-v3') {
      // The Request-ID the backup's answer carried (the sandbox's own header).
      assert.match(endOk.requestId, /^[0-9A-Za-z-]+$/);
    }
    assertClean(events, primary, provider);
    // Each call has its own id; the hook saw every event as a fresh plain object.
    await provider.query(client, primary);
    assert.ok(events.at(-1).callId > base.callId);
    assert.ok(events.every((e) => Object.getPrototypeOf(e) === Object.prototype));
  });
}

test("cloudpay { cloud }: a platform call that failed without an errCode, retried; no host, no failover", async () => {
  const inner = createCloud();
  let failures = 1;
  const cloud = {
    cloudPay: {
      queryOrder(input) {
        if (failures-- > 0) return Promise.reject(new Error('socket hang up'));
        return inner.cloudPay.queryOrder(input);
      },
    },
  };
  const events = [];
  const pay = new pq.CloudPay({ cloud, onEvent: (e) => events.push(e) });
  const res = await pay.queryOrder({ sub_mch_id: '1900000109', out_trade_no: 'PQ-V2-SP-PAID' });
  assert.equal(res.status.state, 'PAID');
  const base = { provider: 'cloudpay', operation: 'queryOrder', callId: events[0].callId };
  assert.deepEqual(shape(events), [
    { type: 'attempt-start', ...base, attempt: 1 },
    { type: 'attempt-end', ...base, attempt: 1, ok: false, code: 'NETWORK_ERROR' },
    { type: 'retry', ...base, attempt: 1, reason: 'NETWORK_ERROR' },
    { type: 'attempt-start', ...base, attempt: 2 },
    { type: 'attempt-end', ...base, attempt: 2, ok: true },
  ]);
  assert.ok(!JSON.stringify(events).includes('socket hang up'), 'what the platform threw stays out of events');
  await expectCode(() => new pq.CloudPay({ cloud, onEvent: 'log' }), 'INVALID_CONFIG');

  // Hooks that throw, trap or reject change nothing on this backend either.
  const input = { sub_mch_id: '1900000109', out_trade_no: 'PQ-V2-SP-PAID' };
  const reference = await new pq.CloudPay({ cloud: inner }).queryOrder(input);
  await withoutUnhandled(async () => {
    for (const [name, hook] of Object.entries(badHooks())) {
      failures = 1;
      const res2 = await new pq.CloudPay({ cloud, onEvent: hook }).queryOrder(input);
      assert.deepEqual(stable(res2), stable(reference), name);
      assert.equal(res2.attempts, 2, name);
    }
  });
});

test('verification-failed: a tampered answer, a bad signature and a refused notification', async (t) => {
  const sb = await sandbox(t);
  const events = [];
  const onEvent = (e) => events.push(e);
  const v2 = PROVIDERS[0].make(sb, { onEvent });
  sb.inject({ kind: 'badSign' });
  await expectCode(() => v2.queryOrder({ outTradeNo: 'PQ-V2-PAID' }), 'SIGNATURE_INVALID');
  const v2Failed = events.filter((e) => e.type === 'verification-failed');
  assert.deepEqual(v2Failed, [
    { type: 'verification-failed', provider: 'wechat-v2', operation: 'queryOrder', callId: events[0].callId, code: 'SIGNATURE_INVALID', host: hostOf(sb.url) },
  ]);

  // APIv3 checks the RSA signature after the attempt: the attempt ended ok, then the refusal.
  events.length = 0;
  const v3 = PROVIDERS[1].make(sb, { onEvent });
  sb.inject({ kind: 'tamperBody' });
  const e = await expectCode(() => v3.queryOrder({ outTradeNo: 'PQ-V3-PAID' }), 'SIGNATURE_INVALID');
  assert.deepEqual(
    events.map((x) => [x.type, x.ok, x.code]),
    [['attempt-start', undefined, undefined], ['attempt-end', true, undefined], ['verification-failed', undefined, 'SIGNATURE_INVALID']],
  );
  assert.equal(events[2].requestId, e.requestId);
  assert.equal(events[2].callId, events[0].callId);

  // A notification with a wrong signature: no call, so no callId.
  events.length = 0;
  const { appid, mchId, apiKey } = sb.credentials.v2;
  const fields = { return_code: 'SUCCESS', appid, mch_id: mchId, nonce_str: 'n', result_code: 'SUCCESS', out_trade_no: 'PQ-N-1', total_fee: '1', transaction_id: '4200000000202402010000000001', time_end: '20240201120000' };
  fields.sign = nodeSignV2(fields, apiKey).replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
  await expectCode(() => v2.handleNotification({ headers: {}, body: nodeBuildXml(fields) }), 'SIGNATURE_INVALID');
  assert.deepEqual(events, [{ type: 'verification-failed', provider: 'wechat-v2', operation: 'handleNotification', code: 'SIGNATURE_INVALID' }]);

  // A v3 notification signed by a key the client does not know.
  events.length = 0;
  const other = await startSandbox();
  t.after(() => other.close());
  const notice = other.tools.v3.buildNotification({ outTradeNo: 'PQ-V3-PAID' });
  await expectCode(() => v3.handleNotification(notice), 'UNKNOWN_SERIAL');
  assert.deepEqual(events, [{ type: 'verification-failed', provider: 'wechat-v3', operation: 'handleNotification', code: 'UNKNOWN_SERIAL' }]);
  // What is not a refusal of an answer raises none.
  events.length = 0;
  await expectCode(() => v2.queryOrder({ outTradeNo: 'PQ-V2-MISSING' }), 'ORDER_NOT_FOUND');
  assert.equal(events.filter((x) => x.type === 'verification-failed').length, 0);
});

test("certificates-refreshed: 'auto' reports the first download, a rotation and a requested one", async (t) => {
  const sb = await sandbox(t);
  const events = [];
  const { wechatpayPublicKey: _none, ...config } = directConfig(sb);
  const client = new pq.WechatPayV3({ ...config, platformCertificates: 'auto', onEvent: (e) => events.push(e) });
  await client.queryOrder({ outTradeNo: 'PQ-V3-PAID' });
  const refreshed = () => events.filter((e) => e.type === 'certificates-refreshed');
  const oldSerial = sb.credentials.v3.platformSerial;
  assert.deepEqual(refreshed(), [
    { type: 'certificates-refreshed', provider: 'wechat-v3', operation: 'downloadPlatformCertificates', reason: 'initial', serials: [oldSerial] },
  ]);
  // The download's own attempts carry its operation; the query's come after it.
  assert.deepEqual(
    events.map((e) => `${e.type}:${e.operation}`),
    [
      'attempt-start:downloadPlatformCertificates',
      'attempt-end:downloadPlatformCertificates',
      'certificates-refreshed:downloadPlatformCertificates',
      'attempt-start:queryOrder',
      'attempt-end:queryOrder',
    ],
  );
  const { serial: newSerial } = sb.tools.v3.rotatePlatformCertificate({});
  sb.inject({ kind: 'platformSigned' });
  await client.queryOrder({ outTradeNo: 'PQ-V3-PAID' });
  assert.deepEqual(refreshed()[1].reason, 'unknown-serial');
  assert.deepEqual(refreshed()[1].serials.sort(), [oldSerial, newSerial].sort());
  await client.downloadPlatformCertificates();
  assert.equal(refreshed()[2].reason, 'requested');
  // A tampered certificate ciphertext is a refusal of the download.
  events.length = 0;
  sb.inject({ kind: 'tamperCertificate' });
  await expectCode(() => client.downloadPlatformCertificates(), 'DECRYPT_FAILED');
  assert.deepEqual(
    events.map((e) => [e.type, e.operation, e.code]),
    [
      ['attempt-start', 'downloadPlatformCertificates', undefined],
      ['attempt-end', 'downloadPlatformCertificates', undefined],
      ['verification-failed', 'downloadPlatformCertificates', 'DECRYPT_FAILED'],
    ],
  );
});

/** A result as JSON without what differs per answer (the answer's nonce and signature). */
function stable(order) {
  return JSON.parse(JSON.stringify(order), (key, value) => (/^(nonce_?str|sign)$/i.test(key) ? undefined : value));
}

/** Collects unhandled rejections while `fn` runs (and a moment after, for late ones). */
async function withoutUnhandled(fn) {
  const seen = [];
  const onUnhandled = (reason) => seen.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    await fn();
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  assert.deepEqual(seen, [], 'a hook caused an unhandled rejection');
}

/** Hooks that misbehave in every way a caller's code can. */
function badHooks() {
  const revocable = Proxy.revocable(function hook() {}, {});
  revocable.revoke();
  return {
    throws: () => {
      throw new Error('hook failed: HOOK-SECRET');
    },
    'throws a non-Error': () => {
      throw { message: 'HOOK-SECRET', get stack() { throw new Error('stack getter'); } };
    },
    'Proxy whose apply trap throws': new Proxy(function hook() {}, {
      apply() {
        throw new Error('trap HOOK-SECRET');
      },
    }),
    'revoked Proxy': revocable.proxy,
    'returns a rejecting promise': async () => {
      throw new Error('async HOOK-SECRET');
    },
    "returns a thenable whose 'then' getter throws": () => ({
      get then() {
        throw new Error('then getter HOOK-SECRET');
      },
    }),
    'returns a thenable that rejects': () => ({ then: (_resolve, reject) => reject(new Error('HOOK-SECRET')) }),
    'returns a promise that never settles': () => new Promise(() => {}),
    'mutates and freezes the event': (e) => {
      for (const k of Object.keys(e)) delete e[k];
      Object.freeze(e);
    },
  };
}

for (const provider of PROVIDERS) {
  test(`${provider.name}: a throwing, trapping, rejecting or re-entering hook never changes a result`, async (t) => {
    const { primary, backup } = await pair(t);
    const reference = await provider.query(provider.make(primary), primary);
    await withoutUnhandled(async () => {
      for (const [name, hook] of Object.entries(badHooks())) {
        const client = provider.make(primary, { backupBaseUrl: backup.url, onEvent: hook });
        primary.inject({ kind: 'status', status: 500 });
        const order = await provider.query(client, primary);
        assert.deepEqual(stable(order), stable(reference), `${provider.name}, ${name}`);
        assert.equal(order.attempts, 2, name);
        assert.equal(order.host, hostOf(backup.url), name);
        // A failing query keeps its own error, with nothing of the hook's in it.
        const e = await expectCode(() => provider.query(provider.make(primary, { baseUrl: 'http://127.0.0.1:9', backupBaseUrl: null, retries: 0, onEvent: hook }), primary), 'NETWORK_ERROR');
        assert.ok(!`${e.message} ${e.stack} ${JSON.stringify(e)}`.includes('HOOK-SECRET'), name);
      }
    });

    // A hook that re-enters the client: each event starts another query (five in all).
    const nested = [];
    let client;
    const seen = [];
    client = provider.make(primary, {
      onEvent: (e) => {
        seen.push(e.callId);
        if (nested.length < 5) nested.push(provider.query(client, primary));
      },
    });
    const order = await provider.query(client, primary);
    assert.equal(order.status.state, 'PAID');
    const results = await Promise.all(nested);
    assert.equal(results.length, 5);
    for (const r of results) assert.equal(r.status.state, 'PAID');
    assert.ok(new Set(seen).size >= 6, 'the nested queries raised their own events');

    // onEvent is read once, at construction, through a catching read.
    const trapped = provider.config(primary);
    Object.defineProperty(trapped, 'onEvent', { enumerable: true, get: () => { throw new Error('getter HOOK-SECRET'); } });
    const e = await expectCode(() => new provider.Client(trapped), 'INVALID_CONFIG');
    assert.match(e.message, /onEvent/);
    assert.ok(!e.message.includes('HOOK-SECRET'));
    await expectCode(() => provider.make(primary, { onEvent: {} }), 'INVALID_CONFIG');
  });
}

test('thousands of throwing hook calls leave the module instance working', async (t) => {
  let calls = 0;
  const client = new pq.WechatPayV2({
    appid: 'wx0000000000000001',
    mchId: '1900000001',
    apiKey: 'k'.repeat(32),
    baseUrl: 'http://127.0.0.1:9',
    backupBaseUrl: null,
    retries: 0,
    fetch: () => Promise.reject(new TypeError('offline')),
    onEvent: () => {
      calls++;
      throw new Error('hook');
    },
  });
  for (let i = 0; i < 1500; i++) await expectCode(() => client.queryOrder({ outTradeNo: `PQ-${i}` }), 'NETWORK_ERROR');
  assert.equal(calls, 3000);
  // Still working: a synchronous export and a query against a real sandbox.
  assert.equal(pq.signV2({ a: '1' }, 'k'.repeat(32)).length, 32);
  const sb = await sandbox(t);
  const order = await PROVIDERS[0].make(sb, { onEvent: client.onEvent }).queryOrder({ outTradeNo: 'PQ-V2-PAID' });
  assert.equal(order.status.state, 'PAID');
});
