/** A WeChat Pay public key: its id as the merchant platform shows it, and the SPKI PEM. */
export interface V3PublicKey {
  /** `PUB_KEY_ID_…`. */
  id: string;
  /** `-----BEGIN PUBLIC KEY-----` (SPKI). */
  pem: string;
}

/** Signs `message` (UTF-8) with RSASSA-PKCS1-v1_5 SHA-256 and returns the base64 signature (a KMS or HSM). */
export type V3Signer = (message: string) => Promise<string> | string;

type V3Merchant =
  | { /** Direct merchant id. */ mchid: string; spMchid?: never; subMchid?: never }
  | { /** Service provider merchant id (its key signs). */ spMchid: string; /** Sub-merchant id. */ subMchid: string; mchid?: never };

type V3Signing =
  | { /** Merchant API private key, PKCS#8 PEM (`BEGIN PRIVATE KEY`). PKCS#1 is refused with the openssl command that converts it. */ privateKey: string; signer?: never }
  | { /** Signs requests instead of `privateKey`; errors it throws propagate unchanged. */ signer: V3Signer; privateKey?: never };

type V3VerificationKeys =
  | { wechatpayPublicKey: V3PublicKey; platformCertificates?: string[] | 'auto' }
  | {
      wechatpayPublicKey?: V3PublicKey;
      /**
       * X.509 PEMs (serial and key are read from each, expired ones are refused), or `'auto'`:
       * downloaded from `GET /v3/certificates` before the first query, decrypted with `apiV3Key`,
       * refreshed every 12 h, a day before expiry, and (at most once a minute) when an answer
       * names an unknown serial; old and new are kept during a rotation. `'auto'` needs `apiV3Key`.
       */
      platformCertificates: string[] | 'auto';
    };

/** A platform certificate from `downloadPlatformCertificates()`, decrypted and checked. */
export interface PlatformCertificate {
  /** The serial, uppercase hex (what `Wechatpay-Serial` names). */
  serialNo: string;
  /** The certificate, PEM: store it and pass it in `platformCertificates` to pin it. */
  pem: string;
  /** Validity start read from the certificate, RFC 3339 (+08:00). */
  notBefore: string;
  /** Validity end read from the certificate, RFC 3339 (+08:00). */
  notAfter: string;
  /** `effective_time` as the answer gave it. */
  effectiveTime?: string | null;
  /** `expire_time` as the answer gave it. */
  expireTime?: string | null;
}

/** Configuration of {@link WechatPayV3}. Unknown keys are refused (`INVALID_CONFIG`). */
export type WechatPayV3Config = V3Merchant &
  V3Signing &
  V3VerificationKeys & {
    /** Serial number of the merchant API certificate (`serial_no` in `Authorization`). */
    merchantSerialNo: string;
    /** The 32-character APIv3 key: needed by notifications and by platform certificate downloads. */
    apiV3Key?: string;
    /** Default `https://api.mch.weixin.qq.com`. */
    baseUrl?: string;
    /** A fetch implementation; default the runtime's global `fetch`. */
    fetch?: FetchLike;
    /** Default time limit per attempt in ms (default 10 000). */
    timeoutMs?: number;
    /** Retries after the first attempt on transient failures (default 2; at most 10). */
    retries?: number;
    /** As for {@link WechatPayV2Config.backupBaseUrl}: `https://api2.mch.weixin.qq.com` by default. */
    backupBaseUrl?: string | null;
    /** Allowed distance of a response timestamp from the local clock, seconds (default 300). */
    maxSkewSeconds?: number;
  };

/** Which direct or partner order to query (unpaid orders only by `outTradeNo`). */
export type WechatPayV3Query = { outTradeNo: string } | { transactionId: string };

/** Which combine order to query. */
export interface WechatPayV3CombineQuery {
  combineOutTradeNo: string;
}

/** Options of `buildAuthorization`: fixed values for tests and devtools. */
export interface BuildAuthorizationOptions {
  /** Unix seconds (default now). */
  timestamp?: number;
  /** 1-32 letters and digits (default 32 random ones). */
  nonce?: string;
}

/** Options of `verifyResponse` and `parseNotification`. */
export interface VerifyOptions {
  /** The clock to check `Wechatpay-Timestamp` against, Unix seconds (default now). */
  now?: number;
}

/** WeChat v3 `trade_state`. */
export type V3TradeState = 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR' | 'ACCEPT';

/** Amounts of a direct or partner order, in fen. */
export interface V3Amount {
  total?: number;
  payerTotal?: number;
  currency?: string;
  payerCurrency?: string;
  [field: string]: unknown;
}

/** The payer: `openid` (direct) or `spOpenid` / `subOpenid` (partner). */
export interface V3Payer {
  openid?: string;
  spOpenid?: string;
  subOpenid?: string;
  [field: string]: unknown;
}

export interface V3SceneInfo {
  deviceId?: string;
  [field: string]: unknown;
}

/** A promotion's goods; money in fen. */
export interface V3GoodsDetail {
  goodsId?: string;
  quantity?: number;
  unitPrice?: number;
  discountAmount?: number;
  goodsRemark?: string;
  [field: string]: unknown;
}

/** One coupon or discount; money in fen. */
export interface V3Promotion {
  couponId?: string;
  name?: string;
  scope?: 'GLOBAL' | 'SINGLE' | (string & {});
  type?: 'CASH' | 'NOCASH' | (string & {});
  amount?: number;
  stockId?: string;
  wechatpayContribute?: number;
  merchantContribute?: number;
  otherContribute?: number;
  currency?: string;
  goodsDetail?: V3GoodsDetail[];
  [field: string]: unknown;
}

/** A verified direct order (`appid`, `mchid`) or partner order (`spAppid`, `spMchid`, `subAppid`, `subMchid`). */
export interface WechatPayV3Order {
  appid?: string;
  mchid?: string;
  spAppid?: string;
  spMchid?: string;
  subAppid?: string;
  subMchid?: string;
  outTradeNo?: string;
  transactionId?: string;
  tradeType?: string;
  tradeState: V3TradeState | (string & {});
  tradeStateDesc?: string;
  bankType?: string;
  attach?: string;
  /** RFC 3339. */
  successTime?: string;
  payer?: V3Payer;
  amount?: V3Amount;
  sceneInfo?: V3SceneInfo;
  promotionDetail?: V3Promotion[];
  /** The body exactly as parsed, snake_case. */
  raw: Record<string, unknown>;
  /** The provider-neutral status. */
  status: OrderStatus;
  /** Fields payquery does not type yet, camelCased. */
  [field: string]: unknown;
}

/** Amounts of a combine sub-order, in fen (`settlementRate` is a rate × 10^8, not money). */
export interface V3SubOrderAmount {
  totalAmount?: number;
  payerAmount?: number;
  currency?: string;
  payerCurrency?: string;
  settlementRate?: number;
  [field: string]: unknown;
}

/** One sub-order of a combine order, with its own status. */
export interface V3SubOrder {
  mchid?: string;
  subMchid?: string;
  subAppid?: string;
  subOpenid?: string;
  tradeType?: string;
  tradeState: V3TradeState | (string & {});
  bankType?: string;
  attach?: string;
  successTime?: string;
  transactionId?: string;
  outTradeNo?: string;
  amount?: V3SubOrderAmount;
  promotionDetail?: V3Promotion[];
  status: OrderStatus;
  [field: string]: unknown;
}

/**
 * A verified combine (合单) order. Its `status` is final only when every sub-order's is, and
 * `PAID` only when all are paid; `amountFen` is the sum of the sub-orders.
 */
export interface WechatPayV3CombineOrder {
  combineAppid?: string;
  combineMchid?: string;
  combineOutTradeNo?: string;
  sceneInfo?: V3SceneInfo;
  subOrders: V3SubOrder[];
  combinePayerInfo?: { openid?: string; [field: string]: unknown };
  raw: Record<string, unknown>;
  status: OrderStatus;
  [field: string]: unknown;
}

/** The event half of a notification. */
export interface V3NotificationEvent {
  /** Use it to drop duplicate deliveries. */
  id: string;
  eventType: 'TRANSACTION.SUCCESS' | (string & {});
  createTime: string | null;
  resourceType: string | null;
  originalType: string | null;
  summary: string | null;
}

/** A verified, decrypted notification: the order a query returns, plus `event`. */
export type WechatPayV3Notification = (WechatPayV3Order | WechatPayV3CombineOrder) & { event: V3NotificationEvent };

/** `error.detail` of a 401 `SIGN_ERROR`: our message and WeChat Pay's, side by side. */
export interface V3SignErrorDetail {
  ours: string | null;
  wechat: string | null;
  oursLength: number | null;
  wechatLength: number | null;
  firstDifference: V3LineDiff | null;
  /** WeChat Pay's own `detail`. */
  provider: unknown;
}

/** The first line where two request messages differ. */
export interface V3LineDiff {
  line: number;
  name: 'METHOD' | 'URL' | 'TIMESTAMP' | 'NONCE' | 'BODY';
  ours: string | null;
  wechat: string | null;
}

/** Input of {@link explainV3}. */
export type ExplainV3Input =
  | {
      request: { method: string; url: string; body?: string; timestamp?: number; nonce?: string; authorization?: string };
      /** `error.detail.wechat` of a `SIGN_ERROR`, to compare with. */
      wechatMessage?: string;
    }
  | { response: HttpResponseInput; now?: number; maxSkewSeconds?: number };

export interface V3RequestExplanation {
  kind: 'request';
  /** The exact message signed. */
  message: string;
  method: string;
  url: string;
  timestamp: number;
  nonce: string;
  authorization?: { mchid: string; nonceStr: string; timestamp: string; serialNo: string; signature: string };
  wechatMessage?: string;
  matches?: boolean;
  firstDifference?: V3LineDiff;
  hint?: string;
}

export interface V3ResponseExplanation {
  kind: 'response';
  /** The exact message verified, when the headers allow building it. */
  message: string | null;
  timestamp: string | null;
  nonce: string | null;
  serial: string | null;
  signature: string | null;
  missing: string[];
  probe: boolean;
  skewSeconds: number | null;
  withinSkew: boolean | null;
  hint: string;
}

/** What {@link explainV3} reports. */
export type V3Explanation = V3RequestExplanation | V3ResponseExplanation;
