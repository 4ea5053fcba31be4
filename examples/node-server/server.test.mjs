// The order-status service against the sandbox, one provider after another, over real HTTP.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox } from 'payquery/sandbox';
import { createServer } from './server.mjs';

async function serve(t, env) {
  const server = createServer(env);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  const base = `http://127.0.0.1:${server.address().port}`;
  return async (path) => {
    const res = await fetch(`${base}${path}`);
    return { status: res.status, body: await res.json() };
  };
}

test('each provider answers GET /orders/:outTradeNo with the neutral status', async (t) => {
  const sb = await startSandbox();
  t.after(() => sb.close());
  const v2 = sb.credentials.v2;
  const fb = sb.credentials.fubei;
  const cases = [
    {
      env: { PAYQUERY_PROVIDER: 'wechat-v2', WECHAT_APPID: v2.appid, WECHAT_MCH_ID: v2.mchId, WECHAT_API_KEY: v2.apiKey, PAYQUERY_BASE_URL: sb.url },
      paid: 'PQ-V2-PAID',
      unpaid: 'PQ-V2-NOTPAY',
    },
    {
      env: { PAYQUERY_PROVIDER: 'cloudpay', CLOUDPAY_APPID: v2.appid, CLOUDPAY_MCH_ID: v2.mchId, CLOUDPAY_API_KEY: v2.apiKey, CLOUDPAY_SUB_MCH_ID: v2.subMchId, PAYQUERY_BASE_URL: sb.url },
      paid: 'PQ-V2-SP-PAID',
      unpaid: 'PQ-V2-SP-NOTPAY',
    },
    {
      env: { PAYQUERY_PROVIDER: 'fubei', FUBEI_API: '1.0', FUBEI_APP_ID: fb.appId, FUBEI_APP_SECRET: fb.appSecret, PAYQUERY_BASE_URL: sb.url },
      paid: 'PQ-FB1-PAID',
      unpaid: 'PQ-FB1-USERPAYING',
      unpaidState: 'PAYING',
    },
    {
      env: { PAYQUERY_PROVIDER: 'fubei', FUBEI_API: '2.0', FUBEI_VENDOR_SN: fb.vendorSn, FUBEI_APP_SECRET: fb.vendorSecret, FUBEI_MERCHANT_ID: String(fb.merchantId), PAYQUERY_BASE_URL: sb.url },
      paid: 'PQ-FB2-PAID',
      unpaid: 'PQ-FB2-USERPAYING',
      unpaidState: 'PAYING',
    },
  ];
  for (const { env, paid, unpaid, unpaidState = 'NOT_PAID' } of cases) {
    const get = await serve(t, env);
    const p = await get(`/orders/${paid}`);
    assert.equal(p.status, 200, JSON.stringify(p.body));
    assert.equal(p.body.status.state, 'PAID');
    assert.equal(p.body.status.final, true);
    assert.equal(p.body.status.outTradeNo, paid);
    const u = await get(`/orders/${unpaid}`);
    assert.equal(u.body.status.state, unpaidState);
    const m = await get('/orders/PQ-MISSING-1');
    assert.equal(m.status, 404, `${env.PAYQUERY_PROVIDER}: ${JSON.stringify(m.body)}`);
    const bad = await get(`/orders/${encodeURIComponent('not valid!')}`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error, 'INVALID_ARGUMENT');
    assert.equal((await get('/elsewhere')).status, 404);
  }
  assert.throws(() => createServer({ PAYQUERY_PROVIDER: 'nope' }), /PAYQUERY_PROVIDER/);
  assert.throws(() => createServer({ PAYQUERY_PROVIDER: 'wechat-v2' }), /WECHAT_APPID/);
});
