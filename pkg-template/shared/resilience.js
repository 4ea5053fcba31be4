// queryMany and waitForFinalState: plain JavaScript over the caller's own query function, so
// that driving promises stays in the language of promises. The decisions they need come from
// the Rust core through what every result already carries: a failure's `retryable` (the
// core's retry policy), `providerCode` and `httpStatus` (a rate limit), and an order's
// `status.final` (the core's state mapping). Both can pace their calls (`rate`, a token bucket,
// or the caller's shared `limiter`), slowing down when the provider says it is overloaded
// (pace.js); their arguments are read by options.js.
//
// Shipped beside each wasm-bindgen glue by scripts/assemble.js (as CommonJS for Node), which
// points the error-module placeholder of the import below at that glue's PayQueryError class.
// No destructuring: esbuild refuses it for a Safari 14 target (Vite's former default), and
// js-tests/bundlers.test.mjs builds for that target.
//
// Every argument is read defensively: a getter, Proxy trap or signal that throws, or one that
// never lets go, gives a coded PayQueryError or an ABORTED/TIMEOUT settlement, never an uncaught
// exception, an unhandled rejection or a promise left pending.
import { PayQueryError } from '__ERROR_MODULE__';
import { invalidArgument, typeName, readOptions, uint, signalReader } from './options.js';
import { RATE_FIELDS, createGate } from './pace.js';

/** Calls in flight at once by default, and the most `concurrency` accepts. */
const DEFAULT_CONCURRENCY = 8;
const MAX_CONCURRENCY = 1000;
/** Most queries one batch takes: a sparse array or a Proxy can claim up to 2^32 - 1. */
const MAX_QUERIES = 10000000;
/** waitForFinalState's defaults and limits (ms). */
const DEFAULT_INTERVAL_MS = 5000;
const MAX_INTERVAL_MS = 3600000;
const DEFAULT_TIMEOUT_MS = 60000;
const MAX_TIMEOUT_MS = 86400000;

/** The error for a caller's signal that fired (the Rust binding's wording). */
function aborted() {
  return new PayQueryError('ABORTED', 'the call was aborted by its signal', { retryable: false });
}

/** `fn()` as a promise: a synchronous throw becomes a rejection. */
function attempt(fn) {
  return new Promise((resolve) => resolve(fn()));
}

/** The queries of a batch, copied once: a later getter or trap cannot break the run. */
function readQueries(queries) {
  let isArray;
  try {
    isArray = Array.isArray(queries);
  } catch {
    // Array.isArray throws for a revoked Proxy.
    throw invalidArgument('queries could not be read (a revoked Proxy)');
  }
  if (!isArray) throw invalidArgument(`queries must be an array, got ${typeName(queries)}`);
  let length;
  try {
    length = queries.length;
  } catch {
    throw invalidArgument('queries.length could not be read (a getter or Proxy trap threw)');
  }
  if (!Number.isInteger(length) || length < 0 || length > MAX_QUERIES) {
    throw invalidArgument(`queries must have at most ${MAX_QUERIES} entries`);
  }
  const items = new Array(length);
  for (let i = 0; i < length; i++) {
    try {
      items[i] = queries[i];
    } catch {
      throw invalidArgument(`queries[${i}] could not be read (a getter or Proxy trap threw)`);
    }
  }
  return items;
}

/**
 * Runs `fn(query, index)` for every query with at most `concurrency` in flight; resolves, in
 * input order, to `Promise.allSettled`-shaped results. When `signal` fires, calls not started
 * and calls still in flight settle as rejected with `ABORTED` and the batch resolves at once.
 */
export function queryMany(queries, fn, options) {
  return new Promise((resolve, reject) => {
    let items;
    let opts;
    let gate;
    try {
      items = readQueries(queries);
      if (typeof fn !== 'function') throw invalidArgument(`fn must be a function, got ${typeName(fn)}`);
      opts = readOptions(options, { concurrency: uint(MAX_CONCURRENCY, DEFAULT_CONCURRENCY), signal: signalReader, ...RATE_FIELDS });
      if (opts.concurrency === 0) throw invalidArgument('options.concurrency must be at least 1');
      gate = createGate(opts);
    } catch (e) {
      reject(e instanceof PayQueryError ? e : invalidArgument('the arguments could not be read'));
      return;
    }
    const concurrency = opts.concurrency;
    const signal = opts.signal;
    const total = items.length;
    const results = new Array(total);
    let next = 0;
    let settledCount = 0;
    let done = false;
    let detach = () => {};

    const finish = () => {
      done = true;
      detach();
      if (gate) gate.close();
      resolve(results);
    };
    const settle = (i, entry) => {
      if (done || results[i] !== undefined) return;
      if (gate) gate.report(entry.status === 'fulfilled', entry.reason);
      results[i] = entry;
      settledCount++;
      if (settledCount === total) finish();
      else launch();
    };
    // Rejects everything not settled yet; late results of calls in flight are dropped.
    const abortAll = () => {
      if (done) return;
      for (let i = 0; i < total; i++) if (results[i] === undefined) results[i] = { status: 'rejected', reason: aborted() };
      finish();
    };
    function launch() {
      while (!done && next < total && next - settledCount < concurrency) {
        if (signal && signal.aborted()) return abortAll();
        const i = next++;
        const call = () => fn(items[i], i);
        // A call waiting for its turn counts as in flight; after an abort it never starts.
        (gate ? gate.acquire().then(() => (done ? undefined : call())) : attempt(call)).then(
          (value) => settle(i, { status: 'fulfilled', value }),
          (reason) => settle(i, { status: 'rejected', reason }),
        );
      }
    }

    if (total === 0) return finish();
    if (signal) {
      if (signal.aborted()) return abortAll();
      try {
        detach = signal.listen(abortAll);
      } catch (e) {
        reject(e);
        return;
      }
    }
    launch();
  });
}

/** Whether `order.status.final` is true; an order whose getters throw is not final. */
function isFinal(order) {
  try {
    return order.status.final === true;
  } catch {
    return false;
  }
}

/** Whether `error.retryable` is true (the core's retry decision on a PayQueryError). */
function isRetryable(error) {
  try {
    return error !== null && typeof error === 'object' && error.retryable === true;
  } catch {
    return false;
  }
}

/**
 * Calls `fn` every `intervalMs` until the order it resolves to has `status.final === true`;
 * retryable failures do not end the wait. Settles by `timeoutMs` (TIMEOUT, carrying the last
 * order seen) or when `signal` fires (ABORTED), also while a call is still in flight.
 */
export function waitForFinalState(fn, options) {
  return new Promise((resolve, reject) => {
    let opts;
    let gate;
    try {
      if (typeof fn !== 'function') throw invalidArgument(`fn must be a function, got ${typeName(fn)}`);
      opts = readOptions(options, {
        intervalMs: uint(MAX_INTERVAL_MS, DEFAULT_INTERVAL_MS),
        timeoutMs: uint(MAX_TIMEOUT_MS, DEFAULT_TIMEOUT_MS),
        signal: signalReader,
        ...RATE_FIELDS,
      });
      gate = createGate(opts);
    } catch (e) {
      reject(e instanceof PayQueryError ? e : invalidArgument('the arguments could not be read'));
      return;
    }
    const intervalMs = opts.intervalMs;
    const timeoutMs = opts.timeoutMs;
    const signal = opts.signal;
    let done = false;
    let polls = 0;
    let lastOrder;
    let lastError;
    let pause;
    let detach = () => {};

    const end = (settleWith, value) => {
      if (done) return;
      done = true;
      clearTimeout(deadlineTimer);
      clearTimeout(pause);
      detach();
      if (gate) gate.close();
      settleWith(value);
    };
    const timedOut = () => {
      const error = new PayQueryError('TIMEOUT', `the order was not final after ${timeoutMs} ms (${polls} queries)`, {
        retryable: true,
        attempts: polls,
      });
      error.lastOrder = lastOrder;
      if (lastError !== undefined) error.lastError = lastError;
      end(reject, error);
    };
    const poll = () => {
      if (done) return;
      if (signal && signal.aborted()) return end(reject, aborted());
      polls++;
      (gate ? gate.acquire().then(() => (done ? undefined : fn())) : attempt(fn)).then(
        (order) => {
          if (done) return;
          if (gate) gate.report(true);
          if (isFinal(order)) return end(resolve, order);
          lastOrder = order;
          pause = setTimeout(poll, intervalMs);
        },
        (error) => {
          if (done) return;
          if (gate) gate.report(false, error);
          // Retryable failures (timeouts, SYSTEMERROR...) do not end the wait.
          if (!isRetryable(error)) return end(reject, error);
          lastError = error;
          pause = setTimeout(poll, intervalMs);
        },
      );
    };

    const deadlineTimer = setTimeout(timedOut, timeoutMs);
    if (signal) {
      if (signal.aborted()) return end(reject, aborted());
      try {
        detach = signal.listen(() => end(reject, aborted()));
      } catch (e) {
        return end(reject, e);
      }
    }
    poll();
  });
}
