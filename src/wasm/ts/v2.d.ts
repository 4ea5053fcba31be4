/** Parameters to sign: values are strings (numbers and booleans are converted; null is skipped). */
export type V2Params = Record<string, string | number | boolean | null | undefined>;

/** What {@link explainV2} reports. */
export interface V2Explanation {
  signType: V2SignType;
  /** The exact string hashed, with the key shown as `***`. */
  stringToSign: string;
  /** The signature payquery computes. */
  signature: string;
  /** The `sign` found among the params, if any. */
  receivedSign?: string;
  /** Whether `receivedSign` matches (absent when there was none). */
  matches?: boolean;
  /** For a mismatch: the field only one side signed. */
  differingField?: string;
  /** For a mismatch: a plain-language diagnosis. */
  hint?: string;
}

/** Configuration of {@link WechatPayV2}. Unknown keys are refused (`INVALID_CONFIG`). */
export interface WechatPayV2Config {
  /** `appid` (the service provider's in service-provider mode). */
  appid: string;
  /** `mch_id` (the service provider's in service-provider mode). */
  mchId: string;
  /** The APIv2 key. */
  apiKey: string;
  /** Sign type of requests, and expected on responses. Default `'MD5'`. */
  signType?: V2SignType;
  /** Service-provider mode: the sub-merchant's app id. */
  subAppid?: string;
  /** Service-provider mode: the sub-merchant id. */
  subMchId?: string;
  /** Default `https://api.mch.weixin.qq.com`. */
  baseUrl?: string;
  /** A fetch implementation; default the runtime's global `fetch`. */
  fetch?: FetchLike;
  /** Default time limit per attempt in ms (default 10 000). */
  timeoutMs?: number;
  /** Retries after the first attempt on transient failures (default 2; at most 10). */
  retries?: number;
  /**
   * Host for attempts after the primary failed (transport error or 5xx). Default
   * `https://api2.mch.weixin.qq.com` when `baseUrl` is the default, none otherwise; `null` turns
   * failover off.
   */
  backupBaseUrl?: string | null;
}

/** Which order to query: exactly one of the two. */
export type WechatPayV2Query = { outTradeNo: string } | { transactionId: string };

/** WeChat v2 `trade_state`. */
export type V2TradeState =
  | 'SUCCESS'
  | 'REFUND'
  | 'NOTPAY'
  | 'CLOSED'
  | 'REVOKED'
  | 'USERPAYING'
  | 'PAYERROR'
  | 'ACCEPT';

/**
 * A verified APIv2 order, about the order queried (else `RESPONSE_MISMATCH`). Every other wire
 * field appears camelCased as a string, unless its camelCase name is one of the members below
 * (or `attempts` / `host`): such a field is in `raw` only, it never replaces a member.
 */
export interface WechatPayV2Order {
  tradeState: V2TradeState | (string & {});
  outTradeNo?: string;
  transactionId?: string;
  /** Fen. */
  totalFee?: number;
  /** Fen. */
  cashFee?: number;
  /** Fen. */
  settlementTotalFee?: number;
  /** Fen. */
  couponFee?: number;
  couponCount?: number;
  coupons: V2Coupon[];
  /** RFC 3339 with `+08:00`. */
  timeEnd?: string;
  returnCode?: string;
  returnMsg?: string;
  resultCode?: string;
  appid?: string;
  mchId?: string;
  subAppid?: string;
  subMchId?: string;
  nonceStr?: string;
  deviceInfo?: string;
  openid?: string;
  isSubscribe?: string;
  subOpenid?: string;
  subIsSubscribe?: string;
  tradeType?: string;
  bankType?: string;
  feeType?: string;
  cashFeeType?: string;
  attach?: string;
  tradeStateDesc?: string;
  /** Every wire field exactly as received (`sign` included). */
  raw: Record<string, string>;
  /** The provider-neutral status. */
  status: OrderStatus;
  [field: string]: unknown;
}
