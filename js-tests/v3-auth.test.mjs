// WechatPayV3 offline: Authorization known answers checked by node:crypto with the merchant
// public key, the signer alternative, configuration refusals, and explainV3.
import test from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { pq, expectCode } from './helpers.mjs';
import { nodeV3, v3Credentials } from './v3-helpers.mjs';

function config(extra = {}) {
  const c = v3Credentials();
  return {
    mchid: c.mchid,
    merchantSerialNo: c.merchantSerialNo,
    privateKey: c.privateKey,
    wechatpayPublicKey: c.wechatpayPublicKey,
    ...extra,
  };
}

const TS = 1700000000;
const NONCE = '593BEC0C930BF1AFEB40B4A08C8FB242';

test('buildAuthorization: the known message, signed, verifies with node:crypto and equals its signature', async () => {
  const c = v3Credentials();
  const client = new pq.WechatPayV3(config());
  const cases = [
    ['GET', 'https://api.mch.weixin.qq.com/v3/pay/transactions/out-trade-no/PQ%7C1?mchid=1900000001', '', '/v3/pay/transactions/out-trade-no/PQ%7C1?mchid=1900000001'],
    ['POST', '/v3/pay/transactions/jsapi', '{"appid":"wx1","amount":{"total":1}}', '/v3/pay/transactions/jsapi'],
    ['get', 'http://127.0.0.1:9/v3/certificates', undefined, '/v3/certificates'],
  ];
  for (const [method, url, body, signedUrl] of cases) {
    const header = await client.buildAuthorization(method, url, body, { timestamp: TS, nonce: NONCE });
    const fields = nodeV3.parseAuthorization(header);
    assert.ok(fields, header);
    assert.deepEqual(
      { ...fields, signature: undefined },
      { mchid: c.mchid, nonce_str: NONCE, timestamp: String(TS), serial_no: c.merchantSerialNo, signature: undefined },
    );
    const message = nodeV3.requestMessage(method.toUpperCase(), signedUrl, TS, NONCE, body || '');
    assert.ok(nodeV3.verify(message, fields.signature, c.merchantPublicKey), `${method} ${url}`);
    // RSASSA-PKCS1-v1_5 is deterministic: node:crypto produces the very same bytes.
    assert.equal(fields.signature, nodeV3.sign(message, c.privateKey));
    assert.match(header, /^WECHATPAY2-SHA256-RSA2048 mchid="\d+",nonce_str="\w+",timestamp="\d+",serial_no="[0-9A-F]+",signature="[A-Za-z0-9+/=]+"$/);
  }
});

test('buildAuthorization defaults to now and a fresh 32-character nonce', async () => {
  const client = new pq.WechatPayV3(config());
  const before = Math.floor(Date.now() / 1000);
  const a = nodeV3.parseAuthorization(await client.buildAuthorization('GET', '/v3/x'));
  const b = nodeV3.parseAuthorization(await client.buildAuthorization('GET', '/v3/x'));
  const after = Math.floor(Date.now() / 1000);
  assert.match(a.nonce_str, /^[A-Za-z0-9]{32}$/);
  assert.notEqual(a.nonce_str, b.nonce_str);
  assert.ok(Number(a.timestamp) >= before && Number(a.timestamp) <= after);
  for (const [args, code] of [
    [['TRACE', '/v3/x'], 'INVALID_ARGUMENT'],
    [['GET', 'v3/x'], 'INVALID_ARGUMENT'],
    [['GET', '/v3/x#frag'], 'INVALID_ARGUMENT'],
    [['GET', '/v3/x', '', { nonce: 'has-dash' }], 'INVALID_ARGUMENT'],
    [['GET', '/v3/x', '', { timestamp: 1.5 }], 'INVALID_ARGUMENT'],
    [['GET', '/v3/x', '', { when: 1 }], 'INVALID_ARGUMENT'],
    [[42, '/v3/x'], 'INVALID_ARGUMENT'],
  ]) {
    await expectCode(() => client.buildAuthorization(...args), code);
  }
});

test('a signer (KMS/HSM) signs the same message; its own errors propagate unchanged', async () => {
  const c = v3Credentials();
  const seen = [];
  const signer = async (message) => {
    seen.push(message);
    return nodeV3.sign(message, c.privateKey);
  };
  const { privateKey: _k, ...rest } = config();
  const viaSigner = new pq.WechatPayV3({ ...rest, signer });
  const viaKey = new pq.WechatPayV3(config());
  const opts = { timestamp: TS, nonce: NONCE };
  assert.equal(await viaSigner.buildAuthorization('GET', '/v3/x', '', opts), await viaKey.buildAuthorization('GET', '/v3/x', '', opts));
  assert.deepEqual(seen, [`GET\n/v3/x\n${TS}\n${NONCE}\n\n`]);
  const sync = new pq.WechatPayV3({ ...rest, signer: (m) => nodeV3.sign(m, c.privateKey) });
  assert.ok(await sync.buildAuthorization('GET', '/v3/x'));
  const junk = new pq.WechatPayV3({ ...rest, signer: async () => 'not base64!' });
  await expectCode(() => junk.buildAuthorization('GET', '/v3/x'), 'INVALID_CONFIG');
  const number = new pq.WechatPayV3({ ...rest, signer: async () => 42 });
  await expectCode(() => number.buildAuthorization('GET', '/v3/x'), 'INVALID_CONFIG');
  class KmsError extends Error {}
  const failing = new pq.WechatPayV3({ ...rest, signer: async () => { throw new KmsError('kms down'); } });
  await assert.rejects(() => failing.buildAuthorization('GET', '/v3/x'), KmsError);
  await assert.rejects(() => failing.queryOrder({ outTradeNo: 'PQ-V3-PAID' }), KmsError);
});

test('configuration is refused synchronously with INVALID_CONFIG, with a way out', async () => {
  const c = v3Credentials();
  const pkcs1 = crypto.createPrivateKey(c.privateKey).export({ type: 'pkcs1', format: 'pem' });
  const e = await expectCode(() => new pq.WechatPayV3(config({ privateKey: pkcs1 })), 'INVALID_CONFIG');
  assert.match(e.message, /openssl pkcs8 -topk8 -nocrypt -in apiclient_key\.pem -out apiclient_key\.pkcs8\.pem/);
  assert.ok(!e.message.includes(pkcs1.split('\n')[1].slice(0, 20)), 'no key material in messages');
  const damaged = c.privateKey.replace(/\n(.{10})/, '\nAAAAAAAAAA');
  const d = await expectCode(() => new pq.WechatPayV3(config({ privateKey: damaged })), 'INVALID_CONFIG');
  assert.ok(!d.message.includes('AAAAAAAAAA'));
  const expired = await expectCode(
    () => new pq.WechatPayV3(config({ wechatpayPublicKey: undefined, platformCertificates: [c.expiredPlatformCertificate] })),
    'INVALID_CONFIG',
  );
  assert.match(expired.message, /platformCertificates\[0\].*expired/);
  const { privateKey: _k, wechatpayPublicKey: _p, ...bare } = config();
  for (const bad of [
    config({ mchId: '1' }),
    config({ spMchid: '1900000100' }),
    config({ signer: async () => '' }),
    bare,
    { ...bare, privateKey: c.privateKey },
    config({ wechatpayPublicKey: { ...c.wechatpayPublicKey, serial: 'x' } }),
    config({ wechatpayPublicKey: { id: 'KEY_1', pem: c.wechatpayPublicKey.pem } }),
    config({ wechatpayPublicKey: { id: c.wechatpayPublicKey.id, pem: c.platformCertificate } }),
    config({ platformCertificates: c.platformCertificate }),
    config({ platformCertificates: [c.platformCertificate, c.platformCertificate] }),
    config({ apiV3Key: 'too short' }),
    config({ merchantSerialNo: 'serial!' }),
    config({ maxSkewSeconds: 0 }),
    config({ baseUrl: 'ftp://x' }),
    config({ privateKey: c.privateKey.replace(/\n/g, '\\n') }),
    null,
  ]) {
    await expectCode(() => new pq.WechatPayV3(bad), 'INVALID_CONFIG');
  }
});

test('the sandbox certificate is real X.509: node:crypto reads the serial payquery reads', async () => {
  const c = v3Credentials();
  const cert = new crypto.X509Certificate(c.platformCertificate);
  assert.equal(cert.serialNumber.toUpperCase(), c.platformSerial);
  assert.ok(cert.verify(cert.publicKey), 'self-signed');
  assert.ok(new Date(cert.validTo) > new Date());
  assert.ok(new Date(new crypto.X509Certificate(c.expiredPlatformCertificate).validTo) < new Date());
  // Certificate-only configuration is accepted and its serial is what requests name.
  const client = new pq.WechatPayV3(config({ wechatpayPublicKey: undefined, platformCertificates: [c.platformCertificate] }));
  assert.ok(client instanceof pq.WechatPayV3);
});

test('explainV3 shows the exact messages and the first differing line', async () => {
  const c = v3Credentials();
  const client = new pq.WechatPayV3(config());
  const authorization = await client.buildAuthorization('GET', '/v3/pay/transactions/id/42?mchid=1', '', { timestamp: TS, nonce: NONCE });
  const x = pq.explainV3({ request: { method: 'GET', url: 'https://api.mch.weixin.qq.com/v3/pay/transactions/id/42?mchid=1', authorization } });
  assert.equal(x.kind, 'request');
  assert.equal(x.message, nodeV3.requestMessage('GET', '/v3/pay/transactions/id/42?mchid=1', TS, NONCE, ''));
  assert.equal(x.authorization.serialNo, c.merchantSerialNo);
  assert.equal(x.matches, undefined);
  const wechatMessage = nodeV3.requestMessage('GET', '/v3/pay/transactions/id/42?mchid=2', TS, NONCE, '');
  const diff = pq.explainV3({ request: { method: 'GET', url: '/v3/pay/transactions/id/42?mchid=1', timestamp: TS, nonce: NONCE }, wechatMessage });
  assert.equal(diff.matches, false);
  const [ours, theirs] = ['/v3/pay/transactions/id/42?mchid=1', '/v3/pay/transactions/id/42?mchid=2'];
  assert.deepEqual(diff.firstDifference, {
    line: 2,
    name: 'URL',
    ours,
    wechat: theirs,
    // 'GET\n' and the common part of the URL come first.
    offset: 4 + ours.length - 1,
    oursShown: ours,
    wechatShown: theirs,
  });
  const body = '{"trade_state":"SUCCESS"}';
  const now = Math.floor(Date.now() / 1000);
  const headers = nodeV3.signedHeaders(body, { privateKey: c.sandboxKeys.publicKeyPrivateKey, serial: c.wechatpayPublicKey.id, timestamp: now - 1000 });
  const r = pq.explainV3({ response: { headers, body }, now });
  assert.equal(r.kind, 'response');
  assert.equal(r.message, `${now - 1000}\n${headers['Wechatpay-Nonce']}\n${body}\n`);
  assert.deepEqual([r.skewSeconds, r.withinSkew, r.probe, r.missing], [1000, false, false, []]);
  assert.match(r.hint, /window/);
  const bare = pq.explainV3({ response: { body } });
  assert.equal(bare.missing.length, 4);
  for (const bad of [{}, { request: {}, response: {} }, { request: { method: 'GET', url: '/x' } }, { response: { body }, extra: 1 }]) {
    await expectCode(() => pq.explainV3(bad), 'INVALID_ARGUMENT');
  }
});
