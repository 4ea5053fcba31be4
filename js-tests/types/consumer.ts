// Type-checked (tsc --noEmit) against the built declarations: every export, config and result
// is used the way a consumer would, and misuse is marked with @ts-expect-error so that a
// declaration that got too loose fails the check.
import {
  signV2,
  buildV2Xml,
  verifyV2Xml,
  explainV2,
  WechatPayV2,
  PayQueryError,
  isPayQueryError,
  type WechatPayV2Config,
  type WechatPayV2Order,
  type OrderStatus,
  type PayQueryErrorCode,
  type TradeState,
  type V2Explanation,
  type HttpRequestData,
} from 'payquery';
import { startSandbox, type Sandbox } from 'payquery/sandbox';

const sig: string = signV2({ appid: 'wx1', total_fee: 1, flag: true }, 'key', 'HMAC-SHA256');
const xml: string = buildV2Xml({ appid: 'wx1' }, 'key');
const fields: Record<string, string> = verifyV2Xml(xml, 'key', 'MD5');
const why: V2Explanation = explainV2('a=1&b=2', 'key', 'MD5');
const maybeField: string | undefined = why.differingField;
// @ts-expect-error: not a sign type
signV2({}, 'key', 'SHA1');

const config: WechatPayV2Config = { appid: 'wx1', mchId: '1', apiKey: 'k', signType: 'MD5', timeoutMs: 5000 };
// @ts-expect-error: apiKey is required
const incomplete: WechatPayV2Config = { appid: 'wx1', mchId: '1' };
const client = new WechatPayV2(config);

async function main(sb: Sandbox): Promise<void> {
  const order: WechatPayV2Order = await client.queryOrder({ outTradeNo: 'PQ-V2-PAID' }, { timeoutMs: 1000 });
  const fen: number | undefined = order.totalFee;
  const status: OrderStatus = order.status;
  const state: TradeState = status.state;
  const final: boolean = status.final;
  const paidAt: string | null = status.paidAt;
  const coupons: number = order.coupons.reduce((sum, c) => sum + c.fee, 0);
  const raw: string | undefined = order.raw['total_fee'];
  await client.queryOrder({ transactionId: '42' }, { signal: new AbortController().signal });
  // @ts-expect-error: a query needs one of the two ids
  await client.queryOrder({ orderId: 'x' });
  const req: HttpRequestData = client.buildQueryRequest({ outTradeNo: 'x' });
  const again: WechatPayV2Order = client.parseQueryResponse({ status: 200, body: req.body });
  try {
    await client.queryOrder({ outTradeNo: 'x' });
  } catch (e) {
    if (isPayQueryError(e)) {
      const code: PayQueryErrorCode = e.code;
      const retry: boolean = e.retryable;
      const provider: string | undefined = e.providerCode;
      const http: number | undefined = e.httpStatus;
      console.log(code, retry, provider, http);
    }
    if (e instanceof PayQueryError && e.code === 'TIMEOUT') console.log(e.message);
  }
  console.log(sig, fields, maybeField, incomplete, fen, state, final, paidAt, coupons, raw, again, sb.url);
}

void startSandbox({ port: 0 }).then(main);

// --- WeChat Pay APIv3 ---
import {
  WechatPayV3,
  explainV3,
  type WechatPayV3Config,
  type WechatPayV3Order,
  type WechatPayV3CombineOrder,
  type WechatPayV3Notification,
  type V3SignErrorDetail,
  type V3Explanation,
} from 'payquery';

const v3Config: WechatPayV3Config = {
  mchid: '1900000001',
  merchantSerialNo: 'ABC123',
  privateKey: '-----BEGIN PRIVATE KEY-----…',
  wechatpayPublicKey: { id: 'PUB_KEY_ID_01', pem: '-----BEGIN PUBLIC KEY-----…' },
  apiV3Key: '0123456789abcdef0123456789abcdef',
  maxSkewSeconds: 300,
};
const kms: WechatPayV3Config = {
  spMchid: '1900000100',
  subMchid: '1900000109',
  merchantSerialNo: 'ABC123',
  signer: async (message: string) => message,
  platformCertificates: ['-----BEGIN CERTIFICATE-----…'],
};
// @ts-expect-error: a verification key (public key or certificates) is required
const noKeys: WechatPayV3Config = { mchid: '1', merchantSerialNo: 'A', privateKey: 'k' };
// @ts-expect-error: privateKey and signer are exclusive
const twoSigners: WechatPayV3Config = { ...v3Config, signer: async () => '' };
// @ts-expect-error: direct and partner are exclusive
const twoModes: WechatPayV3Config = { ...v3Config, spMchid: '1', subMchid: '2' };
const v3 = new WechatPayV3(v3Config);

async function v3Main(): Promise<void> {
  const order: WechatPayV3Order = await v3.queryOrder({ outTradeNo: 'PQ-V3-PAID' }, { timeoutMs: 1000 });
  const total: number | undefined = order.amount?.total;
  const coupon: number | undefined = order.promotionDetail?.[0]?.merchantContribute;
  const sp: string | undefined = order.payer?.spOpenid;
  const state: TradeState = order.status.state;
  const combine: WechatPayV3CombineOrder = await v3.queryCombineOrder({ combineOutTradeNo: 'C1' });
  const subStates: TradeState[] = combine.subOrders.map((s) => s.status.state);
  const subFen: number | undefined = combine.subOrders[0]?.amount?.totalAmount;
  // @ts-expect-error: combine queries take combineOutTradeNo
  await v3.queryCombineOrder({ outTradeNo: 'x' });
  const auth: string = await v3.buildAuthorization('GET', '/v3/certificates', '', { timestamp: 1700000000, nonce: 'n' });
  const verified: unknown = await v3.verifyResponse({ status: 200, headers: {}, body: '{}' }, { now: 1700000000 });
  const n: WechatPayV3Notification = await v3.parseNotification({ headers: new Headers(), body: new Uint8Array() });
  const eventId: string = n.event.id;
  try {
    await v3.queryOrder({ transactionId: '42' });
  } catch (e) {
    if (isPayQueryError(e) && e.providerCode === 'SIGN_ERROR') {
      const detail = e.detail as V3SignErrorDetail;
      console.log(detail.ours, detail.wechat, detail.firstDifference?.name);
    }
  }
  const x: V3Explanation = explainV3({ request: { method: 'GET', url: '/v3/x', timestamp: 1, nonce: 'n' }, wechatMessage: 'GET\n' });
  if (x.kind === 'request') console.log(x.message, x.firstDifference?.line);
  else console.log(x.missing, x.probe);
  const r: V3Explanation = explainV3({ response: { headers: {}, body: '{}' }, now: 1 });
  console.log(kms, noKeys, twoSigners, twoModes, total, coupon, sp, state, subStates, subFen, auth, verified, eventId, r);
}

void startSandbox().then(async (sb) => {
  const c = sb.credentials.v3;
  const client = new WechatPayV3({ mchid: c.mchid, merchantSerialNo: c.merchantSerialNo, privateKey: c.privateKey, wechatpayPublicKey: c.wechatpayPublicKey, baseUrl: sb.url });
  const note = sb.tools.v3.buildNotification({ outTradeNo: 'PQ-V3-PAID', tamper: 'body' });
  await client.parseNotification(note);
  const answer: { status: number } = await sb.tools.v3.postNotification('http://127.0.0.1:1/notify', { combineOutTradeNo: 'C' });
  sb.inject({ kind: 'skewTimestamp', api: 'v3', seconds: 600 });
  console.log(answer.status);
  await v3Main();
});
