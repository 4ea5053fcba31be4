// queryMany and waitForFinalState (the package's runtime module) against hostile callers: inputs,
// options and signals that throw, calls that never settle, orders and errors whose getters
// throw. Every case must settle (each test has a time limit, so a hang fails it), with a coded
// PayQueryError for bad input, and never leave an unhandled rejection behind. The sandbox-backed
// behaviour (real queries, retries) is in resilience.test.mjs.
import test from 'node:test';
import assert from 'node:assert/strict';
import { pq, expectCode } from './helpers.mjs';

const LIMIT = { timeout: 10_000 };
const unhandled = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));

const never = () => new Promise(() => {});
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));
const retryable = () => new pq.PayQueryError('HTTP_ERROR', 'HTTP 503', { retryable: true, httpStatus: 503 });
const final = (state) => ({ status: { state, final: true } });
const paying = () => ({ status: { state: 'PAYING', final: false } });

/** An AbortSignal-like object that counts its listeners (AbortSignal hides them). */
function countingSignal() {
  const listeners = new Set();
  return {
    aborted: false,
    addEventListener: (type, fn) => type === 'abort' && listeners.add(fn),
    removeEventListener: (type, fn) => listeners.delete(fn),
    get listeners() {
      return listeners.size;
    },
    fire() {
      this.aborted = true;
      for (const fn of [...listeners]) fn();
    },
  };
}

test('queryMany: input that cannot be read gives INVALID_ARGUMENT before any call', LIMIT, async () => {
  let calls = 0;
  const fn = async (q) => {
    calls++;
    return q;
  };
  const getterThrows = [1, 2, 3];
  Object.defineProperty(getterThrows, 1, { get: () => { throw new Error('getter'); } });
  const trapThrows = new Proxy([1, 2], { get: () => { throw new Error('trap'); } });
  const revocable = Proxy.revocable([1], {});
  revocable.revoke();
  const hugeLength = new Proxy([], { get: (target, key) => (key === 'length' ? 2 ** 32 - 1 : target[key]) });
  const lengthNotNumber = new Proxy([], { get: (target, key) => (key === 'length' ? 'many' : target[key]) });
  const cases = [
    [getterThrows, /queries\[1\] could not be read/],
    [trapThrows, /queries\.length could not be read/],
    [revocable.proxy, /revoked Proxy/],
    [hugeLength, /at most 10000000 entries/],
    [lengthNotNumber, /at most/],
    [{ length: 1, 0: 'x' }, /queries must be an array, got an object/],
    [new Set(['a']), /must be an array/],
    [(function* gen() { yield 1; })(), /must be an array/],
    ['abc', /got a string/],
    [null, /got null/],
    [undefined, /got undefined/],
  ];
  for (const [queries, message] of cases) {
    const e = await expectCode(() => pq.queryMany(queries, fn), 'INVALID_ARGUMENT');
    assert.match(e.message, message);
  }
  assert.equal(calls, 0);
});

test('queryMany: options and signals that throw give INVALID_ARGUMENT; never a synchronous throw', LIMIT, async () => {
  const fn = async (q) => q;
  const throwingGetter = { get concurrency() { throw new Error('getter'); } };
  const ownKeysTrap = new Proxy({}, { ownKeys: () => { throw new Error('ownKeys'); } });
  const hasTrap = { signal: new Proxy({}, { has: () => { throw new Error('has'); } }) };
  const badListen = { signal: { aborted: false, addEventListener: () => { throw new Error('listen'); } } };
  for (const [options, message] of [
    [throwingGetter, /options could not be read/],
    [ownKeysTrap, /options could not be read/],
    [hasTrap, /options could not be read/],
    [badListen, /options\.signal could not be listened to/],
    [{ signal: {} }, /options\.signal must be an AbortSignal, got an object/],
    [{ concurrency: 1.5 }, /options\.concurrency must be an integer from 0 to 1000, got a number/],
    [{ concurrency: 0 }, /at least 1/],
    [{ concurency: 2 }, /options\.concurency is not a known option: did you mean concurrency\?$/],
    [{ Signal: null }, /options\.Signal is not a known option: did you mean signal\?$/],
    [{ parallel: 2 }, /options\.parallel is not a known option \(known: concurrency, limiter, rate, signal\)/],
    [[], /options must be an object, got an array/],
    [() => {}, /got a function/],
  ]) {
    let promise;
    assert.doesNotThrow(() => {
      promise = pq.queryMany([1], fn, options);
    });
    const e = await expectCode(() => promise, 'INVALID_ARGUMENT');
    assert.match(e.message, message);
  }
  await expectCode(() => pq.queryMany([1], 'not a function'), 'INVALID_ARGUMENT');
  // A signal whose `aborted` cannot be read counts as aborted: nothing runs.
  let calls = 0;
  const broken = { get aborted() { throw new Error('aborted getter'); }, addEventListener() {}, removeEventListener() {} };
  const results = await pq.queryMany([1, 2], () => calls++, { signal: broken });
  assert.deepEqual(results.map((r) => r.reason.code), ['ABORTED', 'ABORTED']);
  assert.equal(calls, 0);
});

test('queryMany: input order, exact concurrency bound, every outcome settled as by allSettled', LIMIT, async () => {
  const queries = Array.from({ length: 12 }, (_, i) => i);
  // An iterator that throws does not matter: the array is read by index.
  queries[Symbol.iterator] = () => { throw new Error('iterator'); };
  let inFlight = 0;
  let peak = 0;
  const thrown = new Error('sync throw');
  const results = await pq.queryMany(queries, async (q, i) => {
    assert.equal(q, i);
    inFlight++;
    peak = Math.max(peak, inFlight);
    // Later queries finish first: the results keep input order anyway.
    for (let n = 0; n < 12 - i; n++) await tick();
    inFlight--;
    if (q % 4 === 1) throw retryable();
    return { q };
  }, { concurrency: 3 });
  assert.equal(peak, 3);
  results.forEach((r, i) => {
    if (i % 4 === 1) {
      assert.equal(r.status, 'rejected');
      assert.equal(r.reason.code, 'HTTP_ERROR');
    } else {
      assert.deepEqual(r, { status: 'fulfilled', value: { q: i } });
    }
  });
  const odd = await pq.queryMany([0, 1, 2, 3], (q) => {
    if (q === 0) throw thrown;
    if (q === 1) return { get then() { throw new Error('then getter'); } };
    if (q === 2) return 'plain value';
    return Promise.reject(undefined);
  });
  assert.deepEqual(odd.map((r) => r.status), ['rejected', 'rejected', 'fulfilled', 'rejected']);
  assert.equal(odd[0].reason, thrown, 'the caller\'s own error is passed through');
  assert.equal(odd[1].reason.message, 'then getter');
  assert.equal(odd[2].value, 'plain value');
  // Holes read as undefined, as Array.prototype methods read them.
  assert.deepEqual((await pq.queryMany([, 1], (q) => q)).map((r) => r.value), [undefined, 1]);
});

test('queryMany: at abort, calls in flight and not started settle ABORTED at once; the listener is detached', LIMIT, async () => {
  const signal = countingSignal();
  let started = 0;
  const batch = pq.queryMany([0, 1, 2, 3, 4, 5], (q) => {
    started++;
    return q === 0 ? q : never();
  }, { concurrency: 2, signal });
  for (let i = 0; i < 20 && started < 3; i++) await tick();
  assert.equal(started, 3, 'query 0 finished, so query 2 started beside query 1');
  assert.equal(signal.listeners, 1);
  signal.fire();
  const results = await batch;
  assert.deepEqual(results[0], { status: 'fulfilled', value: 0 });
  for (const r of results.slice(1)) {
    assert.equal(r.status, 'rejected');
    assert.ok(pq.isPayQueryError(r.reason) && r.reason.code === 'ABORTED');
  }
  assert.equal(started, 3, 'nothing starts after the abort');
  assert.equal(signal.listeners, 0);
  // Already aborted: nothing is called; a real AbortSignal works the same.
  const pre = await pq.queryMany([1, 2], () => never(), { signal: AbortSignal.abort() });
  assert.deepEqual(pre.map((r) => r.reason.code), ['ABORTED', 'ABORTED']);
  const finished = countingSignal();
  await pq.queryMany([1], (q) => q, { signal: finished });
  assert.equal(finished.listeners, 0, 'a batch that finished detaches too');
});

test('waitForFinalState: a call that never settles ends at timeoutMs (TIMEOUT) or at abort (ABORTED)', LIMIT, async () => {
  let calls = 0;
  const e = await expectCode(() => pq.waitForFinalState(() => { calls++; return never(); }, { timeoutMs: 30 }), 'TIMEOUT');
  assert.equal(calls, 1);
  assert.equal(e.attempts, 1);
  assert.equal(e.retryable, true);
  assert.ok('lastOrder' in e && e.lastOrder === undefined);
  assert.ok(!('lastError' in e));

  const signal = countingSignal();
  const waiting = pq.waitForFinalState(never, { signal });
  await tick();
  assert.equal(signal.listeners, 1);
  signal.fire();
  await expectCode(() => waiting, 'ABORTED');
  assert.equal(signal.listeners, 0);
  await expectCode(() => pq.waitForFinalState(never, { signal: AbortSignal.abort() }), 'ABORTED');

  // A call that rejects after the timeout is ignored and leaves no unhandled rejection.
  let rejectLate;
  await expectCode(() => pq.waitForFinalState(() => new Promise((_, reject) => { rejectLate = reject; }), { timeoutMs: 10 }), 'TIMEOUT');
  rejectLate(new Error('late'));
});

test('waitForFinalState: rides out retryable errors, carries the last order and error, passes other errors through', LIMIT, async () => {
  const answers = [retryable(), paying(), retryable(), final('PAID')];
  const order = await pq.waitForFinalState(async () => {
    const next = answers.shift();
    if (next instanceof Error) throw next;
    return next;
  }, { intervalMs: 1 });
  assert.deepEqual(order, final('PAID'));
  assert.equal(answers.length, 0);

  const seen = [paying(), retryable()];
  let i = 0;
  const e = await expectCode(() => pq.waitForFinalState(async () => {
    const next = seen[Math.min(i++, 1)];
    if (next instanceof Error) throw next;
    return next;
  }, { intervalMs: 1, timeoutMs: 60 }), 'TIMEOUT');
  assert.deepEqual(e.lastOrder, paying());
  assert.equal(e.lastError.code, 'HTTP_ERROR');
  assert.equal(e.attempts, i);
  assert.match(e.message, new RegExp(`not final after 60 ms \\(${i} queries\\)`));

  const own = new Error('not retryable');
  assert.equal(await pq.waitForFinalState(() => { throw own; }).catch((x) => x), own);
  // Hostile results: an order whose status getter throws is not final; an error whose
  // `retryable` getter throws is not retryable.
  const hostileOrder = { get status() { throw new Error('status getter'); } };
  const t = await expectCode(() => pq.waitForFinalState(() => hostileOrder, { intervalMs: 1, timeoutMs: 20 }), 'TIMEOUT');
  assert.equal(t.lastOrder, hostileOrder);
  const hostileError = { get retryable() { throw new Error('retryable getter'); } };
  assert.equal(await pq.waitForFinalState(() => Promise.reject(hostileError)).catch((x) => x), hostileError);
});

test('waitForFinalState: bad arguments give INVALID_ARGUMENT and never call fn', LIMIT, async () => {
  let calls = 0;
  const fn = () => {
    calls++;
    return final('PAID');
  };
  for (const [options, message] of [
    [{ interval: 1 }, /options\.interval is not a known option: did you mean intervalMs\?$/],
    [{ timeout_ms: 1 }, /options\.timeout_ms is not a known option: did you mean timeoutMs\?$/],
    [{ every: 1 }, /options\.every is not a known option \(known: intervalMs, limiter, rate, signal, timeoutMs\)/],
    [{ intervalMs: -1 }, /options\.intervalMs must be an integer from 0 to 3600000, got a number/],
    [{ timeoutMs: 86_400_001 }, /options\.timeoutMs must be an integer from 0 to 86400000/],
    [{ timeoutMs: '10' }, /got a string/],
    [{ get signal() { throw new Error('getter'); } }, /options could not be read/],
    [new Proxy({}, { get: () => { throw new Error('trap'); } }), /options could not be read/],
    [{ signal: 'yes' }, /options\.signal must be an AbortSignal, got a string/],
  ]) {
    const e = await expectCode(() => pq.waitForFinalState(fn, options), 'INVALID_ARGUMENT');
    assert.match(e.message, message);
  }
  await expectCode(() => pq.waitForFinalState('not a function'), 'INVALID_ARGUMENT');
  assert.equal(calls, 0);
  assert.deepEqual(await pq.waitForFinalState(fn, null), final('PAID'));
});

test('no unhandled rejection was left behind', async () => {
  // Give late rejections (e.g. the one after a timeout above) a turn to surface.
  for (let i = 0; i < 5; i++) await tick();
  assert.deepEqual(unhandled, []);
});
