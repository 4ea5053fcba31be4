/**
 * What {@link CloudPay} accepts as `cloud`: `require('wx-server-sdk')` itself, or any object
 * with a `cloudPay.queryOrder` (a stand-in such as `payquery/sandbox`'s `createCloud()`).
 * payquery never loads wx-server-sdk. Its own declarations (4.0.2) do not declare `cloudPay`,
 * which it adds at run time, so the module is recognised by its `init` and `getWXContext`;
 * `cloudPay.queryOrder` is checked at construction (`INVALID_CONFIG`).
 */
export type CloudPayCloud = CloudPayPlatform | CloudPayWxServerSdk;

/** An object whose `cloudPay.queryOrder` payquery calls. */
export interface CloudPayPlatform {
  cloudPay: { queryOrder(input: CloudPayPlatformInput): unknown };
}

/** The shape of `typeof import('wx-server-sdk')` by its own declarations. */
export interface CloudPayWxServerSdk {
  init(...args: never[]): unknown;
  getWXContext(...args: never[]): unknown;
}

/**
 * The input payquery hands to `cloud.cloudPay.queryOrder`: the keys it reads in snake_case,
 * `nonce_str` (the caller's, else generated: the CloudPay documentation marks it required),
 * then every other input key as the caller gave it, as wx-server-sdk forwards them.
 */
export type CloudPayPlatformInput = {
  sub_mch_id: string;
  out_trade_no?: string;
  transaction_id?: string;
  nonce_str: string;
  sub_appid?: string;
  [forwarded: string]: string | number | boolean | undefined;
};

/** `new CloudPay({ cloud })`: inside a WeChat cloud function, over the caller's wx-server-sdk. */
export interface CloudPayCloudConfig {
  cloud: CloudPayCloud;
  /** The signing backend's keys: refused next to `cloud` (`INVALID_CONFIG`) unless `undefined`. */
  appid?: undefined;
  mchId?: undefined;
  apiKey?: undefined;
  signType?: undefined;
  baseUrl?: undefined;
  fetch?: undefined;
  timeoutMs?: undefined;
  retries?: undefined;
  backupBaseUrl?: undefined;
}

/**
 * `new CloudPay({ appid, mchId, apiKey, … })`: anywhere, by signing a WeChat Pay APIv2 order
 * query in service-provider mode and verifying the answer. `appid`/`mchId`/`apiKey` are the
 * service provider's: orders placed through WeChat cloud belong to its service-provider
 * merchant, so this backend needs that merchant's APIv2 key. Unknown keys are refused
 * (`INVALID_CONFIG`).
 */
export interface CloudPaySigningConfig {
  appid: string;
  mchId: string;
  /** The service provider's APIv2 key. */
  apiKey: string;
  /** Default `'MD5'`. */
  signType?: V2SignType | undefined;
  /** Default `https://api.mch.weixin.qq.com`. */
  baseUrl?: string | undefined;
  fetch?: FetchLike | undefined;
  /** Default time limit per attempt in ms (default 10 000). */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt on transient failures (default 2). */
  retries?: number | undefined;
  /** As for {@link WechatPayV2Config.backupBaseUrl}. */
  backupBaseUrl?: string | null | undefined;
  cloud?: undefined;
}

/** Either backend, never both. */
export type CloudPayConfig = CloudPayCloudConfig | CloudPaySigningConfig;

type CloudPayNot<K extends string> = { [P in K]?: undefined };
type CloudPayOrderKeys = 'out_trade_no' | 'outTradeNo' | 'transaction_id' | 'transactionId';

/** Which order: exactly one of `out_trade_no` / `transaction_id` (either spelling). */
export type CloudPayOrderRef =
  | ({ out_trade_no: string } & CloudPayNot<Exclude<CloudPayOrderKeys, 'out_trade_no'>>)
  | ({ outTradeNo: string } & CloudPayNot<Exclude<CloudPayOrderKeys, 'outTradeNo'>>)
  | ({ transaction_id: string } & CloudPayNot<Exclude<CloudPayOrderKeys, 'transaction_id'>>)
  | ({ transactionId: string } & CloudPayNot<Exclude<CloudPayOrderKeys, 'transactionId'>>);

/**
 * The `queryOrder` input, as wx-server-sdk takes it: snake_case or camelCase keys.
 * `sub_mch_id` is required; `nonce_str` is generated when absent; an empty string counts as
 * absent. Other keys are forwarded, as wx-server-sdk forwards them: as given to the platform
 * (`{ cloud }`), in snake_case and signed (signing backend, which refuses `appid`, `mch_id`,
 * `sign`, `sign_type` and names that are not lowercase letters, digits and `_` once in
 * snake_case). Checked before any call (`INVALID_ARGUMENT`).
 */
export type CloudPayQueryInput = (
  | ({ sub_mch_id: string } & CloudPayNot<'subMchId'>)
  | ({ subMchId: string } & CloudPayNot<'sub_mch_id'>)
) &
  CloudPayOrderRef & {
    nonce_str?: string | undefined;
    nonceStr?: string | undefined;
    sub_appid?: string | undefined;
    subAppid?: string | undefined;
    /** Forwarded keys: strings, finite numbers, booleans (`undefined`/`null`: absent). */
    [forwarded: string]: string | number | boolean | null | undefined;
  };

/**
 * An amount in fen or a count (the CloudPay documentation's `Int` fields): a number from the
 * signing backend; with `{ cloud }`, as the platform sent it, a number or its digits in a string
 * (both are seen). Either way checked to be a whole, safe amount; `status.amountFen` and
 * `coupons[].fee` always have it as a number.
 */
export type CloudPayInt = number | `${number}`;

/**
 * What every result shares: wx-server-sdk's `{ ...answer, errCode: 0, errMsg }`, every field
 * under its name (`mch_id` -> `mchId`, `coupon_fee_0` -> `couponFee_0`), in its order.
 * Values: with `{ cloud }`, as the platform sent them; signing backend, the documentation's
 * types (`totalFee`, `cashFee`, `settlementTotalFee`, `couponFee`, `couponCount`,
 * `couponFee_$n` numbers, the rest strings). See {@link CloudPayInt}.
 */
export interface CloudPayResultBase extends CloudPayAdditions {
  /** wx-server-sdk's: the call went through. WeChat's own `err_code` is `resultErrCode`. */
  errCode: 0;
  errMsg: 'cloudPay.queryOrder:ok';
  [field: string]: unknown;
}

/** Fields of an answer with `returnCode: 'SUCCESS'`. */
export interface CloudPayReturnedResult extends CloudPayResultBase {
  returnCode: 'SUCCESS';
  returnMsg?: string;
  appid?: string;
  mchId?: string;
  subAppid?: string;
  subMchId?: string;
  nonceStr?: string;
  sign?: string;
  /**
   * With `{ cloud }`, when the platform lists the coupons instead of `couponFee_0`-style
   * fields: the list as sent (`coupons` has them typed).
   */
  couponList?: Array<Record<string, unknown>>;
  [coupon: `couponFee_${number}`]: CloudPayInt;
  [coupon: `couponId_${number}`]: string;
  [coupon: `couponType_${number}`]: WechatCouponType;
}

/** `resultCode: 'SUCCESS'`: the order was found. */
export interface CloudPayOrderResult extends CloudPayReturnedResult {
  resultCode: 'SUCCESS';
  resultErrCode: null;
  tradeState: WechatTradeState;
  tradeStateDesc?: string;
  outTradeNo?: string;
  transactionId?: string;
  /** Fen. */
  totalFee?: CloudPayInt;
  /** Fen. */
  cashFee?: CloudPayInt;
  /** Fen. */
  settlementTotalFee?: CloudPayInt;
  /** Fen. */
  couponFee?: CloudPayInt;
  couponCount?: CloudPayInt;
  feeType?: WechatCurrency;
  cashFeeType?: WechatCurrency;
  deviceInfo?: string;
  openid?: string;
  isSubscribe?: WechatYesNo;
  subOpenid?: string;
  subIsSubscribe?: WechatYesNo;
  tradeType?: WechatTradeType;
  bankType?: string;
  attach?: string;
  /**
   * `yyyyMMddHHmmss`, Beijing time, as sent: wx-server-sdk's shape, unlike
   * {@link WechatPayV2Order.timeEnd} (RFC 3339). `status.paidAt` has it as RFC 3339.
   */
  timeEnd?: WechatCompactTime;
}

/** `resultCode: 'FAIL'`: a business failure, resolved as wx-server-sdk resolves it. */
export interface CloudPayFailResult extends CloudPayReturnedResult {
  resultCode: 'FAIL';
  errCodeDes?: string;
}

/**
 * `returnCode: 'FAIL'`: the call was refused (a wrong `sub_mch_id`, a bad signature...),
 * resolved as wx-server-sdk resolves it. Only `returnMsg` says why; `status.state` is
 * `'UNKNOWN'`. The signing backend keeps only `returnCode` and `returnMsg` (the rest of such an
 * answer is unsigned).
 */
export interface CloudPayRefusedResult extends CloudPayResultBase {
  returnCode: 'FAIL';
  returnMsg?: string;
  resultCode?: undefined;
  resultErrCode: null;
}

/**
 * What `CloudPay#queryOrder` resolves to: branch on `returnCode`, then `resultCode`, then
 * `tradeState`, as with wx-server-sdk.
 */
export type CloudPayQueryResult = CloudPayOrderResult | CloudPayFailResult | CloudPayRefusedResult;

/**
 * Where a CloudPay result came from (not enumerable, like {@link QueryMeta}): `attempts` always;
 * `host` only from the signing backend (`{ cloud }` calls the platform, not a host).
 */
export interface CloudPayQueryMeta {
  /** How many attempts the query took (1 when the first one answered). */
  readonly attempts: number;
  /** The host that answered (signing backend only). */
  readonly host?: string;
}

/**
 * What `CloudPay#queryOrder` rejects with: a {@link PayQueryError} that also carries
 * wx-server-sdk's `errCode` and `errMsg`, so `catch (e) { if (e.errCode === -501007) … }` keeps
 * working. A platform error keeps the platform's own (`code` `'PROVIDER_ERROR'`, `providerCode`
 * its `errCode` as text); every other failure has `errCode: -1` and `errMsg`
 * `'cloudPay.queryOrder:fail <message>'`, as wx-server-sdk words a failure without a code.
 */
export type CloudPayQueryError = PayQueryError & {
  readonly errCode: number | (string & {});
  readonly errMsg: string;
};
