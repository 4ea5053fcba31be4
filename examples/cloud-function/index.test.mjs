// Runs the example cloud function as WeChat cloud would call it: exports.main(event, context),
// with the real wx-server-sdk (its HTTP call answered by a loopback platform from the sandbox),
// with a stand-in `cloud` (recording the call, answering as wx-server-sdk does) and with the
// signing backend against the sandbox.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { startPlatform } from '../../js-tests/cloudpay-platform.mjs';

const require = createRequire(import.meta.url);
const fn = require('./index.js');
const { CloudPay } = require('payquery');
const { createCloud, startSandbox } = require('payquery/sandbox');
const SUB = '1900000109';
const context = { function_name: 'queryOrder', namespace: 'test-env' };
const NONCE = /^[A-Za-z0-9]{32}$/;

/** Points the function at a stand-in `cloud` (what `new CloudPay({ cloud })` gets in WeChat cloud). */
function useCloud(cloud) {
  fn.pay = new CloudPay({ cloud });
  return cloud;
}

test('paid, pending and missing orders through a stand-in cloud', async () => {
  for (const numbers of [false, true]) {
    const cloud = useCloud(createCloud({ numbers }));
    const paid = await fn.main({ outTradeNo: 'PQ-V2-SP-COUPON', subMchId: SUB }, context);
    assert.equal(cloud.calls.length, 1);
    const { nonce_str: nonce, ...call } = cloud.calls[0];
    assert.deepEqual(call, { sub_mch_id: SUB, out_trade_no: 'PQ-V2-SP-COUPON' });
    assert.match(nonce, NONCE, 'nonce_str added, as the CloudPay documentation requires');
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
    const { nonce_str: nonce, ...call } = cloud.calls.at(-1);
    assert.deepEqual(call, { sub_mch_id: SUB, transaction_id: '4200000000202401010000000005' });
    assert.match(nonce, NONCE);
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
  assert.equal(failed.errCode, -501001, "the platform's errCode, as wx-server-sdk's error has it");
  assert.equal(failed.providerCode, '-501001');
  assert.equal(failed.message, 'cloudPay.queryOrder:fail resource system error');

  const untouched = useCloud(createCloud());
  const bad = await fn.main({ outTradeNo: 'A' }, context);
  assert.equal(bad.error, 'INVALID_ARGUMENT', 'no sub-merchant anywhere');
  assert.equal(bad.errCode, -1);
  assert.match(bad.message, /^cloudPay\.queryOrder:fail /);
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

test('inside WeChat cloud: createPay() over the real wx-server-sdk, a drop-in for cloud.cloudPay', async (t) => {
  const sb = await startSandbox();
  const platform = await startPlatform(sb);
  const cloud = require('wx-server-sdk');
  // createPay() inits the SDK for the current environment; here it is the loopback platform.
  const realInit = cloud.init;
  cloud.init = () => realInit.call(cloud, platform.initOptions);
  t.after(async () => {
    cloud.init = realInit;
    fn.pay = undefined;
    await platform.close();
    await sb.close();
  });
  fn.pay = undefined;
  const { subMchId } = sb.credentials.v2;
  const paid = await fn.main({ outTradeNo: 'PQ-V2-SP-COUPON', subMchId }, context);
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
  assert.match(platform.inputs.at(-1).nonce_str, NONCE);
  // The function's own result equals what it computes from the SDK's own answer.
  const sdk = await cloud.cloudPay.queryOrder({ sub_mch_id: subMchId, out_trade_no: 'PQ-V2-SP-COUPON' });
  assert.equal(paid.amountFen, sdk.totalFee);
  assert.deepEqual(await fn.main({ outTradeNo: 'PQ-V2-MISSING', subMchId }, context), {
    ok: false, error: 'ORDERNOTEXIST', retryable: false, message: '此交易订单号不存在',
  });
  try {
    platform.handler = () => ({ return_code: 'FAIL', return_msg: '子商户号未授权' });
    assert.deepEqual(await fn.main({ outTradeNo: 'PQ-V2-SP-PAID', subMchId }, context), {
      ok: false, error: 'REFUSED', retryable: false, message: '子商户号未授权',
    });
    platform.handler = () => ({ tcbError: { code: 'SYS_ERR', message: 'platform down' } });
    const sdkError = await cloud.cloudPay.queryOrder({ sub_mch_id: subMchId, out_trade_no: 'A' }).then(() => null, (e) => e);
    const failed = await fn.main({ outTradeNo: 'A', subMchId }, context);
    assert.equal(failed.error, 'PROVIDER_ERROR');
    assert.equal(failed.errCode, sdkError.errCode);
    assert.equal(failed.message, sdkError.errMsg);
  } finally {
    platform.handler = platform.fromSandbox;
  }
});

test('wx-server-sdk is loaded only when neither env nor a client is set', () => {
  // A fresh process each: whether require('wx-server-sdk') ran shows in require.cache.
  const probe = (env) => execFileSync(process.execPath, ['-e', `
    const pay = require('./index.js').createPay(${JSON.stringify(env)});
    const loaded = Object.keys(require.cache).some((k) => k.includes('wx-server-sdk'));
    console.log(JSON.stringify({ loaded, pay: pay.constructor.name }));
  `], { cwd: new URL('.', import.meta.url), encoding: 'utf8' });
  const env = { PAYQUERY_APPID: 'wx0000000000test', PAYQUERY_MCH_ID: '1900000001', PAYQUERY_API_KEY: 'fake0test0key0not0real0000000000' };
  assert.deepEqual(JSON.parse(probe(env)), { loaded: false, pay: 'CloudPay' });
  // The real module object is accepted at construction (its cloudPay is a Proxy over a function).
  assert.deepEqual(JSON.parse(probe({})), { loaded: true, pay: 'CloudPay' });
});
