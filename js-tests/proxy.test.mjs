// A proxy is a `fetch` with a dispatcher: undici's ProxyAgent through a proxy written here on
// loopback. By default ProxyAgent tunnels with CONNECT, also to a plain-http target such as the
// sandbox; with `proxyTunnel: false` it sends http requests to the proxy in absolute-URI form.
// The proxy records what it relayed, so each test proves the query went through it.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { createRequire } from 'node:module';
import { pq, sandbox, expectCode } from './helpers.mjs';
import { directConfig } from './v3-helpers.mjs';

const require = createRequire(import.meta.url);
const { fetch: undiciFetch, ProxyAgent } = require('undici');

/** Host and port of a loopback authority (`127.0.0.1:8080`), or null for anything else. */
function loopbackTarget(authority) {
  const m = /^127\.0\.0\.1:(\d{1,5})$/.exec(authority || '');
  return m ? { host: '127.0.0.1', port: Number(m[1]) } : null;
}

/**
 * A forward proxy on 127.0.0.1 relaying to loopback targets only: CONNECT tunnels, and
 * absolute-URI http requests. `log` records `CONNECT <authority>` and `<METHOD> <absolute URI>`.
 * `refuse` makes it answer 403 to everything.
 */
async function startProxy(t, { refuse = false } = {}) {
  const log = [];
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    log.push(`${req.method} ${req.url}`);
    let target;
    try {
      target = new URL(req.url);
    } catch {
      target = null;
    }
    if (refuse || !target || target.protocol !== 'http:' || !loopbackTarget(target.host)) {
      res.writeHead(403).end();
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-connection'];
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: `${target.pathname}${target.search}`, headers },
      (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req, client, head) => {
    log.push(`CONNECT ${req.url}`);
    const target = loopbackTarget(req.url);
    if (refuse || !target) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = net.connect(target.port, target.host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(
    () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(resolve);
      }),
  );
  return { url: `http://127.0.0.1:${server.address().port}`, log };
}

/** The `fetch` option README documents: undici's fetch with a ProxyAgent as its dispatcher. */
function proxiedFetch(t, proxyUrl, agentOptions = {}) {
  const dispatcher = new ProxyAgent({ uri: proxyUrl, ...agentOptions });
  t.after(() => dispatcher.close());
  return (url, init) => undiciFetch(url, { ...init, dispatcher });
}

/** One query per provider through `fetch`; resolves to the states. */
async function queryAll(sb, fetch) {
  const { v2, fubei } = sb.credentials;
  const base = { baseUrl: sb.url, fetch };
  const states = [];
  states.push((await new pq.WechatPayV2({ appid: v2.appid, mchId: v2.mchId, apiKey: v2.apiKey, ...base }).queryOrder({ outTradeNo: 'PQ-V2-PAID' })).status.state);
  states.push((await new pq.WechatPayV3(directConfig(sb, { fetch })).queryOrder({ outTradeNo: 'PQ-V3-PAID' })).status.state);
  const cloudPay = new pq.CloudPay({ appid: v2.appid, mchId: v2.mchId, apiKey: v2.apiKey, ...base });
  states.push((await cloudPay.queryOrder({ sub_mch_id: v2.subMchId, out_trade_no: 'PQ-V2-SP-PAID' })).status.state);
  states.push((await new pq.Fubei({ appId: fubei.appId, appSecret: fubei.appSecret, api: '1.0', ...base }).queryOrder({ merchantOrderSn: 'PQ-FB1-PAID' })).status.state);
  return states;
}

test('undici ProxyAgent (CONNECT tunnel): every provider queries the sandbox through the proxy', async (t) => {
  const sb = await sandbox(t);
  const proxy = await startProxy(t);
  const states = await queryAll(sb, proxiedFetch(t, proxy.url));
  assert.deepEqual(states, ['PAID', 'PAID', 'PAID', 'PAID']);
  const authority = new URL(sb.url).host;
  assert.ok(proxy.log.length >= 1);
  assert.ok(proxy.log.every((line) => line === `CONNECT ${authority}`), proxy.log.join('\n'));
  // Every request the sandbox received came out of the tunnel, signed as usual.
  assert.equal(sb.requests.length, 4);
});

test('undici ProxyAgent with proxyTunnel: false forwards absolute-URI http requests', async (t) => {
  const sb = await sandbox(t);
  const proxy = await startProxy(t);
  const states = await queryAll(sb, proxiedFetch(t, proxy.url, { proxyTunnel: false }));
  assert.deepEqual(states, ['PAID', 'PAID', 'PAID', 'PAID']);
  assert.deepEqual(
    proxy.log.map((line) => line.replace(sb.url, '<sandbox>')),
    ['POST <sandbox>/pay/orderquery', 'GET <sandbox>/v3/pay/transactions/out-trade-no/PQ-V3-PAID?mchid=' + sb.credentials.v3.mchid, 'POST <sandbox>/pay/orderquery', 'POST <sandbox>/gateway'],
  );
});

test('a proxy that refuses the tunnel is a NETWORK_ERROR, retried like any other', async (t) => {
  const sb = await sandbox(t);
  const proxy = await startProxy(t, { refuse: true });
  const { appid, mchId, apiKey } = sb.credentials.v2;
  const client = new pq.WechatPayV2({ appid, mchId, apiKey, baseUrl: sb.url, fetch: proxiedFetch(t, proxy.url) });
  const e = await expectCode(() => client.queryOrder({ outTradeNo: 'PQ-V2-PAID' }), 'NETWORK_ERROR');
  assert.equal(e.attempts, 3);
  assert.equal(sb.requests.length, 0, 'nothing reached the sandbox around the proxy');
  assert.equal(proxy.log.filter((line) => line.startsWith('CONNECT ')).length, 3);
});
