// CloudPay anywhere: the same call signed as a v2 service-provider order query against the
// sandbox over real HTTP; the answer verified by payquery, checked against node:crypto.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { pq, sandbox, expectCode, nodeSignV2, nodeBuildXml } from './helpers.mjs';

const require = createRequire(import.meta.url);
const { createCloud } = require('payquery/sandbox');
const { parseXml } = require('../pkg/sandbox/xml.js');

function signing(sb, extra = {}) {
  const { appid, mchId, apiKey } = sb.credentials.v2;
  return new pq.CloudPay({ appid, mchId, apiKey, baseUrl: sb.url, ...extra });
}

test('a paid order with coupons, signed as a v2 partner query, in the CloudPay shape', async (t) => {
  const sb = await sandbox(t);
  const { subMchId, apiKey } = sb.credentials.v2;
  for (const signType of ['MD5', 'HMAC-SHA256']) {
    const res = await signing(sb, { signType }).queryOrder({ sub_mch_id: subMchId, out_trade_no: 'PQ-V2-SP-COUPON' });
    const sent = parseXml(sb.requests.at(-1).body);
    assert.equal(sent.sub_mch_id, subMchId);
    assert.equal(sent.out_trade_no, 'PQ-V2-SP-COUPON');
    assert.equal(sent.sign_type, signType);
    assert.match(sent.nonce_str, /^[A-Za-z0-9]{32}$/);
    assert.equal(sent.sign, nodeSignV2(sent, apiKey, signType), 'the request verifies with node:crypto');
    assert.equal(res.errCode, 0);
    assert.equal(res.errMsg, 'cloudPay.queryOrder:ok');
    assert.equal(res.resultCode, 'SUCCESS');
    assert.equal(res.resultErrCode, null);
    assert.equal(res.mchId, sb.credentials.v2.mchId);
    assert.equal(res.subMchId, subMchId);
    assert.equal(res.totalFee, 2000);
    assert.equal(res.couponFee_1, 100);
    assert.equal(res.couponType_0, 'NO_CASH');
    assert.equal(res.attach, '');
    assert.deepEqual(res.coupons, [
      { id: '20000', type: 'NO_CASH', fee: 200 },
      { id: '20001', type: 'CASH', fee: 100 },
    ]);
    assert.equal(res.status.state, 'PAID');
    assert.equal(res.status.paidAt, '2024-01-01T12:00:00+08:00');
    assert.equal(res.raw.total_fee, '2000', 'raw: the verified wire fields');
    assert.equal(typeof res.sign, 'string');
  }
});

test('camelCase input, transaction_id, the caller’s nonce and sub_appid', async (t) => {
  const sb = await sandbox(t);
  const { subMchId, subAppid } = sb.credentials.v2;
  const res = await signing(sb).queryOrder({
    subMchId,
    transactionId: '4200000000202401010000000004',
    nonceStr: 'CallerNonce01',
    subAppid,
  });
  const sent = parseXml(sb.requests.at(-1).body);
  assert.equal(sent.transaction_id, '4200000000202401010000000004');
  assert.equal(sent.nonce_str, 'CallerNonce01');
  assert.equal(sent.sub_appid, subAppid);
  assert.equal(res.outTradeNo, 'PQ-V2-SP-PAID');
  assert.equal(res.subAppid, subAppid);
  assert.equal(res.totalFee, 8007);
});

test('the same code gets the same result from both backends', async (t) => {
  const sb = await sandbox(t);
  const { subMchId } = sb.credentials.v2;
  // The stand-in with amounts as numbers, as the platform sends them (cloudpay-sdk.test.mjs
  // holds both backends against the real wx-server-sdk key for key).
  const backends = [signing(sb), new pq.CloudPay({ cloud: createCloud({ numbers: true }) })];
  for (const out_trade_no of ['PQ-V2-SP-COUPON', 'PQ-V2-SP-PAID', 'PQ-V2-SP-NOTPAY', 'PQ-V2-MISSING']) {
    const seen = [];
    for (const pay of backends) {
      // attempts and host say how the signing backend's HTTP call went; the platform has none.
      const { raw, sign, nonceStr, attempts, host, ...res } = await pay.queryOrder({ sub_mch_id: subMchId, out_trade_no });
      seen.push(res);
    }
    assert.deepEqual(seen[1], seen[0], out_trade_no);
  }
});

test('business failures are returned with WeChat’s real err_code', async (t) => {
  const sb = await sandbox(t);
  const { subMchId } = sb.credentials.v2;
  const pay = signing(sb);
  const missing = await pay.queryOrder({ sub_mch_id: subMchId, out_trade_no: 'PQ-V2-MISSING' });
  assert.equal(missing.returnCode, 'SUCCESS');
  assert.equal(missing.resultCode, 'FAIL');
  assert.equal(missing.errCode, 0);
  assert.equal(missing.resultErrCode, 'ORDERNOTEXIST');
  assert.equal(missing.errCodeDes, '此交易订单号不存在');
  assert.equal(missing.raw.err_code, 'ORDERNOTEXIST');
  assert.equal(missing.status.state, 'UNKNOWN');
  // A direct-mode order is not the sub-merchant's.
  const direct = await pay.queryOrder({ sub_mch_id: subMchId, out_trade_no: 'PQ-V2-PAID' });
  assert.equal(direct.resultErrCode, 'ORDERNOTEXIST');
  sb.inject({ kind: 'systemError' });
  const busy = await pay.queryOrder({ sub_mch_id: subMchId, out_trade_no: 'PQ-V2-SP-PAID' });
  assert.equal(busy.resultErrCode, 'SYSTEMERROR');
  const unpaid = await pay.queryOrder({ sub_mch_id: subMchId, out_trade_no: 'PQ-V2-SP-USERPAYING' });
  assert.deepEqual([unpaid.tradeState, unpaid.status.state], ['USERPAYING', 'PAYING']);
});

test('signature, transport and refusal failures are thrown', async (t) => {
  const sb = await sandbox(t);
  const { subMchId, apiKey, appid, mchId } = sb.credentials.v2;
  const pay = signing(sb);
  const q = { sub_mch_id: subMchId, out_trade_no: 'PQ-V2-SP-PAID' };

  sb.inject({ kind: 'badSign' });
  await expectCode(() => pay.queryOrder(q), 'SIGNATURE_INVALID');
  sb.inject({ kind: 'missingSign' });
  await expectCode(() => pay.queryOrder(q), 'SIGNATURE_MISSING');
  // A business failure is data only once its signature verified.
  const forged = { return_code: 'SUCCESS', result_code: 'FAIL', appid, mch_id: mchId, sub_mch_id: subMchId, err_code: 'ORDERNOTEXIST' };
  sb.inject({ kind: 'body', body: nodeBuildXml({ ...forged, sign: nodeSignV2(forged, 'another key', 'MD5') }) });
  await expectCode(() => pay.queryOrder(q), 'SIGNATURE_INVALID');
  // Correctly signed, but for another sub-merchant.
  const other = { return_code: 'SUCCESS', result_code: 'SUCCESS', appid, mch_id: mchId, sub_mch_id: '1900000999', trade_state: 'SUCCESS' };
  sb.inject({ kind: 'body', body: nodeBuildXml({ ...other, sign: nodeSignV2(other, apiKey, 'MD5') }) });
  await expectCode(() => pay.queryOrder(q), 'RESPONSE_MISMATCH');
  // A communication FAIL (unsigned by design) resolves with only returnCode/returnMsg, as
  // wx-server-sdk resolves it; nothing in it is order data.
  sb.inject({ kind: 'returnFail' });
  const refused = await pay.queryOrder(q);
  assert.deepEqual(Object.keys(refused), ['returnCode', 'returnMsg', 'errCode', 'errMsg']);
  assert.equal(refused.returnCode, 'FAIL');
  assert.equal(refused.status.state, 'UNKNOWN');
  const notOurs = await pay.queryOrder({ ...q, sub_mch_id: '1900000999' });
  assert.match(notOurs.returnMsg, /sub_mch_id/);
  assert.equal((await signing(sb, { apiKey: 'not-the-key'.padEnd(32, 'x') }).queryOrder(q)).returnCode, 'FAIL');
  // Transient failures are retried (resilience.test.mjs); here they must surface as they are.
  sb.inject({ kind: 'status', status: 502 });
  assert.equal((await expectCode(() => pay.queryOrder(q, { retries: 0 }), 'HTTP_ERROR')).retryable, true);
  sb.inject({ kind: 'reset' });
  await expectCode(() => pay.queryOrder(q, { retries: 0 }), 'NETWORK_ERROR');
  sb.inject({ kind: 'delay', ms: 2000 });
  await expectCode(() => pay.queryOrder(q, { timeoutMs: 50, retries: 0 }), 'TIMEOUT');
  sb.inject({ kind: 'status', status: 502 });
  assert.equal((await pay.queryOrder(q)).attempts, 2);
  await expectCode(() => pay.queryOrder(q, { signal: AbortSignal.abort() }), 'ABORTED');
});

test('bad input and bad config never reach the network', async (t) => {
  const sb = await sandbox(t);
  const { subMchId, appid, mchId, apiKey } = sb.credentials.v2;
  const pay = signing(sb);
  const before = sb.requests.length;
  for (const bad of [{}, { out_trade_no: 'A' }, { sub_mch_id: subMchId }, { sub_mch_id: subMchId, out_trade_no: 'A', transactionId: '1' }]) {
    await expectCode(() => pay.queryOrder(bad), 'INVALID_ARGUMENT');
  }
  // Keys the signing backend sets from its config, and names it cannot sign unambiguously.
  for (const extra of [{ appid: 'wx0000000000evil' }, { mch_id: '1' }, { mchId: '1' }, { sign: 'X' }, { signType: 'MD5' }, { 'a-b': 'x' }, { SubMchId: subMchId }, { ratio: 1.5 }]) {
    const e = await expectCode(() => pay.queryOrder({ sub_mch_id: subMchId, out_trade_no: 'A', ...extra }), 'INVALID_ARGUMENT');
    assert.equal(e.errCode, -1, 'wx-server-sdk-style errCode on every rejection');
    assert.match(e.errMsg, /^cloudPay\.queryOrder:fail /);
  }
  assert.equal(sb.requests.length, before);
  for (const bad of [
    { appid, mchId },
    { appid, mchId, apiKey: '' },
    { appid, mchId, apiKey, signType: 'SHA1' },
    { appid, mchId, apiKey, baseUrl: 'ftp://x' },
    { appid, mchId, apiKey, subMchId },
    { appid, mchId, apiKey, fetch: 'no' },
    { appid, mchId, apiKey, cloud: createCloud() },
  ]) {
    const e = await expectCode(() => new pq.CloudPay(bad), 'INVALID_CONFIG');
    assert.ok(!e.message.includes(apiKey));
  }
  const calls = [];
  const viaFetch = signing(sb, { fetch: (url, init) => (calls.push(url), fetch(url, init)) });
  await viaFetch.queryOrder({ sub_mch_id: subMchId, out_trade_no: 'PQ-V2-SP-NOTPAY' });
  assert.deepEqual(calls, [`${sb.url}/pay/orderquery`]);
});

test('input keys payquery does not read are sent and signed, as wx-server-sdk forwards them', async (t) => {
  const sb = await sandbox(t);
  const { subMchId, apiKey } = sb.credentials.v2;
  const res = await signing(sb).queryOrder({
    sub_mch_id: subMchId,
    out_trade_no: 'PQ-V2-SP-PAID',
    version: '1.0',
    someFlag: true,
    pageSize: 5,
    empty: '',
  });
  assert.equal(res.tradeState, 'SUCCESS');
  const sent = parseXml(sb.requests.at(-1).body);
  assert.equal(sent.version, '1.0');
  assert.equal(sent.some_flag, 'true', 'snake_case, as wx-server-sdk sends keys on');
  assert.equal(sent.page_size, '5');
  assert.ok(!('empty' in sent) && !('someFlag' in sent));
  assert.equal(sent.sign, nodeSignV2(sent, apiKey, 'MD5'), 'forwarded keys are signed');
});
