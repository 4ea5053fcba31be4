// queryMany and waitForFinalState: plain JavaScript over the caller's own query function, so
// that driving promises stays in the language of promises. The decisions they need come from
// the Rust core through what every result already carries: a failure's `retryable` (the
// core's retry policy), `providerCode` and `httpStatus` (a rate limit), and an order's
// `status.final` (the core's state mapping). Both can pace their calls (`rate`, a token bucket,
// or the caller's shared `limiter`), slowing down when the provider says it is overloaded.
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
/** Limits of `rate`: calls per second and bucket size. */
const MAX_PER_SECOND = 100000;
const MAX_BURST = 100000;
/**
 * Adaptive back-off: after a rate-limited failure, calls start at least `pace` ms apart (at
 * first twice the bucket's interval, or MIN_PACE_MS with a custom limiter), doubled by each
 * further one up to MAX_PACE_MS and shrunk by a sixteenth by each success, until it no longer
 * holds anything back.
 */
const MIN_PACE_MS = 250;
const MAX_PACE_MS = 60000;
/** The provider codes of a rate limit (APIv3 answers them with HTTP 429). */
const RATE_LIMIT_CODES = ['FREQUENCY_LIMITED', 'RATELIMIT_EXCEEDED'];

function invalidArgument(message) {
  return new PayQueryError('INVALID_ARGUMENT', message, { retryable: false });
}

/** The error for a caller's signal that fired (the Rust binding's wording). */
function aborted() {
  return new PayQueryError('ABORTED', 'the call was aborted by its signal', { retryable: false });
}

/** The JavaScript type of `value`, for messages (as the Rust binding names it). */
function typeName(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'function':
      return 'a function';
    case 'undefined':
      return 'undefined';
    default:
      return typeof value === 'object' ? 'an object' : typeof value;
  }
}

/** `fn()` as a promise: a synchronous throw becomes a rejection. */
function attempt(fn) {
  return new Promise((resolve) => resolve(fn()));
}

/**
 * A caller's key name as messages may show it: as is when it is short and plain (it cannot be a
 * key or password then), otherwise only its length — the same rule as the core's
 * `error::describe_name`, since a secret pasted in the wrong place may arrive as a key.
 */
function describeName(name) {
  return /^[A-Za-z0-9_]{1,24}$/.test(name) ? name : `[a name of ${name.length} characters]`;
}

/**
 * The known option `name` most likely stands for: the same name in another case or with `_`,
 * or the one a typo or two away (one for names of five characters or fewer) when exactly one
 * is — the core's `names::near_miss` rule for these few option names.
 */
function nearMiss(name, known) {
  const norm = (s) => s.replace(/[-_ ]/g, '').toLowerCase();
  const a = norm(name);
  let best;
  let bestDistance = Infinity;
  let tied = false;
  for (const k of known) {
    const b = norm(k);
    // Optimal string alignment distance: edits and swaps of two neighbours.
    const d = [];
    for (let i = 0; i <= a.length; i++) {
      d.push([i]);
      for (let j = 1; j <= b.length; j++) {
        if (i === 0) {
          d[0].push(j);
          continue;
        }
        let v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2][j - 2] + 1);
        d[i].push(v);
      }
    }
    const distance = d[a.length][b.length];
    if (!a || distance > (b.length <= 5 ? 1 : 2) || distance > bestDistance) continue;
    tied = distance === bestDistance;
    if (!tied) {
      best = k;
      bestDistance = distance;
    }
  }
  return tied ? undefined : best;
}

/**
 * Reads `options` strictly, as the Rust binding reads every options object: `undefined`/`null`
 * read as `{}`, every field typed, unknown keys refused. `fields` maps a key to a reader; a
 * getter, trap or reader that throws anything but a PayQueryError is INVALID_ARGUMENT too.
 * `what` names the object in messages (`options`, `options.rate`).
 */
function readOptions(options, fields, what = 'options') {
  const known = Object.keys(fields);
  const out = {};
  try {
    if (options === undefined || options === null) options = {};
    if (typeof options !== 'object' || Array.isArray(options)) {
      throw invalidArgument(`${what} must be an object, got ${typeName(options)}`);
    }
    for (const key of known) out[key] = fields[key](options[key], `${what}.${key}`);
    for (const key of Object.keys(options)) {
      if (!known.includes(key)) {
        const meant = nearMiss(key, known);
        throw invalidArgument(
          meant
            ? `${what}.${describeName(key)} is not a known option: did you mean ${meant}?`
            : `${what}.${describeName(key)} is not a known option (known: ${known.slice().sort().join(', ')})`,
        );
      }
    }
  } catch (e) {
    throw e instanceof PayQueryError ? e : invalidArgument(`${what} could not be read (a getter or Proxy trap threw)`);
  }
  return out;
}

/** A reader of an optional integer from `min` (default 0) to `max`. */
function uint(max, fallback, min = 0) {
  return (value, name) => {
    if (value === undefined) return fallback;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    throw invalidArgument(`${name} must be an integer from ${min} to ${max}, got ${typeName(value)}`);
  };
}

/** A reader of `rate: { perSecond, burst? }` (absent: no bucket). */
function rateReader(value, name) {
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidArgument(`${name} must be an object { perSecond, burst? }, got ${typeName(value)}`);
  }
  return readOptions(
    value,
    {
      perSecond: (v, n) => {
        if (typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= MAX_PER_SECOND) return v;
        throw invalidArgument(`${n} must be a number of calls per second above 0, at most ${MAX_PER_SECOND}, got ${typeName(v)}`);
      },
      burst: uint(MAX_BURST, 1, 1),
    },
    name,
  );
}

/** A reader of `limiter`: a function returning a promise that resolves when a call may start. */
function limiterReader(value, name) {
  if (value === undefined) return null;
  if (typeof value !== 'function') throw invalidArgument(`${name} must be a function returning a promise, got ${typeName(value)}`);
  return value;
}

/** The rate-limit fields every options reader shares. */
const RATE_FIELDS = { rate: rateReader, limiter: limiterReader };

/** Whether `error` says the provider is rate limiting us: a rate-limit code, or HTTP 429. */
function isRateLimited(error) {
  try {
    return (
      error !== null &&
      typeof error === 'object' &&
      (RATE_LIMIT_CODES.includes(error.providerCode) || error.httpStatus === 429)
    );
  } catch {
    return false;
  }
}

/**
 * What paces the calls of one queryMany or waitForFinalState: `acquire()` resolves when the
 * next call may start (a token of the bucket, or the caller's `limiter`, then the adaptive
 * pace); `report(ok, error)` feeds the outcome back; `close()` drops the waits still pending.
 * Null when neither `rate` nor `limiter` is given. A limiter that throws or rejects fails that
 * one call with what it threw, unchanged (a Redis error keeps its type).
 */
function createGate(opts) {
  const rate = opts.rate;
  const limiter = opts.limiter;
  if (rate && limiter) throw invalidArgument('options.rate and options.limiter cannot be combined: pass one');
  if (!rate && !limiter) return null;
  const timers = new Set();
  /**
   * Resolves once `Date.now()` reaches `at`. A timer can fire a little early by the wall clock
   * (Node measures it from the event loop's cached time), so it is checked and re-armed: a call
   * never starts before its reserved time.
   */
  const waitUntil = (at) =>
    new Promise((resolve) => {
      const check = (timer) => {
        if (timer) timers.delete(timer);
        const left = at - Date.now();
        if (left <= 0) return resolve();
        const next = setTimeout(() => check(next), Math.ceil(left));
        timers.add(next);
      };
      check(null);
    });
  // Token bucket with debt: a reservation takes a token now (possibly below zero) and waits
  // until the bucket would have refilled it, so no queue is needed to keep calls in order.
  const interval = rate ? 1000 / rate.perSecond : 0;
  let tokens = rate ? rate.burst : 0;
  let refilled = Date.now();
  /** The time the next token is available, taken now. */
  const reserve = () => {
    const now = Date.now();
    tokens = Math.min(rate.burst, tokens + (now - refilled) / interval);
    refilled = now;
    tokens -= 1;
    return tokens >= 0 ? now : now - tokens * interval;
  };
  const basePace = rate ? Math.min(MAX_PACE_MS, 2 * interval) : MIN_PACE_MS;
  let pace = 0;
  let paced = 0;
  /** Reserves the next start under the adaptive pace; resolves at it. */
  const afterPace = () => {
    if (pace === 0 && paced <= Date.now()) return undefined;
    const start = Math.max(Date.now(), paced);
    paced = start + pace;
    return waitUntil(start);
  };
  return {
    acquire() {
      if (rate) return waitUntil(reserve()).then(afterPace);
      return new Promise((resolve) => resolve(limiter())).then(afterPace);
    },
    report(ok, error) {
      if (!ok && isRateLimited(error)) {
        pace = Math.min(MAX_PACE_MS, Math.max(basePace, pace * 2));
        // The next call waits a full pace from now, and no burst follows the provider's "stop".
        paced = Math.max(paced, Date.now() + pace);
        if (rate) tokens = Math.min(tokens, 0);
      } else if (ok && pace > 0) {
        pace -= pace / 16;
        if (pace < basePace / 2) pace = 0;
      }
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

/**
 * Reads `options.signal` into `{ aborted(), listen(onAbort) -> detach }`, or null when absent.
 * An AbortSignal-like object is accepted (as by the queries); one whose `aborted` cannot be read
 * counts as aborted, so a broken signal stops work rather than being ignored.
 */
function signalReader(value, name) {
  if (value === undefined) return null;
  if (typeof value !== 'object' || value === null || !('aborted' in value) || !('addEventListener' in value)) {
    throw invalidArgument(`${name} must be an AbortSignal, got ${typeName(value)}`);
  }
  const signal = value;
  return {
    aborted() {
      try {
        return Boolean(signal.aborted);
      } catch {
        return true;
      }
    },
    /** Calls `onAbort` once when the signal fires; returns the detach function. */
    listen(onAbort) {
      const handler = () => onAbort();
      try {
        signal.addEventListener('abort', handler, { once: true });
      } catch {
        throw invalidArgument(`${name} could not be listened to (its addEventListener threw)`);
      }
      return () => {
        try {
          signal.removeEventListener('abort', handler);
        } catch {
          // A signal that cannot detach keeps a handler that does nothing once settled.
        }
      };
    },
  };
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
