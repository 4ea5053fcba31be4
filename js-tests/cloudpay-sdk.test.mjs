// CloudPay held against the real wx-server-sdk 4.0.2: its `cloud.cloudPay.queryOrder` runs
// unchanged, its HTTP call answered by a loopback platform (cloudpay-platform.mjs) from the
// sandbox's seeded orders. payquery's `{ cloud }` backend must resolve or reject exactly as the
// SDK does, key for key and value for value; the signing backend likewise (but nonce and sign).
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { pq, startSandbox, expectCode } from './helpers.mjs';
import { startPlatform } from './cloudpay-platform.mjs';

const require = createRequire(import.meta.url);
const cloud = require('wx-server-sdk');
const { createCloud } = require('payquery/sandbox');
const { v2Orders, SUB_MCH_ID } = require('../pkg/sandbox/wechat_v2/orders.js');

let sb;
let platform;
before(async () => {
  sb = await startSandbox();
  platform = await startPlatform(sb);
  cloud.init(platform.initOptions);
});
after(async () => {
  await platform.close();
  await sb.close();
});

function signing() {
  const { appid, mchId, apiKey } = sb.credentials.v2;
  return new pq.CloudPay({ appid, mchId, apiKey, baseUrl: sb.url });
}

/** Resolves to ['resolved', value] or ['rejected', error]. */
async function settle(promise) {
  try {
    return ['resolved', await promise];
  } catch (e) {
    return ['rejected', e];
  }
}

/** The SP orders the sandbox seeds, by out_trade_no and by transaction_id, and a missing one. */
function inputs() {
  const out = [];
  for (const o of v2Orders().filter((x) => x.sub_mch_id)) {
    out.push({ sub_mch_id: o.sub_mch_id, out_trade_no: o.out_trade_no });
    if (o.transaction_id) out.push({ subMchId: o.sub_mch_id, transactionId: o.transaction_id });
  }
  out.push({ sub_mch_id: SUB_MCH_ID, out_trade_no: 'PQ-NO-SUCH-ORDER' });
  return out;
}

const ADDED = ['resultErrCode', 'coupons', 'status', 'raw', 'attempts'];

function withoutNonceAndSign(res) {
  const { nonceStr, sign, ...rest } = res;
  return JSON.stringify(rest);
}

test('require("wx-server-sdk") itself is accepted: its cloudPay is a Proxy over a function', () => {
  assert.equal(typeof cloud.cloudPay, 'function');
  assert.equal(typeof cloud.cloudPay.queryOrder, 'function');
  assert.ok(new pq.CloudPay({ cloud }));
});

test('every seeded order: same keys, same JSON as the real SDK on both backends', async () => {
  const pay = new pq.CloudPay({ cloud });
  const signed = signing();
  const seen = new Set();
  for (const input of inputs()) {
    const sdk = await cloud.cloudPay.queryOrder({ ...input });
    const ours = await pay.queryOrder({ ...input });
    const label = JSON.stringify(input);
    assert.deepEqual(Object.keys(ours), Object.keys(sdk), label);
    assert.equal(JSON.stringify(ours), JSON.stringify(sdk), label);
    const sent = platform.inputs.at(-1);
    assert.match(sent.nonce_str, /^[A-Za-z0-9]{32}$/, 'nonce_str added when missing');
    for (const key of ADDED) {
      const d = Object.getOwnPropertyDescriptor(ours, key);
      assert.ok(d && !d.enumerable, `${key} is there, not enumerable`);
    }
    assert.equal(ours.attempts, 1);
    assert.deepEqual(JSON.parse(JSON.stringify(ours.raw)), sdk, 'raw: the answer as received');

    const viaSigning = await signed.queryOrder({ ...input });
    assert.deepEqual(Object.keys(viaSigning), Object.keys(sdk), label);
    assert.equal(withoutNonceAndSign(viaSigning), withoutNonceAndSign(sdk), label);
    assert.deepEqual(viaSigning.status, ours.status, label);
    assert.deepEqual(viaSigning.coupons, ours.coupons, label);
    assert.equal(viaSigning.resultErrCode, ours.resultErrCode, label);
    assert.equal(typeof viaSigning.host, 'string');
    seen.add(ours.resultCode === 'FAIL' ? 'FAIL' : ours.status.state);
  }
  assert.deepEqual([...seen].sort(), ['FAIL', 'NOT_PAID', 'PAID', 'PAYING'].sort());
});

test('a paid order with coupons: the SDK’s values, payquery’s typed additions', async () => {
  const res = await new pq.CloudPay({ cloud }).queryOrder({ sub_mch_id: SUB_MCH_ID, out_trade_no: 'PQ-V2-SP-COUPON' });
  assert.equal(res.totalFee, 2000);
  assert.equal(res.couponFee_0, 200);
  assert.equal(res.couponId_1, '20001');
  assert.equal(res.errCode, 0);
  assert.equal(res.errMsg, 'cloudPay.queryOrder:ok');
  assert.deepEqual(res.coupons, [
    { id: '20000', type: 'NO_CASH', fee: 200 },
    { id: '20001', type: 'CASH', fee: 100 },
  ]);
  assert.equal(res.status.state, 'PAID');
  assert.equal(res.status.paidAt, '2024-01-01T12:00:00+08:00');
  assert.equal(res.resultErrCode, null);
  const missing = await new pq.CloudPay({ cloud }).queryOrder({ sub_mch_id: SUB_MCH_ID, out_trade_no: 'PQ-NO-SUCH-ORDER' });
  assert.equal(missing.resultCode, 'FAIL');
  assert.equal(missing.errCode, 0, 'the SDK overwrote err_code in place');
  assert.equal(missing.resultErrCode, 'ORDERNOTEXIST', 'recovered from errCodeDes');
});

test('FAIL, unknown-field and error answers: same resolve-or-reject, same fields', async () => {
  const pay = new pq.CloudPay({ cloud });
  const cases = [
    // A communication FAIL: only return_code and return_msg.
    () => ({ return_code: 'FAIL', return_msg: '签名错误' }),
    // Fields payquery does not know arrive as sent.
    async (input) => ({ ...(await platform.fromSandbox(input)), promotion_detail: '{"x":1}', new_field_2030: 'y' }),
    // TCB and platform errors reject.
    () => ({ tcbError: { code: 'SYS_ERR', message: 'platform down' } }),
    () => ({ tcbError: { code: 'INVALID_PARAM', message: 'bad' } }),
  ];
  const outcomes = [];
  for (const handler of cases) {
    platform.handler = handler;
    try {
      const input = { sub_mch_id: SUB_MCH_ID, out_trade_no: 'PQ-V2-SP-PAID' };
      const [how, sdk] = await settle(cloud.cloudPay.queryOrder({ ...input }));
      const [ourHow, ours] = await settle(pay.queryOrder({ ...input }, { retries: 0 }));
      assert.equal(ourHow, how, `${how}: ${sdk && sdk.message}`);
      outcomes.push(how);
      if (how === 'resolved') {
        assert.deepEqual(Object.keys(ours), Object.keys(sdk));
        assert.equal(JSON.stringify(ours), JSON.stringify(sdk));
      } else {
        assert.ok(pq.isPayQueryError(ours));
        assert.equal(ours.code, 'PROVIDER_ERROR');
        assert.equal(ours.errCode, sdk.errCode);
        assert.equal(ours.errMsg, sdk.errMsg);
        assert.equal(ours.providerCode, String(sdk.errCode));
        assert.equal(ours.retryable, false);
      }
    } finally {
      platform.handler = platform.fromSandbox;
    }
  }
  assert.deepEqual(outcomes, ['resolved', 'resolved', 'rejected', 'rejected']);
  const fail = await (platform.handler = () => ({ return_code: 'FAIL', return_msg: 'x' }), pay.queryOrder({ sub_mch_id: SUB_MCH_ID, out_trade_no: 'A' }));
  platform.handler = platform.fromSandbox;
  assert.equal(fail.returnCode, 'FAIL');
  assert.equal(fail.status.state, 'UNKNOWN');
});

test('unknown input keys are forwarded as the SDK forwards them', async () => {
  const input = { sub_mch_id: SUB_MCH_ID, out_trade_no: 'PQ-V2-SP-PAID', nonce_str: 'Fixed01', someFlag: 'x', FooBar: 1 };
  await cloud.cloudPay.queryOrder({ ...input });
  const bySdk = platform.inputs.at(-1);
  await new pq.CloudPay({ cloud }).queryOrder({ ...input });
  assert.deepEqual(platform.inputs.at(-1), bySdk);
  assert.equal(bySdk.some_flag, 'x');
  // The signing backend sends and signs forwarded keys too (snake_case, as the SDK sends
  // them); keys its config sets, and names it cannot sign unambiguously, are refused.
  const signed = await signing().queryOrder({ ...input, FooBar: undefined });
  assert.equal(signed.tradeState, 'SUCCESS');
  for (const key of ['appid', 'mchId', 'sign', 'sign_type']) {
    await expectCode(() => signing().queryOrder({ ...input, someFlag: undefined, FooBar: undefined, [key]: 'x' }), 'INVALID_ARGUMENT');
  }
  await expectCode(() => signing().queryOrder({ ...input }), 'INVALID_ARGUMENT');
});

test('payquery’s own rejections carry errCode -1 and a cloudPay.queryOrder:fail errMsg', async () => {
  const e = await expectCode(() => new pq.CloudPay({ cloud }).queryOrder({ out_trade_no: 'A' }), 'INVALID_ARGUMENT');
  assert.equal(e.errCode, -1);
  assert.equal(e.errMsg, `cloudPay.queryOrder:fail ${e.message}`);
});

test('the createCloud() stand-in answers what the real client answers (values as numbers)', async () => {
  const stand = createCloud({ numbers: true });
  for (const input of inputs()) {
    const real = await cloud.cloudPay.queryOrder({ ...input });
    const fake = await stand.cloudPay.queryOrder({ ...input });
    const norm = (r) => {
      const { nonceStr, sign, ...rest } = r;
      return Object.fromEntries(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1)));
    };
    assert.deepEqual(norm(fake), norm(real), JSON.stringify(input));
  }
});

test('the README drop-in snippet runs unchanged over the real SDK', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('### CloudPay as a drop-in for wx-server-sdk'));
  const code = /```js\n([\s\S]*?)```/.exec(section)[1];
  // The snippet's cloud.init points the SDK at WeChat cloud; here it is the loopback platform.
  const realInit = cloud.init;
  cloud.init = () => realInit.call(cloud, platform.initOptions);
  const mod = { exports: {} };
  try {
    new Function('require', 'exports', 'module', code)(require, mod.exports, mod);
  } finally {
    cloud.init = realInit;
  }
  const main = mod.exports.main;
  assert.deepEqual(await main({ subMchId: SUB_MCH_ID, outTradeNo: 'PQ-V2-SP-PAID' }), { tradeState: 'SUCCESS', totalFee: 8007, state: 'PAID' });
  assert.deepEqual(await main({ subMchId: SUB_MCH_ID, outTradeNo: 'PQ-NO-SUCH-ORDER' }), { failed: 'ORDERNOTEXIST' });
  try {
    platform.handler = () => ({ return_code: 'FAIL', return_msg: '签名错误' });
    assert.deepEqual(await main({ subMchId: SUB_MCH_ID, outTradeNo: 'PQ-V2-SP-PAID' }), { refused: '签名错误' });
    platform.handler = () => ({ tcbError: { code: 'SYS_ERR', message: 'platform down' } });
    const [how, sdkError] = await settle(cloud.cloudPay.queryOrder({ sub_mch_id: SUB_MCH_ID, out_trade_no: 'PQ-V2-SP-PAID' }));
    assert.equal(how, 'rejected');
    assert.deepEqual(await main({ subMchId: SUB_MCH_ID, outTradeNo: 'PQ-V2-SP-PAID' }), {
      errCode: sdkError.errCode,
      errMsg: sdkError.errMsg,
      code: 'PROVIDER_ERROR',
    });
  } finally {
    platform.handler = platform.fromSandbox;
  }
});
