/** Stable error codes carried by every {@link PayQueryError}. */
export type PayQueryErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INVALID_CONFIG'
  | 'MALFORMED_RESPONSE'
  | 'SIGNATURE_MISSING'
  | 'SIGNATURE_INVALID'
  | 'SIGNATURE_PROBE'
  | 'TIMESTAMP_SKEW'
  | 'UNKNOWN_SERIAL'
  | 'RESPONSE_MISMATCH'
  | 'REQUEST_REJECTED'
  | 'REQUEST_SIGNATURE_REJECTED'
  | 'ORDER_NOT_FOUND'
  | 'PROVIDER_ERROR'
  | 'HTTP_ERROR'
  | 'NETWORK_ERROR'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'DECRYPT_FAILED'
  | 'UNSUPPORTED'
  | 'NOT_INITIALIZED'
  | 'CLIENT_FREED'
  | 'INTERNAL';

/**
 * The one error class payquery throws. Messages never contain a secret: a refused value the
 * caller passed is described by its length and first two characters only. Text the provider
 * wrote appears in `message` quoted, escaped and cut to 200 characters; the whole text is
 * {@link PayQueryError.providerMessage}.
 */
export class PayQueryError extends Error {
  private constructor();
  readonly name: 'PayQueryError';
  /** Stable code to branch on. */
  readonly code: PayQueryErrorCode;
  /** The provider's own error code (`ORDERNOTEXIST`, `ORDER_NOT_EXIST`, a Fubei `sub_code`...). */
  readonly providerCode?: string;
  /**
   * The provider's own human-readable text, whole and unescaped: v2 `return_msg` or
   * `err_code_des`, v3 `message`, Fubei `result_message` (and `sub_message`), CloudPay `errMsg`.
   * Unsigned data from the network: escape it before showing it in HTML or a terminal.
   */
  readonly providerMessage?: string;
  /** HTTP status of the response, when there was one. */
  readonly httpStatus?: number;
  /** The provider's request id (v3 `Request-ID`), for support tickets. */
  readonly requestId?: string;
  /** Whether sending the same query again may succeed. */
  readonly retryable: boolean;
  /** Structured extras (the field at fault, the messages compared by a signature check...). */
  readonly detail?: unknown;
  /** How many attempts the query made (queries only). */
  readonly attempts?: number;
  /** The host the last attempt went to, e.g. `api2.mch.weixin.qq.com` (queries only). */
  readonly host?: string;
  /** From `handleNotification`: the provider's failure reply to send back (it delivers again). */
  readonly reply?: NotificationReply;
}

/**
 * Where a query result came from: every query result carries these as non-enumerable
 * properties, so `order.attempts` reads them while `JSON.stringify(order)`, `Object.keys(order)`
 * and `{ ...order }` see only the order. A wire field can never take these names.
 */
export interface QueryMeta {
  /** How many attempts the query took (1 when the first one answered). */
  attempts: number;
  /** The host that answered, e.g. `api.mch.weixin.qq.com` or `api2.mch.weixin.qq.com`. */
  host: string;
}

/** Whether `value` is a {@link PayQueryError} (also from another copy of the package). */
export function isPayQueryError(value: unknown): value is PayQueryError;

/** The provider-neutral trade state. */
export type TradeState =
  | 'PAID'
  | 'NOT_PAID'
  | 'PAYING'
  | 'CLOSED'
  | 'REVOKED'
  | 'REVOKING'
  | 'REFUNDED'
  | 'FAILED'
  | 'UNKNOWN';

/** The provider-neutral view every typed order carries as `status`. */
export interface OrderStatus {
  /** The neutral state. */
  state: TradeState;
  /** Whether the state can no longer change. */
  final: boolean;
  /** The provider's own state string, as sent. */
  providerState: string;
  /** The order amount in fen, when reported. */
  amountFen: number | null;
  /** When the payment completed, RFC 3339 with offset. */
  paidAt: string | null;
  /** The provider's transaction id. */
  transactionId: string | null;
  /** The merchant's order number. */
  outTradeNo: string | null;
}

/** Options for one query. */
export interface QueryOptions {
  /** Aborts the query (`ABORTED`). */
  signal?: AbortSignal;
  /** Time limit per attempt in ms (default: the client's `timeoutMs`, else 10 000) -> `TIMEOUT`. */
  timeoutMs?: number;
  /** Retries after the first attempt (default: the client's `retries`, else 2; at most 10). */
  retries?: number;
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
  | { status?: number; headers?: Record<string, string>; body: string | Uint8Array };
