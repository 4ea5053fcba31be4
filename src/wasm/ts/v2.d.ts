/** Parameters to sign: values are strings (numbers and booleans are converted; null is skipped). */
export type V2Params = Record<string, string | number | boolean | null | undefined>;

/** Configuration of {@link WechatPayV2}. Unknown keys are refused (`INVALID_CONFIG`). */
export interface WechatPayV2Config {
  /** `appid` (the service provider's in service-provider mode). */
  appid: string;
  /** `mch_id` (the service provider's in service-provider mode). */
  mchId: string;
  /** The APIv2 key. */
  apiKey: string;
  /** Sign type of requests, and expected on responses. Default `'MD5'`. */
  signType?: V2SignType | undefined;
  /** Service-provider mode: the sub-merchant's app id. */
  subAppid?: string | undefined;
  /** Service-provider mode: the sub-merchant id. */
  subMchId?: string | undefined;
  /** Default `https://api.mch.weixin.qq.com`. */
  baseUrl?: string | undefined;
  /** A fetch implementation; default the runtime's global `fetch`. */
  fetch?: FetchLike | undefined;
  /** Default time limit per attempt in ms (default 10 000). */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt on transient failures (default 2; at most 10). */
  retries?: number | undefined;
  /**
   * Host for attempts after the primary failed (transport error or 5xx). Default
   * `https://api2.mch.weixin.qq.com` when `baseUrl` is the default, none otherwise; `null` turns
   * failover off.
   */
  backupBaseUrl?: string | null | undefined;
}

/**
 * Which order to query: exactly one of the two ids (the other absent or `undefined`;
 * both, or neither, is `INVALID_ARGUMENT` at run time and a type error here).
 */
export type WechatPayV2Query =
  | { outTradeNo: string; transactionId?: undefined }
  | { transactionId: string; outTradeNo?: undefined };
