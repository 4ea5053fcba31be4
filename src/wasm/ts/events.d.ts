
/** Which client raised an event. */
export type PayQueryEventProvider = 'wechat-v2' | 'wechat-v3' | 'cloudpay' | 'fubei';

/** The client method (or automatic step) an event belongs to. */
export type PayQueryEventOperation =
  | 'queryOrder'
  | 'queryCombineOrder'
  | 'downloadPlatformCertificates'
  | 'handleNotification'
  | 'parseNotification';

/** What every event carries. */
interface PayQueryEventBase {
  provider: PayQueryEventProvider;
  operation: PayQueryEventOperation;
  /**
   * Shared by every event of one call (a query and its retries, or one certificate download),
   * so that concurrent calls can be told apart; increasing within a module instance.
   */
  callId: number;
}

/** An attempt is about to be sent. */
export interface AttemptStartEvent extends PayQueryEventBase {
  type: 'attempt-start';
  /** 1 for the first attempt. */
  attempt: number;
  /** `host[:port]` the request goes to (absent for CloudPay's `{ cloud }` platform call). */
  host?: string;
}

/** An attempt ended: with an answer that passed the checks made per attempt, or an error. */
export interface AttemptEndEvent extends PayQueryEventBase {
  type: 'attempt-end';
  attempt: number;
  host?: string;
  /** Whether the attempt produced an answer (APIv3 verifies the RSA signature afterwards). */
  ok: boolean;
  /** From send to parsed answer, in ms. */
  durationMs: number;
  /** The attempt's error code, when it failed. */
  code?: PayQueryErrorCode;
  /** The answer's HTTP status, when one came. */
  httpStatus?: number;
  /** The provider's error code (`SYSTEMERROR`, `FREQUENCY_LIMITED`…), when it named one. */
  providerCode?: string;
  /** The answer's `Request-ID` (APIv3), for WeChat Pay support. */
  requestId?: string;
}

/** A failed attempt will be tried again after `delayMs`. */
export interface RetryEvent extends PayQueryEventBase {
  type: 'retry';
  /** The attempt that failed. */
  attempt: number;
  /** Where it went. */
  host?: string;
  /** Why: the failed attempt's error code. */
  reason: PayQueryErrorCode;
  httpStatus?: number;
  providerCode?: string;
  /** The wait before the next attempt (backoff with jitter, at least a `Retry-After`). */
  delayMs: number;
}

/** The attempts after `attempt` go to the backup host (`backupBaseUrl`). */
export interface FailoverEvent extends PayQueryEventBase {
  type: 'failover';
  attempt: number;
  /** The host that failed. */
  from?: string;
  /** The backup host. */
  to: string;
}

/**
 * An answer, certificate download or notification was refused as untrustworthy (the call
 * rejects with this code): a bad, missing or probe signature, a timestamp out of range, an
 * unknown serial, a ciphertext that did not authenticate, or a verified answer about another
 * order or merchant.
 */
export interface VerificationFailedEvent extends Omit<PayQueryEventBase, 'callId'> {
  type: 'verification-failed';
  code:
    | 'SIGNATURE_MISSING'
    | 'SIGNATURE_INVALID'
    | 'SIGNATURE_PROBE'
    | 'TIMESTAMP_SKEW'
    | 'UNKNOWN_SERIAL'
    | 'RESPONSE_MISMATCH'
    | 'DECRYPT_FAILED';
  /** The call's id; absent for notifications, which belong to no call. */
  callId?: number;
  host?: string;
  requestId?: string;
}

/** APIv3 `platformCertificates: 'auto'`: a download was verified and is in use now. */
export interface CertificatesRefreshedEvent {
  type: 'certificates-refreshed';
  provider: 'wechat-v3';
  operation: 'downloadPlatformCertificates';
  /**
   * `'initial'` (before the first query), `'scheduled'` (every 12 h, or none valid another
   * day), `'unknown-serial'` (an answer named a new serial: a rotation) or `'requested'`
   * (`downloadPlatformCertificates()`).
   */
  reason: 'initial' | 'scheduled' | 'unknown-serial' | 'requested';
  /** The serials the download returned (uppercase hex); older valid ones stay trusted too. */
  serials: string[];
}

/**
 * What `onEvent` receives: plain objects, fresh for every call, carrying hosts, durations,
 * codes and request ids, never a key, a signature, a body or an order.
 */
export type PayQueryEvent =
  | AttemptStartEvent
  | AttemptEndEvent
  | RetryEvent
  | FailoverEvent
  | VerificationFailedEvent
  | CertificatesRefreshedEvent;

/**
 * A hook for logs, metrics and traces. Called synchronously as things happen; its return value
 * is not awaited (a rejected promise is ignored) and whatever it throws is dropped: it never
 * changes a call's result. Events raised while the hook itself runs (it called a client
 * synchronously) are not delivered.
 */
export type PayQueryEventHook = (event: PayQueryEvent) => void | Promise<void>;

/** The `onEvent` option every client config takes. */
export interface ClientEventOptions {
  /** Receives a {@link PayQueryEvent} for each attempt, retry, failover, refusal and refresh. */
  onEvent?: PayQueryEventHook | undefined;
}

// Every client config takes `onEvent` (kept here, beside the events, by declaration merging).
export interface WechatPayV2Config extends ClientEventOptions {}
export interface CloudPayCloudConfig extends ClientEventOptions {}
export interface CloudPaySigningConfig extends ClientEventOptions {}
interface FubeiConfigCommon extends ClientEventOptions {}
