// The providers' value vocabularies, from their documentation (Rust keeps these values as the
// strings received, so they are written here; src/wasm/ts/generated.d.ts names them). Open
// unions: a value a provider adds later still type-checks (it arrives as sent), while editors
// offer the documented ones and a misspelt comparison against a closed member is caught where
// the union is closed.

/** JSON as `JSON.parse` returns it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * An RFC 3339 date-time, as payquery returns the times it converts or checks
 * (`2024-01-02T03:04:05+08:00`).
 */
export type Rfc3339DateTime = `${number}-${number}-${number}${'T' | 't'}${string}`;

/** WeChat Pay's compact Beijing time `yyyyMMddHHmmss` (`20240102030405`), as CloudPay returns it. */
export type WechatCompactTime = `${number}`;

/** WeChat Pay `trade_type`. */
export type WechatTradeType = 'JSAPI' | 'NATIVE' | 'APP' | 'MICROPAY' | 'MWEB' | 'FACEPAY' | (string & {});

/** APIv2 `result_code`. */
export type WechatResultCode = 'SUCCESS' | 'FAIL' | (string & {});

/** APIv2 `coupon_type_$n`. */
export type WechatCouponType = 'CASH' | 'NO_CASH' | (string & {});

/** APIv2 `is_subscribe` / `sub_is_subscribe`. */
export type WechatYesNo = 'Y' | 'N' | (string & {});

/** A WeChat Pay currency (`fee_type`, `currency`): `CNY` for mainland merchants. */
export type WechatCurrency = 'CNY' | (string & {});

/** APIv3 `promotion_detail[].scope`. */
export type V3PromotionScope = 'GLOBAL' | 'SINGLE' | (string & {});

/** APIv3 `promotion_detail[].type`. */
export type V3PromotionType = 'CASH' | 'NOCASH' | (string & {});

/** Fubei 2.0 `payment_list[].type`. */
export type FubeiPaymentType = 'FUBEI_DISCOUNT' | 'CHANNEL_DISCOUNT' | 'CHANNEL_PRE' | (string & {});

/** An APIv2 `trade_state`: {@link WechatTradeState}. */
export type V2TradeState = WechatTradeState;
/** An APIv3 `trade_state`: {@link WechatTradeState}. */
export type V3TradeState = WechatTradeState;
/** A CloudPay `tradeState`: {@link WechatTradeState}. */
export type CloudPayTradeState = WechatTradeState;
