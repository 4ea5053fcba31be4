// WechatPayV3 against the sandbox over real HTTP on loopback: typed direct, partner and combine
// orders, the request as WeChat Pay checks it (node:crypto), both key modes, and every error
// code the query path can produce.
import test from 'node:test';
import assert from 'node:assert/strict';
import { pq, sandbox, expectCode } from './helpers.mjs';
import { nodeV3, direct, directConfig, partnerConfig } from './v3-helpers.mjs';

test('a paid direct order: typed, camelCased, fen, promotion detail, unknown fields, raw and status', async (t) => {
  const sb = await sandbox(t);
  const order = await direct(sb).queryOrder({ outTradeNo: 'PQ-V3-PAID' });
  assert.equal(order.tradeState, 'SUCCESS');
  assert.equal(order.mchid, sb.credentials.v3.mchid);
  assert.equal(order.attach, '中文附加数据 & <标记>');
  assert.deepEqual(order.amount, { total: 101, payerTotal: 81, currency: 'CNY', payerCurrency: 'CNY' });
  assert.deepEqual(order.payer, { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' });
  assert.deepEqual(order.sceneInfo, { deviceId: '013467007045764' });
  assert.equal(order.promotionDetail[0].type, 'CASH');
  assert.equal(order.promotionDetail[0].merchantContribute, 20);
  assert.deepEqual(order.promotionDetail[0].goodsDetail[0], { goodsId: 'M1006', quantity: 1, unitPrice: 101, discountAmount: 20, goodsRemark: '商品备注' });
  assert.deepEqual(order.futureField, { nestedValue: 1 });
  assert.equal(order.raw.promotion_detail[0].stock_id, '931386');
  assert.deepEqual(order.raw.future_field, { nested_value: 1 });
  assert.deepEqual(order.status, {
    state: 'PAID',
    final: true,
    providerState: 'SUCCESS',
    amountFen: 101,
    paidAt: '2024-02-01T12:00:00+08:00',
    transactionId: '4200000000202402010000000001',
    outTradeNo: 'PQ-V3-PAID',
  });
  const byId = await direct(sb).queryOrder({ transactionId: '4200000000202402010000000001' });
  assert.equal(byId.outTradeNo, 'PQ-V3-PAID');
});

test('every trade state maps to its neutral state', async (t) => {
  const sb = await sandbox(t);
  const client = direct(sb);
  for (const [outTradeNo, wire, state, final] of [
    ['PQ-V3-NOTPAY', 'NOTPAY', 'NOT_PAID', false],
    ['PQ-V3-USERPAYING', 'USERPAYING', 'PAYING', false],
    ['PQ-V3-CLOSED', 'CLOSED', 'CLOSED', true],
    ['PQ-V3-PAYERROR', 'PAYERROR', 'FAILED', true],
    ['PQ-V3-REFUND', 'REFUND', 'REFUNDED', true],
  ]) {
    const order = await client.queryOrder({ outTradeNo });
    assert.equal(order.tradeState, wire);
    assert.deepEqual([order.status.state, order.status.final], [state, final], outTradeNo);
  }
  const unpaid = await client.queryOrder({ outTradeNo: 'PQ-V3-NOTPAY' });
  assert.equal(unpaid.status.paidAt, null);
  assert.equal(unpaid.status.amountFen, 2999);
  assert.equal(unpaid.transactionId, undefined);
});

test('the request is what WeChat Pay checks: headers, percent-encoded path, a signature node:crypto verifies', async (t) => {
  const sb = await sandbox(t);
  const c = sb.credentials.v3;
  await expectCode(() => direct(sb).queryOrder({ outTradeNo: 'PQ|V3*@X' }), 'ORDER_NOT_FOUND');
  const [first] = sb.requests.slice(-1);
  // 404, not 401: the sandbox verified the signature over the URL exactly as received.
  assert.equal(first.url, '/v3/pay/transactions/out-trade-no/PQ%7CV3%2A%40X?mchid=1900000001');
  await direct(sb).queryOrder({ outTradeNo: 'PQ-V3-PAID' });
  const [req] = sb.requests.slice(-1);
  assert.equal(req.method, 'GET');
  assert.equal(req.headers.accept, 'application/json');
  assert.match(req.headers['user-agent'], /^payquery\/\d+\.\d+\.\d+ \(node\/\d+\.\d+\.\d+\)$/);
  assert.equal(req.headers['wechatpay-serial'], c.wechatpayPublicKey.id);
  const auth = nodeV3.parseAuthorization(req.headers.authorization);
  assert.equal(auth.mchid, c.mchid);
  assert.equal(auth.serial_no, c.merchantSerialNo);
  assert.match(auth.nonce_str, /^[A-Za-z0-9]{32}$/);
  const message = nodeV3.requestMessage('GET', req.url, auth.timestamp, auth.nonce_str, '');
  assert.ok(nodeV3.verify(message, auth.signature, c.merchantPublicKey));
  // Every call signs afresh.
  await direct(sb).queryOrder({ outTradeNo: 'PQ-V3-PAID' });
  assert.notEqual(nodeV3.parseAuthorization(sb.requests.at(-1).headers.authorization).nonce_str, auth.nonce_str);
});

test('platform-certificate mode: the request names the certificate, the answer is signed with its key', async (t) => {
  const sb = await sandbox(t);
  const c = sb.credentials.v3;
  const client = new pq.WechatPayV3(directConfig(sb, { wechatpayPublicKey: undefined, platformCertificates: [c.platformCertificate] }));
  const order = await client.queryOrder({ outTradeNo: 'PQ-V3-PAID' });
  assert.equal(order.status.state, 'PAID');
  assert.equal(sb.requests.at(-1).headers['wechatpay-serial'], c.platformSerial);
  // With both configured the public key is asked for, and the answer's serial picks the key:
  // a certificate-signed answer (during a migration) verifies with the certificate.
  const both = new pq.WechatPayV3(directConfig(sb, { platformCertificates: [c.platformCertificate] }));
  await both.queryOrder({ outTradeNo: 'PQ-V3-PAID' });
  assert.equal(sb.requests.at(-1).headers['wechatpay-serial'], c.wechatpayPublicKey.id);
  sb.inject({ kind: 'platformSigned', api: 'v3' });
  assert.equal((await both.queryOrder({ outTradeNo: 'PQ-V3-PAID' })).status.state, 'PAID');
  // Without the certificate configured, the same answer names a key payquery does not have.
  sb.inject({ kind: 'platformSigned', api: 'v3' });
  const e = await expectCode(() => direct(sb).queryOrder({ outTradeNo: 'PQ-V3-PAID' }), 'UNKNOWN_SERIAL');
  assert.ok(e.message.includes(c.platformSerial));
});

test('partner orders carry both merchants and both openids', async (t) => {
  const sb = await sandbox(t);
  const c = sb.credentials.v3;
  const client = new pq.WechatPayV3(partnerConfig(sb));
  const order = await client.queryOrder({ outTradeNo: 'PQ-V3-SP-PAID' });
  assert.deepEqual(
    [order.spAppid, order.spMchid, order.subAppid, order.subMchid],
    [c.spAppid, c.spMchid, c.subAppid, c.subMchid],
  );
  assert.deepEqual(order.payer, { spOpenid: 'oSpOpenid0000000000000000001', subOpenid: 'oSubOpenid000000000000000001' });
  assert.equal(order.status.amountFen, 8007);
  assert.equal(order.mchid, undefined);
  const req = sb.requests.at(-1);
  assert.equal(req.url, `/v3/pay/partner/transactions/out-trade-no/PQ-V3-SP-PAID?sp_mchid=${c.spMchid}&sub_mchid=${c.subMchid}`);
  assert.equal(nodeV3.parseAuthorization(req.headers.authorization).mchid, c.spMchid);
  const byId = await client.queryOrder({ transactionId: order.transactionId });
  assert.equal(byId.outTradeNo, 'PQ-V3-SP-PAID');
  assert.equal((await client.queryOrder({ outTradeNo: 'PQ-V3-SP-NOTPAY' })).status.state, 'NOT_PAID');
});

test('combine orders: each sub-order has its status; the whole is PAID and final only when all are', async (t) => {
  const sb = await sandbox(t);
  const client = direct(sb);
  const paid = await client.queryCombineOrder({ combineOutTradeNo: 'PQ-V3-COMBINE-PAID' });
  assert.equal(paid.combineOutTradeNo, 'PQ-V3-COMBINE-PAID');
  assert.deepEqual(paid.status, {
    state: 'PAID',
    final: true,
    providerState: 'SUCCESS',
    amountFen: 1000,
    paidAt: '2024-02-01T12:30:00+08:00',
    transactionId: null,
    outTradeNo: 'PQ-V3-COMBINE-PAID',
  });
  assert.equal(paid.subOrders[1].amount.totalAmount, 700);
  assert.deepEqual(paid.combinePayerInfo, { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' });
  const mixed = await client.queryCombineOrder({ combineOutTradeNo: 'PQ-V3-COMBINE-MIXED' });
  assert.deepEqual(mixed.subOrders.map((s) => [s.outTradeNo, s.status.state, s.status.final]), [
    ['PQ-V3-SUB-3', 'PAID', true],
    ['PQ-V3-SUB-4', 'NOT_PAID', false],
    ['PQ-V3-SUB-5', 'CLOSED', true],
  ]);
  assert.deepEqual([mixed.status.state, mixed.status.final, mixed.status.amountFen], ['NOT_PAID', false, 350]);
  assert.equal(sb.requests.at(-1).url, '/v3/combine-transactions/out-trade-no/PQ-V3-COMBINE-MIXED');
  await expectCode(() => client.queryCombineOrder({ outTradeNo: 'x' }), 'INVALID_ARGUMENT');
});

test('every error code of the query path, reached against the sandbox', async (t) => {
  const sb = await sandbox(t);
  const c = sb.credentials.v3;
  // Retries are covered below and in resilience.test.mjs; here each failure surfaces as it is.
  const client = direct(sb, { retries: 0 });
  const seen = new Set();
  const paid = () => client.queryOrder({ outTradeNo: 'PQ-V3-PAID' });
  const fault = (kind, extra = {}) => sb.inject({ kind, api: 'v3', ...extra });

  const missing = await expectCode(() => client.queryOrder({ outTradeNo: 'PQ-V3-MISSING' }), 'ORDER_NOT_FOUND', seen);
  assert.deepEqual([missing.providerCode, missing.httpStatus, missing.retryable], ['ORDER_NOT_EXIST', 404, false]);
  const missingCombine = await expectCode(() => client.queryCombineOrder({ combineOutTradeNo: 'PQ-V3-NO-SUCH-COMBINE' }), 'ORDER_NOT_FOUND');
  assert.deepEqual([missingCombine.providerCode, missingCombine.httpStatus, missingCombine.retryable], ['ORDER_NOT_EXIST', 404, false]);
  assert.match(missing.requestId, /^08[0-9A-F]+$/);
  fault('rateLimited');
  const limited = await expectCode(paid, 'PROVIDER_ERROR', seen);
  assert.deepEqual([limited.providerCode, limited.httpStatus, limited.retryable], ['FREQUENCY_LIMITED', 429, true]);
  fault('serverError');
  const down = await expectCode(paid, 'PROVIDER_ERROR');
  assert.deepEqual([down.providerCode, down.httpStatus, down.retryable], ['SYSTEM_ERROR', 500, true]);
  sb.inject({ kind: 'status', api: 'v3', status: 502 });
  const gateway = await expectCode(paid, 'HTTP_ERROR', seen);
  assert.deepEqual([gateway.httpStatus, gateway.retryable], [502, true]);

  for (const [kind, extra, code] of [
    ['dropHeaders', {}, 'SIGNATURE_MISSING'],
    ['dropHeaders', { headers: ['Wechatpay-Timestamp', 'Wechatpay-Serial'] }, 'SIGNATURE_MISSING'],
    ['probeSignature', {}, 'SIGNATURE_PROBE'],
    ['skewTimestamp', { seconds: 600 }, 'TIMESTAMP_SKEW'],
    ['skewTimestamp', { seconds: -600 }, 'TIMESTAMP_SKEW'],
    ['wrongSerial', {}, 'UNKNOWN_SERIAL'],
    ['tamperBody', {}, 'SIGNATURE_INVALID'],
    ['reserializeBody', {}, 'SIGNATURE_INVALID'],
    ['signedBody', { body: 'not json' }, 'MALFORMED_RESPONSE'],
    ['signedBody', { body: JSON.stringify({ mchid: c.mchid, out_trade_no: 'PQ-V3-NOTPAY', trade_state: 'SUCCESS' }) }, 'RESPONSE_MISMATCH'],
    ['signedBody', { body: JSON.stringify({ mchid: c.mchid, out_trade_no: 'PQ-V3-PAID', trade_state: 'SUCCESS', amount: { total: 1.5 } }) }, 'MALFORMED_RESPONSE'],
  ]) {
    fault(kind, extra);
    const e = await expectCode(paid, code, seen);
    assert.equal(e.retryable, false, kind);
    assert.match(e.requestId, /^08/, `${kind} keeps the Request-ID`);
  }
  // A skew within the configured window passes.
  fault('skewTimestamp', { seconds: 100 });
  assert.equal((await paid()).status.state, 'PAID');
  const lenient = direct(sb, { maxSkewSeconds: 900 });
  fault('skewTimestamp', { seconds: 600 });
  assert.equal((await lenient.queryOrder({ outTradeNo: 'PQ-V3-PAID' })).tradeState, 'SUCCESS');

  await expectCode(() => client.queryOrder({ outTradeNo: 'x', transactionId: 'y' }), 'INVALID_ARGUMENT', seen);
  await expectCode(() => client.queryOrder({ outTradeNo: 'x' }, { timeoutMs: -1 }), 'INVALID_ARGUMENT');
  sb.inject({ kind: 'delay', api: 'v3', ms: 2000 });
  await expectCode(() => client.queryOrder({ outTradeNo: 'PQ-V3-PAID' }, { timeoutMs: 50 }), 'TIMEOUT', seen);
  const controller = new AbortController();
  controller.abort();
  await expectCode(() => client.queryOrder({ outTradeNo: 'PQ-V3-PAID' }, { signal: controller.signal }), 'ABORTED', seen);
  const closed = await sandbox(t);
  const offline = direct(closed);
  await closed.close();
  await expectCode(() => offline.queryOrder({ outTradeNo: 'PQ-V3-PAID' }), 'NETWORK_ERROR', seen);
  assert.deepEqual([...seen].sort(), [
    'ABORTED', 'HTTP_ERROR', 'INVALID_ARGUMENT', 'MALFORMED_RESPONSE', 'NETWORK_ERROR', 'ORDER_NOT_FOUND', 'PROVIDER_ERROR',
    'RESPONSE_MISMATCH', 'SIGNATURE_INVALID', 'SIGNATURE_MISSING', 'SIGNATURE_PROBE', 'TIMEOUT', 'TIMESTAMP_SKEW', 'UNKNOWN_SERIAL',
  ]);
});

test('429, 5xx and SYSTEM_ERROR are retried, each attempt signed afresh; verified refusals are not', async (t) => {
  const sb = await sandbox(t);
  const client = direct(sb);
  const paid = () => client.queryOrder({ outTradeNo: 'PQ-V3-PAID' });
  const before = sb.requests.length;
  sb.inject({ kind: 'rateLimited', api: 'v3' });
  sb.inject({ kind: 'serverError', api: 'v3' });
  const order = await paid();
  assert.equal(order.attempts, 3);
  assert.equal(order.status.state, 'PAID');
  const auths = sb.requests.slice(before).map((r) => r.headers.authorization);
  assert.equal(auths.length, 3);
  assert.equal(new Set(auths).size, 3, 'every attempt has its own nonce, timestamp and signature');
  sb.inject({ kind: 'tamperBody', api: 'v3' });
  const e = await expectCode(paid, 'SIGNATURE_INVALID');
  assert.equal(e.attempts, 1);
  const missing = await expectCode(() => client.queryOrder({ outTradeNo: 'PQ-V3-MISSING' }), 'ORDER_NOT_FOUND');
  assert.equal(missing.attempts, 1);
});
