// Runs the example cloud function as WeChat cloud would call it: exports.main(event, context),
// with a stand-in `cloud` (recording the call, answering as wx-server-sdk does) and with the
// signing backend against the sandbox.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const fn = require('./index.js');
const { CloudPay } = require('payquery');
const { createCloud, startSandbox } = require('payquery/sandbox');
const SUB = '1900000109';
const context = { function_name: 'queryOrder', namespace: 'test-env' };

/** Points the function at a stand-in `cloud` (what `new CloudPay({ cloud })` gets in WeChat cloud). */
function useCloud(cloud) {
  fn.pay = new CloudPay({ cloud });
  return cloud;
}

test('paid, pending and missing orders through a stand-in cloud', async () => {
  for (const numbers of [false, true]) {
    const cloud = useCloud(createCloud({ numbers }));
    const paid = await fn.main({ outTradeNo: 'PQ-V2-SP-COUPON', subMchId: SUB }, context);
    assert.deepEqual(cloud.calls, [{ sub_mch_id: SUB, out_trade_no: 'PQ-V2-SP-COUPON' }]);
    assert.deepEqual(paid, {
      ok: true,
      paid: true,
      outTradeNo: 'PQ-V2-SP-COUPON',
      transactionId: '4200000000202401010000000005',
      amountFen: 2000,
      paidAt: '2024-01-01T12:00:00+08:00',
      coupons: [
        { id: '20000', type: 'NO_CASH', fee: 200 },
        { id: '20001', type: 'CASH', fee: 100 },
      ],
    });
  }
  const cloud = useCloud(createCloud({ couponList: true }));
  process.env.SUB_MCH_ID = SUB;
  try {
    const byId = await fn.main({ transactionId: '4200000000202401010000000005' }, context);
    assert.equal(byId.coupons.length, 2);
    assert.deepEqual(cloud.calls.at(-1), { sub_mch_id: SUB, transaction_id: '4200000000202401010000000005' });
  } finally {
    delete process.env.SUB_MCH_ID;
  }
  assert.deepEqual(await fn.main({ outTradeNo: 'PQ-V2-SP-NOTPAY', subMchId: SUB }, context), {
    ok: true, paid: false, pending: true, tradeState: 'NOTPAY', message: '订单未支付',
  });
  // wx-server-sdk overwrote ORDERNOTEXIST with errCode 0; the function still learns it.
  assert.deepEqual(await fn.main({ outTradeNo: 'PQ-V2-MISSING', subMchId: SUB }, context), {
    ok: false, error: 'ORDERNOTEXIST', retryable: false, message: '此交易订单号不存在',
  });
});

test('a closed order, a platform error and bad input', async () => {
  useCloud({
    cloudPay: {
      queryOrder: async () => ({
        returnCode: 'SUCCESS', resultCode: 'SUCCESS', subMchId: SUB, tradeState: 'CLOSED',
        tradeStateDesc: '订单已关闭', outTradeNo: 'A', errCode: 0, errMsg: 'cloudPay.queryOrder:ok',
      }),
    },
  });
  assert.deepEqual(await fn.main({ outTradeNo: 'A', subMchId: SUB }, context), {
    ok: true, paid: false, pending: false, tradeState: 'CLOSED', message: '订单已关闭',
  });

  const cloud = useCloud(createCloud({ throws: { errCode: -501001, errMsg: 'cloudPay.queryOrder:fail resource system error' } }));
  const failed = await fn.main({ outTradeNo: 'A', subMchId: SUB }, context);
  assert.equal(cloud.calls.length, 1);
  assert.equal(failed.ok, false);
  assert.equal(failed.error, 'PROVIDER_ERROR');
  assert.equal(failed.providerCode, '-501001');
  assert.match(failed.message, /resource system error/);

  const untouched = useCloud(createCloud());
  const bad = await fn.main({ outTradeNo: 'A' }, context);
  assert.equal(bad.error, 'INVALID_ARGUMENT', 'no sub-merchant anywhere');
  assert.equal(untouched.calls.length, 0);
});

test('outside WeChat cloud: the signing backend from env, against the sandbox', async (t) => {
  const sb = await startSandbox();
  const { appid, mchId, apiKey, subMchId } = sb.credentials.v2;
  const env = {
    PAYQUERY_APPID: appid,
    PAYQUERY_MCH_ID: mchId,
    PAYQUERY_API_KEY: apiKey,
    PAYQUERY_BASE_URL: sb.url,
    SUB_MCH_ID: subMchId,
  };
  t.after(async () => {
    for (const k of Object.keys(env)) delete process.env[k];
    fn.pay = undefined;
    await sb.close();
  });
  Object.assign(process.env, env);
  fn.pay = undefined;
  const paid = await fn.main({ outTradeNo: 'PQ-V2-SP-PAID' }, context);
  assert.equal(paid.paid, true);
  assert.equal(paid.amountFen, 8007);
  assert.match(sb.requests.at(-1).body, new RegExp(`<sub_mch_id>${subMchId}</sub_mch_id>`));
  assert.equal((await fn.main({ outTradeNo: 'PQ-V2-SP-USERPAYING' }, context)).tradeState, 'USERPAYING');
  assert.equal((await fn.main({ outTradeNo: 'PQ-V2-MISSING' }, context)).error, 'ORDERNOTEXIST');
  sb.inject({ kind: 'badSign' });
  assert.equal((await fn.main({ outTradeNo: 'PQ-V2-SP-PAID' }, context)).error, 'SIGNATURE_INVALID');
});

test('wx-server-sdk is required only when neither env nor a client is set', async () => {
  fn.pay = undefined;
  // Not installed in this repository: the require in createPay is the only one.
  await assert.rejects(() => fn.main({ outTradeNo: 'A', subMchId: SUB }, context), (e) => {
    assert.equal(e.code, 'MODULE_NOT_FOUND');
    assert.match(e.message, /wx-server-sdk/);
    return true;
  });
});
