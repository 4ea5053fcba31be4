// The reconciliation example against the sandbox: states and failures counted, metrics from
// onEvent matching the faults injected, and the same batch through a loopback forward proxy.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { startSandbox } from 'payquery/sandbox';
import { reconcile } from './reconcile.mjs';

const ORDERS = ['PQ-V3-PAID', 'PQ-V3-NOTPAY', 'PQ-V3-CLOSED', 'PQ-V3-MISSING'];

async function sandbox(t) {
  const sb = await startSandbox();
  t.after(() => sb.close());
  const { mchid, merchantSerialNo, privateKey, wechatpayPublicKey } = sb.credentials.v3;
  return { sb, config: { mchid, merchantSerialNo, privateKey, wechatpayPublicKey, baseUrl: sb.url } };
}

test('reconcile counts states, failures, retries and latency', async (t) => {
  const { sb, config } = await sandbox(t);
  sb.inject({ kind: 'status', status: 500, times: 2 });
  sb.inject({ kind: 'rateLimited', api: 'v3' });
  const report = await reconcile({ config, outTradeNos: ORDERS, perSecond: 50 });
  assert.deepEqual(report.states, { PAID: 1, NOT_PAID: 1, CLOSED: 1 });
  assert.deepEqual(report.failed, { ORDER_NOT_FOUND: 1 });
  assert.deepEqual(report.metrics.retries, { HTTP_ERROR: 2, PROVIDER_ERROR: 1 });
  // Three answers, three faults, and the missing order (an answer, but an error: ORDER_NOT_FOUND).
  assert.deepEqual(report.metrics.attempts, { ok: 3, failed: 4 });
  assert.deepEqual(report.metrics.failovers, [], 'a sandbox baseUrl never fails over to the real API');
  assert.ok(report.metrics.latencyMs.max >= report.metrics.latencyMs.p50);
});

test('reconcile through a proxy (PAYQUERY_PROXY): every request went through it', async (t) => {
  const { sb, config } = await sandbox(t);
  const tunnels = [];
  const proxy = http.createServer((req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, client, head) => {
    tunnels.push(req.url);
    const [host, port] = req.url.split(':');
    if (host !== '127.0.0.1') return client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    proxy.closeAllConnections();
    return new Promise((resolve) => proxy.close(resolve));
  });
  const report = await reconcile({ config, outTradeNos: ORDERS, proxy: `http://127.0.0.1:${proxy.address().port}` });
  assert.deepEqual(report.states, { PAID: 1, NOT_PAID: 1, CLOSED: 1 });
  assert.ok(tunnels.length >= 1);
  assert.ok(tunnels.every((u) => u === new URL(sb.url).host));
  assert.equal(sb.requests.length, 4);
});
