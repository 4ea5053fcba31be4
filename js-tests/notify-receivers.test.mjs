// Notification receivers: handleNotification on WechatPayV2, WechatPayV3 and Fubei (verified,
// typed, with the provider's exact reply), and the adapters with the real frameworks (Express,
// Koa, Fastify) over HTTP on loopback, a Web Request handler, and a WeChat cloud function HTTP
// trigger. Notifications are signed with node:crypto (the test's own, or the sandbox's).
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createRequire } from 'node:module';
import { pq, sandbox, expectCode, nodeSignV2, nodeBuildXml } from './helpers.mjs';
import { directConfig } from './v3-helpers.mjs';
import { nodeSignFubei } from './fubei-helpers.mjs';

const require = createRequire(import.meta.url);
const express = require('express');
const Koa = require('koa');
const Fastify = require('fastify');

const V2_OK = '<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>';

function v2Client(sb) {
  const { appid, mchId, apiKey } = sb.credentials.v2;
  return new pq.WechatPayV2({ appid, mchId, apiKey, baseUrl: sb.url });
}

/** A v2 payment result notice signed with node:crypto. */
function v2Notice(sb, extra = {}) {
  const { appid, mchId, apiKey } = sb.credentials.v2;
  const fields = {
    return_code: 'SUCCESS',
    appid,
    mch_id: mchId,
    nonce_str: 'n0tice',
    result_code: 'SUCCESS',
    openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
    trade_type: 'JSAPI',
    bank_type: 'CMC',
    total_fee: '101',
    cash_fee: '101',
    transaction_id: '4200000000202402010000000777',
    out_trade_no: 'PQ-NOTIFY-1',
    time_end: '20240201120000',
    ...extra,
  };
  fields.sign = nodeSignV2(fields, apiKey);
  return nodeBuildXml(fields);
}

function fubeiClient(sb) {
  const { appId, appSecret } = sb.credentials.fubei;
  return new pq.Fubei({ appId, appSecret, api: '1.0', baseUrl: sb.url });
}

/** A Fubei 1.0 notification form body signed with node:crypto. */
function fubeiNotice(sb, tamper = false) {
  const data = JSON.stringify({ merchant_order_sn: 'M-NOTIFY-1', order_sn: '2024020100001', trade_state: 'SUCCESS', total_fee: '80.07', pay_time: 1706760000 });
  const fields = { result_code: '200', result_message: '成功', data };
  fields.sign = nodeSignFubei(fields, sb.credentials.fubei.appSecret);
  if (tamper) fields.data = data.replace('80.07', '8007.00');
  return new URLSearchParams(fields).toString();
}

async function listen(t, server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${server.address().port}`;
}

async function post(url, body, headers = {}) {
  const res = await fetch(url, { method: 'POST', body, headers });
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') };
}

test('v2: a verified notice is typed like an order and gets the exact SUCCESS XML', async (t) => {
  const sb = await sandbox(t);
  const { notification, reply } = await v2Client(sb).handleNotification({ headers: {}, body: v2Notice(sb) });
  assert.equal(notification.outTradeNo, 'PQ-NOTIFY-1');
  assert.equal(notification.totalFee, 101);
  assert.equal(notification.status.state, 'PAID');
  assert.equal(notification.status.paidAt, '2024-02-01T12:00:00+08:00');
  assert.equal(notification.raw.trade_state, undefined, 'raw holds the wire fields only');
  assert.deepEqual(reply, { status: 200, headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body: V2_OK });
  const forged = v2Notice(sb).replace('<total_fee>101', '<total_fee>1');
  const e = await expectCode(() => v2Client(sb).handleNotification({ headers: {}, body: forged }), 'SIGNATURE_INVALID');
  assert.equal(e.reply.body, '<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[SIGNATURE_INVALID]]></return_msg></xml>');
  assert.ok(!e.message.includes(sb.credentials.v2.apiKey));
  await expectCode(() => v2Client(sb).handleNotification({ headers: {}, body: v2Notice(sb, { mch_id: '1900000999' }) }), 'RESPONSE_MISMATCH');
});

test('v3: verified and decrypted, 204 reply; tampered and replayed ones refused with a 4xx FAIL reply', async (t) => {
  const sb = await sandbox(t);
  const client = new pq.WechatPayV3(directConfig(sb));
  const good = sb.tools.v3.buildNotification({ outTradeNo: 'PQ-V3-PAID' });
  const { notification, reply } = await client.handleNotification(good);
  assert.equal(notification.outTradeNo, 'PQ-V3-PAID');
  assert.equal(notification.status.state, 'PAID');
  assert.match(notification.event.id, /^EV-/);
  assert.deepEqual(reply, { status: 204, headers: {}, body: '' });
  const e = await expectCode(() => client.handleNotification(sb.tools.v3.buildNotification({ outTradeNo: 'PQ-V3-PAID', tamper: 'body' })), 'SIGNATURE_INVALID');
  assert.deepEqual(e.reply, { status: 400, headers: { 'Content-Type': 'application/json' }, body: '{"code":"FAIL","message":"SIGNATURE_INVALID"}' });
  // A delivery replayed after the timestamp window.
  const old = sb.tools.v3.buildNotification({ outTradeNo: 'PQ-V3-PAID' });
  const replay = await expectCode(() => new pq.WechatPayV3(directConfig(sb, { maxSkewSeconds: 1 })).handleNotification({ ...old, headers: { ...old.headers, 'Wechatpay-Timestamp': String(Number(old.headers['Wechatpay-Timestamp']) - 600) } }), 'TIMESTAMP_SKEW');
  assert.equal(replay.reply.status, 400);
  const wrongKey = await expectCode(() => client.handleNotification(sb.tools.v3.buildNotification({ outTradeNo: 'PQ-V3-PAID', apiV3Key: 'x'.repeat(32) })), 'DECRYPT_FAILED');
  assert.ok(!wrongKey.message.includes(sb.credentials.v3.apiV3Key));
});

test('Fubei: the form is verified with the configured secret; reply success', async (t) => {
  const sb = await sandbox(t);
  const { notification, reply } = await fubeiClient(sb).handleNotification({ headers: {}, body: fubeiNotice(sb) });
  assert.equal(notification.merchantOrderSn, 'M-NOTIFY-1');
  assert.equal(notification.totalFeeFen, 8007);
  assert.equal(reply.body, 'success');
  const e = await expectCode(() => fubeiClient(sb).handleNotification({ headers: {}, body: fubeiNotice(sb, true) }), 'SIGNATURE_INVALID');
  assert.equal(e.reply.body, 'fail');
  assert.equal(fubeiClient(sb).notificationReply().body, 'success');
});

test('Express: raw body read from the stream; express.raw works; express.json is refused naming the fix', async (t) => {
  const sb = await sandbox(t);
  const seen = [];
  const errors = [];
  const client = new pq.WechatPayV3(directConfig(sb));
  const app = express();
  app.post('/notify/v3', pq.expressNotificationHandler(client, (n) => seen.push(n.outTradeNo)));
  app.post('/notify/v2', express.raw({ type: '*/*' }), pq.expressNotificationHandler(v2Client(sb), (n) => seen.push(n.outTradeNo)));
  app.post('/notify/parsed', express.json(), pq.expressNotificationHandler(client, () => seen.push('never'), { onError: (e) => errors.push(e) }));
  app.post('/notify/failing', pq.expressNotificationHandler(client, () => { throw new Error('database down'); }));
  const url = await listen(t, http.createServer(app));
  assert.deepEqual(await sb.tools.v3.postNotification(`${url}/notify/v3`, { outTradeNo: 'PQ-V3-PAID' }), { status: 204, body: '' });
  const v2 = await post(`${url}/notify/v2`, v2Notice(sb), { 'Content-Type': 'text/xml' });
  assert.equal(v2.body, V2_OK);
  assert.deepEqual(seen, ['PQ-V3-PAID', 'PQ-NOTIFY-1']);
  const parsed = await sb.tools.v3.postNotification(`${url}/notify/parsed`, { outTradeNo: 'PQ-V3-PAID' });
  assert.equal(parsed.status, 400);
  assert.equal(errors[0].code, 'INVALID_ARGUMENT');
  assert.match(errors[0].message, /express\.raw/);
  const failing = await sb.tools.v3.postNotification(`${url}/notify/failing`, { outTradeNo: 'PQ-V3-PAID' });
  assert.equal(failing.status, 500, 'a failing handler makes WeChat Pay deliver again');
  assert.equal(seen.length, 2);
});

test('Koa: reads ctx.req; the reply is the provider text', async (t) => {
  const sb = await sandbox(t);
  const seen = [];
  const app = new Koa();
  const handler = pq.koaNotificationHandler(fubeiClient(sb), (n) => seen.push(n.merchantOrderSn));
  app.use(async (ctx) => {
    if (ctx.path === '/notify/fubei') await handler(ctx);
  });
  const url = await listen(t, http.createServer(app.callback()));
  const ok = await post(`${url}/notify/fubei`, fubeiNotice(sb), { 'Content-Type': 'application/x-www-form-urlencoded' });
  assert.equal(ok.status, 200);
  assert.equal(ok.body, 'success');
  const bad = await post(`${url}/notify/fubei`, fubeiNotice(sb, true), { 'Content-Type': 'application/x-www-form-urlencoded' });
  assert.equal(bad.body, 'fail');
  assert.deepEqual(seen, ['M-NOTIFY-1']);
});

test('Fastify: with a buffer content-type parser; a body over the limit is refused', async (t) => {
  const sb = await sandbox(t);
  const app = Fastify();
  t.after(() => app.close());
  // Fastify parses JSON itself: the notification scope keeps raw bytes instead.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  const client = new pq.WechatPayV3(directConfig(sb));
  app.post('/notify/v3', pq.fastifyNotificationHandler(client, () => {}, { limit: 4096 }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${app.server.address().port}`;
  assert.equal((await sb.tools.v3.postNotification(`${url}/notify/v3`, { outTradeNo: 'PQ-V3-PAID' })).status, 204);
  const big = await post(`${url}/notify/v3`, 'x'.repeat(5000), { 'Content-Type': 'application/json' });
  assert.equal(big.status, 400);
  assert.equal(JSON.parse(big.body).code, 'FAIL');
});

test('Web Request handler (workerd/Deno/Bun shape) over a loopback bridge', async (t) => {
  const sb = await sandbox(t);
  const seen = [];
  const handler = pq.webNotificationHandler(new pq.WechatPayV3(directConfig(sb)), (n) => seen.push(n.event.eventType));
  // Node's http server hands each request to the handler as a Web Request, as workerd would.
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers: req.headers, body: Buffer.concat(chunks) });
    const response = await handler(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  const url = await listen(t, server);
  assert.equal((await sb.tools.v3.postNotification(`${url}/notify`, { outTradeNo: 'PQ-V3-PAID' })).status, 204);
  const tampered = await sb.tools.v3.postNotification(`${url}/notify`, { outTradeNo: 'PQ-V3-PAID', tamper: 'body' });
  assert.equal(tampered.status, 400);
  assert.deepEqual(seen, ['TRANSACTION.SUCCESS']);
});

test('WeChat cloud function HTTP trigger: base64 and plain events', async (t) => {
  const sb = await sandbox(t);
  const main = pq.cloudFunctionNotificationHandler(v2Client(sb), () => {});
  const body = v2Notice(sb);
  const plain = await main({ httpMethod: 'POST', headers: { 'content-type': 'text/xml' }, body, isBase64Encoded: false }, {});
  assert.deepEqual(plain, { statusCode: 200, headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body: V2_OK, isBase64Encoded: false });
  const b64 = await main({ headers: {}, body: Buffer.from(body).toString('base64'), isBase64Encoded: true }, {});
  assert.equal(b64.body, V2_OK);
  const empty = await main(null, {});
  assert.match(empty.body, /FAIL/);
});

test('handleNotification reads a Node IncomingMessage itself', async (t) => {
  const sb = await sandbox(t);
  const client = fubeiClient(sb);
  const results = [];
  const url = await listen(
    t,
    http.createServer(async (req, res) => {
      try {
        const { reply } = await client.handleNotification(req, { limit: 2048 });
        results.push('ok');
        res.writeHead(reply.status, reply.headers).end(reply.body);
      } catch (e) {
        results.push(e.code);
        const reply = e.reply || client.notificationReply(e.code);
        res.writeHead(reply.status, reply.headers).end(reply.body);
      }
    }),
  );
  assert.equal((await post(url, fubeiNotice(sb))).body, 'success');
  assert.equal((await post(url, 'a='.padEnd(3000, 'x'))).status, 400);
  assert.deepEqual(results, ['ok', 'INVALID_ARGUMENT']);
});

test("the sandbox's notification senders: v2 (MD5, HMAC-SHA256, a sub-merchant's) and Fubei (1.0, 2.0)", async (t) => {
  const sb = await sandbox(t);
  const { appid, mchId, apiKey, subMchId } = sb.credentials.v2;
  const hmac = new pq.WechatPayV2({ appid, mchId, apiKey, signType: 'HMAC-SHA256', subMchId, baseUrl: sb.url });
  const sp = await hmac.handleNotification(sb.tools.v2.buildNotification({ outTradeNo: 'PQ-V2-SP-PAID', signType: 'HMAC-SHA256' }));
  assert.equal(sp.notification.outTradeNo, 'PQ-V2-SP-PAID');
  assert.equal(sp.notification.subMchId, subMchId);
  assert.equal(sp.notification.status.state, 'PAID');
  await expectCode(() => hmac.handleNotification(sb.tools.v2.buildNotification({ outTradeNo: 'PQ-V2-SP-PAID', signType: 'MD5' })), 'SIGNATURE_INVALID');
  const md5 = await v2Client(sb).handleNotification(sb.tools.v2.buildNotification());
  assert.equal(md5.notification.outTradeNo, 'PQ-V2-PAID');
  assert.equal(md5.notification.couponFee, 20);

  const { vendorSn, vendorSecret, merchantId } = sb.credentials.fubei;
  const agent = new pq.Fubei({ vendorSn, appSecret: vendorSecret, api: '2.0', merchantId, baseUrl: sb.url });
  const fb2 = await agent.handleNotification(sb.tools.fubei.buildNotification({ api: '2.0' }));
  assert.equal(fb2.notification.api, '2.0');
  assert.equal(fb2.notification.merchantOrderSn, 'PQ-FB2-PAID');
  const fb1 = await fubeiClient(sb).handleNotification(sb.tools.fubei.buildNotification());
  assert.equal(fb1.notification.totalFeeFen, 8007);
  await expectCode(() => fubeiClient(sb).handleNotification(sb.tools.fubei.buildNotification({ tamper: 'body' })), 'SIGNATURE_INVALID');
  assert.throws(() => sb.tools.fubei.buildNotification({ api: '3.0' }), /api must be/);
  assert.throws(() => sb.tools.v2.buildNotification({ outTradeNo: 'PQ-V2-NOTPAY' }), /no such paid seeded order/);
});
