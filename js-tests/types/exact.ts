// Type-checked with `strict` and `exactOptionalPropertyTypes` (tsconfig.exact.json) against the
// built declarations: right code compiles, and every `@ts-expect-error` line is a shape the
// declarations must refuse (tsc fails if such a line compiles). Nothing here runs.
import {
  CloudPay,
  Fubei,
  PayQueryError,
  WechatPayV2,
  WechatPayV3,
  isPayQueryError,
  waitForFinalState,
  type CloudPayPlatformErrorDetail,
  type CloudPayQueryResult,
  type FubeiOrder,
  type FubeiPayChannel,
  type FubeiQuery,
  type FubeiTradeState,
  type JsonValue,
  type OrderNotFoundProviderCode,
  type PayQueryErrorCode,
  type Rfc3339DateTime,
  type TimestampSkewDetail,
  type TradeState,
  type CloudPayConfig,
  type FubeiConfig,
  type V2SignType,
  type V2SignatureRejectedDetail,
  type V3KeyPairingDetail,
  type V3SignErrorDetail,
  type WechatPayV2Config,
  type WechatPayV3Config,
  type WaitTimeoutError,
  type WechatPayV2Order,
  type WechatPayV2Query,
  type WechatPayV3Query,
  type WechatTradeState,
} from 'payquery';

declare const v2: WechatPayV2;
declare const v3: WechatPayV3;
declare const fubei: Fubei;
declare const cloudPay: CloudPay;

// --- Queries: exactly one id ---
const byOut: WechatPayV2Query = { outTradeNo: 'A' };
const byTx: WechatPayV2Query = { transactionId: '42' };
// An id given as undefined is absent at run time too.
const undefinedOther: WechatPayV2Query = { outTradeNo: 'A', transactionId: undefined };
// @ts-expect-error: both ids
const bothV2: WechatPayV2Query = { outTradeNo: 'A', transactionId: '42' };
// @ts-expect-error: neither
const neitherV2: WechatPayV2Query = {};
// @ts-expect-error: both ids, APIv3
const bothV3: WechatPayV3Query = { outTradeNo: 'A', transactionId: '42' };
// @ts-expect-error: two of Fubei's three ids
const twoFubei: FubeiQuery = { merchantOrderSn: 'A', orderSn: 'B' };
// @ts-expect-error: Fubei's other pair
const otherTwoFubei: FubeiQuery = { orderSn: 'B', insOrderSn: 'C' };
const oneFubei: FubeiQuery = { insOrderSn: 'C', merchantOrderSn: undefined };

async function queries(outTradeNo: string, transactionId: string): Promise<void> {
  // @ts-expect-error: both ids at the call
  await v2.queryOrder({ outTradeNo, transactionId });
  // @ts-expect-error: both ids at the call, APIv3
  await v3.queryOrder({ outTradeNo, transactionId });
  // @ts-expect-error: all three of Fubei's
  await fubei.queryOrder({ merchantOrderSn: outTradeNo, orderSn: transactionId, insOrderSn: 'x' });
  // exactOptionalPropertyTypes: options given as undefined are absent at run time too.
  await v2.queryOrder({ outTradeNo }, { signal: undefined, timeoutMs: undefined });
}

// --- Configs: an optional member given as undefined is absent at run time, so it type-checks ---
declare const maybe: { timeoutMs?: number; baseUrl?: string; signer?: () => string };
const v2Config: WechatPayV2Config = {
  appid: 'wx',
  mchId: '1',
  apiKey: 'k',
  signType: undefined,
  subMchId: undefined,
  timeoutMs: maybe.timeoutMs,
  baseUrl: maybe.baseUrl,
  backupBaseUrl: undefined,
  onEvent: undefined,
};
const v3Config: WechatPayV3Config = {
  mchid: '1',
  spMchid: undefined,
  merchantSerialNo: 'S',
  privateKey: 'PEM',
  signer: undefined,
  merchantCertificate: undefined,
  wechatpayPublicKey: { id: 'PUB_KEY_ID_1', pem: 'PEM' },
  platformCertificates: undefined,
  apiV3Key: undefined,
  maxSkewSeconds: maybe.timeoutMs,
};
const v3Signer: WechatPayV3Config = { mchid: '1', merchantSerialNo: 'S', signer: () => 'sig', privateKey: undefined, platformCertificates: 'auto' };
// @ts-expect-error: privateKey and signer both defined
const v3Both: WechatPayV3Config = { mchid: '1', merchantSerialNo: 'S', signer: () => 'sig', privateKey: 'PEM', platformCertificates: 'auto' };
// @ts-expect-error: a direct merchant with a sub-merchant
const v3Mixed: WechatPayV3Config = { mchid: '1', subMchid: '2', merchantSerialNo: 'S', privateKey: 'PEM', platformCertificates: 'auto' };
const fubeiConfig: FubeiConfig = { appId: 'a', appSecret: 's', api: '1.0', vendorSn: undefined, merchantId: undefined, retries: undefined };
// @ts-expect-error: merchantId only with vendorSn
const fubeiMerchantId: FubeiConfig = { appId: 'a', appSecret: 's', api: '2.0', merchantId: 7 };
const cloudConfig: CloudPayConfig = { cloud: {} as never, appid: undefined, timeoutMs: undefined };
const signingConfig: CloudPayConfig = { appid: 'wx', mchId: '1', apiKey: 'k', cloud: undefined, fetch: undefined };
// @ts-expect-error: { cloud } and a signing key, defined
const cloudAndKey: CloudPayConfig = { cloud: {} as never, appid: 'wx' };
// @ts-expect-error: undefined is absent, not a value: a required member must be there
const noApiKey: WechatPayV2Config = { appid: 'wx', mchId: '1', apiKey: undefined };
console.log(v2Config, v3Config, v3Signer, v3Both, v3Mixed, fubeiConfig, fubeiMerchantId, cloudConfig, signingConfig, cloudAndKey, noApiKey);

// --- Vocabularies: neutral ones closed, provider ones open ---
async function vocabularies(): Promise<void> {
  const order = await v2.queryOrder({ outTradeNo: 'A' });
  const state: TradeState = order.status.state;
  // @ts-expect-error: a provider spelling is not a neutral state
  const wrongState: TradeState = 'SUCCESS';
  // @ts-expect-error: comparing the neutral state with a provider spelling is always false
  if (order.status.state === 'SUCCESS') console.log('never');
  // Open unions: known values and later ones compile, other types do not.
  const wire: WechatTradeState = order.tradeState;
  if (order.tradeState === 'USERPAYING' || order.tradeState === 'A_LATER_STATE') console.log(wire);
  // @ts-expect-error: a trade state is a string
  const numericState: WechatTradeState = 1;
  // @ts-expect-error: not a sign type
  const sha1: V2SignType = 'SHA1';
  // @ts-expect-error: Fubei channels are the neutral names, not pay_type
  const channel: FubeiPayChannel = 'wxpay';
  // A query answer's return code is always SUCCESS (FAIL rejects).
  const returnCode: 'SUCCESS' = order.returnCode;
  if (order.tradeType === 'JSAPI' || order.tradeType === 'MICROPAY') console.log(order.tradeType);
  for (const c of order.coupons) {
    if (c.type === 'CASH' || c.type === 'NO_CASH' || c.type === null) console.log(c.fee);
    // @ts-expect-error: a coupon type is a string or null
    if (c.type === 7) console.log('never');
  }
  // exactOptionalPropertyTypes: an optional member is absent, never undefined-valued.
  const fen: number = order.totalFee ?? 0;
  // @ts-expect-error: optional: not always there
  const always: number = order.totalFee;
  console.log(state, wrongState, numericState, sha1, channel, returnCode, fen, always);
}

// --- Times: RFC 3339 where payquery converts, CloudPay's compact form as wx-server-sdk has it ---
async function times(): Promise<void> {
  const order = await v2.queryOrder({ outTradeNo: 'A' });
  const at: Rfc3339DateTime | undefined = order.timeEnd;
  const paidAt: Rfc3339DateTime | null = order.status.paidAt;
  const res = await cloudPay.queryOrder({ sub_mch_id: '1', out_trade_no: 'A' });
  if (res.returnCode === 'SUCCESS' && res.resultCode === 'SUCCESS') {
    const compact: string | undefined = res.timeEnd;
    // @ts-expect-error: CloudPay's timeEnd is yyyyMMddHHmmss, not the v2 order's RFC 3339
    const mixed: WechatPayV2Order['timeEnd'] = res.timeEnd;
    console.log(compact, mixed);
  }
  // CloudPay: attempts always, host only from the signing backend.
  const attempts: number = res.attempts;
  const host: string | undefined = res.host;
  // @ts-expect-error: no host with { cloud }
  const alwaysHost: string = res.host;
  const typed: CloudPayQueryResult = res;
  console.log(at, paidAt, attempts, host, alwaysHost, typed);
}

// --- Fubei: `api` tells the shapes apart ---
function fubeiShapes(order: FubeiOrder): void {
  if (order.api === '1.0') {
    console.log(order.tradeState, order.totalFeeFen);
  } else {
    console.log(order.orderStatus, order.totalAmountFen);
    // @ts-expect-error: a 2.0 order has orderStatus, not tradeState (an unknown wire field at most)
    const state: FubeiTradeState = order.tradeState;
    console.log(state);
  }
}

// --- Errors: a union over `code`; the code narrows providerCode and detail ---
function errors(e: unknown): void {
  if (!isPayQueryError(e)) return;
  const code: PayQueryErrorCode = e.code;
  const provider: string | undefined = e.providerCode;
  // @ts-expect-error: detail differs by code: narrow first
  console.log(e.detail.maxSkewSeconds);
  // @ts-expect-error: lastOrder only on TIMEOUT
  console.log(e.lastOrder);
  switch (e.code) {
    case 'TIMESTAMP_SKEW': {
      const detail: TimestampSkewDetail = e.detail;
      console.log(detail.timestamp - detail.now, e.detail.maxSkewSeconds);
      break;
    }
    case 'ORDER_NOT_FOUND': {
      const notFound: OrderNotFoundProviderCode = e.providerCode;
      // @ts-expect-error: SYSTEMERROR is never an ORDER_NOT_FOUND's code
      if (e.providerCode === 'SYSTEMERROR') console.log('never');
      // @ts-expect-error: an ORDER_NOT_FOUND carries no signature detail
      console.log(e.detail.ours);
      console.log(notFound);
      break;
    }
    case 'REQUEST_SIGNATURE_REJECTED': {
      const detail: V3SignErrorDetail | V2SignatureRejectedDetail | undefined = e.detail;
      // @ts-expect-error: APIv2's detail has no verdict: tell the two apart first
      console.log(e.detail?.verdict);
      if (detail && 'verdict' in detail) {
        // The verdict narrows: firstDifference says where the messages differ.
        if (detail.verdict === 'MESSAGE_DIFFERS') console.log(detail.firstDifference?.offset, detail.firstDifference?.wechatShown);
        else if (detail.verdict === 'KEY_MISMATCH') console.log(detail.keyFingerprint, detail.certificateFingerprint, detail.merchantSerialNo);
        // @ts-expect-error: the verdicts are a closed set
        else if (detail.verdict === 'WRONG_KEY') console.log('never');
        const length: number | null = detail.wechatLength;
        console.log(length, detail.hint);
      } else if (detail) {
        const signType: V2SignType = detail.signType;
        console.log(signType, detail.stringToSign);
        // @ts-expect-error: APIv2 shows what was signed, not WeChat Pay's copy
        console.log(detail.wechat);
      }
      console.log(e.providerCode === 'SIGN_ERROR');
      break;
    }
    case 'INVALID_CONFIG': {
      const pairing: V3KeyPairingDetail | undefined = e.detail;
      if (pairing?.problem === 'SERIAL_MISMATCH') console.log(pairing.certificateSerialNo);
      // @ts-expect-error: the problems are a closed set
      if (pairing?.problem === 'EXPIRED') console.log('never');
      // @ts-expect-error: the certificate's fingerprint is always known, the key's not (a signer)
      const key: string = pairing!.keyFingerprint;
      console.log(key);
      break;
    }
    case 'CLIENT_FREED': {
      // @ts-expect-error: a freed client's error carries no detail
      console.log(e.detail.problem);
      const none: undefined = e.detail;
      // @ts-expect-error: nor a provider code
      const code: string = e.providerCode;
      console.log(none, code);
      break;
    }
    case 'REQUEST_REJECTED': {
      const fail: 'FAIL' = e.providerCode;
      console.log(fail);
      break;
    }
    case 'TIMEOUT':
      console.log(e.lastOrder, e.lastError?.code);
      break;
    case 'NETWORK_ERROR': {
      // @ts-expect-error: a network error has no provider code
      const never: string = e.providerCode;
      console.log(never);
      break;
    }
    default:
      console.log(e.code, e.retryable);
  }
  if (e instanceof PayQueryError && e.code === 'PROVIDER_ERROR') {
    const any: CloudPayPlatformErrorDetail | JsonValue | undefined = e.detail;
    console.log(any, e.httpStatus, e.requestId);
  }
  console.log(code, provider);
}

// instanceof narrows an unknown catch variable too.
function byInstanceof(e: unknown): string {
  if (e instanceof PayQueryError && e.code === 'TIMESTAMP_SKEW') return `${e.detail.now}`;
  // @ts-expect-error: unknown until narrowed
  return e.code;
}

async function waiting(): Promise<void> {
  try {
    await waitForFinalState(() => v2.queryOrder({ outTradeNo: 'A' }));
  } catch (e) {
    if (isPayQueryError(e) && e.code === 'TIMEOUT') {
      const last = (e as WaitTimeoutError<WechatPayV2Order>).lastOrder;
      console.log(last?.status.state);
    }
  }
}

// --- verifyResponse: JSON, not unknown ---
async function verified(): Promise<void> {
  const body: JsonValue = await v3.verifyResponse({ status: 200, body: '{}' });
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) console.log(body['trade_state']);
  // @ts-expect-error: JSON, not a number
  const n: number = await v3.verifyResponse('{}');
  console.log(n);
}

console.log(byOut, byTx, undefinedOther, bothV2, neitherV2, bothV3, twoFubei, otherTwoFubei, oneFubei);
void [queries, vocabularies, times, fubeiShapes, errors, byInstanceof, waiting, verified];
