// Type-checked (tsc --noEmit) against the built declarations: every export, config and result
// is used the way a consumer would, and misuse is marked with @ts-expect-error so that a
// declaration that got too loose fails the check.
import {
  expressNotificationHandler,
  koaNotificationHandler,
  fastifyNotificationHandler,
  webNotificationHandler,
  cloudFunctionNotificationHandler,
  type NotificationReply,
  type PlatformCertificate,
  signV2,
  buildV2Xml,
  verifyV2Xml,
  explainV2,
  WechatPayV2,
  PayQueryError,
  isPayQueryError,
  waitForFinalState,
  queryMany,
  wasmMemoryBytes,
  type QueryMeta,
  type WaitTimeoutError,
  type WechatPayV2Config,
  type WechatPayV2Order,
  type OrderStatus,
  type PayQueryErrorCode,
  type TradeState,
  type V2Explanation,
  type HttpRequestData,
  type QueryRequest,
  type WechatPayV2Query,
  type FubeiQuery,
  CloudPay,
  type CloudPayConfig,
  type CloudPayQueryInput,
  type CloudPayQueryResult,
  type CloudPayTradeState,
  signFubei,
  explainFubei,
  verifyFubeiNotification,
  Fubei,
  type FubeiConfig,
  type FubeiOrder,
  type FubeiExplanation,
  type FubeiPayChannel,
} from 'payquery';
import { startSandbox, createCloud, type Sandbox } from 'payquery/sandbox';

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
  const order = await client.queryOrder({ outTradeNo: 'PQ-V2-PAID' }, { timeoutMs: 1000 });
  const typed: WechatPayV2Order = order;
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
  const req: QueryRequest<WechatPayV2Query> = client.buildQueryRequest({ outTradeNo: 'x' });
  const plain: HttpRequestData = req;
  const again: WechatPayV2Order = client.parseQueryResponse(req, { status: 200, body: plain.body });
  const byQuery: WechatPayV2Order = client.parseQueryResponse(req.query, req.body);
  // @ts-expect-error: the response alone cannot be checked against a query
  client.parseQueryResponse({ status: 200, body: req.body });
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
  const meta: QueryMeta = order;
  const attempts: number = order.attempts;
  const host: string = order.host;
  const paid: WechatPayV2Order = await waitForFinalState(() => client.queryOrder({ outTradeNo: 'x' }), {
    intervalMs: 1000,
    timeoutMs: 30_000,
  });
  // @ts-expect-error: waitForFinalState needs something that resolves to an order with a status
  await waitForFinalState(async () => 42);
  const settled = await queryMany(['a', 'b'], (outTradeNo) => client.queryOrder({ outTradeNo }), { concurrency: 2 });
  for (const r of settled) {
    if (r.status === 'fulfilled') console.log(r.value.status.state);
    else console.log(r.reason);
  }
  try {
    await waitForFinalState(() => client.queryOrder({ outTradeNo: 'x' }));
  } catch (e) {
    const timeout = e as WaitTimeoutError<WechatPayV2Order>;
    console.log(timeout.lastOrder?.status.state);
  }
  const bytes: number = wasmMemoryBytes();
  await client.queryOrder({ outTradeNo: 'x' }, { retries: 0 });
  new WechatPayV2({ ...config, retries: 3, backupBaseUrl: null });
  new Fubei({ appId: '1', appSecret: 's', api: '1.0', retries: 1, backupBaseUrl: 'https://backup.example' });
  console.log(sig, fields, maybeField, incomplete, fen, state, final, paidAt, coupons, raw, again, byQuery, sb.url, meta, attempts, host, paid, bytes, typed);
}

void startSandbox({ port: 0 }).then(main);

// CloudPay: the same call over wx-server-sdk or signing, snake_case or camelCase input.
const inCloud = new CloudPay({ cloud: createCloud({ numbers: true }) });
const anywhere = new CloudPay({ appid: 'wx1', mchId: '1', apiKey: 'k', signType: 'HMAC-SHA256' });
// @ts-expect-error: one backend, not both
const both: CloudPayConfig = { cloud: createCloud(), appid: 'wx1', mchId: '1', apiKey: 'k' };
const snakeInput: CloudPayQueryInput = { sub_mch_id: '19', out_trade_no: 'A', nonce_str: 'n' };
const camelInput: CloudPayQueryInput = { subMchId: '19', transactionId: '42', subAppid: 'wx2' };
// @ts-expect-error: sub_mch_id is required
const noSub: CloudPayQueryInput = { out_trade_no: 'A' };
// @ts-expect-error: exactly one of out_trade_no and transaction_id
const twoIds: CloudPayQueryInput = { sub_mch_id: '19', out_trade_no: 'A', transaction_id: '42' };

async function cloudFunction(event: { outTradeNo: string }): Promise<string> {
  const res: CloudPayQueryResult = await inCloud.queryOrder({ sub_mch_id: '19', out_trade_no: event.outTradeNo }, { timeoutMs: 3000 });
  const zero: 0 = res.errCode;
  const coupons: number = res.coupons.reduce((sum, c) => sum + c.fee, 0);
  if (res.returnCode === 'FAIL') return `${res.returnMsg ?? ''} ${res.status.state}`;
  // A number from the signing backend; with { cloud }, as the platform sent it (number or digits).
  const firstCoupon: number = Number(res.couponFee_0);
  if (res.resultCode === 'FAIL') {
    const code: string | null = res.resultErrCode;
    return `${code ?? 'FAIL'} ${res.errCodeDes ?? ''} ${zero}`;
  }
  const state: CloudPayTradeState = res.tradeState;
  // Open union: a state WeChat adds later compiles; a non-string does not.
  if (res.tradeState === 'PAYED') return 'a later state';
  // @ts-expect-error: not a string
  if (res.tradeState === 1) return 'never';
  const fen: number | string | undefined = res.totalFee;
  const alwaysNumber: number | null = res.status.amountFen;
  const paid: boolean = res.status.state === 'PAID';
  return `${state} ${fen} ${alwaysNumber} ${paid} ${coupons} ${firstCoupon} ${res.timeEnd}`;
}

void anywhere.queryOrder(camelInput).then((r) => r.resultCode);
void cloudFunction({ outTradeNo: 'A' }).then(() => console.log(both, snakeInput, noSub, twoIds));
// Fubei: 1.0 and 2.0 clients, the order union told apart by `api`, offline helpers.
const fubeiSig: string = signFubei({ app_id: '1', biz_content: '{}', version: '1.0' }, 'secret');
const fubeiWhy: FubeiExplanation = explainFubei('app_id=1&sign=X', 'secret');
const fubeiV1Config: FubeiConfig = { appId: '1', appSecret: 's', api: '1.0', timeoutMs: 5000 };
const fubeiVendor = new Fubei({ vendorSn: 'V1', appSecret: 's', api: '2.0', merchantId: 1900001 });
// @ts-expect-error: a service provider must name the merchant
const noMerchant: FubeiConfig = { vendorSn: 'V1', appSecret: 's', api: '2.0' };
// @ts-expect-error: vendorSn is a 2.0 identity
const vendorOn1: FubeiConfig = { vendorSn: 'V1', appSecret: 's', api: '1.0', merchantId: 1 };

async function fubeiMain(): Promise<void> {
  const order: FubeiOrder = await new Fubei(fubeiV1Config).queryOrder({ merchantOrderSn: 'PQ-FB1-PAID' }, { timeoutMs: 1000 });
  if (order.api === '1.0') {
    const fen: number | undefined = order.totalFeeFen;
    const paidAt: string | undefined = order.payTime;
    console.log(fen, paidAt);
  } else {
    const fen: number | undefined = order.totalAmountFen;
    const discounts: number = order.paymentList.reduce((sum, p) => sum + (p.amountFen ?? 0), 0);
    console.log(fen, discounts, order.finishTime);
  }
  const channel: FubeiPayChannel | undefined = order.payChannel;
  const state: TradeState = order.status.state;
  const byIns: FubeiOrder = await fubeiVendor.queryOrder({ insOrderSn: 'I1' }, { signal: new AbortController().signal });
  const attempts: number = (await fubeiVendor.queryOrder({ orderSn: 'F1' }, { retries: 0 })).attempts;
  // @ts-expect-error: not a Fubei query key
  await fubeiVendor.queryOrder({ outTradeNo: 'x' });
  const req: QueryRequest<FubeiQuery> = fubeiVendor.buildQueryRequest({ orderSn: 'F1' });
  const parsed: FubeiOrder = fubeiVendor.parseQueryResponse(req, { status: 200, body: req.body });
  const byQuery: FubeiOrder = fubeiVendor.parseQueryResponse({ orderSn: 'F1' }, req.body);
  const notified: FubeiOrder = verifyFubeiNotification({ result_code: '200', data: '{}', sign: 'X' }, 's');
  const fromForm: FubeiOrder = verifyFubeiNotification('result_code=200&data=%7B%7D&sign=X', 's');
  console.log(attempts, fubeiSig, fubeiWhy.hint, noMerchant, vendorOn1, channel, state, byIns, parsed, byQuery, notified, fromForm);
}

void startSandbox({ port: 0 }).then(main).then(fubeiMain);
// --- WeChat Pay APIv3 ---
import {
  WechatPayV3,
  explainV3,
  type WechatPayV3Config,
  type WechatPayV3Order,
  type WechatPayV3CombineOrder,
  type WechatPayV3Notification,
  type V3SignErrorDetail,
  type V3KeyPairingDetail,
  type V2SignatureRejectedDetail,
  type V3Explanation,
} from 'payquery';

const v3Config: WechatPayV3Config = {
  mchid: '1900000001',
  merchantSerialNo: 'ABC123',
  privateKey: '-----BEGIN PRIVATE KEY-----…',
  wechatpayPublicKey: { id: 'PUB_KEY_ID_01', pem: '-----BEGIN PUBLIC KEY-----…' },
  apiV3Key: '0123456789abcdef0123456789abcdef',
  maxSkewSeconds: 300,
  merchantCertificate: '-----BEGIN CERTIFICATE-----…',
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
      if (detail.verdict === 'KEY_MISMATCH') console.log(detail.keyFingerprint, detail.certificateFingerprint);
      else if (detail.verdict === 'MESSAGE_DIFFERS') console.log(detail.firstDifference?.offset, detail.firstDifference?.wechatShown);
      // @ts-expect-error: the verdicts are a closed set
      if (detail.verdict === 'WRONG_KEY') console.log(detail.hint);
    }
    if (isPayQueryError(e) && e.code === 'INVALID_CONFIG' && e.detail) {
      const pairing = e.detail as V3KeyPairingDetail;
      console.log(pairing.problem === 'SERIAL_MISMATCH' ? pairing.certificateSerialNo : pairing.keyFingerprint);
    }
    if (isPayQueryError(e) && e.code === 'REQUEST_SIGNATURE_REJECTED' && e.providerCode === 'FAIL') {
      const signed = e.detail as V2SignatureRejectedDetail;
      console.log(signed.signType, signed.stringToSign);
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

// Notification receivers and platform certificates (issue 13).
async function receivers(v3: WechatPayV3, v2: WechatPayV2, fb: Fubei, request: Request) {
  const { notification, reply } = await v3.handleNotification(request, { limit: 4096 });
  const id: string = notification.event.id;
  const status: number = reply.status;
  const v2n = await v2.handleNotification({ headers: {}, body: '<xml/>' });
  const fen: number | undefined = v2n.notification.totalFee;
  const fbReply: NotificationReply = fb.notificationReply('SIGNATURE_INVALID');
  const handler = expressNotificationHandler(v3, (n) => n.status.state);
  const certs: PlatformCertificate[] = await v3.downloadPlatformCertificates();
  const auto = new WechatPayV3({ mchid: '1', merchantSerialNo: 'AB', privateKey: '', apiV3Key: 'k', platformCertificates: 'auto' });
  return [id, status, fen, fbReply, handler, certs, auto, webNotificationHandler, koaNotificationHandler, fastifyNotificationHandler, cloudFunctionNotificationHandler];
}
void receivers;
