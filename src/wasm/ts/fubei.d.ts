/** Fubei parameters to sign: values are strings (numbers and booleans are converted; null is skipped). */
export type FubeiParams = Record<string, string | number | boolean | null | undefined>;

/** What {@link explainFubei} reports. */
export interface FubeiExplanation {
  /** The exact string hashed, with the app secret shown as `***` (appended directly). */
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

interface FubeiConfigCommon {
  /** The app secret (the service provider's secret with `vendorSn`). Never shown in errors. */
  appSecret: string;
  /** Default `https://shq-api.51fubei.com` (paths `/gateway` for 1.0, `/gateway/agent` for 2.0). */
  baseUrl?: string;
  /** A fetch implementation; default the runtime's global `fetch`. */
  fetch?: FetchLike;
  /** Default time limit per attempt in ms (default 10 000). */
  timeoutMs?: number;
  /** Retries after the first attempt on transient failures (default 2; at most 10). */
  retries?: number;
  /** A host for attempts after the primary failed (transport error or 5xx); none by default. */
  backupBaseUrl?: string | null;
}

/**
 * Configuration of {@link Fubei}: a merchant `appId` (1.0 or 2.0), or a service provider
 * `vendorSn` with the `merchantId` queried for (2.0). Unknown keys are refused (`INVALID_CONFIG`).
 */
export type FubeiConfig =
  | (FubeiConfigCommon & { appId: string; vendorSn?: never; api: '1.0' | '2.0'; merchantId?: never })
  | (FubeiConfigCommon & { vendorSn: string; appId?: never; api: '2.0'; merchantId: number | string });

/** Which order to query: exactly one id (`insOrderSn` on the 2.0 API only). */
export type FubeiQuery = { merchantOrderSn: string } | { orderSn: string } | { insOrderSn: string };

/** The payment channel, from 1.0 `type` or 2.0 `pay_type`. */
export type FubeiPayChannel = 'WECHAT' | 'ALIPAY' | 'UNIONPAY';

/** Fubei 1.0 `trade_state` / 2.0 `order_status`. */
export type FubeiTradeState = 'USERPAYING' | 'SUCCESS' | 'REVOKED' | 'REVOKING' | 'REVOKED_ERROR' | 'CLOSED';

/** A 1.0 order (`openapi.payment.order.query`). Amounts are integer fen; ids are strings. Other fields appear camelCased; one whose name is a member's (or `attempts` / `host`) is in `raw` only. */
export interface FubeiOrderV1 {
  api: '1.0';
  tradeState: FubeiTradeState | (string & {});
  merchantOrderSn?: string;
  orderSn?: string;
  tradeNo?: string;
  platformOrderNo?: string;
  totalFeeFen?: number;
  orderPriceFen?: number;
  feeFen?: number;
  netMoneyFen?: number;
  buyerPayAmountFen?: number;
  discountMoneyFen?: number;
  cashCouponFeeFen?: number;
  noCashCouponFeeFen?: number;
  /** `pay_time` (Unix seconds) as RFC 3339 with `+08:00`. */
  payTime?: string;
  /** From `type` (1, 2, 5); absent for a channel payquery does not know (see `raw.type`). */
  payChannel?: FubeiPayChannel;
  storeId?: string;
  cashierId?: string;
  deviceNo?: string;
  body?: string;
  attach?: string;
  userId?: string;
  userLogonId?: string;
  /** The `data` object as received, as `JSON.parse` reads it. */
  raw: Record<string, unknown>;
  /** The provider-neutral status (`REVOKED_ERROR` is `UNKNOWN`, not final). */
  status: OrderStatus;
  [field: string]: unknown;
}

/** One `payment_list` entry of a 2.0 order. */
export interface FubeiPayment {
  /** `FUBEI_DISCOUNT`, `CHANNEL_DISCOUNT`, `CHANNEL_PRE`, ... */
  type: string | null;
  amountFen: number | null;
}

/** A 2.0 order (`fbpay.order.query`). Amounts are integer fen; ids are strings. Other fields appear camelCased; one whose name is a member's (or `attempts` / `host`) is in `raw` only. */
export interface FubeiOrderV2 {
  api: '2.0';
  orderStatus: FubeiTradeState | (string & {});
  orderSn?: string;
  merchantOrderSn?: string;
  insOrderSn?: string;
  channelOrderSn?: string;
  totalAmountFen?: number;
  netAmountFen?: number;
  buyerPayAmountFen?: number;
  feeFen?: number;
  /** `finish_time` (`yyyyMMddHHmmss`, Beijing) as RFC 3339 with `+08:00`. */
  finishTime?: string;
  /** From `pay_type` (wxpay, alipay, unionpay); absent for one payquery does not know. */
  payChannel?: FubeiPayChannel;
  merchantId?: string;
  storeId?: string;
  cashierId?: string;
  paymentList: FubeiPayment[];
  deviceNo?: string;
  attach?: string;
  userId?: string;
  /** The `data` object as received, as `JSON.parse` reads it. */
  raw: Record<string, unknown>;
  /** The provider-neutral status. */
  status: OrderStatus;
  [field: string]: unknown;
}

/** A Fubei order of either API; `api` tells which. */
export type FubeiOrder = FubeiOrderV1 | FubeiOrderV2;
