// Payment notifications posted by the sandbox to a real HTTP receiver, and verifyResponse for
// callers with their own HTTP client: signatures over the raw bytes, AES-GCM with the APIv3 key.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { pq, sandbox, expectCode } from './helpers.mjs';
import { nodeV3, direct, partnerConfig } from './v3-helpers.mjs';

/** A merchant's notify endpoint: parses with `client`, answers 200 or 400, records the outcome. */
async function receiver(t, client) {
  const outcomes = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      try {
        // The raw bytes as received: never a re-serialised req.body.
        const order = await client.parseNotification({ headers: req.headers, body: Buffer.concat(chunks) });
        outcomes.push({ order });
        res.writeHead(200).end();
      } catch (error) {
        outcomes.push({ error });
        res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ code: 'FAIL', message: error.code }));
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  return { url: `http://127.0.0.1:${server.address().port}/notify`, outcomes };
}

test('a posted notification is verified, decrypted and typed like a query result', async (t) => {
  const sb = await sandbox(t);
  const client = direct(sb);
  const rx = await receiver(t, client);
  const answer = await sb.tools.v3.postNotification(rx.url, { outTradeNo: 'PQ-V3-PAID' });
  assert.equal(answer.status, 200, answer.body);
  const { order } = rx.outcomes.at(-1);
  assert.match(order.event.id, /^EV-/);
  assert.equal(order.event.eventType, 'TRANSACTION.SUCCESS');
  assert.equal(order.event.originalType, 'transaction');
  assert.equal(order.event.summary, '支付成功');
  // attempts and host say how the query's HTTP call went; a notification has none.
  const { attempts: _a, host: _h, ...queried } = await client.queryOrder({ outTradeNo: 'PQ-V3-PAID' });
  const { event: _e, ...fromNotification } = order;
  assert.deepEqual(fromNotification, queried, 'the same typed order a query returns');
  // Signed with the platform certificate instead: needs the certificate configured.
  const c = sb.credentials.v3;
  const withCert = direct(sb, { platformCertificates: [c.platformCertificate] });
  const n = sb.tools.v3.buildNotification({ outTradeNo: 'PQ-V3-REFUND', signWith: 'platform' });
  assert.equal((await withCert.parseNotification(n)).status.state, 'REFUNDED');
  await expectCode(() => client.parseNotification(n), 'UNKNOWN_SERIAL');
});

test('partner and combine notifications, and headers given as a fetch Headers object', async (t) => {
  const sb = await sandbox(t);
  const partner = new pq.WechatPayV3(partnerConfig(sb));
  const p = sb.tools.v3.buildNotification({ outTradeNo: 'PQ-V3-SP-PAID' });
  const order = await partner.parseNotification({ headers: new Headers(p.headers), body: p.body });
  assert.equal(order.subMchid, sb.credentials.v3.subMchid);
  assert.equal(order.payer.subOpenid, 'oSubOpenid000000000000000001');
  const combine = sb.tools.v3.buildNotification({ combineOutTradeNo: 'PQ-V3-COMBINE-MIXED' });
  const c = await direct(sb).parseNotification({ headers: combine.headers, body: new TextEncoder().encode(combine.body) });
  assert.deepEqual(c.subOrders.map((s) => s.status.state), ['PAID', 'NOT_PAID', 'CLOSED']);
  assert.equal(c.status.final, false);
  // A partner notification does not belong to the direct merchant.
  await expectCode(() => direct(sb).parseNotification(p), 'RESPONSE_MISMATCH');
});

test('tampered ciphertext, tampered body, wrong key, stale or unsigned notifications are refused', async (t) => {
  const sb = await sandbox(t);
  const client = direct(sb);
  const rx = await receiver(t, client);
  for (const [options, code] of [
    [{ tamper: 'ciphertext' }, 'DECRYPT_FAILED'],
    [{ tamper: 'body' }, 'SIGNATURE_INVALID'],
    [{ apiV3Key: nodeV3.nonce(32) }, 'DECRYPT_FAILED'],
  ]) {
    const answer = await sb.tools.v3.postNotification(rx.url, { outTradeNo: 'PQ-V3-PAID', ...options });
    assert.equal(answer.status, 400);
    const { error } = rx.outcomes.at(-1);
    assert.ok(pq.isPayQueryError(error));
    assert.equal(error.code, code, JSON.stringify(options));
  }
  const n = sb.tools.v3.buildNotification({ outTradeNo: 'PQ-V3-PAID' });
  await expectCode(() => client.parseNotification(n, { now: Math.floor(Date.now() / 1000) + 3600 }), 'TIMESTAMP_SKEW');
  const { 'Wechatpay-Signature': _s, ...unsigned } = n.headers;
  await expectCode(() => client.parseNotification({ headers: unsigned, body: n.body }), 'SIGNATURE_MISSING');
  const probe = { ...n.headers, 'Wechatpay-Signature': 'WECHATPAY/SIGNTEST/AAAA' };
  await expectCode(() => client.parseNotification({ headers: probe, body: n.body }), 'SIGNATURE_PROBE');
  const keyless = direct(sb, { apiV3Key: undefined });
  await expectCode(() => keyless.parseNotification(n), 'INVALID_CONFIG');
  await expectCode(() => client.parseNotification({ headers: n.headers }), 'INVALID_ARGUMENT');
});

test('verifyResponse: raw bytes verify; the same JSON re-serialised with other spacing does not', async (t) => {
  const sb = await sandbox(t);
  const c = sb.credentials.v3;
  const client = direct(sb);
  const body = '{"mchid":"1900000001","out_trade_no":"X","trade_state":"SUCCESS","amount":{"total":1}}';
  const headers = nodeV3.signedHeaders(body, { privateKey: c.sandboxKeys.publicKeyPrivateKey, serial: c.wechatpayPublicKey.id });
  const verified = await client.verifyResponse({ status: 200, headers, body });
  assert.deepEqual(verified, JSON.parse(body));
  const respaced = JSON.stringify(JSON.parse(body), null, 2);
  assert.deepEqual(JSON.parse(respaced), JSON.parse(body));
  await expectCode(() => client.verifyResponse({ status: 200, headers, body: respaced }), 'SIGNATURE_INVALID');
  await expectCode(() => client.verifyResponse({ status: 200, headers, body: `${body} ` }), 'SIGNATURE_INVALID');
  const bytes = new TextEncoder().encode(body);
  assert.deepEqual(await client.verifyResponse({ headers, body: bytes }), JSON.parse(body));
  await expectCode(() => client.verifyResponse({ headers, body }, { now: Number(headers['Wechatpay-Timestamp']) + 301 }), 'TIMESTAMP_SKEW');
  const error = { code: 'PARAM_ERROR', message: '参数错误', detail: { field: 'mchid' } };
  const rejected = await expectCode(
    () => client.verifyResponse({ status: 400, headers: { 'Request-ID': 'R-1' }, body: JSON.stringify(error) }),
    'PROVIDER_ERROR',
  );
  assert.deepEqual([rejected.providerCode, rejected.httpStatus, rejected.requestId, rejected.detail], ['PARAM_ERROR', 400, 'R-1', { field: 'mchid' }]);
});
