// The crypto provider per runtime (src/wasm/crypto.rs): the Node entry hands the core
// node:crypto (pkg-template/node/crypto.cjs), other runtimes use WebCrypto. The same client
// config is built under each provider in one process (the glue's __setCryptoProvider switches
// what clients built afterwards import their keys with); every result and every error must be
// identical, and agree with node:crypto signing and verifying independently (the sandbox's
// sign.js, not Rust).
import test from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { pq, sandbox, expectCode } from './helpers.mjs';
import { directConfig, nodeV3 } from './v3-helpers.mjs';

const require = createRequire(import.meta.url);
// The entry's own instance (the entry is one bundled file; the hook is not enumerable).
const glue = require('../pkg/node/index.cjs');
const nodeProvider = require('../pkg/node/crypto.cjs');

/** Calls of each provider function, counted through a wrapper around node:crypto's provider. */
function countingProvider() {
  const calls = { importKey: 0, rsaSign: 0, rsaVerify: 0, aesGcmDecrypt: 0 };
  const wrapped = Object.fromEntries(Object.entries(nodeProvider).map(([name, fn]) => [name, (...a) => (calls[name]++, fn(...a))]));
  return { calls, wrapped };
}

/** The same config built with node:crypto (counted) and with WebCrypto. */
function clientsOf(config) {
  const { calls, wrapped } = countingProvider();
  glue.__setCryptoProvider(wrapped);
  const node = new pq.WechatPayV3(config);
  glue.__setCryptoProvider(undefined);
  let web;
  try {
    web = new pq.WechatPayV3(config);
  } finally {
    glue.__setCryptoProvider(nodeProvider);
  }
  return { node, web, calls };
}

/** The settled outcome of a call: its value, or its error's code, name and message. */
async function outcome(fn) {
  try {
    return { value: await fn() };
  } catch (e) {
    assert.ok(pq.isPayQueryError(e), `a PayQueryError, got ${e}`);
    return { code: e.code, message: e.message };
  }
}

test('buildAuthorization: both providers give the header node:crypto computes, byte for byte', async (t) => {
  const sb = await sandbox(t);
  const c = sb.credentials.v3;
  const { node, web, calls } = clientsOf(directConfig(sb));
  assert.equal(calls.importKey, 3, 'the private key, the public key and the APIv3 key are imported once, at construction');
  const url = `https://api.mch.weixin.qq.com/v3/pay/transactions/out-trade-no/PQ-1?mchid=${c.mchid}`;
  for (const [timestamp, nonce, body] of [[1700000000, 'N'.repeat(32), ''], [1800000000, 'abc', '{"a":"中文"}']]) {
    const fromNode = await node.buildAuthorization('POST', url, body, { timestamp, nonce });
    const fromWeb = await web.buildAuthorization('POST', url, body, { timestamp, nonce });
    assert.equal(fromNode, fromWeb);
    const { signature } = nodeV3.parseAuthorization(fromNode);
    const message = nodeV3.requestMessage('POST', url.slice('https://api.mch.weixin.qq.com'.length), timestamp, nonce, body);
    assert.equal(signature, crypto.sign('sha256', Buffer.from(message), c.privateKey).toString('base64'));
  }
  assert.equal(calls.rsaSign, 2, 'the node client signed with node:crypto');
});

test('verifyResponse: node:crypto-signed answers verify alike; forged, tampered and malformed ones fail alike', async (t) => {
  const sb = await sandbox(t);
  const c = sb.credentials.v3;
  const { node, web, calls } = clientsOf(directConfig(sb));
  const now = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({ mchid: c.mchid, out_trade_no: 'PQ-1', note: '中文 "q" \\ \u2028' });
  const signed = (b, key = c.sandboxKeys.publicKeyPrivateKey) =>
    ({ status: 200, headers: nodeV3.signedHeaders(b, { privateKey: key, serial: c.wechatpayPublicKey.id, timestamp: now }), body: b });
  const good = signed(body);
  const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const cases = [
    ['valid', good],
    ['valid, body as bytes', { ...good, body: new TextEncoder().encode(body) }],
    ['empty body', signed('')],
    ['tampered body', { ...good, body: body.replace('PQ-1', 'PQ-2') }],
    ['another key', signed(body, other)],
    ['short signature', { ...good, headers: { ...good.headers, 'Wechatpay-Signature': 'AAAA' } }],
    ['not JSON', signed('{"a":')],
    ['error answer', { ...good, status: 500 }],
  ];
  for (const [name, response] of cases) {
    const a = await outcome(() => node.verifyResponse(response, { now }));
    const b = await outcome(() => web.verifyResponse(response, { now }));
    assert.deepEqual(a, b, name);
  }
  assert.deepEqual((await outcome(() => node.verifyResponse(good, { now }))).value, JSON.parse(body));
  // A body given as a string is parsed from that string, except when it holds a lone surrogate:
  // its UTF-8 (what was verified) has U+FFFD there, and that is what comes back.
  // (Written by hand: JSON.stringify would escape the lone surrogate.)
  const withNote = (note) => `{"mchid":"${c.mchid}","note":"${note}"}`;
  const replaced = withNote('a\ufffdb');
  const lone = { ...signed(replaced), body: withNote('a\ud800b') };
  for (const client of [node, web]) {
    assert.deepEqual((await outcome(() => client.verifyResponse(lone, { now }))).value, JSON.parse(replaced));
  }
  // Headers beyond the four signed ones may hold anything, \0 included; each is read once.
  const reads = [];
  const headers = {};
  for (const [k, v] of Object.entries({ ...good.headers, 'X-Odd': 'a\0b', 'X-Last': 'z' })) {
    Object.defineProperty(headers, k, { enumerable: true, get: () => (reads.push(k), v) });
  }
  assert.deepEqual((await outcome(() => node.verifyResponse({ ...good, headers }, { now }))).value, JSON.parse(body));
  assert.deepEqual(reads, Object.keys(headers), 'each header read once, in order');
  await expectCode(() => node.verifyResponse(cases[3][1], { now }), 'SIGNATURE_INVALID');
  await expectCode(() => node.verifyResponse(cases[4][1], { now }), 'SIGNATURE_INVALID');
  await expectCode(() => node.verifyResponse(cases[6][1], { now }), 'MALFORMED_RESPONSE');
  assert.ok(calls.rsaVerify >= 6, `the node client verified with node:crypto (${calls.rsaVerify})`);
});

test('parseNotification and queryOrder: same orders and same refusals under both providers', async (t) => {
  const sb = await sandbox(t);
  const { node, web, calls } = clientsOf(directConfig(sb));
  for (const options of [{}, { tamper: 'ciphertext' }, { tamper: 'body' }, { apiV3Key: nodeV3.nonce(32) }]) {
    const n = sb.tools.v3.buildNotification({ outTradeNo: 'PQ-V3-PAID', ...options });
    assert.deepEqual(await outcome(() => node.parseNotification(n)), await outcome(() => web.parseNotification(n)), JSON.stringify(options));
  }
  await expectCode(() => node.parseNotification(sb.tools.v3.buildNotification({ outTradeNo: 'PQ-V3-PAID', tamper: 'ciphertext' })), 'DECRYPT_FAILED');
  assert.ok(calls.aesGcmDecrypt >= 2, 'the node client decrypted with node:crypto');
  const strip = ({ value }) => value && { ...value };
  assert.deepEqual(strip(await outcome(() => node.queryOrder({ outTradeNo: 'PQ-V3-PAID' }))), strip(await outcome(() => web.queryOrder({ outTradeNo: 'PQ-V3-PAID' }))));
});

test("platformCertificates 'auto': each client imports and verifies downloaded certificates with its own provider", async (t) => {
  const sb = await sandbox(t);
  const { wechatpayPublicKey: _none, ...config } = directConfig(sb);
  const { node, web, calls } = clientsOf({ ...config, platformCertificates: 'auto' });
  assert.equal(calls.importKey, 2, 'the private key and the APIv3 key at construction; no certificate yet');
  const strip = ({ value }) => value && { ...value };
  const fromNode = await outcome(() => node.queryOrder({ outTradeNo: 'PQ-V3-PAID' }));
  assert.equal(fromNode.value && fromNode.value.tradeState, 'SUCCESS', JSON.stringify(fromNode));
  assert.equal(calls.importKey, 3, 'the downloaded certificate was imported by node:crypto');
  assert.equal(calls.aesGcmDecrypt, 1, 'the certificate was decrypted by node:crypto');
  assert.equal(calls.rsaVerify, 2, 'the download answer and the query answer verified by node:crypto');
  // The WebCrypto client downloads while another provider is installed: it must not use it.
  const other = countingProvider();
  glue.__setCryptoProvider(other.wrapped);
  let fromWeb;
  try {
    fromWeb = await outcome(() => web.queryOrder({ outTradeNo: 'PQ-V3-PAID' }));
  } finally {
    glue.__setCryptoProvider(nodeProvider);
  }
  assert.deepEqual(other.calls, { importKey: 0, rsaSign: 0, rsaVerify: 0, aesGcmDecrypt: 0 }, 'a client never mixes providers');
  assert.deepEqual(strip(fromWeb), strip(fromNode));
  assert.equal(sb.requests.filter((r) => r.url === '/v3/certificates').length, 2, 'one download per client');
});

test('the Node entry installs node:crypto; a broken provider is refused and a throwing one gives coded errors', async (t) => {
  const sb = await sandbox(t);
  const { calls, wrapped } = countingProvider();
  // The entry's provider object is what the core calls: counting through its own functions.
  const saved = { ...nodeProvider };
  Object.assign(nodeProvider, wrapped);
  try {
    const client = new pq.WechatPayV3(directConfig(sb));
    await client.buildAuthorization('GET', '/v3/x', '', { timestamp: 1700000000, nonce: 'n' });
    assert.equal(calls.importKey, 3, 'private key, public key and APIv3 key imported by node:crypto');
    assert.equal(calls.rsaSign, 1);
  } finally {
    Object.assign(nodeProvider, saved);
  }
  assert.throws(() => glue.__setCryptoProvider({ importKey() {} }), (e) => e.code === 'INVALID_ARGUMENT');
  const throwing = { ...nodeProvider, rsaSign() { throw new Error('HSM offline'); }, rsaVerify() { throw new Error('boom'); } };
  glue.__setCryptoProvider(throwing);
  let client;
  try {
    client = new pq.WechatPayV3(directConfig(sb));
  } finally {
    glue.__setCryptoProvider(nodeProvider);
  }
  await expectCode(() => client.buildAuthorization('GET', '/v3/x', ''), 'INTERNAL');
  const n = sb.tools.v3.buildNotification({ outTradeNo: 'PQ-V3-PAID' });
  await expectCode(() => client.parseNotification(n), 'INTERNAL');
  glue.__setCryptoProvider({ ...nodeProvider, importKey() { throw new Error('unsupported'); } });
  try {
    assert.throws(() => new pq.WechatPayV3(directConfig(sb)), (e) => e.code === 'INVALID_CONFIG' && /refused the merchant private key/.test(e.message));
  } finally {
    glue.__setCryptoProvider(nodeProvider);
  }
});

test('a provider handed over as a function (as the Node entry does) is asked for on the first key import, once', async (t) => {
  const sb = await sandbox(t);
  const { calls, wrapped } = countingProvider();
  let asked = 0;
  glue.__setCryptoProvider(() => (asked++, wrapped));
  try {
    assert.equal(asked, 0, 'not asked when handed over');
    const client = new pq.WechatPayV3(directConfig(sb));
    assert.equal(asked, 1);
    assert.equal(calls.importKey, 3, 'the keys were imported by the provider the function returned');
    new pq.WechatPayV3(directConfig(sb));
    assert.equal(asked, 1, 'kept once asked');
    await client.buildAuthorization('GET', '/v3/x', '', { timestamp: 1700000000, nonce: 'n' });
    assert.equal(calls.rsaSign, 1);
    // A function that throws, or returns an incomplete provider: coded errors, asked again next time.
    glue.__setCryptoProvider(() => { throw new Error('no crypto here'); });
    assert.throws(() => new pq.WechatPayV3(directConfig(sb)), (e) => e.code === 'INTERNAL' && /crypto provider could not be loaded: "no crypto here"/.test(e.message));
    glue.__setCryptoProvider(() => ({ importKey() {} }));
    assert.throws(() => new pq.WechatPayV3(directConfig(sb)), (e) => e.code === 'INVALID_ARGUMENT');
    assert.throws(() => new pq.WechatPayV3(directConfig(sb)), (e) => e.code === 'INVALID_ARGUMENT');
  } finally {
    glue.__setCryptoProvider(nodeProvider);
  }
});
