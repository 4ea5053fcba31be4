// queryMany and waitForFinalState: plain JavaScript over the caller's own query function, so
// that driving promises stays in the language of promises. The decisions they need come from
// the Rust core through what every result already carries: a failure's `retryable` (the
// core's retry policy) and an order's `status.final` (the core's state mapping).
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
 */
function readOptions(options, fields) {
  const known = Object.keys(fields);
  const out = {};
  try {
    if (options === undefined || options === null) options = {};
    if (typeof options !== 'object' || Array.isArray(options)) {
      throw invalidArgument(`options must be an object, got ${typeName(options)}`);
    }
    for (const key of known) out[key] = fields[key](options[key], `options.${key}`);
    for (const key of Object.keys(options)) {
      if (!known.includes(key)) {
        const meant = nearMiss(key, known);
        throw invalidArgument(
          meant
            ? `options.${describeName(key)} is not a known option: did you mean ${meant}?`
            : `options.${describeName(key)} is not a known option (known: ${known.slice().sort().join(', ')})`,
        );
      }
    }
  } catch (e) {
    throw e instanceof PayQueryError ? e : invalidArgument('options could not be read (a getter or Proxy trap threw)');
  }
  return out;
}

/** A reader of an optional integer from 0 to `max`. */
function uint(max, fallback) {
  return (value, name) => {
    if (value === undefined) return fallback;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max) return value;
    throw invalidArgument(`${name} must be an integer from 0 to ${max}, got ${typeName(value)}`);
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
    try {
      items = readQueries(queries);
      if (typeof fn !== 'function') throw invalidArgument(`fn must be a function, got ${typeName(fn)}`);
      opts = readOptions(options, { concurrency: uint(MAX_CONCURRENCY, DEFAULT_CONCURRENCY), signal: signalReader });
      if (opts.concurrency === 0) throw invalidArgument('options.concurrency must be at least 1');
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
      resolve(results);
    };
    const settle = (i, entry) => {
      if (done || results[i] !== undefined) return;
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
        attempt(() => fn(items[i], i)).then(
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
    try {
      if (typeof fn !== 'function') throw invalidArgument(`fn must be a function, got ${typeName(fn)}`);
      opts = readOptions(options, {
        intervalMs: uint(MAX_INTERVAL_MS, DEFAULT_INTERVAL_MS),
        timeoutMs: uint(MAX_TIMEOUT_MS, DEFAULT_TIMEOUT_MS),
        signal: signalReader,
      });
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
      attempt(fn).then(
        (order) => {
          if (done) return;
          if (isFinal(order)) return end(resolve, order);
          lastOrder = order;
          pause = setTimeout(poll, intervalMs);
        },
        (error) => {
          if (done) return;
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
