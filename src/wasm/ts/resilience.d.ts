/** Options of {@link waitForFinalState}. */
export interface WaitOptions {
  /** Pause between queries in ms (default 5 000). */
  intervalMs?: number | undefined;
  /**
   * Overall limit in ms (default 60 000): then it rejects with `TIMEOUT`, also while a query is
   * still in flight (its late result is ignored).
   */
  timeoutMs?: number | undefined;
  /** Stops the wait (`ABORTED`) at once, also during a pause or a query in flight. */
  signal?: AbortSignal | undefined;
}

/**
 * The `TIMEOUT` rejection of {@link waitForFinalState}: it carries the last order seen. A
 * caught error narrows to it by its code (`e.code === 'TIMEOUT'` gives `lastOrder: unknown`);
 * name the order type with `e as WaitTimeoutError<WechatPayV2Order>` (a rejection has no type).
 */
export type WaitTimeoutError<T> = PayQueryError<'TIMEOUT'> & {
  /** The last (non-final) order a query returned, `undefined` if none did. */
  readonly lastOrder: T | undefined;
  /** The last retryable error, if the last queries failed. */
  readonly lastError?: PayQueryError;
};

/**
 * Calls `fn` until the order it resolves to has `status.final === true` (the documented way to
 * follow a `USERPAYING` payment-code order) and resolves to that order. Retryable errors do not
 * end the wait; other errors reject at once. After `timeoutMs` it rejects with `TIMEOUT`
 * ({@link WaitTimeoutError}) carrying the last order seen.
 */
export function waitForFinalState<T extends { status: OrderStatus }>(
  fn: () => Promise<T>,
  options?: WaitOptions,
): Promise<T>;

/** Options of {@link queryMany}. */
export interface QueryManyOptions {
  /** Most calls in flight at once (default 8). */
  concurrency?: number | undefined;
  /**
   * When it fires, calls not started and calls still in flight settle as rejected with
   * `ABORTED` (late results are dropped) and the batch resolves at once.
   */
  signal?: AbortSignal | undefined;
}

/**
 * Runs `fn(query, index)` for every query with bounded concurrency (reconciliation batches).
 * Resolves, in input order, to results shaped like `Promise.allSettled`; one failure does not
 * stop the rest. The array is read once, before the first call: one that cannot be read (a
 * throwing getter or Proxy trap, more than 10 000 000 entries) rejects with `INVALID_ARGUMENT`.
 */
export function queryMany<Q, T>(
  queries: readonly Q[],
  fn: (query: Q, index: number) => Promise<T>,
  options?: QueryManyOptions,
): Promise<PromiseSettledResult<T>[]>;
