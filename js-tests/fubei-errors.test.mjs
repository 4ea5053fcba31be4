// Every error path of the Fubei client, reached over HTTP against the sandbox (or refused
// before it), and the app secret never appearing in any message.
import test from 'node:test';
import assert from 'node:assert/strict';
import { pq, sandbox, expectCode } from './helpers.mjs';
import { merchantV1, vendorV2 } from './fubei-helpers.mjs';

/** A successful envelope around a 1.0 data object written as text. */
const ok1 = (data) => `{"result_code":200,"result_message":"成功","data":{"trade_state":"SUCCESS","merchant_order_sn":"PQ-FB1-PAID"${data}}}`;

test('provider errors: unknown order, system error, refused signature, no sub_code', async (t) => {
  const sb = await sandbox(t);
  // retries: 0 so that a retryable error surfaces instead of being retried away.
  const client = merchantV1(sb, { retries: 0 });
  let e = await expectCode(() => client.queryOrder({ merchantOrderSn: 'PQ-FB1-MISSING' }), 'ORDER_NOT_FOUND');
  assert.equal(e.providerCode, 'ORDER_NOT_EXIST');
  assert.match(e.message, /订单不存在/);
  assert.equal(e.retryable, false);

  sb.inject({ kind: 'systemError', api: 'fubei' });
  e = await expectCode(() => client.queryOrder({ merchantOrderSn: 'PQ-FB1-PAID' }), 'PROVIDER_ERROR');
  assert.equal(e.providerCode, 'SYSTEM_ERROR');
  assert.equal(e.retryable, true, 'a 5xx result_code is worth retrying');

  const wrong = 'not-the-sandbox-secret-0123456789';
  e = await expectCode(() => merchantV1(sb, { appSecret: wrong }).queryOrder({ merchantOrderSn: 'PQ-FB1-PAID' }), 'REQUEST_SIGNATURE_REJECTED');
  assert.equal(e.providerCode, 'SIGN_ERROR');
  assert.match(e.message, /explainFubei\(\)/);
  assert.equal(e.retryable, false);
  assert.ok(!e.message.includes(wrong));
  // The 2.0 gateway refuses a wrong vendor secret the same way.
  e = await expectCode(() => vendorV2(sb, { appSecret: wrong, retries: 0 }).queryOrder({ merchantOrderSn: 'PQ-FB2-PAID' }), 'REQUEST_SIGNATURE_REJECTED');
  assert.equal(e.providerCode, 'SIGN_ERROR');
  e = await expectCode(() => vendorV2(sb, { retries: 0 }).queryOrder({ merchantOrderSn: 'PQ-FB2-MISSING' }), 'ORDER_NOT_FOUND');
  assert.equal(e.providerCode, 'ORDER_NOT_EXIST');

  sb.inject({ kind: 'body', body: '{"result_code":401,"result_message":"无权限"}' });
  e = await expectCode(() => client.queryOrder({ merchantOrderSn: 'PQ-FB1-PAID' }), 'PROVIDER_ERROR');
  assert.equal(e.providerCode, '401');
  assert.match(e.message, /无权限/);

  const { vendorSn, vendorSecret } = sb.credentials.fubei;
  const otherMerchant = new pq.Fubei({ vendorSn, appSecret: vendorSecret, api: '2.0', merchantId: '1', baseUrl: sb.url });
  e = await expectCode(() => otherMerchant.queryOrder({ merchantOrderSn: 'PQ-FB2-PAID' }), 'PROVIDER_ERROR');
  assert.equal(e.providerCode, 'MERCHANT_NOT_EXIST');
  // 2.0 orders are not on the 1.0 gateway.
  e = await expectCode(() => client.queryOrder({ merchantOrderSn: 'PQ-FB2-PAID' }), 'ORDER_NOT_FOUND');
  assert.equal(e.providerCode, 'ORDER_NOT_EXIST');
});

test('malformed envelopes and amounts that are not exact fen are refused, never rounded', async (t) => {
  const sb = await sandbox(t);
  const client = merchantV1(sb);
  const q = { merchantOrderSn: 'PQ-FB1-PAID' };
  const bodies = {
    'not JSON': '<html>502 Bad Gateway</html>',
    'empty body': '',
    'an array': '[{"result_code":200}]',
    'no result_code': '{"result_message":"成功","data":{"trade_state":"SUCCESS"}}',
    'result_code not a number': '{"result_code":"OK","data":{"trade_state":"SUCCESS"}}',
    'no data': '{"result_code":200,"result_message":"成功"}',
    'data not an object': '{"result_code":200,"data":[1,2]}',
    'success false with 200': '{"result_code":200,"success":false,"data":{"trade_state":"SUCCESS"}}',
    'duplicate keys': '{"result_code":400,"result_code":200,"data":{"trade_state":"SUCCESS"}}',
    'no trade_state': '{"result_code":200,"data":{"merchant_order_sn":"PQ-FB1-PAID"}}',
    'three decimals': ok1(',"total_fee":80.071'),
    'three decimals as text': ok1(',"total_fee":"80.070"'),
    'negative amount': ok1(',"total_fee":-0.01'),
    'exponent form': ok1(',"total_fee":8.007e1'),
    'NaN text': ok1(',"fee":"NaN"'),
    'amount as boolean': ok1(',"net_money":true'),
    'negative pay_time': ok1(',"pay_time":-1'),
    'bad finish time': '{"result_code":200,"data":{"order_status":"SUCCESS","finish_time":"20241301000000"}}',
    'oversized': `{"result_code":200,"x":"${'x'.repeat(1 << 20)}"}`,
  };
  for (const [name, body] of Object.entries(bodies)) {
    sb.inject({ kind: 'body', body });
    const e = await expectCode(() => client.queryOrder(q), 'MALFORMED_RESPONSE');
    assert.equal(e.retryable, false, name);
  }
  // The same checks apply to parseQueryResponse without any network.
  await expectCode(() => client.parseQueryResponse(q, ok1(',"total_fee":0.001')), 'MALFORMED_RESPONSE');
  assert.equal(client.parseQueryResponse(q, ok1(',"total_fee":0.29')).totalFeeFen, 29);
});

test('answers for another order or merchant are RESPONSE_MISMATCH', async (t) => {
  const sb = await sandbox(t);
  sb.inject({ kind: 'body', body: ok1(',"total_fee":1.00').replace('PQ-FB1-PAID', 'PQ-FB1-OTHER') });
  await expectCode(() => merchantV1(sb).queryOrder({ merchantOrderSn: 'PQ-FB1-PAID' }), 'RESPONSE_MISMATCH');
  sb.inject({ kind: 'body', body: '{"result_code":200,"data":{"order_status":"SUCCESS","merchant_id":1,"merchant_order_sn":"PQ-FB2-PAID"}}' });
  await expectCode(() => vendorV2(sb).queryOrder({ merchantOrderSn: 'PQ-FB2-PAID' }), 'RESPONSE_MISMATCH');
});

test('HTTP, timeout, network and abort failures', async (t) => {
  const sb = await sandbox(t);
  const client = vendorV2(sb, { retries: 0 });
  const q = { merchantOrderSn: 'PQ-FB2-PAID' };
  for (const [status, retryable] of [[500, true], [502, true], [429, true], [404, false]]) {
    sb.inject({ kind: 'status', status });
    const e = await expectCode(() => client.queryOrder(q), 'HTTP_ERROR');
    assert.equal(e.httpStatus, status);
    assert.equal(e.retryable, retryable, String(status));
  }
  sb.inject({ kind: 'delay', ms: 2000 });
  let e = await expectCode(() => client.queryOrder(q, { timeoutMs: 100 }), 'TIMEOUT');
  assert.equal(e.retryable, true);
  sb.inject({ kind: 'delay', ms: 2000 });
  await expectCode(() => vendorV2(sb, { timeoutMs: 100, retries: 0 }).queryOrder(q), 'TIMEOUT');
  sb.inject({ kind: 'reset' });
  e = await expectCode(() => client.queryOrder(q), 'NETWORK_ERROR');
  assert.equal(e.retryable, true);
  await expectCode(() => vendorV2(sb, { baseUrl: 'http://127.0.0.1:9', retries: 0 }).queryOrder(q), 'NETWORK_ERROR');
  const ctrl = new AbortController();
  sb.inject({ kind: 'delay', ms: 2000 });
  setTimeout(() => ctrl.abort(), 50);
  await expectCode(() => client.queryOrder(q, { signal: ctrl.signal }), 'ABORTED');
  await expectCode(() => client.queryOrder(q, { signal: AbortSignal.abort() }), 'ABORTED');
});

test('invalid queries never reach the network', async (t) => {
  const sb = await sandbox(t);
  const v1 = merchantV1(sb);
  const before = sb.requests.length;
  for (const bad of [
    {},
    null,
    'PQ-FB1-PAID',
    { merchantOrderSn: 'a', orderSn: 'b' },
    { merchantOrderSn: '' },
    { merchantOrderSn: 'has space' },
    { merchantOrderSn: 'x'.repeat(65) },
    { merchantOrderSn: '中文' },
    { orderSn: 'F.1' },
    { orderSn: 12345 },
    { merchant_order_sn: 'PQ-FB1-PAID' },
    { insOrderSn: 'I1' }, // 2.0 only
  ]) {
    await expectCode(() => v1.queryOrder(bad), 'INVALID_ARGUMENT');
  }
  await expectCode(() => v1.queryOrder({ orderSn: 'F1' }, { timeoutMs: -1 }), 'INVALID_ARGUMENT');
  await expectCode(() => v1.queryOrder({ orderSn: 'F1' }, { signal: {} }), 'INVALID_ARGUMENT');
  await expectCode(() => v1.queryOrder({ orderSn: 'F1' }, { retry: 3 }), 'INVALID_ARGUMENT');
  await expectCode(() => v1.buildQueryRequest({ insOrderSn: 'I1' }), 'INVALID_ARGUMENT');
  await expectCode(() => v1.parseQueryResponse({ orderSn: 'F1' }, 42), 'INVALID_ARGUMENT');
  await expectCode(() => v1.parseQueryResponse(42, '{}'), 'INVALID_ARGUMENT');
  assert.equal(sb.requests.length, before);
});

test('invalid configurations are INVALID_CONFIG and never show the secret', async (t) => {
  const sb = await sandbox(t);
  const { appId, appSecret, vendorSn, vendorSecret, merchantId } = sb.credentials.fubei;
  const cases = [
    undefined,
    {},
    { appId, appSecret },
    { appId, appSecret, api: '3.0' },
    { appId, appSecret, api: 1 },
    { appSecret, api: '1.0' },
    { appId, vendorSn, appSecret, api: '2.0', merchantId },
    { vendorSn, appSecret: vendorSecret, api: '1.0' },
    { vendorSn, appSecret: vendorSecret, api: '2.0' },
    { appId, appSecret, api: '1.0', merchantId },
    { appId, appSecret, api: '2.0', merchantId },
    { vendorSn, appSecret: vendorSecret, api: '2.0', merchantId: 1.5 },
    { vendorSn, appSecret: vendorSecret, api: '2.0', merchantId: -1 },
    { vendorSn, appSecret: vendorSecret, api: '2.0', merchantId: 'abc' },
    { vendorSn, appSecret: vendorSecret, api: '2.0', merchantId: {} },
    { appId, appSecret: '', api: '1.0' },
    { appId, appSecret: 7, api: '1.0' },
    { appId: 'has space', appSecret, api: '1.0' },
    { appId, appSecret, api: '1.0', baseUrl: 'ftp://x' },
    { appId, appSecret, api: '1.0', fetch: 'no' },
    { appId, appSecret, api: '1.0', timeoutMs: -5 },
    { appId, appsecret: appSecret, appSecret, api: '1.0' },
  ];
  for (const config of cases) {
    const e = await expectCode(() => new pq.Fubei(config), 'INVALID_CONFIG');
    for (const secret of [appSecret, vendorSecret]) {
      assert.ok(!e.message.includes(secret), `secret in: ${e.message}`);
      assert.ok(!JSON.stringify(e).includes(secret));
    }
  }
  // Valid: a merchantId given as a digit string works like the number.
  const order = await new pq.Fubei({ vendorSn, appSecret: vendorSecret, api: '2.0', merchantId: String(merchantId), baseUrl: sb.url })
    .queryOrder({ merchantOrderSn: 'PQ-FB2-PAID' });
  assert.equal(order.totalAmountFen, 8007);
});
