// Fubei offline functions: signFubei, explainFubei and verifyFubeiNotification, checked against
// a known answer and against the sandbox's node:crypto signing.
import test from 'node:test';
import assert from 'node:assert/strict';
import { pq, expectCode } from './helpers.mjs';
import { nodeSignFubei, nodeStringToSign } from './fubei-helpers.mjs';

const SECRET = 'fake0fubei0secret0not0real000000';
const REQUEST = {
  app_id: '20190101000000000001',
  method: 'openapi.payment.order.query',
  format: 'json',
  sign_method: 'md5',
  nonce: 'AbCdEfGhIjKlMnOpQrStUvWxYz012345',
  version: '1.0',
  biz_content: '{"merchant_order_sn":"PQ-FB1-PAID"}',
};
// Computed once with node:crypto (md5 of the sorted string + secret), as in the Rust tests.
const KNOWN = '5B28974626F07749776CE841D9E146E5';

test('signFubei: known answer, and agreement with node:crypto on awkward values', () => {
  assert.equal(pq.signFubei(REQUEST, SECRET), KNOWN);
  assert.equal(nodeSignFubei(REQUEST, SECRET), KNOWN);
  const params = { b: '中文 & <x>=y', a: 'sp ace', n: 42, t: true, empty: '', skip: null, sign: 'IGNORED' };
  assert.equal(pq.signFubei(params, 's3cret'), nodeSignFubei({ b: '中文 & <x>=y', a: 'sp ace', n: '42', t: 'true' }, 's3cret'));
});

test('signFubei refuses what it cannot sign', async () => {
  await expectCode(() => pq.signFubei(REQUEST, ''), 'INVALID_ARGUMENT');
  await expectCode(() => pq.signFubei(REQUEST, 7), 'INVALID_ARGUMENT');
  await expectCode(() => pq.signFubei({ biz_content: { merchant_order_sn: 'x' } }, SECRET), 'INVALID_ARGUMENT');
  await expectCode(() => pq.signFubei({ total: 80.07 }, SECRET), 'INVALID_ARGUMENT');
  await expectCode(() => pq.signFubei('not pairs', SECRET), 'INVALID_ARGUMENT');
});

test('signFubei also takes the params as JSON or k=v text', () => {
  assert.equal(pq.signFubei(JSON.stringify(REQUEST), SECRET), KNOWN);
  const pairs = Object.entries(REQUEST).map(([k, v]) => `${k}=${v}`).join('&');
  assert.equal(pq.signFubei(pairs, SECRET), KNOWN);
});

test('explainFubei shows the string signed with the secret as ***, from objects and text', () => {
  const expected = `${nodeStringToSign(REQUEST)}***`;
  for (const input of [REQUEST, JSON.stringify(REQUEST), Object.entries(REQUEST).map(([k, v]) => `${k}=${v}`).join('&')]) {
    const e = pq.explainFubei(input, SECRET);
    assert.equal(e.stringToSign, expected);
    assert.equal(e.signature, KNOWN);
    assert.equal(e.matches, undefined);
    assert.ok(!JSON.stringify(e).includes(SECRET));
  }
  assert.equal(pq.explainFubei({ ...REQUEST, sign: KNOWN.toLowerCase() }, SECRET).matches, true);
  const extra = pq.explainFubei({ ...REQUEST, device_no: 'D1', sign: KNOWN }, SECRET);
  assert.equal(extra.matches, false);
  assert.equal(extra.differingField, 'device_no');
  const wrong = pq.explainFubei({ ...REQUEST, sign: nodeSignFubei(REQUEST, 'another secret') }, SECRET);
  assert.equal(wrong.matches, false);
  assert.match(wrong.hint, /secret/);
  assert.ok(!JSON.stringify(wrong).includes(SECRET));
});

const DATA_V2 = '{"order_status":"SUCCESS","order_sn":"F1","merchant_order_sn":"M1","total_amount":80.07,"fee":"0.29","finish_time":"20240101120000","pay_type":"alipay"}';
const DATA_V1 = '{"trade_state":"SUCCESS","merchant_order_sn":"M2","total_fee":"19.99","pay_time":1704081600,"type":1}';

function notification(data, extra = {}) {
  const fields = { result_code: '200', result_message: '成功', data, ...extra };
  return { ...fields, sign: nodeSignFubei(fields, SECRET) };
}

test('verifyFubeiNotification returns the typed order of a genuine notification', () => {
  const v2 = pq.verifyFubeiNotification(notification(DATA_V2), SECRET);
  assert.equal(v2.api, '2.0');
  assert.equal(v2.totalAmountFen, 8007);
  assert.equal(v2.feeFen, 29);
  assert.equal(v2.payChannel, 'ALIPAY');
  assert.deepEqual(v2.status, {
    state: 'PAID',
    final: true,
    providerState: 'SUCCESS',
    amountFen: 8007,
    paidAt: '2024-01-01T12:00:00+08:00',
    transactionId: 'F1',
    outTradeNo: 'M1',
  });
  const v1 = pq.verifyFubeiNotification(notification(DATA_V1), SECRET);
  assert.equal(v1.api, '1.0');
  assert.equal(v1.totalFeeFen, 1999);
  assert.equal(v1.payTime, '2024-01-01T12:00:00+08:00');
  // The raw form body, as a framework without a body parser hands it over.
  const form = new URLSearchParams(notification(DATA_V2)).toString();
  assert.equal(pq.verifyFubeiNotification(form, SECRET).totalAmountFen, 8007);
  const lower = notification(DATA_V1);
  lower.sign = lower.sign.toLowerCase();
  assert.equal(pq.verifyFubeiNotification(lower, SECRET).status.state, 'PAID');
  // result_code as a number (a JSON body parser) signs the same text.
  assert.equal(pq.verifyFubeiNotification({ ...notification(DATA_V1), result_code: 200 }, SECRET).api, '1.0');
});

test('verifyFubeiNotification refuses tampered, unsigned and wrongly keyed notifications', async () => {
  const seen = new Set();
  const good = notification(DATA_V2);
  let e = await expectCode(() => pq.verifyFubeiNotification({ ...good, data: DATA_V2.replace('80.07', '8007.00') }, SECRET), 'SIGNATURE_INVALID', seen);
  assert.ok(!e.message.includes(SECRET));
  await expectCode(() => pq.verifyFubeiNotification({ ...good, result_code: '201' }, SECRET), 'SIGNATURE_INVALID', seen);
  await expectCode(() => pq.verifyFubeiNotification(good, 'another secret'), 'SIGNATURE_INVALID', seen);
  const form = new URLSearchParams(good).toString().replace('80.07', '80.08');
  await expectCode(() => pq.verifyFubeiNotification(form, SECRET), 'SIGNATURE_INVALID', seen);
  const { sign: _sign, ...unsigned } = good;
  await expectCode(() => pq.verifyFubeiNotification(unsigned, SECRET), 'SIGNATURE_MISSING', seen);
  await expectCode(() => pq.verifyFubeiNotification({ ...good, sign: '' }, SECRET), 'SIGNATURE_MISSING', seen);
  // Genuine but not an order: a signed failure, or data that is not an exact order.
  const failure = { result_code: '400', result_message: '支付失败', sub_code: 'PAY_FAIL' };
  e = await expectCode(() => pq.verifyFubeiNotification({ ...failure, sign: nodeSignFubei(failure, SECRET) }, SECRET), 'PROVIDER_ERROR', seen);
  assert.equal(e.providerCode, 'PAY_FAIL');
  for (const data of ['not json', '{"x":1}', DATA_V1.replace('"19.99"', '"19.999"')]) {
    await expectCode(() => pq.verifyFubeiNotification(notification(data), SECRET), 'MALFORMED_RESPONSE', seen);
  }
  for (const bad of [null, 42, ['a'], 'data=%ZZ', 'a=1&a=2']) {
    await expectCode(() => pq.verifyFubeiNotification(bad, SECRET), 'INVALID_ARGUMENT', seen);
  }
  await expectCode(() => pq.verifyFubeiNotification(good, ''), 'INVALID_ARGUMENT', seen);
  assert.deepEqual([...seen].sort(), ['INVALID_ARGUMENT', 'MALFORMED_RESPONSE', 'PROVIDER_ERROR', 'SIGNATURE_INVALID', 'SIGNATURE_MISSING']);
});
