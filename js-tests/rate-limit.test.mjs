// Rate limits of queryMany and waitForFinalState: `rate: { perSecond, burst }` (a token bucket),
// `limiter` (the caller's, shared across processes), and the adaptive back-off after
// FREQUENCY_LIMITED / RATELIMIT_EXCEEDED, against the sandbox's rate-limit fault and its
// standing rate limit. Waits are asserted as lower bounds only (a sleep never ends early);
// counts as upper bounds that a slower machine only makes easier to meet.
import test from 'node:test';
import assert from 'node:assert/strict';
import { pq, sandbox, expectCode } from './helpers.mjs';
import { directConfig } from './v3-helpers.mjs';

const LIMIT = { timeout: 30_000 };
const unhandled = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));

/** Arrival times (ms) of the sandbox's requests to `path` since `from`. */
const arrivals = (sb, from, path = '/v3/pay/') => sb.requests.slice(from).filter((r) => r.url.startsWith(path)).map((r) => r.at);
const gaps = (times) => times.slice(1).map((t, i) => t - times[i]);
/** Date.now() may tick a millisecond apart on either side of a timer. */
const SLACK = 2;

function v3(sb) {
  return new pq.WechatPayV3(directConfig(sb, { retries: 0 }));
}

test('bad rate and limiter options give INVALID_ARGUMENT before any call', LIMIT, async () => {
  let calls = 0;
  const fn = () => {
    calls++;
    return Promise.resolve({ status: { final: true } });
  };
  const throwing = {
    get perSecond() {
      throw new Error('getter');
    },
  };
  const bad = [
    [{ rate: 5 }, /options\.rate must be an object/],
    [{ rate: null }, /options\.rate must be an object/],
    [{ rate: {} }, /options\.rate\.perSecond must be a number/],
    [{ rate: { perSecond: 0 } }, /perSecond/],
    [{ rate: { perSecond: -1 } }, /perSecond/],
    [{ rate: { perSecond: Number.NaN } }, /perSecond/],
    [{ rate: { perSecond: Number.POSITIVE_INFINITY } }, /perSecond/],
    [{ rate: { perSecond: '5' } }, /perSecond/],
    [{ rate: { perSecond: 100001 } }, /perSecond/],
    [{ rate: { perSecond: 5, burst: 0 } }, /options\.rate\.burst must be an integer from 1/],
    [{ rate: { perSecond: 5, burst: 1.5 } }, /burst/],
    [{ rate: { perSecond: 5, perMinute: 3 } }, /options\.rate\.perMinute is not a known option/],
    [{ rate: throwing }, /options\.rate could not be read/],
    [{ limiter: 'redis' }, /options\.limiter must be a function/],
    [{ rate: { perSecond: 5 }, limiter: async () => {} }, /cannot be combined/],
  ];
  for (const [options, message] of bad) {
    const e1 = await expectCode(() => pq.queryMany([1], fn, options), 'INVALID_ARGUMENT');
    assert.match(e1.message, message);
    const e2 = await expectCode(() => pq.waitForFinalState(fn, options), 'INVALID_ARGUMENT');
    assert.match(e2.message, message);
  }
  assert.equal(calls, 0);
  // The bounds themselves are accepted.
  await pq.queryMany([1], fn, { rate: { perSecond: 100000, burst: 100000 } });
  await pq.queryMany([1], fn, { rate: { perSecond: 0.5 } });
  assert.equal(calls, 2);
});

test('rate: a token bucket lets `burst` calls start at once, then one per interval', LIMIT, async (t) => {
  const sb = await sandbox(t);
  const client = v3(sb);
  const queries = Array.from({ length: 7 }, () => ({ outTradeNo: 'PQ-V3-PAID' }));
  const starts = [];
  const results = await pq.queryMany(queries, (q) => {
    starts.push(Date.now());
    return client.queryOrder(q);
  }, { rate: { perSecond: 20, burst: 3 }, concurrency: 7 });
  assert.ok(results.every((r) => r.status === 'fulfilled'));
  assert.equal(arrivals(sb, 0).length, 7);
  // Three from the bucket, then the 4th..7th as it refills: 50, 100, 150, 200 ms after the first.
  for (let i = 3; i < 7; i++) assert.ok(starts[i] - starts[0] >= (i - 2) * 50 - SLACK, `start ${i}: ${starts[i] - starts[0]} ms`);
});

test('FREQUENCY_LIMITED slows the bucket down: each refusal doubles the pace, successes relax it', LIMIT, async (t) => {
  const sb = await sandbox(t);
  const client = v3(sb);
  sb.inject({ kind: 'rateLimited', api: 'v3', times: 3 });
  const queries = Array.from({ length: 6 }, () => ({ outTradeNo: 'PQ-V3-PAID' }));
  // When each call starts, as queryMany hands it out: the pace is a property of those starts.
  // The sandbox's arrival times add the loopback's jitter on a loaded machine (an arrival late
  // by 3 ms makes the next gap 3 ms short), so they are only counted.
  const starts = [];
  const query = (q) => {
    starts.push(performance.now());
    return client.queryOrder(q);
  };
  const results = await pq.queryMany(queries, query, { rate: { perSecond: 50 }, concurrency: 1 });
  assert.deepEqual(
    results.map((r) => (r.status === 'fulfilled' ? r.value.status.state : r.reason.providerCode)),
    ['FREQUENCY_LIMITED', 'FREQUENCY_LIMITED', 'FREQUENCY_LIMITED', 'PAID', 'PAID', 'PAID'],
  );
  assert.ok(results.slice(0, 3).every((r) => r.reason.httpStatus === 429 && r.reason.retryable));
  assert.equal(arrivals(sb, 0).length, 6);
  const g = gaps(starts).map((ms) => Math.round(ms));
  // The bucket alone spaces calls 20 ms apart; after each refusal the next call waits the pace:
  // 40 ms (twice the interval), then 80, then 160; after a success 150 (a sixteenth less).
  const floors = [40, 80, 160, 150];
  floors.forEach((floor, i) => assert.ok(g[i] >= floor - SLACK, `gap ${i + 1}: ${g[i]} ms, expected at least ${floor}`));
});

test("waitForFinalState under the sandbox's standing rate limit (RATELIMIT_EXCEEDED) backs off instead of hammering", LIMIT, async (t) => {
  const sb = await sandbox(t);
  const client = v3(sb);
  sb.rateLimit({ api: 'v3', perSecond: 2, burst: 1, code: 'RATELIMIT_EXCEEDED' });
  const e = await expectCode(
    () => pq.waitForFinalState(() => client.queryOrder({ outTradeNo: 'PQ-V3-USERPAYING' }), { intervalMs: 0, timeoutMs: 1500, rate: { perSecond: 100 } }),
    'TIMEOUT',
  );
  assert.equal(e.lastOrder.status.state, 'PAYING');
  assert.equal(e.lastError.providerCode, 'RATELIMIT_EXCEEDED');
  assert.ok(sb.rateLimited >= 1);
  // At 100/s unslowed, 1.5 s would send about 150 queries, 147 of them refused; the back-off
  // (20, 40, 80… ms after each refusal) keeps it to a handful.
  assert.ok(sb.requests.length < 40, `${sb.requests.length} queries sent`);
  assert.ok(sb.rateLimited < 30, `${sb.rateLimited} refused`);
  sb.rateLimit(null);
});

test('the sandbox rate limit over its control endpoint: set, checked, lifted', LIMIT, async (t) => {
  const sb = await sandbox(t);
  const control = (body) =>
    fetch(`${sb.url}/__sandbox/rate-limit`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  for (const bad of [{ perSecond: 0 }, { perSecond: 1, burst: 0 }, { perSecond: 1, api: 'v9' }, { perSecond: 1, code: 'SLOW_DOWN' }, { perSecond: 1, every: 2 }, [1]]) {
    const res = await control(bad);
    assert.equal(res.status, 400, JSON.stringify(bad));
    assert.match((await res.json()).error, /rate limit/);
  }
  assert.equal((await control({ perSecond: 0.5, burst: 1, api: 'fubei' })).status, 200);
  const { appId, appSecret } = sb.credentials.fubei;
  const fubei = new pq.Fubei({ appId, appSecret, api: '1.0', baseUrl: sb.url, retries: 0 });
  await fubei.queryOrder({ merchantOrderSn: 'PQ-FB1-PAID' });
  // Another API is not limited; Fubei, which documents no rate-limit answer, gets a bare 429.
  await v3(sb).queryOrder({ outTradeNo: 'PQ-V3-PAID' });
  const e = await expectCode(() => fubei.queryOrder({ merchantOrderSn: 'PQ-FB1-PAID' }), 'HTTP_ERROR');
  assert.equal(e.httpStatus, 429);
  assert.equal(sb.rateLimited, 1);
  assert.equal((await control(null)).status, 200);
  await fubei.queryOrder({ merchantOrderSn: 'PQ-FB1-PAID' });
});

/**
 * A limiter shared "across processes": a fixed window of `max` starts per `windowMs` kept in a
 * store reached asynchronously, as INCR + PEXPIRE on Redis would be (README shows that one).
 */
function windowLimiter(store, max, windowMs) {
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  return async function limiter() {
    for (;;) {
      await sleep(1); // the round trip to the store
      const window = Math.floor(Date.now() / windowMs);
      const count = (store.get(window) || 0) + 1;
      store.set(window, count);
      if (count <= max) return;
      await sleep((window + 1) * windowMs - Date.now());
    }
  };
}

test('limiter: one store shared by two batches (two processes) bounds their combined rate', LIMIT, async (t) => {
  const sb = await sandbox(t);
  const store = new Map();
  const starts = [];
  const run = (name) => {
    const client = v3(sb);
    const limiter = windowLimiter(store, 2, 100);
    const queries = Array.from({ length: 4 }, () => ({ outTradeNo: 'PQ-V3-PAID' }));
    return pq.queryMany(queries, (q) => {
      starts.push(Date.now());
      return client.queryOrder(q);
    }, { limiter, concurrency: 4 });
  };
  const [a, b] = await Promise.all([run('a'), run('b')]);
  assert.ok([...a, ...b].every((r) => r.status === 'fulfilled'));
  // 8 starts at 2 per 100 ms window need at least 4 windows.
  const windows = new Set(starts.map((s) => Math.floor(s / 100)));
  assert.ok(windows.size >= 4, `${windows.size} windows`);
  for (const w of windows) assert.ok(starts.filter((s) => Math.floor(s / 100) === w).length <= 2);
});

test('limiter: rate-limit answers add a pace on top of it; its own failure fails that call, unchanged', LIMIT, async (t) => {
  const sb = await sandbox(t);
  const client = v3(sb);
  let granted = 0;
  const limiter = () => {
    granted++;
    return Promise.resolve();
  };
  sb.inject({ kind: 'rateLimited', api: 'v3', times: 2, code: 'RATELIMIT_EXCEEDED' });
  const queries = Array.from({ length: 3 }, () => ({ outTradeNo: 'PQ-V3-PAID' }));
  const starts = [];
  const query = (q) => {
    starts.push(performance.now());
    return client.queryOrder(q);
  };
  const results = await pq.queryMany(queries, query, { limiter, concurrency: 1 });
  assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected', 'fulfilled']);
  assert.equal(results[0].reason.providerCode, 'RATELIMIT_EXCEEDED');
  assert.equal(granted, 3);
  assert.equal(arrivals(sb, 0).length, 3);
  // Call starts, not arrivals (see the FREQUENCY_LIMITED test).
  const g = gaps(starts).map((ms) => Math.round(ms));
  assert.ok(g[0] >= 250 - SLACK && g[1] >= 500 - SLACK, `gaps ${g}`);

  // A limiter that rejects (its store is down) or throws: that call fails with its error as is.
  class StoreDown extends Error {}
  const down = new StoreDown('store unreachable');
  let n = 0;
  let called = 0;
  const flaky = () => {
    n++;
    if (n === 1) return Promise.reject(down);
    if (n === 2) throw down;
    return undefined;
  };
  const mixed = await pq.queryMany([0, 1, 2], () => {
    called++;
    return Promise.resolve('ok');
  }, { limiter: flaky, concurrency: 1 });
  assert.equal(mixed[0].reason, down);
  assert.equal(mixed[1].reason, down);
  assert.deepEqual(mixed[2], { status: 'fulfilled', value: 'ok' });
  assert.equal(called, 1);
});

test('abort and timeout end a wait for a turn at once; a turn that comes later starts nothing', LIMIT, async () => {
  let called = 0;
  const fn = () => {
    called++;
    return Promise.resolve({ status: { final: false } });
  };
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  const results = await pq.queryMany([1, 2, 3], fn, { rate: { perSecond: 0.2 }, signal: controller.signal });
  assert.equal(called, 1, 'the first call had the burst token; the others waited');
  assert.deepEqual(results.slice(1).map((r) => r.reason.code), ['ABORTED', 'ABORTED']);
  // A limiter that never grants: the wait ends at timeoutMs.
  const e = await expectCode(() => pq.waitForFinalState(fn, { timeoutMs: 100, limiter: () => new Promise(() => {}) }), 'TIMEOUT');
  assert.equal(e.attempts, 1);
  assert.equal(called, 1);
});

test('no unhandled rejection was left behind', async () => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(unhandled, []);
});
