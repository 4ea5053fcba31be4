/** Credentials the sandbox generated for this run (clearly fake). */
export interface SandboxCredentials {
  v2: { appid: string; mchId: string; apiKey: string; subMchId: string; subAppid: string };
  /** Fubei: a merchant app (1.0 and 2.0), a service provider (2.0) and its merchant. */
  fubei: { appId: string; appSecret: string; vendorSn: string; vendorSecret: string; merchantId: number };
}

/** A fault to inject into the next matching requests. */
export interface SandboxFault {
  kind:
    | 'status'
    | 'delay'
    | 'reset'
    | 'body'
    | 'refuse'
    | 'badSign'
    | 'missingSign'
    | 'returnFail'
    | 'systemError'
    | 'tradeState';
  /** Limit to one emulated API. */
  api?: 'v2' | 'fubei';
  /** How many requests it applies to (default 1). */
  times?: number;
  /** HTTP status for `status` (default 500) and `body` (default 200). */
  status?: number;
  /** Delay for `delay` in ms (default 1000). */
  ms?: number;
  /** Verbatim body for `body`. */
  body?: string;
  /** `Retry-After` seconds sent with a `status` fault. */
  retryAfter?: number;
  /** v2 `tradeState`: the trade state the next queried order answers with. */
  state?: string;
}

/** Chaos mode: a share of the requests get a fault picked at random (seeded, replayable). */
export interface SandboxChaos {
  /** Share of requests that get a fault, 0..1. */
  rate: number;
  /** The faults to pick from (`times` is ignored). */
  faults: SandboxFault[];
  /** Seed of the generator (default 1). */
  seed?: number;
}

/** A request the sandbox received. */
export interface SandboxRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  at: number;
}

/** A running sandbox. */
export interface Sandbox {
  /** `http://127.0.0.1:<port>`: use as the clients' `baseUrl`. */
  url: string;
  port: number;
  credentials: SandboxCredentials;
  /** The last 1 000 requests, oldest first. */
  requests: SandboxRequest[];
  inject(fault: SandboxFault): void;
  /** Turns chaos mode on, or off with `null`. */
  chaos(chaos: SandboxChaos | null): void;
  /** Drops queued faults and turns chaos off. */
  clearFaults(): void;
  /** How many faults were injected so far (queued and chaos). */
  readonly faultsInjected: number;
  close(): Promise<void>;
}

/** Starts the sandbox on loopback (`port` 0 picks a free one). */
export function startSandbox(options?: {
  port?: number;
  host?: '127.0.0.1' | '::1' | 'localhost';
  credentials?: SandboxCredentials;
}): Promise<Sandbox>;

/** Options of {@link createCloud}. */
export interface SandboxCloudOptions {
  /** The service provider's app id and merchant id in answers (default: the sandbox's). */
  appid?: string;
  mchId?: string;
  /** Sub-merchants served (default: the sandbox's `credentials.v2.subMchId`). */
  subMchIds?: string[];
  /** Amounts and counts as JSON numbers instead of strings. */
  numbers?: boolean;
  /** Coupons as `couponList: [{ couponId, couponType, couponFee }]` instead of `couponId_0`-style fields. */
  couponList?: boolean;
  /** Throw this platform error (as wx-server-sdk's CloudSDKError) instead of answering. */
  throws?: { errCode: number; errMsg: string };
}

/** A stand-in for wx-server-sdk's `cloud`: only `cloudPay.queryOrder`. */
export interface SandboxCloud {
  cloudPay: { queryOrder(input: Record<string, unknown>): Promise<Record<string, unknown>> };
  /** Every input `queryOrder` received, as received. */
  calls: Array<Record<string, unknown>>;
}

/**
 * A stand-in for wx-server-sdk's `cloud` that answers `cloudPay.queryOrder` from the sandbox's
 * seeded service-provider orders, shaped as wx-server-sdk shapes them (camelCase keys,
 * `errCode: 0`, `errMsg: 'cloudPay.queryOrder:ok'`). No server is needed.
 */
export function createCloud(options?: SandboxCloudOptions): SandboxCloud;
