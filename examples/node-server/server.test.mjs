// The order-status service against the sandbox, one provider after another, over real HTTP.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox } from 'payquery/sandbox';
import { createServer } from './server.mjs';
import { sandboxEnvs } from './sandbox-env.mjs';

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
  const cases = sandboxEnvs(sb);
  assert.deepEqual([...new Set(cases.map((c) => c.env.PAYQUERY_PROVIDER))], ['wechat-v2', 'wechat-v3', 'cloudpay', 'fubei']);
  for (const { env, paid, unpaid, unpaidState } of cases) {
    const name = env.PAYQUERY_PROVIDER;
    const get = await serve(t, env);
    const p = await get(`/orders/${paid}`);
    assert.equal(p.status, 200, `${name}: ${JSON.stringify(p.body)}`);
    assert.equal(p.body.status.state, 'PAID', name);
    assert.equal(p.body.status.final, true, name);
    assert.equal(p.body.status.outTradeNo, paid, name);
    const u = await get(`/orders/${unpaid}`);
    assert.equal(u.body.status.state, unpaidState, name);
    const m = await get('/orders/PQ-MISSING-1');
    assert.equal(m.status, 404, `${name}: ${JSON.stringify(m.body)}`);
    assert.equal(m.body.error, 'ORDER_NOT_FOUND', name);
    const bad = await get(`/orders/${encodeURIComponent('not valid!')}`);
    assert.equal(bad.status, 400, name);
    assert.equal(bad.body.error, 'INVALID_ARGUMENT', name);
    assert.equal((await get('/elsewhere')).status, 404, name);
  }
  assert.throws(() => createServer({ PAYQUERY_PROVIDER: 'nope' }), /PAYQUERY_PROVIDER/);
  assert.throws(() => createServer({ PAYQUERY_PROVIDER: 'wechat-v2' }), /WECHAT_APPID/);
});
