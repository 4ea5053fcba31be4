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

/** The success and failure replies each provider expects (what the sandbox reads as "received"). */
const REPLIES = {
  'wechat-v2': { ok: [200, /<return_code><!\[CDATA\[SUCCESS\]\]>/], refused: [200, /<return_code><!\[CDATA\[FAIL\]\]>/], failed: [200, /FAIL/] },
  'wechat-v3': { ok: [204, /^$/], refused: [400, /"code":"FAIL"/], failed: [500, /"code":"FAIL"/] },
  fubei: { ok: [200, /^success$/], refused: [400, /^fail$/], failed: [500, /^fail$/] },
};

test('POST /notify/<provider>: the sandbox delivers signed notifications end to end', async (t) => {
  const sb = await startSandbox();
  t.after(() => sb.close());
  const cases = sandboxEnvs(sb).filter((c) => c.notify);
  assert.deepEqual(cases.map((c) => c.env.PAYQUERY_PROVIDER), ['wechat-v2', 'wechat-v3', 'fubei', 'fubei']);
  for (const { env, paid, notify } of cases) {
    const name = env.PAYQUERY_PROVIDER;
    const received = [];
    let failNext = false;
    const server = createServer(env, {
      onNotification: (n) => {
        if (failNext) throw new Error('database down');
        received.push(n);
      },
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(() => new Promise((resolve) => server.close(resolve)));
    const url = `http://127.0.0.1:${server.address().port}/notify/${name}`;
    const post = (extra = {}) => sb.tools[notify.tool].postNotification(url, { ...notify.options, ...extra });
    const expect = (answer, [status, body], what) => {
      assert.equal(answer.status, status, `${name} ${what}: ${answer.body}`);
      assert.match(answer.body, body, `${name} ${what}`);
    };

    expect(await post(), REPLIES[name].ok, 'verified');
    assert.equal(received.length, 1, name);
    assert.equal(received[0].status.outTradeNo, paid, name);
    assert.equal(received[0].status.state, 'PAID', name);

    // Altered in transit: refused with the failure reply, the handler never sees it.
    expect(await post({ tamper: 'body' }), REPLIES[name].refused, 'tampered');
    assert.equal(received.length, 1, name);

    // The handler failed: the provider gets the failure reply and will deliver again.
    failNext = true;
    expect(await post(), REPLIES[name].failed, 'handler failed');
    failNext = false;
    assert.equal(received.length, 1, name);

    // The notification route belongs to the configured provider only.
    const other = await fetch(url.replace(`/notify/${name}`, '/notify/other'), { method: 'POST', body: 'x' });
    assert.equal(other.status, 404, name);
  }
  // CloudPay has no notifications: no route.
  const cloud = createServer(sandboxEnvs(sb).find((c) => c.env.PAYQUERY_PROVIDER === 'cloudpay').env);
  await new Promise((resolve) => cloud.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => cloud.close(resolve)));
  const res = await fetch(`http://127.0.0.1:${cloud.address().port}/notify/cloudpay`, { method: 'POST', body: 'x' });
  assert.equal(res.status, 404);
});
