/**
 * What {@link CloudPay} needs of wx-server-sdk (`require('wx-server-sdk')`): its
 * `cloudPay.queryOrder`. payquery never loads wx-server-sdk itself.
 */
export interface CloudPayCloud {
  cloudPay: { queryOrder(input: CloudPayPlatformInput): unknown };
}

/** The input payquery hands to `cloud.cloudPay.queryOrder`: snake_case, strings. */
export type CloudPayPlatformInput = {
  sub_mch_id: string;
  out_trade_no?: string;
  transaction_id?: string;
  nonce_str?: string;
  sub_appid?: string;
};

/** `new CloudPay({ cloud })`: inside a WeChat cloud function, over the caller's wx-server-sdk. */
export interface CloudPayCloudConfig {
  cloud: CloudPayCloud;
  appid?: never;
  mchId?: never;
  apiKey?: never;
}

/**
 * `new CloudPay({ appid, mchId, apiKey, … })`: anywhere, by signing a WeChat Pay APIv2 order
 * query in service-provider mode and verifying the answer. `appid`/`mchId`/`apiKey` are the
 * service provider's. Unknown keys are refused (`INVALID_CONFIG`).
 */
export interface CloudPaySigningConfig {
  appid: string;
  mchId: string;
  /** The service provider's APIv2 key. */
  apiKey: string;
  /** Default `'MD5'`. */
  signType?: V2SignType;
  /** Default `https://api.mch.weixin.qq.com`. */
  baseUrl?: string;
  fetch?: FetchLike;
  /** Default time limit per attempt in ms (default 10 000). */
  timeoutMs?: number;
  /** Retries after the first attempt on transient failures (default 2). */
  retries?: number;
  /** As for {@link WechatPayV2Config.backupBaseUrl}. */
  backupBaseUrl?: string | null;
  cloud?: never;
}

/** Either backend, never both. */
export type CloudPayConfig = CloudPayCloudConfig | CloudPaySigningConfig;

type CloudPayNot<K extends string> = { [P in K]?: never };
type CloudPayOrderKeys = 'out_trade_no' | 'outTradeNo' | 'transaction_id' | 'transactionId';

/** Which order: exactly one of `out_trade_no` / `transaction_id` (either spelling). */
export type CloudPayOrderRef =
  | ({ out_trade_no: string } & CloudPayNot<Exclude<CloudPayOrderKeys, 'out_trade_no'>>)
  | ({ outTradeNo: string } & CloudPayNot<Exclude<CloudPayOrderKeys, 'outTradeNo'>>)
  | ({ transaction_id: string } & CloudPayNot<Exclude<CloudPayOrderKeys, 'transaction_id'>>)
  | ({ transactionId: string } & CloudPayNot<Exclude<CloudPayOrderKeys, 'transactionId'>>);

/**
 * The `queryOrder` input, as wx-server-sdk takes it: snake_case or camelCase keys.
 * `sub_mch_id` is required; `nonce_str` is generated when absent (signing backend);
 * an empty string counts as absent. Checked before any call (`INVALID_ARGUMENT`).
 */
export type CloudPayQueryInput = (
  | ({ sub_mch_id: string } & CloudPayNot<'subMchId'>)
  | ({ subMchId: string } & CloudPayNot<'sub_mch_id'>)
) &
  CloudPayOrderRef & {
    nonce_str?: string;
    nonceStr?: string;
    sub_appid?: string;
    subAppid?: string;
  };

/** WeChat's `trade_state`. A state WeChat adds later arrives as sent, with `status.state` `'UNKNOWN'`. */
export type CloudPayTradeState =
  | 'SUCCESS'
  | 'REFUND'
  | 'NOTPAY'
  | 'CLOSED'
  | 'REVOKED'
  | 'USERPAYING'
  | 'PAYERROR'
  | 'ACCEPT';

/**
 * What both results share: every wire field under wx-server-sdk's name (`mch_id` -> `mchId`,
 * `coupon_fee_0` -> `couponFee_0`); fen amounts and counts (`totalFee`, `cashFee`,
 * `settlementTotalFee`, `couponFee`, `couponCount`, `couponFee_$n`) as numbers, other fields as
 * strings; `errCode: 0` and `errMsg` as wx-server-sdk sets them; plus `resultErrCode`,
 * `coupons`, `status` and `raw`.
 */
export interface CloudPayResultBase {
  /** Always `'SUCCESS'`: a `returnCode` `'FAIL'` is thrown (`REQUEST_REJECTED`). */
  returnCode: 'SUCCESS';
  returnMsg?: string;
  appid?: string;
  mchId?: string;
  subAppid?: string;
  subMchId?: string;
  nonceStr?: string;
  sign?: string;
  /** wx-server-sdk's: the call went through. WeChat's own `err_code` is `resultErrCode`. */
  errCode: 0;
  errMsg: 'cloudPay.queryOrder:ok';
  /** The coupons, from `couponFee_$n`-style fields or a list. */
  coupons: V2Coupon[];
  /** The provider-neutral status (`'UNKNOWN'` for a business failure). */
  status: OrderStatus;
  /** As received: the verified wire fields (signing backend) or the platform's object. */
  raw: Record<string, unknown>;
  [coupon: `couponFee_${number}`]: number;
  [coupon: `couponId_${number}`]: string;
  [coupon: `couponType_${number}`]: string;
  [field: string]: unknown;
}

/** `resultCode: 'SUCCESS'`: the order was found. */
export interface CloudPayOrderResult extends CloudPayResultBase {
  resultCode: 'SUCCESS';
  resultErrCode: null;
  tradeState: CloudPayTradeState;
  tradeStateDesc?: string;
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
  feeType?: string;
  cashFeeType?: string;
  deviceInfo?: string;
  openid?: string;
  isSubscribe?: string;
  subOpenid?: string;
  subIsSubscribe?: string;
  tradeType?: string;
  bankType?: string;
  attach?: string;
  /** `yyyyMMddHHmmss`, Beijing time, as sent (`status.paidAt` has it as RFC 3339). */
  timeEnd?: string;
}

/** `resultCode: 'FAIL'`: a business failure, returned as CloudPay returns it. */
export interface CloudPayFailResult extends CloudPayResultBase {
  resultCode: 'FAIL';
  /**
   * WeChat's `err_code`, which wx-server-sdk overwrites with `errCode: 0`. With `{ cloud }` it
   * is recovered from a surviving code or a documented `errCodeDes`, else `null`.
   */
  resultErrCode: 'ORDERNOTEXIST' | 'SYSTEMERROR' | (string & {}) | null;
  errCodeDes?: string;
}

/** What `CloudPay#queryOrder` resolves to: branch on `resultCode`, then `tradeState`. */
export type CloudPayQueryResult = CloudPayOrderResult | CloudPayFailResult;
