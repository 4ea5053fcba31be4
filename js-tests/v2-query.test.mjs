// WechatPayV2 against the sandbox over real HTTP on loopback: every trade state, both modes,
// both sign types, and every error code the v2 path can produce.
import test from 'node:test';
import assert from 'node:assert/strict';
import { pq, sandbox, expectCode, nodeSignV2, nodeBuildXml, nodeParseXml } from './helpers.mjs';

function direct(sb, extra = {}) {
  const { appid, mchId, apiKey } = sb.credentials.v2;
  return new pq.WechatPayV2({ appid, mchId, apiKey, baseUrl: sb.url, ...extra });
}

function partner(sb, extra = {}) {
  const { appid, mchId, apiKey, subMchId, subAppid } = sb.credentials.v2;
  return new pq.WechatPayV2({ appid, mchId, apiKey, subMchId, subAppid, baseUrl: sb.url, ...extra });
}

test('a paid order, typed, with coupons, Chinese attach and the neutral status', async (t) => {
  const sb = await sandbox(t);
  for (const signType of ['MD5', 'HMAC-SHA256']) {
    const order = await direct(sb, { signType }).queryOrder({ outTradeNo: 'PQ-V2-PAID' });
    assert.equal(order.tradeState, 'SUCCESS');
    assert.equal(order.totalFee, 101);
    assert.equal(order.cashFee, 81);
    assert.equal(order.settlementTotalFee, 101);
    assert.equal(order.couponFee, 20);
    assert.deepEqual(order.coupons, [
      { id: '10000', type: 'CASH', fee: 15 },
      { id: '10001', type: 'NO_CASH', fee: 5 },
    ]);
    assert.equal(order.attach, '中文附加数据 & <标记>');
    assert.equal(order.timeEnd, '2024-01-01T12:00:00+08:00');
    assert.equal(order.isSubscribe, 'N');
    assert.equal(order.raw.total_fee, '101');
    assert.equal(order.raw.coupon_fee_1, '5');
    assert.deepEqual(order.status, {
      state: 'PAID',
      final: true,
      providerState: 'SUCCESS',
      amountFen: 101,
      paidAt: '2024-01-01T12:00:00+08:00',
      transactionId: '4200000000202401010000000001',
      outTradeNo: 'PQ-V2-PAID',
    });
    const request = sb.requests.at(-1);
    assert.match(request.body, new RegExp(`<sign_type>${signType}</sign_type>`));
    assert.match(request.body, /<nonce_str>[A-Za-z0-9]{32}<\/nonce_str>/);
  }
});

test('every trade state maps to its neutral state', async (t) => {
  const sb = await sandbox(t);
  const client = direct(sb);
  const expected = {
    'PQ-V2-NOTPAY': ['NOTPAY', 'NOT_PAID', false],
    'PQ-V2-USERPAYING': ['USERPAYING', 'PAYING', false],
    'PQ-V2-ACCEPT': ['ACCEPT', 'PAYING', false],
    'PQ-V2-CLOSED': ['CLOSED', 'CLOSED', true],
    'PQ-V2-REVOKED': ['REVOKED', 'REVOKED', true],
    'PQ-V2-PAYERROR': ['PAYERROR', 'FAILED', true],
    'PQ-V2-REFUND': ['REFUND', 'REFUNDED', true],
    'PQ-V2-EMPTY-ATTACH': ['SUCCESS', 'PAID', true],
  };
  for (const [outTradeNo, [wire, state, final]] of Object.entries(expected)) {
    const order = await client.queryOrder({ outTradeNo });
    assert.equal(order.tradeState, wire);
    assert.equal(order.status.state, state, outTradeNo);
    assert.equal(order.status.final, final, outTradeNo);
  }
  const empty = await client.queryOrder({ outTradeNo: 'PQ-V2-EMPTY-ATTACH' });
  assert.equal(empty.raw.attach, '');
  assert.equal(empty.attach, undefined);
  const byId = await client.queryOrder({ transactionId: '4200000000202401010000000001' });
  assert.equal(byId.outTradeNo, 'PQ-V2-PAID');
});

test('service-provider mode sends and checks sub_mch_id', async (t) => {
  const sb = await sandbox(t);
  const order = await partner(sb).queryOrder({ outTradeNo: 'PQ-V2-SP-PAID' });
  assert.equal(order.subMchId, sb.credentials.v2.subMchId);
  assert.equal(order.subOpenid, 'oSubOpenid000000000000000001');
  assert.equal(order.status.amountFen, 8007);
  assert.match(sb.requests.at(-1).body, /<sub_mch_id>1900000109<\/sub_mch_id>/);
  // A direct-mode order is not the sub-merchant's.
  const e = await expectCode(() => partner(sb).queryOrder({ outTradeNo: 'PQ-V2-PAID' }), 'ORDER_NOT_FOUND');
  assert.equal(e.providerCode, 'ORDERNOTEXIST');
});

test('buildQueryRequest + parseQueryResponse work with the caller’s own HTTP client', async (t) => {
  const sb = await sandbox(t);
  const client = direct(sb, { signType: 'HMAC-SHA256' });
  const req = client.buildQueryRequest({ outTradeNo: 'PQ-V2-PAID' });
  assert.equal(req.method, 'POST');
  assert.equal(req.url, `${sb.url}/pay/orderquery`);
  const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body });
  const text = await res.text();
  assert.deepEqual(req.query, { outTradeNo: 'PQ-V2-PAID' });
  assert.equal(client.parseQueryResponse(req, text).status.state, 'PAID');
  assert.equal(client.parseQueryResponse(req.query, new TextEncoder().encode(text)).totalFee, 101);
  assert.equal(client.parseQueryResponse({ outTradeNo: 'PQ-V2-PAID' }, { status: 200, body: text }).totalFee, 101);
  await expectCode(() => client.parseQueryResponse(req, { status: 503, body: text }), 'HTTP_ERROR');
});

test('every v2 error code, reached over HTTP', async (t) => {
  const sb = await sandbox(t);
  const seen = new Set();
  // Retries are covered by resilience.test.mjs; here each failure must surface as it is.
  const client = direct(sb, { retries: 0 });
  const q = { outTradeNo: 'PQ-V2-PAID' };

  let e = await expectCode(() => client.queryOrder({ outTradeNo: 'PQ-V2-MISSING' }), 'ORDER_NOT_FOUND', seen);
  assert.equal(e.providerCode, 'ORDERNOTEXIST');
  assert.equal(e.retryable, false);

  sb.inject({ kind: 'systemError' });
  e = await expectCode(() => client.queryOrder(q), 'PROVIDER_ERROR', seen);
  assert.equal(e.providerCode, 'SYSTEMERROR');
  assert.equal(e.retryable, true);

  sb.inject({ kind: 'returnFail' });
  await expectCode(() => client.queryOrder(q), 'REQUEST_REJECTED', seen);

  // A request signed with the wrong key is refused by the sandbox (return_code=FAIL, 签名错误).
  const wrong = 'not-the-sandbox-key-'.padEnd(32, 'x');
  for (const signType of ['MD5', 'HMAC-SHA256']) {
    const wrongKey = direct(sb, { apiKey: wrong, signType, retries: 0 });
    e = await expectCode(() => wrongKey.queryOrder(q), 'REQUEST_SIGNATURE_REJECTED', seen);
    assert.match(e.message, /签名错误/);
    assert.match(e.message, /explainV2\(\)/);
    assert.equal(e.providerCode, 'FAIL');
    assert.equal(e.providerMessage, '签名错误');
    assert.equal(e.retryable, false);
    assert.ok(!e.message.includes(wrong.slice(2)));
    // WeChat Pay says nothing of what it checked; the error carries what we signed, built
    // here independently from the request the sandbox received, the key as ***.
    const sent = nodeParseXml(sb.requests.at(-1).body);
    const expected = Object.keys(sent)
      .filter((k) => k !== 'sign' && sent[k] !== '')
      .sort()
      .map((k) => `${k}=${sent[k]}`)
      .join('&');
    assert.deepEqual(e.detail, { signType, stringToSign: `${expected}&key=***` });
    assert.ok(!JSON.stringify(e.detail).includes(wrong) && !JSON.stringify(e.detail).includes(sent.sign));
  }

  sb.inject({ kind: 'badSign' });
  await expectCode(() => client.queryOrder(q), 'SIGNATURE_INVALID', seen);

  sb.inject({ kind: 'missingSign' });
  await expectCode(() => client.queryOrder(q), 'SIGNATURE_MISSING', seen);

  sb.inject({ kind: 'status', status: 500 });
  e = await expectCode(() => client.queryOrder(q), 'HTTP_ERROR', seen);
  assert.equal(e.httpStatus, 500);
  assert.equal(e.retryable, true);

  // A redirect is never followed: it would carry a signed request elsewhere.
  sb.inject({ kind: 'status', status: 302 });
  e = await expectCode(() => client.queryOrder(q), 'HTTP_ERROR', seen);
  assert.match(e.message, /redirect/);
  assert.equal(e.httpStatus, 302);

  sb.inject({ kind: 'body', body: '<!DOCTYPE xml [<!ENTITY x "y">]><xml><a>&x;</a></xml>' });
  await expectCode(() => client.queryOrder(q), 'MALFORMED_RESPONSE', seen);

  sb.inject({ kind: 'body', body: `<xml><a>${'x'.repeat(1 << 20)}</a></xml>` });
  e = await expectCode(() => client.queryOrder(q), 'MALFORMED_RESPONSE', seen);
  assert.match(e.message, /limit/);

  // Correctly signed, but for another merchant: must not be taken as this merchant's order.
  const { apiKey } = sb.credentials.v2;
  const foreign = { return_code: 'SUCCESS', result_code: 'SUCCESS', appid: 'wxother0000000001', mch_id: '1900000999', trade_state: 'SUCCESS', out_trade_no: 'PQ-V2-PAID' };
  sb.inject({ kind: 'body', body: nodeBuildXml({ ...foreign, sign: nodeSignV2(foreign, apiKey, 'MD5') }) });
  await expectCode(() => client.queryOrder(q), 'RESPONSE_MISMATCH', seen);

  sb.inject({ kind: 'delay', ms: 2000 });
  e = await expectCode(() => client.queryOrder(q, { timeoutMs: 100 }), 'TIMEOUT', seen);
  assert.equal(e.retryable, true);
  const slow = direct(sb, { timeoutMs: 100, retries: 0 });
  sb.inject({ kind: 'delay', ms: 2000 });
  await expectCode(() => slow.queryOrder(q), 'TIMEOUT', seen);

  sb.inject({ kind: 'reset' });
  e = await expectCode(() => client.queryOrder(q), 'NETWORK_ERROR', seen);
  assert.equal(e.retryable, true);

  const ctrl = new AbortController();
  sb.inject({ kind: 'delay', ms: 2000 });
  setTimeout(() => ctrl.abort(), 50);
  await expectCode(() => client.queryOrder(q, { signal: ctrl.signal }), 'ABORTED', seen);
  await expectCode(() => client.queryOrder(q, { signal: AbortSignal.abort() }), 'ABORTED', seen);

  const before = sb.requests.length;
  await expectCode(() => client.queryOrder({}), 'INVALID_ARGUMENT', seen);
  await expectCode(() => client.queryOrder({ outTradeNo: 'a', transactionId: 'b' }), 'INVALID_ARGUMENT', seen);
  await expectCode(() => client.queryOrder({ outTradeNo: 'x'.repeat(33) }), 'INVALID_ARGUMENT', seen);
  await expectCode(() => client.queryOrder({ outTradeNo: 'has space' }), 'INVALID_ARGUMENT', seen);
  await expectCode(() => client.queryOrder({ transactionId: '42-00' }), 'INVALID_ARGUMENT', seen);
  await expectCode(() => client.queryOrder({ outtradeno: 'x' }), 'INVALID_ARGUMENT', seen);
  await expectCode(() => client.queryOrder(null), 'INVALID_ARGUMENT', seen);
  await expectCode(() => client.queryOrder(q, { timeoutMs: -1 }), 'INVALID_ARGUMENT', seen);
  await expectCode(() => client.queryOrder(q, { signal: {} }), 'INVALID_ARGUMENT', seen);
  assert.equal(sb.requests.length, before, 'invalid arguments must never reach the network');

  const c = sb.credentials.v2;
  for (const bad of [
    undefined,
    {},
    { appid: c.appid, mchId: c.mchId },
    { appid: c.appid, mchId: c.mchId, apiKey: '' },
    { appid: c.appid, mchId: c.mchId, apiKey: 7 },
    { appid: c.appid, mchId: c.mchId, apiKey: c.apiKey, signType: 'SHA1' },
    { appid: c.appid, mchId: c.mchId, apiKey: c.apiKey, baseUrl: 'ftp://x' },
    // APIv2 keys are 32 characters; plain http only to a loopback host.
    { appid: c.appid, mchId: c.mchId, apiKey: c.apiKey.slice(0, 5) },
    { appid: c.appid, mchId: c.mchId, apiKey: `${c.apiKey}x` },
    { appid: c.appid, mchId: c.mchId, apiKey: c.apiKey, baseUrl: 'http://api.mch.weixin.qq.com' },
    { appid: c.appid, mchId: c.mchId, apiKey: c.apiKey, backupBaseUrl: 'http://10.0.0.1:8080' },
    { appid: c.appid, mchId: c.mchId, apiKey: c.apiKey, subAppid: 'wx1' },
    { appid: c.appid, mchId: c.mchId, apiKey: c.apiKey, fetch: 'no' },
    { appid: c.appid, mchId: c.mchId, apiKey: c.apiKey, apikey: 'typo' },
  ]) {
    e = await expectCode(() => new pq.WechatPayV2(bad), 'INVALID_CONFIG', seen);
    assert.ok(!e.message.includes(c.apiKey));
  }

  await expectCode(
    () => direct(sb, { baseUrl: 'http://127.0.0.1:9', retries: 0 }).queryOrder(q),
    'NETWORK_ERROR',
    seen,
  );

  assert.deepEqual([...seen].sort(), [
    'ABORTED', 'HTTP_ERROR', 'INVALID_ARGUMENT', 'INVALID_CONFIG', 'MALFORMED_RESPONSE', 'NETWORK_ERROR',
    'ORDER_NOT_FOUND', 'PROVIDER_ERROR', 'REQUEST_REJECTED', 'REQUEST_SIGNATURE_REJECTED', 'RESPONSE_MISMATCH',
    'SIGNATURE_INVALID', 'SIGNATURE_MISSING', 'TIMEOUT',
  ]);
});

test('a fetch passed in config is used instead of the global one', async (t) => {
  const sb = await sandbox(t);
  const calls = [];
  const client = direct(sb, {
    fetch: (url, init) => {
      calls.push({ url, init });
      return fetch(url, init);
    },
  });
  const order = await client.queryOrder({ outTradeNo: 'PQ-V2-NOTPAY' });
  assert.equal(order.status.state, 'NOT_PAID');
  assert.equal(calls.length, 1);
  assert.equal(calls[0].init.method, 'POST');
  assert.equal(calls[0].init.redirect, 'manual');
  assert.ok(calls[0].init.signal instanceof AbortSignal);
  await expectCode(
    () => direct(sb, { retries: 0, fetch: () => { throw new Error('boom'); } }).queryOrder({ outTradeNo: 'X' }),
    'NETWORK_ERROR',
  );
});
