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
// Client configs: every optional member given as `undefined` is absent at run time (the same
// answer as without it) and accepted by the declarations under exactOptionalPropertyTypes.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import crypto from 'node:crypto';
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
const { selfSignedCertificate } = require('../../pkg/sandbox/wechat_v3/certificate.js');

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

  // A refused request signature, per provider: APIv3 SIGN_ERROR with each verdict, APIv2 with
  // what it signed, Fubei with nothing more.
  const c3 = sb.credentials.v3;
  const v3cert = new pq.WechatPayV3(directConfig(sb, { merchantCertificate: c3.merchantCertificate }));
  sb.inject({ kind: 'signError', api: 'v3' });
  await samples.rejects('v3 SIGN_ERROR, merchantCertificate', () => v3cert.queryOrder({ outTradeNo: 'PQ-V3-PAID' }, { retries: 0 }));
  sb.inject({ kind: 'signError', api: 'v3', url: '/v3/pay/transactions/out-trade-no/PQ-V3-PAID?mchid=1' });
  await samples.rejects('v3 SIGN_ERROR, URL rewritten', () => v3.queryOrder({ outTradeNo: 'PQ-V3-PAID' }, { retries: 0 }));
  sb.inject({ kind: 'signError', api: 'v3', body: '\u200b\r' });
  await samples.rejects('v3 SIGN_ERROR, invisible body', () => v3sp.queryOrder({ outTradeNo: 'PQ-V3-SP-PAID' }, { retries: 0 }));
  const signer = (message) => crypto.sign('sha256', Buffer.from(message), c3.privateKey).toString('base64');
  const v3signer = new pq.WechatPayV3(directConfig(sb, { privateKey: undefined, signer }));
  sb.inject({ kind: 'signError', api: 'v3' });
  await samples.rejects('v3 SIGN_ERROR, signer', () => v3signer.queryOrder({ outTradeNo: 'PQ-V3-PAID' }, { retries: 0 }));
  // The sandbox's own 401 for a request without Authorization, checked by verifyResponse.
  const unsigned = await fetch(`${sb.url}/v3/pay/transactions/out-trade-no/PQ-V3-PAID?mchid=${c3.mchid}`);
  const answer = { status: unsigned.status, headers: Object.fromEntries(unsigned.headers), body: await unsigned.text() };
  await samples.rejects('v3 SIGN_ERROR, verifyResponse', () => v3.verifyResponse(answer));
  const wrongV2Key = 'not-the-sandbox-key-'.padEnd(32, 'x');
  for (const signType of ['MD5', 'HMAC-SHA256']) {
    const wrongKey = v2Client(sb, { apiKey: wrongV2Key, signType, subMchId, subAppid });
    await samples.rejects(`v2 signature rejected, ${signType}`, () => wrongKey.queryOrder({ outTradeNo: 'PQ-V2-SP-PAID' }, { retries: 0 }));
  }
  await samples.rejects('fubei signature rejected', () => merchantV1(sb, { appSecret: 'not-the-sandbox-secret' }).queryOrder({ merchantOrderSn: 'PQ-FB1-PAID' }, { retries: 0 }));
  const rejected = samples.list.filter((x) => x.value.code === 'REQUEST_SIGNATURE_REJECTED').map((x) => x.value.detail);
  for (const verdict of ['KEY_MISMATCH', 'MESSAGE_DIFFERS', 'UNDETERMINED']) {
    assert.ok(rejected.some((d) => d && d.verdict === verdict), `no ${verdict} sample`);
  }
  assert.ok(rejected.some((d) => d && d.certificateFingerprint) && rejected.some((d) => d && d.firstDifference && d.firstDifference.offset !== null));
  assert.ok(rejected.some((d) => d && d.stringToSign) && rejected.some((d) => d === undefined), 'v2 and Fubei samples');

  // merchantCertificate that is not the pair of privateKey / merchantSerialNo.
  await samples.rejects('v3 pairing, another serial', () => new pq.WechatPayV3(directConfig(sb, { merchantCertificate: c3.platformCertificate })));
  const stranger = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const strangerPem = stranger.export({ type: 'pkcs8', format: 'pem' });
  await samples.rejects('v3 pairing, another key', () => new pq.WechatPayV3(directConfig(sb, { privateKey: strangerPem, merchantCertificate: c3.merchantCertificate })));
  const strangerCert = selfSignedCertificate({
    privateKey: stranger,
    publicKey: crypto.createPublicKey(stranger),
    serialHex: '5A00C0FFEE00000000000000000000000000000B',
    commonName: 'FAKE certificate of another serial (payquery tests)',
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 86_400_000),
  });
  await samples.rejects('v3 pairing, signer', () => new pq.WechatPayV3(directConfig(sb, { privateKey: undefined, signer, merchantCertificate: strangerCert })));
  const pairings = samples.list.filter((x) => x.label.startsWith('v3 pairing')).map((x) => x.value.detail);
  assert.deepEqual(pairings.map((d) => d && d.problem), ['SERIAL_MISMATCH', 'KEY_MISMATCH', 'SERIAL_MISMATCH']);
  assert.equal(pairings[2].keyFingerprint, null, 'a signer has no key to fingerprint');

  // A freed client: refused by the package's JavaScript, thrown or rejected as the method reports.
  const freed = v2Client(sb);
  freed.free();
  await samples.rejects('freed client, queryOrder', () => freed.queryOrder({ outTradeNo: 'PQ-V2-PAID' }));
  await samples.rejects('freed client, buildQueryRequest', () => freed.buildQueryRequest({ outTradeNo: 'PQ-V2-PAID' }));
  await samples.rejects('waitForFinalState timeout', () =>
    pq.waitForFinalState(() => v2.queryOrder({ outTradeNo: 'PQ-V2-USERPAYING' }), { intervalMs: 10, timeoutMs: 200 }),
  );
  return samples;
}

test('every result, notification and error has exactly its declared shape', async (t) => {
  const samples = await collect(t);
  await t.test('the check refuses an undeclared member, a wrong type and a missing member', () => negativeControl(samples));
  const codes = new Set(samples.list.filter((s) => pq.isPayQueryError(s.value)).map((s) => s.value.code));
  for (const code of ['ORDER_NOT_FOUND', 'PROVIDER_ERROR', 'REQUEST_REJECTED', 'REQUEST_SIGNATURE_REJECTED', 'TIMESTAMP_SKEW', 'TIMEOUT', 'NETWORK_ERROR', 'SIGNATURE_INVALID', 'INVALID_ARGUMENT', 'INVALID_CONFIG', 'HTTP_ERROR', 'CLIENT_FREED']) {
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

/** `value` as JSON without what differs between two answers about one order (nonces, signatures). */
function stable(value) {
  return JSON.parse(JSON.stringify(value), (k, v) => (/nonce|sign/i.test(k) ? undefined : v));
}

test('every client config takes undefined for each optional member: absent at run time, accepted by the declarations', async (t) => {
  const sb = await sandbox(t);
  const { appid, mchId, apiKey } = sb.credentials.v2;
  const { appId, appSecret, vendorSn, vendorSecret, merchantId } = sb.credentials.fubei;
  const absent = (keys) => Object.fromEntries(keys.map((k) => [k, undefined]));
  const TRANSPORT = ['fetch', 'timeoutMs', 'retries', 'backupBaseUrl', 'onEvent'];
  const signer = (message) => crypto.sign('sha256', Buffer.from(message), sb.credentials.v3.privateKey).toString('base64');
  const cloud = createCloud();
  const v3Query = (c) => c.queryOrder({ outTradeNo: 'PQ-V3-PAID' });
  const cases = [
    ['WechatPayV2Config', pq.WechatPayV2, { appid, mchId, apiKey, baseUrl: sb.url }, ['signType', 'subAppid', 'subMchId', ...TRANSPORT], (c) => c.queryOrder({ outTradeNo: 'PQ-V2-PAID' })],
    ['WechatPayV3Config', pq.WechatPayV3, directConfig(sb), ['spMchid', 'subMchid', 'signer', 'merchantCertificate', 'platformCertificates', 'maxSkewSeconds', ...TRANSPORT], v3Query],
    [
      'WechatPayV3Config',
      pq.WechatPayV3,
      { ...partnerConfig(sb, { signer, platformCertificates: [sb.credentials.v3.platformCertificate] }), privateKey: undefined, wechatpayPublicKey: undefined },
      ['mchid', 'apiV3Key', 'merchantCertificate', ...TRANSPORT],
      (c) => c.queryOrder({ outTradeNo: 'PQ-V3-SP-PAID' }),
    ],
    ['CloudPayConfig', pq.CloudPay, { cloud }, ['appid', 'mchId', 'apiKey', 'signType', 'baseUrl', ...TRANSPORT], (c) => c.queryOrder({ sub_mch_id: SUB_MCH_ID, out_trade_no: 'PQ-V2-SP-PAID', nonce_str: undefined })],
    ['CloudPayConfig', pq.CloudPay, { appid, mchId, apiKey, baseUrl: sb.url }, ['cloud', 'signType', ...TRANSPORT], (c) => c.queryOrder({ subMchId: SUB_MCH_ID, outTradeNo: 'PQ-V2-SP-PAID', sub_mch_id: undefined })],
    ['FubeiConfig', pq.Fubei, { appId, appSecret, api: '1.0', baseUrl: sb.url }, ['vendorSn', 'merchantId', ...TRANSPORT], (c) => c.queryOrder({ merchantOrderSn: 'PQ-FB1-PAID' })],
    ['FubeiConfig', pq.Fubei, { vendorSn, appSecret: vendorSecret, api: '2.0', merchantId, baseUrl: sb.url }, ['appId', ...TRANSPORT], (c) => c.queryOrder({ merchantOrderSn: 'PQ-FB2-PAID' })],
  ];
  const lines = [PRELUDE, 'declare const cloud: P.CloudPayCloud;', 'declare const signer: P.V3Signer;'];
  for (const [i, [type, Client, base, optional, query]] of cases.entries()) {
    const config = { ...base, ...absent(optional) };
    const withUndefined = await query(new Client(config));
    const without = await query(new Client(Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined))));
    assert.deepEqual(stable(withUndefined), stable(without), `${type} #${i}`);
    const members = Object.entries(config).map(([k, v]) => `${JSON.stringify(k)}: ${k === 'cloud' || k === 'signer' ? (v === undefined ? 'undefined' : k) : literal(v)}`);
    lines.push(`export const c${i}: P.${type} = { ${members.join(', ')} };`);
  }
  assert.deepEqual(typeCheck({ 'configs.ts': `${lines.join('\n')}\n` }), []);
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
  const signError = samples.list.find((s) => s.label.startsWith('v3 SIGN_ERROR, URL rewritten')).value;
  const own = Object.fromEntries(Object.getOwnPropertyNames(signError).filter((k) => k !== 'stack').map((k) => [k, signError[k]]));
  const { verdict: _verdict, ...noVerdict } = own.detail;
  wrong.add('detail without its verdict', "P.PayQueryError<'REQUEST_SIGNATURE_REJECTED'>", { ...own, detail: noVerdict });
  wrong.add('freed client with a detail', "P.PayQueryError<'CLIENT_FREED'>", { ...own, code: 'CLIENT_FREED', providerCode: undefined });
  const errors = typeCheck({ 'wrong.ts': samplesFile(wrong) });
  const lines = samplesFile(wrong).split('\n');
  const failing = new Set(errors.map((e) => lines[Number(/\((\d+),\d+\)/.exec(e)[1]) - 2]));
  assert.deepEqual([...failing].sort(), wrong.list.map((s) => `// ${s.label}`).sort(), errors.join('\n'));
}
