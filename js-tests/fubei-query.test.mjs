// Fubei against the sandbox over real HTTP on loopback: both gateways (1.0 /gateway, 2.0
// /gateway/agent at service-provider and merchant level), every trade state, exact fen from
// amounts sent as JSON numbers and as strings, and the request as it went over the wire,
// checked with the sandbox's independent node:crypto signing.
import test from 'node:test';
import assert from 'node:assert/strict';
import { sandbox } from './helpers.mjs';
import { merchantV1, vendorV2, merchantV2, nodeSignFubei, lastRequest } from './fubei-helpers.mjs';

test('1.0: a paid order with JSON-number amounts, typed to exact fen', async (t) => {
  const sb = await sandbox(t);
  const order = await merchantV1(sb).queryOrder({ merchantOrderSn: 'PQ-FB1-PAID' });
  assert.equal(order.api, '1.0');
  assert.equal(order.tradeState, 'SUCCESS');
  // 80.07 * 100 is 8006.999999999999 in binary floating point; 0.29 * 100 is 28.999999999999996.
  assert.equal(order.totalFeeFen, 8007);
  assert.equal(order.orderPriceFen, 8007);
  assert.equal(order.feeFen, 29);
  assert.equal(order.netMoneyFen, 7978);
  assert.equal(order.buyerPayAmountFen, 8007);
  assert.equal(order.discountMoneyFen, 0);
  assert.equal(order.cashCouponFeeFen, 0);
  assert.equal(order.noCashCouponFeeFen, 0);
  assert.equal(order.payTime, '2024-01-01T12:00:00+08:00');
  assert.equal(order.payChannel, 'WECHAT');
  assert.equal(order.orderSn, '20240101120000000001');
  assert.equal(order.storeId, '100001');
  assert.equal(order.cashierId, '200001');
  assert.equal(order.attach, '中文附加数据 & <标记>');
  assert.equal(order.body, '付呗沙箱商品');
  assert.equal(order.userId, 'oSandboxUser0000000000000001');
  assert.equal(order.userLogonId, undefined, 'empty strings are not typed fields');
  assert.equal(order.raw.user_logon_id, '');
  assert.equal(order.raw.total_fee, 80.07);
  assert.equal(order.raw.type, 1);
  assert.equal(order.totalFee, undefined, 'amounts only appear with the Fen suffix');
  assert.deepEqual(order.status, {
    state: 'PAID',
    final: true,
    providerState: 'SUCCESS',
    amountFen: 8007,
    paidAt: '2024-01-01T12:00:00+08:00',
    transactionId: '20240101120000000001',
    outTradeNo: 'PQ-FB1-PAID',
  });
});

test('1.0: string amounts, a 100000.00 amount and every channel', async (t) => {
  const sb = await sandbox(t);
  const client = merchantV1(sb);
  const s = await client.queryOrder({ merchantOrderSn: 'PQ-FB1-PAID-STR' });
  assert.deepEqual(
    [s.totalFeeFen, s.orderPriceFen, s.feeFen, s.netMoneyFen, s.buyerPayAmountFen, s.discountMoneyFen, s.cashCouponFeeFen],
    [1999, 2000, 1, 1998, 1999, 1, 1],
  );
  assert.equal(s.raw.total_fee, '19.99');
  assert.equal(s.payChannel, 'ALIPAY');
  assert.equal(s.payTime, '2024-01-01T12:00:00+08:00');
  assert.equal(s.attach, undefined);
  const big = await client.queryOrder({ merchantOrderSn: 'PQ-FB1-BIG' });
  assert.equal(big.totalFeeFen, 10000000);
  assert.equal(big.netMoneyFen, 9999999);
  assert.equal(big.payChannel, 'UNIONPAY');
  assert.match(sb.requests.at(-1).body, /PQ-FB1-BIG/);
  const byOrderSn = await client.queryOrder({ orderSn: '20240101120000000002' });
  assert.equal(byOrderSn.merchantOrderSn, 'PQ-FB1-PAID-STR');
});

test('1.0: every trade state maps to its neutral state', async (t) => {
  const sb = await sandbox(t);
  const client = merchantV1(sb);
  const expected = {
    'PQ-FB1-USERPAYING': ['USERPAYING', 'PAYING', false, 1],
    'PQ-FB1-REVOKED': ['REVOKED', 'REVOKED', true, 29],
    'PQ-FB1-REVOKING': ['REVOKING', 'REVOKING', false, 29],
    // A failed revoke: the money may have been taken, so neither FAILED nor final.
    'PQ-FB1-REVOKED-ERROR': ['REVOKED_ERROR', 'UNKNOWN', false, 1999],
    'PQ-FB1-CLOSED': ['CLOSED', 'CLOSED', true, 8007],
  };
  for (const [merchantOrderSn, [wire, state, final, fen]] of Object.entries(expected)) {
    const order = await client.queryOrder({ merchantOrderSn });
    assert.equal(order.tradeState, wire);
    assert.equal(order.status.state, state, merchantOrderSn);
    assert.equal(order.status.final, final, merchantOrderSn);
    assert.equal(order.status.providerState, wire);
    assert.equal(order.status.amountFen, fen, merchantOrderSn);
    assert.equal(order.status.paidAt, null, merchantOrderSn);
    assert.equal(order.payTime, undefined, 'pay_time 0 or absent is no time');
  }
});

test('1.0: the request on the wire is signed JSON with biz_content sent as signed', async (t) => {
  const sb = await sandbox(t);
  const client = merchantV1(sb);
  await client.queryOrder({ merchantOrderSn: 'PQ-FB1-PAID' });
  const first = lastRequest(sb);
  assert.equal(first.path, '/gateway');
  assert.equal(first.headers['content-type'], 'application/json; charset=utf-8');
  const f = first.fields;
  assert.deepEqual(Object.keys(f).sort(), ['app_id', 'biz_content', 'format', 'method', 'nonce', 'sign', 'sign_method', 'version']);
  for (const [k, v] of Object.entries(f)) assert.ok(typeof v === 'string' && v !== '', `${k} must be a non-empty string`);
  assert.equal(f.app_id, sb.credentials.fubei.appId);
  assert.equal(f.method, 'openapi.payment.order.query');
  assert.equal(f.format, 'json');
  assert.equal(f.sign_method, 'md5');
  assert.equal(f.version, '1.0');
  assert.equal(f.biz_content, '{"merchant_order_sn":"PQ-FB1-PAID"}');
  assert.match(f.nonce, /^[A-Za-z0-9]{32}$/);
  assert.equal(f.sign, nodeSignFubei(f, sb.credentials.fubei.appSecret));
  await client.queryOrder({ merchantOrderSn: 'PQ-FB1-PAID' });
  assert.notEqual(lastRequest(sb).fields.nonce, f.nonce, 'every query gets a fresh nonce');
});

test('2.0 service provider: vendor_sn, merchant_id in biz_content, typed order', async (t) => {
  const sb = await sandbox(t);
  const { merchantId, vendorSn, vendorSecret } = sb.credentials.fubei;
  const client = vendorV2(sb);
  const order = await client.queryOrder({ merchantOrderSn: 'PQ-FB2-PAID' });
  const req = lastRequest(sb);
  assert.equal(req.path, '/gateway/agent');
  assert.equal(req.fields.vendor_sn, vendorSn);
  assert.equal(req.fields.app_id, undefined);
  assert.equal(req.fields.method, 'fbpay.order.query');
  assert.equal(req.fields.biz_content, `{"merchant_id":${merchantId},"merchant_order_sn":"PQ-FB2-PAID"}`);
  assert.equal(req.fields.sign, nodeSignFubei(req.fields, vendorSecret));

  assert.equal(order.api, '2.0');
  assert.equal(order.orderStatus, 'SUCCESS');
  assert.equal(order.totalAmountFen, 8007);
  assert.equal(order.netAmountFen, 7978);
  assert.equal(order.buyerPayAmountFen, 8007);
  assert.equal(order.feeFen, 29);
  assert.equal(order.finishTime, '2024-01-01T12:00:00+08:00');
  assert.equal(order.payChannel, 'WECHAT');
  assert.equal(order.merchantId, String(merchantId));
  assert.equal(order.insOrderSn, '10002024010112000101');
  assert.equal(order.channelOrderSn, '4200000000202401012101');
  assert.deepEqual(order.paymentList, [
    { type: 'FUBEI_DISCOUNT', amountFen: 1 },
    { type: 'CHANNEL_PRE', amountFen: 29 },
  ]);
  assert.deepEqual(order.raw.payment_list, [
    { type: 'FUBEI_DISCOUNT', amount: 0.01 },
    { type: 'CHANNEL_PRE', amount: '0.29' },
  ]);
  assert.deepEqual(order.status, {
    state: 'PAID',
    final: true,
    providerState: 'SUCCESS',
    amountFen: 8007,
    paidAt: '2024-01-01T12:00:00+08:00',
    transactionId: '20240101120000000101',
    outTradeNo: 'PQ-FB2-PAID',
  });

  const byOrderSn = await client.queryOrder({ orderSn: '20240101120000000103' });
  assert.equal(byOrderSn.totalAmountFen, 10000000);
  assert.equal(byOrderSn.payChannel, 'UNIONPAY');
  assert.equal(lastRequest(sb).fields.biz_content, `{"merchant_id":${merchantId},"order_sn":"20240101120000000103"}`);
  const byIns = await client.queryOrder({ insOrderSn: '10002024010112000102' });
  assert.equal(byIns.merchantOrderSn, 'PQ-FB2-PAID-STR');
  assert.equal(lastRequest(sb).fields.biz_content, `{"merchant_id":${merchantId},"ins_order_sn":"10002024010112000102"}`);
});

test('2.0 merchant level: app_id, no merchant_id, string amounts', async (t) => {
  const sb = await sandbox(t);
  const order = await merchantV2(sb).queryOrder({ merchantOrderSn: 'PQ-FB2-PAID-STR' });
  const req = lastRequest(sb);
  assert.equal(req.path, '/gateway/agent');
  assert.equal(req.fields.app_id, sb.credentials.fubei.appId);
  assert.equal(req.fields.biz_content, '{"merchant_order_sn":"PQ-FB2-PAID-STR"}');
  assert.equal(req.fields.sign, nodeSignFubei(req.fields, sb.credentials.fubei.appSecret));
  assert.deepEqual([order.totalAmountFen, order.netAmountFen, order.buyerPayAmountFen, order.feeFen], [1999, 1998, 1999, 1]);
  assert.equal(order.payChannel, 'ALIPAY');
  assert.equal(order.finishTime, '2024-02-29T23:59:59+08:00');
  assert.deepEqual(order.paymentList, []);
});

test('2.0: every order status maps to its neutral state', async (t) => {
  const sb = await sandbox(t);
  const client = vendorV2(sb);
  const expected = {
    'PQ-FB2-USERPAYING': ['PAYING', false, 1],
    'PQ-FB2-REVOKED': ['REVOKED', true, 29],
    'PQ-FB2-REVOKING': ['REVOKING', false, 1999],
    'PQ-FB2-CLOSED': ['CLOSED', true, 29],
    'PQ-FB2-BIG': ['PAID', true, 10000000],
  };
  for (const [merchantOrderSn, [state, final, fen]] of Object.entries(expected)) {
    const order = await client.queryOrder({ merchantOrderSn });
    assert.equal(order.status.state, state, merchantOrderSn);
    assert.equal(order.status.final, final, merchantOrderSn);
    assert.equal(order.status.amountFen, fen, merchantOrderSn);
  }
});

test('buildQueryRequest + parseQueryResponse work with the caller’s own HTTP client', async (t) => {
  const sb = await sandbox(t);
  const client = vendorV2(sb);
  const req = client.buildQueryRequest({ merchantOrderSn: 'PQ-FB2-PAID' });
  assert.equal(req.method, 'POST');
  assert.equal(req.url, `${sb.url}/gateway/agent`);
  assert.equal(req.headers['Content-Type'], 'application/json; charset=utf-8');
  assert.equal(JSON.parse(req.body).sign, nodeSignFubei(JSON.parse(req.body), sb.credentials.fubei.vendorSecret));
  const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body });
  const text = await res.text();
  assert.match(text, /"total_amount":80\.07,/, 'the sandbox writes the JSON number literally');
  assert.deepEqual(req.query, { merchantOrderSn: 'PQ-FB2-PAID' });
  assert.equal(client.parseQueryResponse(req, text).totalAmountFen, 8007);
  assert.equal(client.parseQueryResponse(req.query, new TextEncoder().encode(text)).status.state, 'PAID');
  assert.equal(client.parseQueryResponse({ merchantOrderSn: 'PQ-FB2-PAID' }, { status: 200, body: text }).feeFen, 29);
});

test('a fetch passed in config is used instead of the global one', async (t) => {
  const sb = await sandbox(t);
  const calls = [];
  const client = merchantV1(sb, {
    fetch: (url, init) => {
      calls.push({ url, init });
      return fetch(url, init);
    },
  });
  const order = await client.queryOrder({ merchantOrderSn: 'PQ-FB1-USERPAYING' });
  assert.equal(order.status.state, 'PAYING');
  assert.equal(calls.length, 1);
  assert.equal(calls[0].url, `${sb.url}/gateway`);
  assert.equal(calls[0].init.method, 'POST');
  assert.equal(calls[0].init.redirect, 'manual');
});

test('a Fubei 5xx result code and HTTP 503 are retried, each attempt freshly signed', async (t) => {
  const sb = await sandbox(t);
  const client = vendorV2(sb);
  sb.inject({ kind: 'systemError', api: 'fubei' });
  sb.inject({ kind: 'status', status: 503, api: 'fubei' });
  const before = sb.requests.length;
  const order = await client.queryOrder({ merchantOrderSn: 'PQ-FB2-PAID' });
  assert.equal(order.attempts, 3);
  assert.equal(order.totalAmountFen, 8007);
  const bodies = sb.requests.slice(before).map((r) => JSON.parse(r.body));
  assert.equal(bodies.length, 3);
  assert.equal(new Set(bodies.map((b) => b.nonce)).size, 3, 'a fresh nonce per attempt');
  for (const b of bodies) {
    assert.equal(b.biz_content, bodies[0].biz_content);
    assert.equal(b.sign, nodeSignFubei(b, sb.credentials.fubei.vendorSecret));
  }
  // Not retried: a business answer.
  const e = await client.queryOrder({ merchantOrderSn: 'PQ-FB2-MISSING' }).catch((err) => err);
  assert.equal(e.code, 'ORDER_NOT_FOUND');
  assert.equal(e.attempts, 1);
});
