// The declarations match what the package really returns: every seeded sandbox order of every
// provider is queried over HTTP (CloudPay also through wx-server-sdk's stand-in), with
// notifications, explanations, certificates and the errors a caller branches on; each result is
// written into a TypeScript file as an object literal typed with its declared type, and `tsc`
// (strict, exactOptionalPropertyTypes) must accept the file. The literal is typed with
// `Strict<T>`, which removes the "any other wire field" index signatures: a member the result
// has and the declarations do not name is an excess property, a declared member missing or of
// another type (a number for a string, a time not in its declared form, an unknown enum value
// of a closed union) is an error. Non-enumerable members (attempts, host, CloudPay's additions)
// are written too. A negative control checks that the same machinery refuses wrong shapes.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pq, sandbox, v2Client, deadUrl, nodeSignV2, nodeBuildXml } from '../helpers.mjs';
import { directConfig, partnerConfig } from '../v3-helpers.mjs';
import { merchantV1, merchantV2, vendorV2, nodeSignFubei } from '../fubei-helpers.mjs';

const require = createRequire(import.meta.url);
const { v2Orders, SUB_MCH_ID } = require('../../pkg/sandbox/wechat_v2/orders.js');
const { v3Orders } = require('../../pkg/sandbox/wechat_v3/orders.js');
const fubeiOrders = require('../../pkg/sandbox/fubei/orders.js');
const { createCloud } = require('payquery/sandbox');

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The fields the sandbox adds on purpose as "a field WeChat Pay might add tomorrow". */
const UNKNOWN_ON_PURPOSE = ['futureField'];

/** A TypeScript literal of `value`: own properties, enumerable or not; `undefined` kept. */
function literal(value, drop = []) {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => literal(v)).join(', ')}]`;
  const keys = Object.getOwnPropertyNames(value).filter((k) => k !== 'stack' && !drop.includes(k));
  return `{ ${keys.map((k) => `${JSON.stringify(k)}: ${literal(value[k])}`).join(', ')} }`;
}

/** Collects results with the type the declarations give them. */
class Samples {
  constructor() {
    this.list = [];
  }
  add(label, type, value) {
    assert.ok(value !== null && typeof value === 'object', `${label}: not an object`);
    for (const k of UNKNOWN_ON_PURPOSE) {
      if (k in value) assert.equal(Object.getOwnPropertyDescriptor(value, k).enumerable, true, `${label}.${k}`);
    }
    this.list.push({ label, type, value });
  }
  error(label, e, extra = '') {
    assert.ok(pq.isPayQueryError(e), `${label}: ${e && e.stack}`);
    this.add(`${label} (${e.code})`, `P.PayQueryError<'${e.code}'>${extra}`, e);
  }
  /** The rejection of `fn`, typed as the error of its code (`& extra`: what a class adds). */
  async rejects(label, fn, extra) {
    try {
      await fn();
    } catch (e) {
      return this.error(label, e, extra);
    }
    assert.fail(`${label}: resolved`);
  }
}

const PRELUDE = `import type * as P from 'payquery';
/** Keys other than index signatures. */
type Named<K> = string extends K ? never : number extends K ? never : K;
/** T without its "any other field" index signatures, deeply (a pure index type is kept). */
type Strict<T> = T extends readonly (infer E)[]
  ? readonly Strict<E>[]
  : T extends object
    ? keyof { [K in keyof T as Named<K>]: 0 } extends never
      ? T
      : { [K in keyof T as Named<K>]: Strict<T[K]> }
    : T;
`;

/** Type-checks `files` (name -> body) against pkg/'s declarations; returns tsc's error lines. */
function typeCheck(files) {
  const dir = mkdtempSync(join(tmpdir(), 'payquery-types-'));
  try {
    for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          strict: true,
          exactOptionalPropertyTypes: true,
          noEmit: true,
          skipLibCheck: false,
          lib: ['ES2022', 'DOM'],
          types: [],
          paths: { payquery: [join(root, 'pkg', 'payquery.d.ts')] },
        },
        files: Object.keys(files),
      }),
    );
    try {
      execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8' });
      return [];
    } catch (e) {
      return String(e.stdout).split('\n').filter((l) => /error TS\d+/.test(l));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The file of samples: one typed constant a line, its label in a comment. */
function samplesFile(samples) {
  return (
    PRELUDE +
    samples.list
      .map((s, i) => `// ${s.label}\nexport const s${i}: Strict<${s.type}> = ${literal(s.value, UNKNOWN_ON_PURPOSE)};`)
      .join('\n') +
    '\n'
  );
}

async function collect(t) {
  const sb = await sandbox(t);
  const samples = new Samples();

  // WeChat Pay APIv2: every seeded order, direct and service-provider.
  const v2 = v2Client(sb);
  const { subMchId, subAppid } = sb.credentials.v2;
  const v2sp = v2Client(sb, { subMchId, subAppid });
  for (const o of v2Orders()) {
    const client = o.sub_mch_id ? v2sp : v2;
    samples.add(`v2 ${o.out_trade_no}`, 'P.WechatPayV2Order & P.QueryMeta', await client.queryOrder({ outTradeNo: o.out_trade_no }));
  }
  samples.add('v2 by transactionId', 'P.WechatPayV2Order & P.QueryMeta', await v2.queryOrder({ transactionId: v2Orders()[0].transaction_id }));
  const req = v2.buildQueryRequest({ outTradeNo: 'PQ-V2-PAID' });
  samples.add('v2 buildQueryRequest', 'P.QueryRequest<P.WechatPayV2Query>', req);
  const { appid, mchId, apiKey } = sb.credentials.v2;
  for (const [label, extra] of [
    ['paid', { result_code: 'SUCCESS' }],
    ['failed payment', { result_code: 'FAIL', err_code: 'NOTENOUGH', err_code_des: '余额不足' }],
  ]) {
    const fields = {
      return_code: 'SUCCESS',
      appid,
      mch_id: mchId,
      nonce_str: 'n0tice',
      openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
      trade_type: 'JSAPI',
      bank_type: 'CMC',
      total_fee: '101',
      cash_fee: '101',
      fee_type: 'CNY',
      is_subscribe: 'N',
      transaction_id: '4200000000202402010000000777',
      out_trade_no: 'PQ-NOTIFY-1',
      time_end: '20240201120000',
      ...extra,
    };
    fields.sign = nodeSignV2(fields, apiKey);
    const handled = await v2.handleNotification({ headers: {}, body: nodeBuildXml(fields) });
    samples.add(`v2 notification, ${label}`, 'P.HandledNotification<P.WechatPayV2Order>', handled);
  }
  samples.add('explainV2', 'P.V2Explanation', pq.explainV2({ a: '1', sign: 'X' }, apiKey, 'MD5'));
  samples.add('explainV2 without sign', 'P.V2Explanation', pq.explainV2({ a: '1' }, apiKey, 'HMAC-SHA256'));

  // APIv3: direct, partner and combine orders, notifications, certificates, explanations.
  const v3 = new pq.WechatPayV3(directConfig(sb));
  const v3sp = new pq.WechatPayV3(partnerConfig(sb));
  const seeded = v3Orders(sb.credentials.v3);
  for (const o of seeded.direct) samples.add(`v3 ${o.out_trade_no}`, 'P.WechatPayV3Order & P.QueryMeta', await v3.queryOrder({ outTradeNo: o.out_trade_no }));
  for (const o of seeded.partner) samples.add(`v3 ${o.out_trade_no}`, 'P.WechatPayV3Order & P.QueryMeta', await v3sp.queryOrder({ outTradeNo: o.out_trade_no }));
  for (const o of seeded.combine) {
    samples.add(`v3 ${o.combine_out_trade_no}`, 'P.WechatPayV3CombineOrder & P.QueryMeta', await v3.queryCombineOrder({ combineOutTradeNo: o.combine_out_trade_no }));
  }
  const note = await v3.parseNotification(sb.tools.v3.buildNotification({ outTradeNo: 'PQ-V3-PAID' }));
  samples.add('v3 notification', 'P.WechatPayV3Order & { event: P.V3NotificationEvent }', note);
  const combineNote = await v3.handleNotification(sb.tools.v3.buildNotification({ combineOutTradeNo: 'PQ-V3-COMBINE-PAID' }));
  samples.add('v3 combine notification', 'P.HandledNotification<P.WechatPayV3CombineOrder & { event: P.V3NotificationEvent }>', combineNote);
  const certs = await new pq.WechatPayV3(directConfig(sb, { platformCertificates: 'auto' })).downloadPlatformCertificates();
  assert.ok(certs.length > 0);
  for (const c of certs) samples.add('v3 platform certificate', 'P.PlatformCertificate', c);
  const explained = pq.explainV3({
    request: { method: 'GET', url: '/v3/x', timestamp: 1700000000, nonce: 'n', authorization: await v3.buildAuthorization('GET', '/v3/x', '', { timestamp: 1700000000, nonce: 'n' }) },
    wechatMessage: 'GET\n/v3/y\n1700000000\nn\n\n',
  });
  samples.add('explainV3 request', 'P.V3RequestExplanation', explained);
  samples.add('explainV3 response', 'P.V3ResponseExplanation', pq.explainV3({ response: { headers: {}, body: '{}' }, now: 1 }));

  // Fubei: 1.0 and 2.0 orders, merchant and service provider, a notification, an explanation.
  const { appSecret, merchantId } = sb.credentials.fubei;
  const v1 = merchantV1(sb);
  for (const o of fubeiOrders.v1Orders()) {
    samples.add(`fubei 1.0 ${o.merchant_order_sn}`, 'P.FubeiOrderV1 & P.QueryMeta', await v1.queryOrder({ merchantOrderSn: o.merchant_order_sn }));
  }
  const fb2 = merchantV2(sb);
  const vendor = vendorV2(sb);
  for (const o of fubeiOrders.v2Orders(merchantId)) {
    samples.add(`fubei 2.0 ${o.merchant_order_sn}`, 'P.FubeiOrderV2 & P.QueryMeta', await fb2.queryOrder({ merchantOrderSn: o.merchant_order_sn }));
    samples.add(`fubei 2.0 vendor ${o.ins_order_sn}`, 'P.FubeiOrderV2 & P.QueryMeta', await vendor.queryOrder({ insOrderSn: o.ins_order_sn }));
  }
  const data = JSON.stringify({ merchant_order_sn: 'M-NOTIFY-1', order_sn: '2024020100001', trade_state: 'SUCCESS', total_fee: '80.07', pay_time: 1706760000, device_no: 'POS' });
  const form = { result_code: '200', result_message: '成功', data };
  form.sign = nodeSignFubei(form, appSecret);
  samples.add('fubei notification', 'P.FubeiOrderV1', pq.verifyFubeiNotification(form, appSecret));
  samples.add('fubei handleNotification', 'P.HandledNotification<P.FubeiOrderV1>', await v1.handleNotification({ headers: {}, body: new URLSearchParams(form).toString() }));
  samples.add('explainFubei', 'P.FubeiExplanation', pq.explainFubei({ app_id: '1', sign: 'X' }, appSecret));

  // CloudPay: the same seeded service-provider orders over wx-server-sdk's stand-in (strings and
  // numbers) and over the signing backend; a business failure and a refused call.
  const sdk = new pq.CloudPay({ cloud: createCloud() });
  const sdkNumbers = new pq.CloudPay({ cloud: createCloud({ numbers: true, couponList: true }) });
  const signing = new pq.CloudPay({ appid, mchId, apiKey, baseUrl: sb.url });
  for (const o of v2Orders().filter((x) => x.sub_mch_id)) {
    const input = { sub_mch_id: SUB_MCH_ID, out_trade_no: o.out_trade_no };
    for (const [label, client] of [['cloud', sdk], ['cloud numbers', sdkNumbers], ['signing', signing]]) {
      samples.add(`cloudpay ${label} ${o.out_trade_no}`, 'P.CloudPayOrderResult & P.CloudPayQueryMeta', await client.queryOrder(input));
    }
  }
  for (const [label, client] of [['cloud', sdk], ['signing', signing]]) {
    const missing = await client.queryOrder({ sub_mch_id: SUB_MCH_ID, out_trade_no: 'PQ-NO-SUCH-ORDER' });
    assert.equal(missing.resultCode, 'FAIL', label);
    samples.add(`cloudpay ${label} not found`, 'P.CloudPayFailResult & P.CloudPayQueryMeta', missing);
  }
  sb.inject({ kind: 'returnFail' });
  const refused = await signing.queryOrder({ sub_mch_id: SUB_MCH_ID, out_trade_no: 'PQ-V2-SP-PAID' }, { retries: 0 });
  assert.equal(refused.returnCode, 'FAIL');
  samples.add('cloudpay signing refused', 'P.CloudPayRefusedResult & P.CloudPayQueryMeta', refused);

  // Errors a caller branches on.
  await samples.rejects('v2 not found', () => v2.queryOrder({ outTradeNo: 'PQ-NO-SUCH-ORDER' }));
  await samples.rejects('v3 not found', () => v3.queryOrder({ outTradeNo: 'PQ-NO-SUCH-ORDER' }));
  await samples.rejects('fubei not found', () => v1.queryOrder({ merchantOrderSn: 'PQ-NO-SUCH-ORDER' }));
  sb.inject({ kind: 'systemError' });
  await samples.rejects('v2 system error', () => v2.queryOrder({ outTradeNo: 'PQ-V2-PAID' }, { retries: 0 }));
  sb.inject({ kind: 'returnFail' });
  await samples.rejects('v2 return_code FAIL', () => v2.queryOrder({ outTradeNo: 'PQ-V2-PAID' }, { retries: 0 }));
  sb.inject({ kind: 'signError', api: 'v3' });
  await samples.rejects('v3 SIGN_ERROR', () => v3.queryOrder({ outTradeNo: 'PQ-V3-PAID' }, { retries: 0 }));
  sb.inject({ kind: 'skewTimestamp', api: 'v3', seconds: 600 });
  await samples.rejects('v3 skewed timestamp', () => v3.queryOrder({ outTradeNo: 'PQ-V3-PAID' }, { retries: 0 }));
  sb.inject({ kind: 'serverError', api: 'v3' });
  await samples.rejects('v3 server error', () => v3.queryOrder({ outTradeNo: 'PQ-V3-PAID' }, { retries: 0 }));
  sb.inject({ kind: 'status', status: 502, api: 'v2' });
  await samples.rejects('v2 HTTP 502', () => v2.queryOrder({ outTradeNo: 'PQ-V2-PAID' }, { retries: 0 }));
  sb.inject({ kind: 'systemError', api: 'fubei' });
  await samples.rejects('fubei system error', () => v1.queryOrder({ merchantOrderSn: 'PQ-FB1-PAID' }, { retries: 0 }));
  sb.inject({ kind: 'badSign', api: 'v2' });
  await samples.rejects('v2 forged answer', () => v2.queryOrder({ outTradeNo: 'PQ-V2-PAID' }, { retries: 0 }));
  const dead = new pq.WechatPayV2({ appid, mchId, apiKey, baseUrl: await deadUrl() });
  await samples.rejects('network error', () => dead.queryOrder({ outTradeNo: 'A' }, { retries: 0 }));
  await samples.rejects('invalid argument', () => v2.queryOrder({ outTradeNo: 'A', transactionId: '42' }));
  await samples.rejects('invalid config', () => new pq.WechatPayV2({ appid }));
  await samples.rejects('cloudpay platform error', () =>
    new pq.CloudPay({ cloud: createCloud({ throws: { errCode: -501007, errMsg: 'not configured' } }) }).queryOrder({ sub_mch_id: SUB_MCH_ID, out_trade_no: 'A' }),
  ' & P.CloudPayQueryError');
  await samples.rejects('cloudpay bad input', () => sdk.queryOrder({ out_trade_no: 'A' }), ' & P.CloudPayQueryError');
  sb.inject({ kind: 'badSign', api: 'v2' });
  await samples.rejects('cloudpay forged answer', () => signing.queryOrder({ sub_mch_id: SUB_MCH_ID, out_trade_no: 'PQ-V2-SP-PAID' }, { retries: 0 }), ' & P.CloudPayQueryError');
  await samples.rejects('v2 refused notification', () => v2.handleNotification({ headers: {}, body: '<xml><return_code>SUCCESS</return_code></xml>' }));
  await samples.rejects('waitForFinalState timeout', () =>
    pq.waitForFinalState(() => v2.queryOrder({ outTradeNo: 'PQ-V2-USERPAYING' }), { intervalMs: 10, timeoutMs: 200 }),
  );
  return samples;
}

test('every result, notification and error has exactly its declared shape', async (t) => {
  const samples = await collect(t);
  await t.test('the check refuses an undeclared member, a wrong type and a missing member', () => negativeControl(samples));
  const codes = new Set(samples.list.filter((s) => pq.isPayQueryError(s.value)).map((s) => s.value.code));
  for (const code of ['ORDER_NOT_FOUND', 'PROVIDER_ERROR', 'REQUEST_REJECTED', 'REQUEST_SIGNATURE_REJECTED', 'TIMESTAMP_SKEW', 'TIMEOUT', 'NETWORK_ERROR', 'SIGNATURE_INVALID', 'INVALID_ARGUMENT', 'INVALID_CONFIG', 'HTTP_ERROR']) {
    assert.ok(codes.has(code), `no ${code} sample (got ${[...codes].join(', ')})`);
  }
  const file = samplesFile(samples);
  const errors = typeCheck({ 'samples.ts': file });
  const lines = file.split('\n');
  const explained = errors.map((e) => {
    const m = /\((\d+),\d+\)/.exec(e);
    return m ? `${lines[Number(m[1]) - 2]}\n  ${e}` : e;
  });
  assert.deepEqual(explained, [], `results that do not match their declarations:\n${explained.join('\n')}`);
});

/** The same check over wrong copies of a real result: each must be refused. */
function negativeControl(samples) {
  const order = samples.list.find((s) => s.label === 'v2 PQ-V2-PAID').value;
  const plain = { ...order, attempts: order.attempts, host: order.host };
  const wrong = new Samples();
  wrong.add('undeclared member', 'P.WechatPayV2Order & P.QueryMeta', { ...plain, status: { ...plain.status, since: 1 } });
  wrong.add('wrong type', 'P.WechatPayV2Order & P.QueryMeta', { ...plain, totalFee: '101' });
  const { returnCode: _dropped, ...missing } = plain;
  wrong.add('missing member', 'P.WechatPayV2Order & P.QueryMeta', missing);
  wrong.add('time not RFC 3339', 'P.WechatPayV2Order & P.QueryMeta', { ...plain, timeEnd: '20240101120000' });
  const errors = typeCheck({ 'wrong.ts': samplesFile(wrong) });
  const lines = samplesFile(wrong).split('\n');
  const failing = new Set(errors.map((e) => lines[Number(/\((\d+),\d+\)/.exec(e)[1]) - 2]));
  assert.deepEqual([...failing].sort(), wrong.list.map((s) => `// ${s.label}`).sort(), errors.join('\n'));
}
