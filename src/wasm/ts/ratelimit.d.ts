
/** A token bucket: `burst` calls may start at once, then one every `1000 / perSecond` ms. */
export interface RateLimit {
  /** Calls per second, above 0 (fractions allowed: `0.5` is one every 2 s), at most 100 000. */
  perSecond: number;
  /** Calls that may start at once after a quiet spell (default 1), 1 to 100 000. */
  burst?: number | undefined;
}

/**
 * The caller's own rate limiter, e.g. one kept in Redis and shared by every process: resolves
 * when the next call may start. Called once before each call; what it throws or rejects with
 * fails that call, unchanged. It is given no arguments.
 */
export type Limiter = () => Promise<void> | void;

/**
 * Pacing for {@link queryMany} and {@link waitForFinalState}: `rate` or `limiter`, not both
 * (`INVALID_ARGUMENT`). Either way the calls slow down on their own when the provider says so
 * (`FREQUENCY_LIMITED`, `RATELIMIT_EXCEEDED` or HTTP 429): the next call waits twice the
 * bucket's interval (250 ms with a `limiter`), each further refusal doubles that up to 60 s,
 * and each success shrinks it by a sixteenth until it no longer holds anything back.
 */
export interface RateLimitOptions {
  /** A token bucket of this call alone. */
  rate?: RateLimit | undefined;
  /** A limiter shared beyond this call (other batches, other processes). */
  limiter?: Limiter | undefined;
}

// queryMany and waitForFinalState take them (kept here by declaration merging).
export interface QueryManyOptions extends RateLimitOptions {}
export interface WaitOptions extends RateLimitOptions {}
