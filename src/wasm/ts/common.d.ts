/**
 * The members every {@link PayQueryError} has, whatever its code. Messages never contain a
 * secret: a refused value the caller passed is described by its length and first two
 * characters only. Text the provider wrote appears in `message` quoted, escaped and cut to 200
 * characters; the whole text is `providerMessage`.
 */
export interface PayQueryErrorCommon extends Error {
  readonly name: 'PayQueryError';
  /**
   * The provider's own human-readable text, whole and unescaped: v2 `return_msg` or
   * `err_code_des`, v3 `message`, Fubei `result_message` (and `sub_message`), CloudPay `errMsg`.
   * Unsigned data from the network: escape it before showing it in HTML or a terminal.
   */
  readonly providerMessage?: string;
  /** HTTP status of the response, when there was one. */
  readonly httpStatus: number | undefined;
  /** The provider's request id (v3 `Request-ID`), for support tickets. */
  readonly requestId: string | undefined;
  /** Whether sending the same query again may succeed. */
  readonly retryable: boolean;
  /** How many attempts the query made (queries only). */
  readonly attempts?: number;
  /** The host the last attempt went to, e.g. `api2.mch.weixin.qq.com` (queries only). */
  readonly host?: string;
  /** From `handleNotification`: the provider's failure reply to send back (it delivers again). */
  readonly reply?: NotificationReply;
}

/**
 * The one error class payquery throws: a union over its stable `code`, so that checking `code`
 * narrows what the error carries ({@link PayQueryErrorFields}): `providerCode` (the provider's
 * own code, always a member, `undefined` when the provider said nothing) and `detail`.
 * `PayQueryError<'TIMESTAMP_SKEW'>` is the error of one code.
 */
export type PayQueryError<C extends PayQueryErrorCode = PayQueryErrorCode> = C extends PayQueryErrorCode
  ? PayQueryErrorCommon & { readonly code: C } & Readonly<PayQueryErrorFields[C]>
  : never;

/**
 * The class, for `instanceof` (also true for an error from another copy of the package). It
 * cannot be constructed or extended: payquery creates its errors.
 */
export declare const PayQueryError: {
  readonly prototype: PayQueryError;
  [Symbol.hasInstance](value: unknown): value is PayQueryError;
};

/** Whether `value` is a {@link PayQueryError} (also from another copy of the package). */
export function isPayQueryError(value: unknown): value is PayQueryError;

/**
 * Where a query result came from: every query result carries these as non-enumerable
 * properties, so `order.attempts` reads them while `JSON.stringify(order)`, `Object.keys(order)`
 * and `{ ...order }` see only the order. A wire field can never take these names.
 */
export interface QueryMeta {
  /** How many attempts the query took (1 when the first one answered). */
  readonly attempts: number;
  /** The host that answered, e.g. `api.mch.weixin.qq.com` or `api2.mch.weixin.qq.com`. */
  readonly host: string;
}

/** Options for one query. */
export interface QueryOptions {
  /** Aborts the query (`ABORTED`). */
  signal?: AbortSignal | undefined;
  /** Time limit per attempt in ms (default: the client's `timeoutMs`, else 10 000) -> `TIMEOUT`. */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt (default: the client's `retries`, else 2; at most 10). */
  retries?: number | undefined;
}

/**
 * A `fetch`-compatible function (the runtime's global `fetch` is used when none is given).
 * The body is read from `body.getReader()` with a running 1 MiB cap; `arrayBuffer()` is used
 * only when there is no body stream and `Content-Length` is within the cap.
 */
export type FetchLike = (input: string, init: {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  redirect: 'manual';
}) => Promise<{
  status: number;
  headers: { forEach(cb: (value: string, key: string) => void): void };
  body?: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> } } | null;
  arrayBuffer(): Promise<ArrayBuffer>;
}>;

/** An HTTP request as payquery would send it. */
export interface HttpRequestData {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * What `buildQueryRequest` returns: the request, and the query it asks, which
 * `parseQueryResponse(request, response)` checks the answer against.
 */
export interface QueryRequest<Q> extends HttpRequestData {
  /** The query, in the spelling the client takes (`{ outTradeNo }`, `{ orderSn }`...). */
  query: Q;
}

/** A response handed to a `parse…` method: the body as text or bytes, status 200 if omitted. */
export type HttpResponseInput =
  | string
  | Uint8Array
  | { status?: number | undefined; headers?: Record<string, string> | undefined; body: string | Uint8Array };
