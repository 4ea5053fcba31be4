// Type-checked (tsc -p js-tests/types/tsconfig.wx-server-sdk.json) against the built
// declarations and wx-server-sdk's own (4.0.2, which declare no `cloudPay`): the README's
// usage inside a cloud function compiles with the real module object, its results narrow as
// wx-server-sdk's do, and payquery's additions and error fields are typed.
import cloud = require('wx-server-sdk');
import * as cloudNs from 'wx-server-sdk';
import {
  CloudPay,
  isPayQueryError,
  type CloudPayCloud,
  type CloudPayInt,
  type CloudPayQueryError,
  type CloudPayQueryResult,
  type CloudPayTradeState,
  type OrderStatus,
  type V2Coupon,
} from 'payquery';
import { createCloud } from 'payquery/sandbox';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

// The module object itself, however it is imported, is a `cloud`.
const pay = new CloudPay({ cloud });
const asType: CloudPayCloud = cloudNs;
const standIn = new CloudPay({ cloud: createCloud() });
// @ts-expect-error: not wx-server-sdk, no cloudPay.queryOrder
const notCloud = new CloudPay({ cloud: { init() {} } });
// @ts-expect-error: one backend, not both
const both = new CloudPay({ cloud, appid: 'wx1', mchId: '1', apiKey: 'k' });

export async function main(event: { outTradeNo: string }): Promise<string> {
  let res: CloudPayQueryResult;
  try {
    // Code written for cloud.cloudPay.queryOrder: unknown keys are forwarded, as by the SDK.
    res = await pay.queryOrder({ sub_mch_id: '1900000109', out_trade_no: event.outTradeNo, someFlag: 'Y' });
  } catch (e) {
    if (isPayQueryError(e)) {
      const err = e as CloudPayQueryError;
      if (err.errCode === -501007) return `not configured: ${err.errMsg}`;
      return `${err.code} ${err.providerCode ?? ''} ${err.retryable}`;
    }
    throw e;
  }
  // payquery's additions: typed, not enumerable.
  const status: OrderStatus = res.status;
  const coupons: V2Coupon[] = res.coupons;
  const raw: Record<string, unknown> = res.raw;
  const attempts: number | undefined = (await standIn.queryOrder({ subMchId: '1', transactionId: '42' })).attempts;
  const zero: 0 = res.errCode;
  if (res.returnCode === 'FAIL') {
    // A refused call resolves, as with wx-server-sdk.
    const why: string | undefined = res.returnMsg;
    return `refused ${why} ${zero}`;
  }
  if (res.resultCode === 'FAIL') {
    const code: string | null = res.resultErrCode;
    return `${code ?? 'FAIL'} ${res.errCodeDes ?? ''}`;
  }
  // Open unions: a state WeChat adds later is a string, the known ones still autocomplete.
  const state: CloudPayTradeState = res.tradeState;
  const later: CloudPayTradeState = 'SOME_NEW_STATE';
  // @ts-expect-error: a trade state is a string
  const notString: CloudPayTradeState = 1;
  // With { cloud }, amounts are as the platform sent them: a number or its digits in a string.
  const fen: CloudPayInt | undefined = res.totalFee;
  const amountFen: number | null = res.status.amountFen;
  const firstCoupon: number = Number(res.couponFee_0);
  // @ts-expect-error: may be a string of digits with { cloud }
  const alwaysNumber: number | undefined = res.totalFee;
  console.log(asType, notCloud, both, status, coupons, raw, attempts, later, notString, amountFen, alwaysNumber);
  return `${state} ${fen} ${firstCoupon} ${status.state === 'PAID'}`;
}
