// CloudPay over a caller's `cloud` (inside WeChat cloud functions): stand-in `cloud` objects
// that record the call and answer as wx-server-sdk does (sandbox/cloudpay.js, or inline).
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { pq, expectCode } from './helpers.mjs';

const require = createRequire(import.meta.url);
const { createCloud } = require('payquery/sandbox');
const SUB = '1900000109';

/** A cloud whose queryOrder answers `answer(input)` (a value, a promise, or a throw). */
function cloudOf(answer) {
  const calls = [];
  return {
    calls,
    cloudPay: {
      queryOrder(input) {
        calls.push(input);
        return answer(input);
      },
    },
  };
}

test('a paid order: wx-server-sdk’s values as sent, typed alike whether amounts are numbers or strings', async () => {
  const results = [];
  for (const numbers of [false, true]) {
    const cloud = createCloud({ numbers });
    const pay = new pq.CloudPay({ cloud });
    const res = await pay.queryOrder({ sub_mch_id: SUB, out_trade_no: 'PQ-V2-SP-COUPON' });
    const { nonce_str: nonce, ...sent } = cloud.calls[0];
    assert.deepEqual(sent, { sub_mch_id: SUB, out_trade_no: 'PQ-V2-SP-COUPON' });
    assert.match(nonce, /^[A-Za-z0-9]{32}$/, 'nonce_str added, as the CloudPay documentation requires');
    assert.equal(res.returnCode, 'SUCCESS');
    assert.equal(res.resultCode, 'SUCCESS');
    assert.equal(res.errCode, 0);
    assert.equal(res.errMsg, 'cloudPay.queryOrder:ok');
    assert.equal(res.resultErrCode, null);
    assert.equal(res.tradeState, 'SUCCESS');
    assert.equal(res.subMchId, SUB);
    assert.equal(res.subOpenid, 'oSubOpenid000000000000000002');
    assert.equal(res.totalFee, numbers ? 2000 : '2000', 'values as the platform sent them');
    assert.equal(res.cashFee, numbers ? 1700 : '1700', 'values as the platform sent them');
    assert.equal(res.couponFee, numbers ? 300 : '300', 'values as the platform sent them');
    assert.equal(res.couponCount, numbers ? 2 : '2', 'values as the platform sent them');
    assert.equal(res.couponFee_0, numbers ? 200 : '200', 'values as the platform sent them');
    assert.equal(res.couponId_1, '20001');
    assert.equal(res.timeEnd, '20240101120000');
    assert.deepEqual(res.coupons, [
      { id: '20000', type: 'NO_CASH', fee: 200 },
      { id: '20001', type: 'CASH', fee: 100 },
    ]);
    assert.deepEqual(res.status, {
      state: 'PAID',
      final: true,
      providerState: 'SUCCESS',
      amountFen: 2000,
      paidAt: '2024-01-01T12:00:00+08:00',
      transactionId: '4200000000202401010000000005',
      outTradeNo: 'PQ-V2-SP-COUPON',
    });
    assert.equal(res.raw.totalFee, numbers ? 2000 : '2000', 'raw is the platform object as received');
    assert.equal(res.raw.errCode, 0);
    results.push([res.status, res.coupons]);
  }
  assert.deepEqual(results[0], results[1], 'typed the same whichever the value types');
});

test('camelCase input, transaction_id, nonce and sub_appid are passed on in snake_case', async () => {
  const cloud = createCloud();
  const pay = new pq.CloudPay({ cloud });
  const res = await pay.queryOrder({
    subMchId: SUB,
    transactionId: '4200000000202401010000000004',
    nonceStr: 'CallerNonce01',
    subAppid: 'wxsandboxsub00001',
    outTradeNo: undefined,
  });
  assert.deepEqual(cloud.calls, [{
    sub_mch_id: SUB,
    transaction_id: '4200000000202401010000000004',
    nonce_str: 'CallerNonce01',
    sub_appid: 'wxsandboxsub00001',
  }]);
  assert.equal(res.outTradeNo, 'PQ-V2-SP-PAID');
  assert.equal(res.subAppid, 'wxsandboxsub00001');
  assert.equal(res.status.amountFen, 8007);
  // An id kept as a number in a JSON file is accepted and passed on as text.
  await pay.queryOrder({ sub_mch_id: Number(SUB), out_trade_no: 'PQ-V2-SP-PAID' });
  assert.equal(cloud.calls[1].sub_mch_id, SUB);
});

test('coupons sent as a list become the same coupons', async () => {
  const res = await new pq.CloudPay({ cloud: createCloud({ couponList: true, numbers: true }) })
    .queryOrder({ sub_mch_id: SUB, out_trade_no: 'PQ-V2-SP-COUPON' });
  assert.ok(Array.isArray(res.couponList));
  assert.equal(res.couponFee_0, undefined);
  assert.deepEqual(res.coupons, [
    { id: '20000', type: 'NO_CASH', fee: 200 },
    { id: '20001', type: 'CASH', fee: 100 },
  ]);
});

test('unpaid orders and ORDERNOTEXIST overwritten by errCode 0 are returned, not thrown', async () => {
  const pay = new pq.CloudPay({ cloud: createCloud() });
  const unpaid = await pay.queryOrder({ sub_mch_id: SUB, out_trade_no: 'PQ-V2-SP-NOTPAY' });
  assert.equal(unpaid.tradeState, 'NOTPAY');
  assert.equal(unpaid.tradeStateDesc, '订单未支付');
  assert.deepEqual([unpaid.status.state, unpaid.status.final], ['NOT_PAID', false]);
  const paying = await pay.queryOrder({ sub_mch_id: SUB, out_trade_no: 'PQ-V2-SP-USERPAYING' });
  assert.equal(paying.status.state, 'PAYING');

  const missing = await pay.queryOrder({ sub_mch_id: SUB, out_trade_no: 'PQ-V2-MISSING' });
  assert.equal(missing.resultCode, 'FAIL');
  assert.equal(missing.errCode, 0, 'wx-server-sdk’s errCode');
  assert.equal(missing.errCodeDes, '此交易订单号不存在');
  assert.equal(missing.resultErrCode, 'ORDERNOTEXIST', 'recovered from the documented description');
  assert.equal(missing.tradeState, undefined);
  assert.deepEqual([missing.status.state, missing.status.final], ['UNKNOWN', false]);
  assert.deepEqual(missing.coupons, []);

  const unknown = await new pq.CloudPay({
    cloud: cloudOf(() => ({ returnCode: 'SUCCESS', resultCode: 'FAIL', errCodeDes: '其他错误', errCode: 0, errMsg: 'cloudPay.queryOrder:ok' })),
  }).queryOrder({ sub_mch_id: SUB, out_trade_no: 'X' });
  assert.equal(unknown.resultErrCode, null, 'not guessed');
  const survived = await new pq.CloudPay({
    cloud: cloudOf(async () => ({ returnCode: 'SUCCESS', resultCode: 'FAIL', errCode: 'ORDERCLOSED', errMsg: 'x' })),
  }).queryOrder({ sub_mch_id: SUB, out_trade_no: 'X' });
  assert.equal(survived.resultErrCode, 'ORDERCLOSED');
  assert.equal(survived.errCode, 0);
});

test('a platform error thrown by wx-server-sdk keeps errCode and errMsg', async () => {
  const errMsg = 'cloudPay.queryOrder:fail -501001 resource system error';
  const cloud = createCloud({ throws: { errCode: -501001, errMsg } });
  let e = await expectCode(() => new pq.CloudPay({ cloud }).queryOrder({ sub_mch_id: SUB, out_trade_no: 'A' }), 'PROVIDER_ERROR');
  assert.equal(e.providerCode, '-501001');
  assert.ok(e.message.includes(errMsg));
  assert.deepEqual(e.detail, { errCode: -501001, errMsg });
  assert.equal(cloud.calls.length, 1);

  // Thrown synchronously, or resolved with a non-zero errCode: the same.
  e = await expectCode(
    () => new pq.CloudPay({ cloud: cloudOf(() => { throw Object.assign(new Error('x'), { errCode: -1, errMsg: 'fail' }); }) })
      .queryOrder({ sub_mch_id: SUB, out_trade_no: 'A' }),
    'PROVIDER_ERROR',
  );
  assert.equal(e.providerCode, '-1');
  e = await expectCode(
    () => new pq.CloudPay({ cloud: cloudOf(async () => ({ errCode: -404011, errMsg: 'cloudPay.queryOrder:fail' })) })
      .queryOrder({ sub_mch_id: SUB, out_trade_no: 'A' }),
    'PROVIDER_ERROR',
  );
  assert.equal(e.providerCode, '-404011');
  // No errCode at all: the call failed before the platform answered (retried, then reported).
  let calls = 0;
  e = await expectCode(
    () => new pq.CloudPay({ cloud: cloudOf(async () => { calls++; throw new Error('socket hang up'); }) })
      .queryOrder({ sub_mch_id: SUB, out_trade_no: 'A' }),
    'NETWORK_ERROR',
  );
  assert.match(e.message, /socket hang up/);
  assert.equal(e.attempts, 3);
  assert.equal(calls, 3);
});

test('the platform call follows the shared retry policy: transient failures retried, answers not', async () => {
  const paid = { returnCode: 'SUCCESS', resultCode: 'SUCCESS', tradeState: 'SUCCESS', subMchId: SUB, totalFee: 1, errCode: 0 };
  const q = { sub_mch_id: SUB, out_trade_no: 'A' };
  let calls = 0;
  const flaky = cloudOf(async () => {
    calls++;
    if (calls === 1) throw new Error('socket hang up');
    return paid;
  });
  const ok = await new pq.CloudPay({ cloud: flaky }).queryOrder(q);
  assert.equal(ok.status.state, 'PAID');
  assert.equal(ok.attempts, 2);
  calls = 0;
  await expectCode(() => new pq.CloudPay({ cloud: flaky }).queryOrder(q, { retries: 0 }), 'NETWORK_ERROR');
  const platform = createCloud({ throws: { errCode: -501001, errMsg: 'cloudPay.queryOrder:fail' } });
  const e = await expectCode(() => new pq.CloudPay({ cloud: platform }).queryOrder(q), 'PROVIDER_ERROR');
  assert.equal(e.attempts, 1);
  assert.equal(platform.calls.length, 1);
});

test('what the platform must not get away with', async () => {
  const q = { sub_mch_id: SUB, out_trade_no: 'A' };
  const paid = { returnCode: 'SUCCESS', resultCode: 'SUCCESS', tradeState: 'SUCCESS', subMchId: SUB, totalFee: 1, errCode: 0 };
  const cases = [
    [() => 'not an object', 'MALFORMED_RESPONSE'],
    [() => ({ ...paid, totalFee: 1.5 }), 'MALFORMED_RESPONSE'],
    [() => ({ ...paid, cashFee: '-1' }), 'MALFORMED_RESPONSE'],
    [() => ({ ...paid, tradeState: undefined }), 'MALFORMED_RESPONSE'],
    [() => ({ ...paid, couponCount: 1 }), 'MALFORMED_RESPONSE'],
    [() => ({ ...paid, timeEnd: 'yesterday' }), 'MALFORMED_RESPONSE'],
    [() => ({ ...paid, big: 1n }), 'MALFORMED_RESPONSE'],
    [() => ({ ...paid, get totalFee() { throw new Error('getter'); } }), 'MALFORMED_RESPONSE'],
    [() => new Proxy({}, { ownKeys() { throw new Error('trap'); } }), 'MALFORMED_RESPONSE'],
    // Resolving with a revoked Proxy rejects in JavaScript itself (reading its `then` throws).
    [() => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; }, 'NETWORK_ERROR'],
    [() => { let o = {}; for (let i = 0; i < 5000; i++) o = { o }; return { ...paid, o }; }, 'MALFORMED_RESPONSE'],
    [() => ({ ...paid, huge: 'x'.repeat(300_000) }), 'MALFORMED_RESPONSE'],
    [() => Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`k${i}`, i])), 'MALFORMED_RESPONSE'],
    [() => ({ ...paid, subMchId: '1900000999' }), 'RESPONSE_MISMATCH'],
    // An answer about another order: compared when the platform names it.
    [() => ({ ...paid, outTradeNo: 'OTHER9' }), 'RESPONSE_MISMATCH'],
    [() => ({ ...paid, out_trade_no: 'OTHER9' }), 'RESPONSE_MISMATCH'],
  ];
  for (const [answer, code] of cases) {
    await expectCode(() => new pq.CloudPay({ cloud: cloudOf(answer) }).queryOrder(q), code);
  }
  // The instance survives all of them, and more: the same module keeps answering.
  for (let i = 0; i < 2000; i++) {
    await expectCode(() => new pq.CloudPay({ cloud: cloudOf(() => { throw 'x'; }) }).queryOrder(q, { retries: 0 }), 'NETWORK_ERROR');
  }
  const ok = await new pq.CloudPay({ cloud: cloudOf(() => paid) }).queryOrder(q);
  assert.equal(ok.status.state, 'PAID');
  // A communication FAIL resolves, as wx-server-sdk resolves it.
  const fail = await new pq.CloudPay({ cloud: cloudOf(() => ({ returnCode: 'FAIL', returnMsg: 'sub_mch_id与mch_id不匹配', errCode: 0, errMsg: 'cloudPay.queryOrder:ok' })) }).queryOrder(q);
  assert.deepEqual(JSON.parse(JSON.stringify(fail)), { returnCode: 'FAIL', returnMsg: 'sub_mch_id与mch_id不匹配', errCode: 0, errMsg: 'cloudPay.queryOrder:ok' });
  assert.equal(fail.status.state, 'UNKNOWN');
  // Input objects that throw are INVALID_ARGUMENT, never an unwind through wasm.
  for (const bad of [
    { sub_mch_id: SUB, get out_trade_no() { throw new Error('getter'); } },
    new Proxy({}, { ownKeys() { throw new Error('trap'); } }),
    (() => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; })(),
  ]) {
    await expectCode(() => new pq.CloudPay({ cloud: cloudOf(() => paid) }).queryOrder(bad), 'INVALID_ARGUMENT');
  }
});

test('timeoutMs and signal bound the wait for a platform that never answers', async () => {
  const pay = new pq.CloudPay({ cloud: cloudOf(() => new Promise(() => {})) });
  const q = { sub_mch_id: SUB, out_trade_no: 'A' };
  const e = await expectCode(() => pay.queryOrder(q, { timeoutMs: 20, retries: 1 }), 'TIMEOUT');
  assert.equal(e.retryable, true);
  assert.equal(e.attempts, 2);
  const ctrl = new AbortController();
  setTimeout(() => ctrl.abort(), 20);
  await expectCode(() => pay.queryOrder(q, { signal: ctrl.signal, timeoutMs: 60_000 }), 'ABORTED');
  await expectCode(() => pay.queryOrder(q, { signal: AbortSignal.abort() }), 'ABORTED');
});

test('bad input never reaches the platform; bad config is refused', async () => {
  const cloud = createCloud();
  const pay = new pq.CloudPay({ cloud });
  for (const bad of [
    undefined,
    null,
    'PQ-V2-SP-PAID',
    [],
    {},
    { out_trade_no: 'A' },
    { sub_mch_id: '', out_trade_no: 'A' },
    { sub_mch_id: SUB },
    { sub_mch_id: SUB, out_trade_no: 'A', transaction_id: '42' },
    { sub_mch_id: SUB, outTradeNo: 'A', transactionId: '42' },
    { sub_mch_id: SUB, subMchId: SUB, out_trade_no: 'A' },
    { sub_mch_id: SUB, out_trade_no: 'has space' },
    { sub_mch_id: SUB, out_trade_no: 'x'.repeat(33) },
    { sub_mch_id: SUB, transaction_id: '42-00' },
    { sub_mch_id: SUB, out_trade_no: 'A', nonce_str: 'not a nonce!' },
    { sub_mch_id: SUB, out_trade_no: 'A', sub_appid: 'wx?' },
    { sub_mch_id: SUB, out_trade_no: 'A', body: { nested: 'not a scalar' } },
    { sub_mch_id: SUB, out_trade_no: 7.5 },
    { sub_mch_id: true, out_trade_no: 'A' },
    { sub_mch_id: SUB, out_trade_no: { nested: 1 } },
  ]) {
    await expectCode(() => pay.queryOrder(bad), 'INVALID_ARGUMENT');
  }
  await expectCode(() => pay.queryOrder({ sub_mch_id: SUB, out_trade_no: 'A' }, { timeoutMs: -1 }), 'INVALID_ARGUMENT');
  await expectCode(() => pay.queryOrder({ sub_mch_id: SUB, out_trade_no: 'A' }, { retries: 99 }), 'INVALID_ARGUMENT');
  assert.equal(cloud.calls.length, 0);

  for (const bad of [
    undefined,
    {},
    { cloud: null },
    { cloud: {} },
    { cloud: { cloudPay: {} } },
    { cloud: { cloudPay: { queryOrder: 'no' } } },
    { cloud, appid: 'wx1' },
    { cloud, apiKey: 'k' },
    { cloud, timeoutMs: 5 },
    { cloud, env: 'prod' },
  ]) {
    await expectCode(() => new pq.CloudPay(bad), 'INVALID_CONFIG');
  }
});
