// Pacing of queryMany and waitForFinalState (resilience.js): their `rate` (a token bucket) and
// `limiter` (the caller's shared one) options, and the gate that holds calls back by them,
// slowing down when a failure says the provider is rate limiting us (its `providerCode` or
// `httpStatus`).
//
// Shipped beside each wasm-bindgen glue by scripts/assemble.js (as CommonJS for Node, loaded with
// resilience.cjs). No destructuring: esbuild refuses it for a Safari 14 target (Vite's former
// default), and js-tests/bundlers.test.mjs builds for that target.
import { invalidArgument, typeName, readOptions, uint } from './options.js';

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
export const RATE_FIELDS = { rate: rateReader, limiter: limiterReader };

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
export function createGate(opts) {
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
