// APIv3 platform certificates against the sandbox over real HTTP on loopback:
// `platformCertificates: 'auto'` and `downloadPlatformCertificates()`: the first download,
// a rotation, an expired certificate, a tampered ciphertext, a wrong APIv3 key, a tampered
// answer, and concurrent queries during a download (one download, not one per query).
import test from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { pq, sandbox, expectCode } from './helpers.mjs';
import { directConfig } from './v3-helpers.mjs';

/** A direct client in certificate mode: no public key, certificates downloaded. */
function autoClient(sb, extra = {}) {
  const { wechatpayPublicKey: _none, ...config } = directConfig(sb);
  return new pq.WechatPayV3({ ...config, platformCertificates: 'auto', ...extra });
}

const downloads = (sb) => sb.requests.filter((r) => r.url === '/v3/certificates');
const queries = (sb) => sb.requests.filter((r) => r.url.startsWith('/v3/pay/'));

/** Rotates through the control endpoint, as a developer's script would. */
async function rotate(sb, options = {}) {
  const res = await fetch(`${sb.url}/__sandbox/v3/rotate-certificate`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(options),
  });
  assert.equal(res.status, 200);
  return (await res.json()).serial;
}

test("first download: 'auto' downloads once, verifies with the certificate and names it in Wechatpay-Serial", async (t) => {
  const sb = await sandbox(t);
  const client = autoClient(sb);
  const order = await client.queryOrder({ outTradeNo: 'PQ-V3-PAID' });
  assert.equal(order.tradeState, 'SUCCESS');
  assert.equal(downloads(sb).length, 1);
  const [query] = queries(sb);
  assert.equal(query.headers['wechatpay-serial'], sb.credentials.v3.platformSerial);
  // The download itself was signed like any request (the sandbox checked it with node:crypto).
  assert.match(downloads(sb)[0].headers.authorization, /^WECHATPAY2-SHA256-RSA2048 /);
  await client.queryOrder({ outTradeNo: 'PQ-V3-PAID' });
  assert.equal(downloads(sb).length, 1, 'cached: no second download');
});

test('downloadPlatformCertificates returns the decrypted PEMs with serial and validity', async (t) => {
  const sb = await sandbox(t);
  const client = new pq.WechatPayV3(directConfig(sb));
  const certs = await client.downloadPlatformCertificates();
  assert.equal(certs.length, 1);
  const [c] = certs;
  assert.equal(c.serialNo, sb.credentials.v3.platformSerial);
  assert.equal(c.pem, sb.credentials.v3.platformCertificate);
  const x509 = new crypto.X509Certificate(c.pem);
  assert.equal(x509.serialNumber.replace(/^0+/, ''), c.serialNo);
  assert.equal(Date.parse(c.notAfter), Date.parse(x509.validTo));
  assert.equal(Date.parse(c.notBefore), Date.parse(x509.validFrom));
  assert.match(c.effectiveTime, /\+08:00$/);
  // Stored PEMs work as pinned certificates.
  const { wechatpayPublicKey: _none, ...config } = directConfig(sb);
  const pinned = new pq.WechatPayV3({ ...config, platformCertificates: certs.map((x) => x.pem) });
  assert.equal((await pinned.queryOrder({ outTradeNo: 'PQ-V3-PAID' })).tradeState, 'SUCCESS');
});

test('rotation: an answer signed by the new certificate triggers one download; old and new are kept', async (t) => {
  const sb = await sandbox(t);
  const client = autoClient(sb);
  await client.queryOrder({ outTradeNo: 'PQ-V3-PAID' });
  const oldSerial = sb.credentials.v3.platformSerial;
  const newSerial = await rotate(sb);
  assert.notEqual(newSerial, oldSerial);
  // The sandbox now signs with the new key, whatever the request names.
  sb.inject({ kind: 'platformSigned' });
  const order = await client.queryOrder({ outTradeNo: 'PQ-V3-PAID' });
  assert.equal(order.tradeState, 'SUCCESS');
  assert.equal(downloads(sb).length, 2);
  const serials = (await client.downloadPlatformCertificates()).map((c) => c.serialNo).sort();
  assert.deepEqual(serials, [oldSerial, newSerial].sort());
  // An answer signed with a serial nobody knows: refused, and no new download within a minute.
  const before = downloads(sb).length;
  sb.inject({ kind: 'wrongSerial', serial: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1' });
  await expectCode(() => client.queryOrder({ outTradeNo: 'PQ-V3-PAID' }), 'UNKNOWN_SERIAL');
  assert.equal(downloads(sb).length, before);
});

test('rotation with the old certificate retired: the client follows', async (t) => {
  const sb = await sandbox(t);
  const client = autoClient(sb);
  await client.queryOrder({ outTradeNo: 'PQ-V3-PAID' });
  const newSerial = await rotate(sb, { retireOld: true });
  sb.inject({ kind: 'platformSigned' });
  assert.equal((await client.queryOrder({ outTradeNo: 'PQ-V3-PAID' })).tradeState, 'SUCCESS');
  const certs = await client.downloadPlatformCertificates();
  assert.deepEqual(certs.map((c) => c.serialNo), [newSerial]);
});

test('an expired certificate is never trusted: the download signed by it is UNKNOWN_SERIAL', async (t) => {
  const sb = await sandbox(t);
  await rotate(sb, { expired: true, retireOld: true });
  const e = await expectCode(() => autoClient(sb).queryOrder({ outTradeNo: 'PQ-V3-PAID' }), 'UNKNOWN_SERIAL');
  assert.equal(queries(sb).length, 0, 'no query is sent without a usable key');
  assert.ok(!e.message.includes(sb.credentials.v3.apiV3Key));
});

test('a tampered certificate ciphertext is DECRYPT_FAILED; the next download recovers', async (t) => {
  const sb = await sandbox(t);
  const client = autoClient(sb);
  sb.inject({ kind: 'tamperCertificate' });
  await expectCode(() => client.queryOrder({ outTradeNo: 'PQ-V3-PAID' }), 'DECRYPT_FAILED');
  assert.equal(queries(sb).length, 0);
  assert.equal((await client.queryOrder({ outTradeNo: 'PQ-V3-PAID' })).tradeState, 'SUCCESS');
  assert.equal(downloads(sb).length, 2);
});

test('a wrong APIv3 key is DECRYPT_FAILED and the key never shows', async (t) => {
  const sb = await sandbox(t);
  const wrong = 'W'.repeat(32);
  const client = autoClient(sb, { apiV3Key: wrong });
  const e = await expectCode(() => client.downloadPlatformCertificates(), 'DECRYPT_FAILED');
  assert.ok(!e.message.includes(wrong));
  await expectCode(() => client.queryOrder({ outTradeNo: 'PQ-V3-PAID' }), 'DECRYPT_FAILED');
});

test('a download answer re-serialised after signing is SIGNATURE_INVALID', async (t) => {
  const sb = await sandbox(t);
  sb.inject({ kind: 'reserializeBody' });
  await expectCode(() => autoClient(sb).downloadPlatformCertificates(), 'SIGNATURE_INVALID');
});

test('concurrent queries during a download share one download', async (t) => {
  const sb = await sandbox(t);
  const client = autoClient(sb);
  sb.inject({ kind: 'delay', ms: 200, times: 1 });
  const orders = await Promise.all(Array.from({ length: 12 }, () => client.queryOrder({ outTradeNo: 'PQ-V3-PAID' })));
  assert.ok(orders.every((o) => o.tradeState === 'SUCCESS'));
  assert.equal(downloads(sb).length, 1);
  assert.equal(queries(sb).length, 12);
});

test("'auto' beside a WeChat Pay public key (migration): queries verify with the public key", async (t) => {
  const sb = await sandbox(t);
  const client = new pq.WechatPayV3(directConfig(sb, { platformCertificates: 'auto' }));
  assert.equal((await client.queryOrder({ outTradeNo: 'PQ-V3-PAID' })).tradeState, 'SUCCESS');
  assert.equal(queries(sb)[0].headers['wechatpay-serial'], sb.credentials.v3.wechatpayPublicKey.id);
  // And an answer signed by the platform certificate verifies too.
  sb.inject({ kind: 'platformSigned' });
  assert.equal((await client.queryOrder({ outTradeNo: 'PQ-V3-PAID' })).tradeState, 'SUCCESS');
});

test("'auto' needs apiV3Key; other strings are refused", async (t) => {
  const sb = await sandbox(t);
  const { apiV3Key: _k, wechatpayPublicKey: _p, ...config } = directConfig(sb);
  await expectCode(() => new pq.WechatPayV3({ ...config, platformCertificates: 'auto' }), 'INVALID_CONFIG');
  await expectCode(() => new pq.WechatPayV3({ ...config, apiV3Key: 'k'.repeat(32), platformCertificates: 'download' }), 'INVALID_CONFIG');
  const noKey = new pq.WechatPayV3({ ...config, wechatpayPublicKey: sb.credentials.v3.wechatpayPublicKey });
  await expectCode(() => noKey.downloadPlatformCertificates(), 'INVALID_CONFIG');
});
