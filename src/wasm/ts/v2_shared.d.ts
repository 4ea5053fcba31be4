// APIv2 types CloudPay's signing backend shares with WechatPayV2 (declared by both entries).

/** APIv2 sign types. */
export type V2SignType = 'MD5' | 'HMAC-SHA256';

/** One coupon of an order. */
export interface V2Coupon {
  id: string | null;
  type: string | null;
  /** Amount in fen. */
  fee: number;
}
