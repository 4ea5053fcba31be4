// Generated from the Rust types by src/typescript/ (a host test); do not edit.
// After changing a type: PAYQUERY_WRITE_TS=1 cargo test --lib typescript

// --- Vocabularies (from the Rust tables) ---

/** A WeChat Pay `trade_state` (APIv2, APIv3, combine, CloudPay). A state WeChat adds later arrives as sent, with `status.state` `'UNKNOWN'`. */
export type WechatTradeState = 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR' | 'ACCEPT' | (string & {});

/** A Fubei 1.0 `trade_state` / 2.0 `order_status`. `REVOKED_ERROR` (the revoke failed) is `status.state` `'UNKNOWN'`, not final. */
export type FubeiTradeState = 'USERPAYING' | 'SUCCESS' | 'REVOKED' | 'REVOKING' | 'REVOKED_ERROR' | 'CLOSED' | (string & {});

/** WeChat's `err_code` of a CloudPay `resultCode: 'FAIL'` (`resultErrCode`): the documented ones, or any other. */
export type CloudPayResultErrCode = 'ORDERNOTEXIST' | 'SYSTEMERROR' | (string & {});

/** `providerCode` of an `ORDER_NOT_FOUND`: WeChat Pay APIv2 `err_code`, APIv3 `code`, Fubei `sub_code`. */
export type OrderNotFoundProviderCode = 'ORDERNOTEXIST' | 'ORDER_NOT_EXIST' | 'ORDER_NOT_FOUND' | 'TRADE_NOT_EXIST';

/**
 * `providerCode` of a `REQUEST_SIGNATURE_REJECTED`: APIv2 `err_code`, APIv3 `code`, Fubei
 * `sub_code`, or `FAIL` (an APIv2 `return_code=FAIL` whose `return_msg` says the signature is wrong).
 */
export type RequestSignatureRejectedProviderCode = 'SIGNERROR' | 'SIGN_ERROR' | 'INVALID_SIGN' | 'FAIL';

// --- Errors ---

/**
 * Stable error codes, as `SCREAMING_SNAKE_CASE` strings (`INVALID_ARGUMENT`, ...): branch on
 * these (the README lists what each means).
 */
export type PayQueryErrorCode = 'INVALID_ARGUMENT' | 'INVALID_CONFIG' | 'MALFORMED_RESPONSE' | 'SIGNATURE_MISSING' | 'SIGNATURE_INVALID' | 'SIGNATURE_PROBE' | 'TIMESTAMP_SKEW' | 'UNKNOWN_SERIAL' | 'RESPONSE_MISMATCH' | 'REQUEST_REJECTED' | 'REQUEST_SIGNATURE_REJECTED' | 'ORDER_NOT_FOUND' | 'PROVIDER_ERROR' | 'HTTP_ERROR' | 'NETWORK_ERROR' | 'TIMEOUT' | 'ABORTED' | 'DECRYPT_FAILED' | 'UNSUPPORTED' | 'NOT_INITIALIZED' | 'CLIENT_FREED' | 'INTERNAL';

/** `error.detail` of a `TIMESTAMP_SKEW`: the timestamp refused and what it was checked against. */
export interface TimestampSkewDetail {
  /** `Wechatpay-Timestamp`, Unix seconds. */
  timestamp: number;
  /** The clock it was checked against (the local clock, or the `now` option), Unix seconds. */
  now: number;
  /** The distance allowed, seconds (`maxSkewSeconds`). */
  maxSkewSeconds: number;
}

/**
 * `error.detail` of a v3 `SIGN_ERROR` (`REQUEST_SIGNATURE_REJECTED`): the message we signed and
 * the one WeChat Pay reconstructed, side by side, the first line where they differ, and the
 * verdict.
 */
export interface V3SignErrorDetail {
  /**
   * `MESSAGE_DIFFERS`: WeChat Pay checked another message than we signed (`firstDifference`
   * says where); `KEY_MISMATCH`: it checked ours, so the key does not match
   * `merchantSerialNo`; `UNDETERMINED`: it sent no copy to compare (or we signed nothing).
   */
  verdict: 'MESSAGE_DIFFERS' | 'KEY_MISMATCH' | 'UNDETERMINED';
  /** What to check, in plain language. */
  hint: string;
  /**
   * The exact message we signed, `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n` (`null` for
   * `verifyResponse`, which signed nothing).
   */
  ours: string | null;
  /** WeChat Pay's `truncated_sign_message`: the message it checked (its body may be cut). */
  wechat: string | null;
  /** Bytes of our message. */
  oursLength: number | null;
  /** Bytes of the message WeChat Pay checked (`sign_message_length`). */
  wechatLength: number | null;
  /**
   * The first line where the two differ (`null` when they agree or one is missing). The
   * core serialises `V3LineDiff` itself here, so its type is that declaration.
   */
  firstDifference: V3LineDiff | null;
  /** The `merchantSerialNo` that signed (`null` for `verifyResponse`). */
  merchantSerialNo: string | null;
  /**
   * SHA-256 (hex) of `privateKey`'s public key (SubjectPublicKeyInfo DER); `null` with a
   * `signer`.
   */
  keyFingerprint: string | null;
  /** The same for `merchantCertificate`'s key, when one is configured. */
  certificateFingerprint: string | null;
  /** WeChat Pay's own `detail`, as received. */
  provider: JsonValue;
}

/**
 * `error.detail` of the `INVALID_CONFIG` for a `merchantCertificate` that is not the pair of
 * `privateKey` / `merchantSerialNo` (WeChat Pay APIv3): public facts only, never the key.
 */
export interface V3KeyPairingDetail {
  /**
   * `SERIAL_MISMATCH`: `merchantSerialNo` is not the certificate's serial; `KEY_MISMATCH`:
   * `privateKey` is not the certificate's key.
   */
  problem: 'SERIAL_MISMATCH' | 'KEY_MISMATCH';
  /** The certificate's serial, uppercase hex. */
  certificateSerialNo: string;
  /** SHA-256 (hex) of the certificate's public key (SubjectPublicKeyInfo DER). */
  certificateFingerprint: string;
  /** The same for `privateKey`'s public key; `null` with a `signer`. */
  keyFingerprint: string | null;
}

/**
 * `error.detail` of an APIv2 `REQUEST_SIGNATURE_REJECTED` from `queryOrder`: WeChat Pay says
 * nothing of what it checked, so this is what we signed.
 */
export interface V2SignatureRejectedDetail {
  /** The sign type of the request. */
  signType: V2SignType;
  /** The exact string hashed, the key shown as `***` (as `explainV2` shows it). */
  stringToSign: string;
}

/**
 * `error.detail` of a CloudPay platform error (`PROVIDER_ERROR`): wx-server-sdk's `errCode`
 * and `errMsg` as received (also on the error itself, see `CloudPayQueryError`).
 */
export interface CloudPayPlatformErrorDetail {
  /** `errCode`: a number such as `-501007` from wx-server-sdk; `null` when there was none. */
  errCode: JsonValue;
  /** `errMsg`, when there was one. */
  errMsg: string | null;
}

/**
 * What an error of each code carries beside the members every {@link PayQueryError} has:
 * `PayQueryError` is the union over codes, so checking `code` narrows `providerCode` and `detail`.
 */
export interface PayQueryErrorFields {
  INVALID_ARGUMENT: { providerCode: undefined; detail?: undefined };
  /** Only a v3 `merchantCertificate` that is not the pair of `privateKey` / `merchantSerialNo` has a `detail`. */
  INVALID_CONFIG: { providerCode: undefined; detail?: V3KeyPairingDetail };
  MALFORMED_RESPONSE: { providerCode: undefined; detail?: undefined };
  SIGNATURE_MISSING: { providerCode: undefined; detail?: undefined };
  SIGNATURE_INVALID: { providerCode: undefined; detail?: undefined };
  SIGNATURE_PROBE: { providerCode: undefined; detail?: undefined };
  /** The timestamp refused and the window (WeChat Pay APIv3). */
  TIMESTAMP_SKEW: { providerCode: undefined; detail: TimestampSkewDetail };
  UNKNOWN_SERIAL: { providerCode: undefined; detail?: undefined };
  RESPONSE_MISMATCH: { providerCode: undefined; detail?: undefined };
  REQUEST_REJECTED: { providerCode: 'FAIL'; detail?: undefined };
  /** APIv3 (`SIGN_ERROR`) adds both signed messages and a verdict; APIv2 `queryOrder` the string it signed; Fubei carries none. */
  REQUEST_SIGNATURE_REJECTED: { providerCode: RequestSignatureRejectedProviderCode; detail?: V3SignErrorDetail | V2SignatureRejectedDetail };
  /** APIv3 keeps WeChat Pay's own `detail`, if it sent one. */
  ORDER_NOT_FOUND: { providerCode: OrderNotFoundProviderCode; detail?: JsonValue };
  /** Any provider code; `detail` is APIv3's own `detail` or a CloudPay platform error's `errCode`/`errMsg`. */
  PROVIDER_ERROR: { providerCode: string | undefined; detail?: CloudPayPlatformErrorDetail | JsonValue };
  HTTP_ERROR: { providerCode: undefined; detail?: undefined };
  NETWORK_ERROR: { providerCode: undefined; detail?: undefined };
  /** `waitForFinalState` adds the last order seen (`lastOrder`, also when undefined) and the last retryable error. */
  TIMEOUT: { providerCode: undefined; detail?: undefined; lastOrder?: unknown; lastError?: PayQueryError };
  ABORTED: { providerCode: undefined; detail?: undefined };
  DECRYPT_FAILED: { providerCode: undefined; detail?: undefined };
  UNSUPPORTED: { providerCode: undefined; detail?: undefined };
  NOT_INITIALIZED: { providerCode: undefined; detail?: undefined };
  CLIENT_FREED: { providerCode: undefined; detail?: undefined };
  INTERNAL: { providerCode: undefined; detail?: undefined };
}

// --- Every order ---

/** The neutral trade state. */
export type TradeState = 'PAID' | 'NOT_PAID' | 'PAYING' | 'CLOSED' | 'REVOKED' | 'REVOKING' | 'REFUNDED' | 'FAILED' | 'UNKNOWN';

/** The provider-neutral status every typed order carries as `status`. */
export interface OrderStatus {
  /** The neutral state. */
  state: TradeState;
  /** Whether the state can no longer change. */
  final: boolean;
  /** The provider's own state string, as sent (kept for `UNKNOWN`). */
  providerState: string;
  /** The order amount in fen, when the provider reported it. */
  amountFen: number | null;
  /** When the payment completed, RFC 3339 with offset. */
  paidAt: Rfc3339DateTime | null;
  /** The provider's transaction id. */
  transactionId: string | null;
  /** The merchant's order number. */
  outTradeNo: string | null;
}

// --- WeChat Pay APIv2 ---

/** The two APIv2 signature algorithms. */
export type V2SignType = 'MD5' | 'HMAC-SHA256';

/** One coupon used on the order, from `coupon_id_$n`, `coupon_type_$n`, `coupon_fee_$n`. */
export interface V2Coupon {
  /** `coupon_id_$n`. */
  id: string | null;
  /** `coupon_type_$n` (`CASH` or `NO_CASH`). */
  type: WechatCouponType | null;
  /** `coupon_fee_$n`, in fen. */
  fee: number;
}

/**
 * A verified APIv2 order, about the order queried (else `RESPONSE_MISMATCH`). Every other
 * non-empty wire field appears camelCased as a string, unless its camelCase name is a member's
 * (or `attempts` / `host`): such a field is in `raw` only, it never replaces a member.
 */
export interface WechatPayV2Order {
  /** The wire `trade_state` (`SUCCESS`, `NOTPAY`, ...). */
  tradeState: WechatTradeState;
  /** `out_trade_no`. */
  outTradeNo?: string;
  /** `transaction_id`. */
  transactionId?: string;
  /** `total_fee` in fen. */
  totalFee?: number;
  /** `cash_fee` in fen. */
  cashFee?: number;
  /** `settlement_total_fee` in fen. */
  settlementTotalFee?: number;
  /** `coupon_fee` in fen. */
  couponFee?: number;
  /** `coupon_count`. */
  couponCount?: number;
  /** The coupons, `coupon_count` of them. */
  coupons: Array<V2Coupon>;
  /** `time_end` as RFC 3339 with `+08:00`. */
  timeEnd?: Rfc3339DateTime;
  /** Always `SUCCESS`: a `FAIL` rejects (`REQUEST_REJECTED`, `REQUEST_SIGNATURE_REJECTED`). */
  returnCode: 'SUCCESS';
  /** `OK`, or WeChat Pay's text. */
  returnMsg?: string;
  /** `SUCCESS` for a query (a `FAIL` rejects); a notification of a failed payment says `FAIL`. */
  resultCode?: WechatResultCode;
  /** A failed payment's code (notifications). */
  errCode?: string;
  /** A failed payment's description (notifications). */
  errCodeDes?: string;
  /** The app id (the service provider's in service-provider mode). */
  appid?: string;
  /** The merchant id (the service provider's in service-provider mode). */
  mchId?: string;
  /** Service-provider mode: the sub-merchant's app id. */
  subAppid?: string;
  /** Service-provider mode: the sub-merchant id. */
  subMchId?: string;
  /** WeChat Pay's nonce. */
  nonceStr?: string;
  /** The merchant's device id. */
  deviceInfo?: string;
  /** The payer, under `appid`. */
  openid?: string;
  /** Whether the payer follows the official account. */
  isSubscribe?: WechatYesNo;
  /** The payer, under `sub_appid`. */
  subOpenid?: string;
  /** Whether the payer follows the sub-merchant's account. */
  subIsSubscribe?: WechatYesNo;
  /** How the order was paid. */
  tradeType?: WechatTradeType;
  /** The payer's bank (`CMC`, `OTHERS`...). */
  bankType?: string;
  /** The order currency. */
  feeType?: WechatCurrency;
  /** The currency of `cashFee`. */
  cashFeeType?: WechatCurrency;
  /** The merchant's attach data, as placed. */
  attach?: string;
  /** WeChat Pay's description of the state. */
  tradeStateDesc?: string;
  /** Every wire field exactly as received, `sign` included. */
  raw: Record<string, string>;
  /** The provider-neutral status. */
  status: OrderStatus;
  [field: string]: unknown;
}

/**
 * What `explainV2` reports: the exact string signed (key shown as `***`), the signature and,
 * when the params carried a `sign`, whether it matched and what most likely differs.
 */
export interface V2Explanation {
  /** The sign type used. */
  signType: V2SignType;
  /** The string hashed, with the key shown as `***`. */
  stringToSign: string;
  /** The signature payquery computes. */
  signature: string;
  /** The `sign` found in the params, if any. */
  receivedSign?: string;
  /** Whether the received sign matches (absent when there was none). */
  matches?: boolean;
  /** For a mismatch: the field whose removal makes the signature match (signed by one side only). */
  differingField?: string;
  /** For a mismatch: a plain-language diagnosis, or why none could be found. */
  hint?: string;
}

// --- WeChat Pay APIv3 ---

/** `amount` of a direct or partner order (fen). */
export interface V3Amount {
  /** Order total, fen. */
  total?: number;
  /** What the payer paid, fen. */
  payerTotal?: number;
  /** `CNY`. */
  currency?: WechatCurrency;
  /** The payer's currency. */
  payerCurrency?: WechatCurrency;
  [field: string]: unknown;
}

/** `payer`: `openid` (direct) or `sp_openid` / `sub_openid` (partner). */
export interface V3Payer {
  /** Direct mode. */
  openid?: string;
  /** Partner mode: the openid under the service provider's app. */
  spOpenid?: string;
  /** Partner mode: the openid under the sub-merchant's app. */
  subOpenid?: string;
  [field: string]: unknown;
}

/** `scene_info`. */
export interface V3SceneInfo {
  /** The merchant's device id. */
  deviceId?: string;
  [field: string]: unknown;
}

/** One `goods_detail` item of a promotion. */
export interface V3GoodsDetail {
  /** Goods id. */
  goodsId?: string;
  /** Quantity. */
  quantity?: number;
  /** Unit price, fen. */
  unitPrice?: number;
  /** Discount, fen. */
  discountAmount?: number;
  /** Remark. */
  goodsRemark?: string;
  [field: string]: unknown;
}

/** One `promotion_detail` item (coupon or discount). */
export interface V3Promotion {
  /** Coupon id. */
  couponId?: string;
  /** Coupon name. */
  name?: string;
  /** `GLOBAL` or `SINGLE`. */
  scope?: V3PromotionScope;
  /** `CASH` or `NOCASH`. */
  type?: V3PromotionType;
  /** Coupon amount, fen. */
  amount?: number;
  /** Campaign (stock) id. */
  stockId?: string;
  /** WeChat Pay's share, fen. */
  wechatpayContribute?: number;
  /** The merchant's share, fen. */
  merchantContribute?: number;
  /** Others' share, fen. */
  otherContribute?: number;
  /** `CNY`. */
  currency?: WechatCurrency;
  /** Goods the promotion applied to. */
  goodsDetail?: Array<V3GoodsDetail>;
  [field: string]: unknown;
}

/** A verified direct or partner order (`/v3/pay/transactions/…`, `/v3/pay/partner/…`). */
export interface WechatPayV3Order {
  /** Direct: the app id. */
  appid?: string;
  /** Direct: the merchant id. */
  mchid?: string;
  /** Partner: the service provider's app id. */
  spAppid?: string;
  /** Partner: the service provider's merchant id. */
  spMchid?: string;
  /** Partner: the sub-merchant's app id. */
  subAppid?: string;
  /** Partner: the sub-merchant id. */
  subMchid?: string;
  /** The merchant's order number. */
  outTradeNo?: string;
  /** WeChat Pay's transaction id (absent while unpaid). */
  transactionId?: string;
  /** `JSAPI`, `NATIVE`, `APP`, `MICROPAY`, `MWEB`, `FACEPAY`. */
  tradeType?: WechatTradeType;
  /** `SUCCESS`, `REFUND`, `NOTPAY`, `CLOSED`, `REVOKED`, `USERPAYING`, `PAYERROR`. */
  tradeState: WechatTradeState;
  /** Human description of the state. */
  tradeStateDesc?: string;
  /** Bank type. */
  bankType?: string;
  /** The merchant's attach data. */
  attach?: string;
  /** RFC 3339 payment time. */
  successTime?: Rfc3339DateTime;
  /** The payer. */
  payer?: V3Payer;
  /** Amounts, fen. */
  amount?: V3Amount;
  /** Scene. */
  sceneInfo?: V3SceneInfo;
  /** Coupons and discounts. */
  promotionDetail?: Array<V3Promotion>;
  /** The body as received. */
  raw: Record<string, unknown>;
  /** The provider-neutral status (always set: by [`TransactionOrder::from_verified`]). */
  status: OrderStatus;
  [field: string]: unknown;
}

/** `amount` of a combine sub-order (fen). */
export interface V3SubOrderAmount {
  /** Sub-order total, fen. */
  totalAmount?: number;
  /** What the payer paid, fen. */
  payerAmount?: number;
  /** `CNY`. */
  currency?: WechatCurrency;
  /** The payer's currency. */
  payerCurrency?: WechatCurrency;
  /** Exchange rate times 10^8 (not money). */
  settlementRate?: number;
  [field: string]: unknown;
}

/** One sub-order of a combine order, with its own status. */
export interface V3SubOrder {
  /** The sub-order's merchant. */
  mchid?: string;
  /** Partner combine: the sub-merchant. */
  subMchid?: string;
  /** Partner combine: the sub-merchant's app id. */
  subAppid?: string;
  /** Partner combine: the payer's openid under `sub_appid`. */
  subOpenid?: string;
  /** Trade type. */
  tradeType?: WechatTradeType;
  /** The sub-order's state. */
  tradeState: WechatTradeState;
  /** Bank type. */
  bankType?: string;
  /** Attach data. */
  attach?: string;
  /** RFC 3339 payment time. */
  successTime?: Rfc3339DateTime;
  /** Transaction id. */
  transactionId?: string;
  /** The sub-order's merchant order number. */
  outTradeNo?: string;
  /** Amounts, fen. */
  amount?: V3SubOrderAmount;
  /** Coupons and discounts. */
  promotionDetail?: Array<V3Promotion>;
  /** The sub-order's neutral status. */
  status: OrderStatus;
  [field: string]: unknown;
}

/** `combine_payer_info`. */
export interface V3CombinePayer {
  /** The payer's openid under `combine_appid`. */
  openid?: string;
  [field: string]: unknown;
}

/** A verified combine (合单) order. */
export interface WechatPayV3CombineOrder {
  /** The combine order's app id. */
  combineAppid?: string;
  /** The merchant that created the combine order. */
  combineMchid?: string;
  /** The combine order number. */
  combineOutTradeNo?: string;
  /** Scene. */
  sceneInfo?: V3SceneInfo;
  /** The sub-orders (at most 50), each with its own status. */
  subOrders: Array<V3SubOrder>;
  /** The payer. */
  combinePayerInfo?: V3CombinePayer;
  /** The body as received. */
  raw: Record<string, unknown>;
  /** The combine status: final only when every sub-order is, `PAID` only when all are. */
  status: OrderStatus;
  [field: string]: unknown;
}

/** The event half of a parsed notification. */
export interface V3NotificationEvent {
  /** The event id: use it to drop duplicate deliveries. */
  id: string;
  /** `TRANSACTION.SUCCESS`, …. */
  eventType: 'TRANSACTION.SUCCESS' | (string & {});
  /** RFC 3339 creation time. */
  createTime: string | null;
  /** `encrypt-resource`. */
  resourceType: string | null;
  /** `transaction`, …. */
  originalType: string | null;
  /** A human summary. */
  summary: string | null;
}

/** A parsed notification: the same order a query returns, plus `event`. */
export type WechatPayV3Notification = {
  /** The event. */
  event: V3NotificationEvent;
} & (WechatPayV3Order | WechatPayV3CombineOrder);

/** A decrypted, checked platform certificate: the PEM for callers who store it, and its dates. */
export interface PlatformCertificate {
  /** The serial (uppercase hex, as WeChat Pay prints it). */
  serialNo: string;
  /** The certificate, PEM text: pass it to `platformCertificates` to pin it. */
  pem: string;
  /** `notBefore`, RFC 3339 in Beijing time. */
  notBefore: string;
  /** `notAfter`, RFC 3339 in Beijing time. */
  notAfter: string;
  /** `effective_time` as the answer gave it. */
  effectiveTime: string | null;
  /** `expire_time` as the answer gave it. */
  expireTime: string | null;
}

/** The first line where two request messages differ. */
export interface V3LineDiff {
  /** 1-based line number. */
  line: number;
  /** `METHOD`, `URL`, `TIMESTAMP`, `NONCE` or `BODY`. */
  name: 'METHOD' | 'URL' | 'TIMESTAMP' | 'NONCE' | 'BODY';
  /** Our line. */
  ours: string | null;
  /** WeChat Pay's line. */
  wechat: string | null;
  /**
   * The byte offset in the message of the first byte that differs; `null` when WeChat Pay's
   * copy agrees as far as it shows the body and only its length says the bodies differ.
   */
  offset: number | null;
  /**
   * Our line with invisible characters shown: `␍ ␊ ␉`, trailing spaces as `␠`, others as
   * `⟨U+200B⟩`.
   */
  oursShown: string | null;
  /** WeChat Pay's line with invisible characters shown. */
  wechatShown: string | null;
}

/** The fields of an `Authorization` header, as parsed for `explainV3`. */
export interface V3AuthorizationFields {
  /** `mchid`. */
  mchid: string;
  /** `nonce_str`. */
  nonceStr: string;
  /** `timestamp`. */
  timestamp: string;
  /** `serial_no`. */
  serialNo: string;
  /** `signature` (base64). */
  signature: string;
}

/** What `explainV3({ request })` reports. */
export interface V3RequestExplanation {
  /** Always `"request"`. */
  kind: 'request';
  /** The exact message signed. */
  message: string;
  /** The method line. */
  method: string;
  /** The URL line (path and query as sent). */
  url: string;
  /** The timestamp line. */
  timestamp: number;
  /** The nonce line. */
  nonce: string;
  /** The fields of the `Authorization` header given, if any. */
  authorization?: V3AuthorizationFields;
  /** The message WeChat Pay reconstructed (from a `SIGN_ERROR`), if given. */
  wechatMessage?: string;
  /** Whether it matches ours (absent when none was given). */
  matches?: boolean;
  /** The first differing line. */
  firstDifference?: V3LineDiff;
  /** A plain-language diagnosis of the difference. */
  hint?: string;
}

/** What `explainV3({ response })` reports. */
export interface V3ResponseExplanation {
  /** Always `"response"`. */
  kind: 'response';
  /**
   * The exact message verified (the body decoded as UTF-8 for display), when all headers
   * were present.
   */
  message: string | null;
  /** `Wechatpay-Timestamp`. */
  timestamp: string | null;
  /** `Wechatpay-Nonce`. */
  nonce: string | null;
  /** `Wechatpay-Serial`. */
  serial: string | null;
  /** `Wechatpay-Signature`. */
  signature: string | null;
  /** The headers that are missing. */
  missing: Array<'Wechatpay-Timestamp' | 'Wechatpay-Nonce' | 'Wechatpay-Signature' | 'Wechatpay-Serial'>;
  /** Whether the signature is a WeChat Pay probe. */
  probe: boolean;
  /** `now - timestamp` in seconds. */
  skewSeconds: number | null;
  /** Whether the timestamp is within the allowed window. */
  withinSkew: boolean | null;
  /** What to look at. */
  hint: string;
}

// --- CloudPay ---

/**
 * What payquery adds to wx-server-sdk's result. In JavaScript these are not enumerable:
 * `res.status` reads them, while `Object.keys(res)`, `JSON.stringify(res)` and `{ ...res }` see
 * exactly what wx-server-sdk returns. An answer member of the same name stays in `raw` only.
 */
export interface CloudPayAdditions {
  /**
   * WeChat's own `err_code` (`ORDERNOTEXIST`, `SYSTEMERROR`...) of a `result_code=FAIL`,
   * which wx-server-sdk overwrites; none (`null`) for a found order, a `return_code=FAIL`, or
   * when it cannot be known.
   */
  resultErrCode: CloudPayResultErrCode | null;
  /** The coupons, from `coupon_*_$n` fields or a list. */
  coupons: Array<V2Coupon>;
  /** The provider-neutral status (`UNKNOWN` for a failure). */
  status: OrderStatus;
  /** The answer as received: the verified wire fields, or the platform's object. */
  raw: Record<string, unknown>;
}

// --- Fubei ---

/** The payment channel, from 1.0 `type` (1, 2, 5) or 2.0 `pay_type` (wxpay, alipay, unionpay). */
export type FubeiPayChannel = 'WECHAT' | 'ALIPAY' | 'UNIONPAY';

/**
 * A verified 1.0 order (`openapi.payment.order.query`). Amounts are integer fen; ids are
 * strings. Every other non-empty field of `data` appears camelCased with its JSON value,
 * unless its name is a member's (or `attempts` / `host`): such a field is in `raw` only.
 */
export interface FubeiOrderV1 {
  /** Always `"1.0"`: tells the two order shapes apart. */
  api: '1.0';
  /** `trade_state` as sent. */
  tradeState: FubeiTradeState;
  /** `merchant_order_sn`. */
  merchantOrderSn?: string;
  /** `order_sn` (Fubei's order number). */
  orderSn?: string;
  /** `trade_no`. */
  tradeNo?: string;
  /** `platform_order_no`. */
  platformOrderNo?: string;
  /** `total_fee` in fen. */
  totalFeeFen?: number;
  /** `order_price` in fen. */
  orderPriceFen?: number;
  /** `fee` in fen. */
  feeFen?: number;
  /** `net_money` in fen. */
  netMoneyFen?: number;
  /** `buyer_pay_amount` in fen. */
  buyerPayAmountFen?: number;
  /** `discount_money` in fen. */
  discountMoneyFen?: number;
  /** `cash_coupon_fee` in fen. */
  cashCouponFeeFen?: number;
  /** `no_cash_coupon_fee` in fen. */
  noCashCouponFeeFen?: number;
  /** `pay_time` (Unix seconds) as RFC 3339 in Beijing time; `0` reads as absent. */
  payTime?: Rfc3339DateTime;
  /** `type` as a channel, when it is one payquery knows. */
  payChannel?: FubeiPayChannel;
  /** `store_id`, as a string. */
  storeId?: string;
  /** `cashier_id`, as a string. */
  cashierId?: string;
  /** The device that took the payment. */
  deviceNo?: string;
  /** The goods description. */
  body?: string;
  /** The merchant's attach data, as placed. */
  attach?: string;
  /** The payer (WeChat openid or Alipay user id). */
  userId?: string;
  /** The payer's Alipay login (masked). */
  userLogonId?: string;
  /** The `data` object as received, members in wire order (numbers as `JSON.parse` reads them). */
  raw: Record<string, unknown>;
  /** The provider-neutral status. */
  status: OrderStatus;
  [field: string]: unknown;
}

/** One `payment_list` entry of a 2.0 order. */
export interface FubeiPayment {
  /** `type` (`FUBEI_DISCOUNT`, `CHANNEL_DISCOUNT`, `CHANNEL_PRE`, ...). */
  type: FubeiPaymentType | null;
  /** `amount` in fen. */
  amountFen: number | null;
}

/**
 * A verified 2.0 order (`fbpay.order.query`). Amounts are integer fen; ids are strings. Every
 * other non-empty field of `data` appears camelCased with its JSON value, unless its name is a
 * member's (or `attempts` / `host`): such a field is in `raw` only.
 */
export interface FubeiOrderV2 {
  /** Always `"2.0"`. */
  api: '2.0';
  /** `order_status` as sent. */
  orderStatus: FubeiTradeState;
  /** `order_sn` (Fubei's order number). */
  orderSn?: string;
  /** `merchant_order_sn`. */
  merchantOrderSn?: string;
  /** `ins_order_sn`. */
  insOrderSn?: string;
  /** `channel_order_sn` (the WeChat / Alipay transaction id). */
  channelOrderSn?: string;
  /** `total_amount` in fen. */
  totalAmountFen?: number;
  /** `net_amount` in fen. */
  netAmountFen?: number;
  /** `buyer_pay_amount` in fen. */
  buyerPayAmountFen?: number;
  /** `fee` in fen. */
  feeFen?: number;
  /** `finish_time` (`yyyyMMddHHmmss`, Beijing) as RFC 3339. */
  finishTime?: Rfc3339DateTime;
  /** `pay_type` as a channel, when it is one payquery knows. */
  payChannel?: FubeiPayChannel;
  /** `merchant_id`, as a string. */
  merchantId?: string;
  /** `store_id`, as a string. */
  storeId?: string;
  /** `cashier_id`, as a string. */
  cashierId?: string;
  /** `payment_list` (empty when absent). */
  paymentList: Array<FubeiPayment>;
  /** The device that took the payment. */
  deviceNo?: string;
  /** The merchant's attach data, as placed. */
  attach?: string;
  /** The payer (WeChat openid or Alipay user id). */
  userId?: string;
  /** The `data` object as received, members in wire order (numbers as `JSON.parse` reads them). */
  raw: Record<string, unknown>;
  /** The provider-neutral status. */
  status: OrderStatus;
  [field: string]: unknown;
}

/** A verified Fubei order of either API, told apart by `api`. */
export type FubeiOrder = FubeiOrderV1 | FubeiOrderV2;

/**
 * What `explainFubei` reports: the exact string signed (secret shown as `***`), the signature
 * and, when the params carried a `sign`, whether it matched and what most likely differs.
 */
export interface FubeiExplanation {
  /** The string hashed, with the secret shown as `***` (appended directly, no separator). */
  stringToSign: string;
  /** The signature payquery computes. */
  signature: string;
  /** The `sign` found in the params, if any. */
  receivedSign?: string;
  /** Whether the received sign matches (absent when there was none). */
  matches?: boolean;
  /** For a mismatch: the field whose removal makes the signature match (signed by one side only). */
  differingField?: string;
  /** For a mismatch: a plain-language diagnosis, or why none could be found. */
  hint?: string;
}

// --- Notifications ---

/** The exact HTTP answer a provider expects from a notification receiver: send it as is. */
export interface NotificationReply {
  /**
   * The status code. v3: 204 on success, 400/500 on failure; v2: 200 (the XML says
   * `SUCCESS` or `FAIL`); Fubei: 200 or 400/500.
   */
  status: number;
  /** Headers (only `Content-Type`, when there is a body). */
  headers: Record<string, string>;
  /**
   * The body (may be empty): v2 `<xml><return_code>…`, v3 `{"code":"FAIL",…}` or empty,
   * Fubei `success` or `fail`.
   */
  body: string;
}
