/** Credentials the sandbox generated for this run (clearly fake). */
export interface SandboxCredentials {
  v2: { appid: string; mchId: string; apiKey: string; subMchId: string; subAppid: string };
  /** Fubei: a merchant app (1.0 and 2.0), a service provider (2.0) and its merchant. */
  fubei: { appId: string; appSecret: string; vendorSn: string; vendorSecret: string; merchantId: number };
  v3: SandboxV3Credentials;
}

/** APIv3 credentials: fake keys and certificates generated for this run. */
export interface SandboxV3Credentials {
  mchid: string;
  appid: string;
  spMchid: string;
  spAppid: string;
  subMchid: string;
  subAppid: string;
  merchantSerialNo: string;
  /** Merchant API private key, PKCS#8 PEM. */
  privateKey: string;
  /** Its public key (SPKI PEM), which the sandbox checks Authorization with. */
  merchantPublicKey: string;
  /** Its merchant API certificate (self-signed, serial `merchantSerialNo`), for `merchantCertificate`. */
  merchantCertificate: string;
  /** Serial of `platformCertificate`, uppercase hex. */
  platformSerial: string;
  /** A self-signed platform certificate, valid now. */
  platformCertificate: string;
  /** A platform certificate that expired 30 days ago. */
  expiredPlatformCertificate: string;
  wechatpayPublicKey: { id: string; pem: string };
  apiV3Key: string;
  /** WeChat Pay's side, which the sandbox signs with; never give these to a client. */
  sandboxKeys: { platformPrivateKey: string; publicKeyPrivateKey: string };
}

/** Options of the v3 notification tools. */
export interface SandboxV3NotificationOptions {
  outTradeNo?: string;
  combineOutTradeNo?: string;
  /** A whole wire order instead of a seeded one. */
  order?: Record<string, unknown>;
  eventType?: string;
  /** Default 'publicKey'. */
  signWith?: 'publicKey' | 'platform';
  /** Encrypt with another key (the receiver must fail to decrypt). */
  apiV3Key?: string;
  /** 'ciphertext': altered before signing; 'body': altered after signing. */
  tamper?: 'ciphertext' | 'body';
}

/** Tools of the emulated APIv3. */
export interface SandboxV3Tools {
  /** A signed, encrypted notification: `{ headers, body }`, ready for `parseNotification`. */
  buildNotification(options: SandboxV3NotificationOptions): { headers: Record<string, string>; body: string };
  /** POSTs a notification to `url`; resolves to the receiver's answer. */
  postNotification(url: string, options: SandboxV3NotificationOptions): Promise<{ status: number; body: string }>;
  /**
   * Rotates to a new platform key and certificate (generated now, clearly fake): it signs from
   * now on and `GET /v3/certificates` serves it beside the old ones (`retireOld`: alone;
   * `expired`: its validity ended yesterday). Also `POST /__sandbox/v3/rotate-certificate`.
   */
  rotatePlatformCertificate(options?: { expired?: boolean; retireOld?: boolean }): { serial: string; pem: string };
}

/** Options of the APIv2 notification tools. */
export interface SandboxV2NotificationOptions {
  /** A seeded paid order (default 'PQ-V2-PAID'; 'PQ-V2-SP-PAID' is a sub-merchant's). */
  outTradeNo?: string;
  /** Default 'MD5'. */
  signType?: 'MD5' | 'HMAC-SHA256';
  /** 'body': `total_fee` altered after signing. */
  tamper?: 'body';
}

/** Tools of the emulated APIv2. */
export interface SandboxV2Tools {
  /** A signed payment result notification: `{ headers, body }` (XML), ready for `handleNotification`. */
  buildNotification(options?: SandboxV2NotificationOptions): { headers: Record<string, string>; body: string };
  /** POSTs a notification to `url`; resolves to the receiver's answer. */
  postNotification(url: string, options?: SandboxV2NotificationOptions): Promise<{ status: number; body: string }>;
}

/** Options of the Fubei notification tools. */
export interface SandboxFubeiNotificationOptions {
  /** '1.0' (default, signed with `appSecret`) or '2.0' (signed with `vendorSecret`). */
  api?: '1.0' | '2.0';
  /** A seeded order (default 'PQ-FB1-PAID', or 'PQ-FB2-PAID' on 2.0). */
  merchantOrderSn?: string;
  /** 'body': `data` altered after signing. */
  tamper?: 'body';
}

/** Tools of the emulated Fubei API. */
export interface SandboxFubeiTools {
  /** A signed notification: `{ headers, body }` (a form body), ready for `handleNotification`. */
  buildNotification(options?: SandboxFubeiNotificationOptions): { headers: Record<string, string>; body: string };
  /** POSTs a notification to `url`; resolves to the receiver's answer. */
  postNotification(url: string, options?: SandboxFubeiNotificationOptions): Promise<{ status: number; body: string }>;
}

/**
 * A standing rate limit (`sandbox.rateLimit(limit)`, or `POST /__sandbox/rate-limit`): a token
 * bucket of `burst` requests (default 1) refilled at `perSecond`. Requests over it get APIv3's
 * 429 with `code` (default 'FREQUENCY_LIMITED'), or a bare 429 from the other APIs.
 */
export interface SandboxRateLimit {
  perSecond: number;
  burst?: number;
  /** Limit one emulated API only. */
  api?: 'v2' | 'v3' | 'fubei';
  code?: 'FREQUENCY_LIMITED' | 'RATELIMIT_EXCEEDED';
}

/**
 * A fault to inject into the next matching requests. Checked when queued: an unknown kind or
 * parameter, or a parameter out of range, throws (over HTTP, `POST /__sandbox/faults` answers
 * 400 `{ error }`).
 */
export interface SandboxFault {
  kind:
    // every API
    | 'status' | 'delay' | 'reset' | 'body' | 'refuse'
    // v2 (and Fubei `systemError`)
    | 'badSign' | 'missingSign' | 'returnFail' | 'systemError' | 'tradeState'
    // v3: a signed 200 answer altered, or a WeChat Pay error answer
    | 'probeSignature' | 'skewTimestamp' | 'dropHeaders' | 'tamperBody' | 'reserializeBody' | 'signError'
    | 'rateLimited' | 'serverError' | 'wrongSerial' | 'signedBody' | 'platformSigned'
    /** /v3/certificates: one certificate ciphertext altered before signing. */
    | 'tamperCertificate';
  /** Limit to one emulated API. */
  api?: 'v2' | 'v3' | 'fubei';
  /** How many requests it applies to (integer 1 to 100 000, default 1). */
  times?: number;
  /** HTTP status (200 to 599) for `status` (default 500) and `body` (default 200). */
  status?: number;
  /** Milliseconds (0 to 60 000) for `delay` (default 1000) and `refuse` (default 300). */
  ms?: number;
  /**
   * Verbatim body for `body`; the body to sign for v3 `signedBody`; for v3 `signError`, the
   * body WeChat Pay's copy of the message shows (as if another body had arrived). At most 4 MiB.
   */
  body?: string;
  /** `Retry-After` seconds (an integer) sent with a `status` fault. */
  retryAfter?: number;
  /** v2 `tradeState`: the trade state the next queried order answers with (`[A-Z_]`, e.g. `SUCCESS`). */
  state?: string;
  /** v3 `skewTimestamp`: how far behind now the timestamp is (negative: ahead; default 600; at most 10 years). */
  seconds?: number;
  /** v3 `dropHeaders`: which to drop (default `['Wechatpay-Signature']`). */
  headers?: string[];
  /** v3 `wrongSerial`: the serial to name (printable ASCII, at most 128 characters). */
  serial?: string;
  /** v3 `signError`: the path WeChat Pay's copy of the message shows (a rewriting proxy), starting with `/`. */
  url?: string;
  /** v3 `rateLimited`: the 429's code (default 'FREQUENCY_LIMITED'). */
  code?: 'FREQUENCY_LIMITED' | 'RATELIMIT_EXCEEDED';
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
  /** Per-API tools (signed notifications; APIv3 certificate rotation). */
  tools: { v2: SandboxV2Tools; v3: SandboxV3Tools; fubei: SandboxFubeiTools };
  inject(fault: SandboxFault): void;
  /** Turns chaos mode on, or off with `null`. */
  chaos(chaos: SandboxChaos | null): void;
  /** Sets a standing rate limit, or lifts it with `null`. */
  rateLimit(limit: SandboxRateLimit | null): void;
  /** How many requests the rate limit refused so far. */
  readonly rateLimited: number;
  /** Drops queued faults and turns chaos off. */
  clearFaults(): void;
  /** How many faults were injected so far (queued and chaos). */
  readonly faultsInjected: number;
  close(): Promise<void>;
}

/**
 * Starts the sandbox on loopback (`port` 0 picks a free one). The emulated APIs answer any
 * origin (`Access-Control-Allow-Origin: *`: they hold fake orders only). The control endpoints
 * under `/__sandbox/` (credentials, requests, faults, chaos) never send `*`: a request whose
 * `Host` is not a loopback name, or that a browser sends from an origin other than the
 * sandbox's own (`http://127.0.0.1:<port>`, `http://localhost:<port>`, `http://[::1]:<port>`)
 * or one in `allowOrigins`, gets 403, preflights included. Malformed control bodies and fault
 * values get 400 `{ error }`, and so do malformed XML character references in v2 requests.
 */
export function startSandbox(options?: {
  port?: number;
  host?: '127.0.0.1' | '::1' | 'localhost';
  credentials?: SandboxCredentials;
  /** More browser origins allowed to use the control endpoints: loopback ones only, e.g. `http://localhost:5173`. */
  allowOrigins?: string[];
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
