// Configuration that helps, over the built package: a near miss of an option name (another
// provider's spelling, snake_case, another SDK's name, a typo) names the option meant, the same
// way for every client and every object payquery reads; values never appear in the message.
// APIv2 key length and plain http:// are refused for every client that takes them, and a v3
// merchantCertificate must make one pair with privateKey and merchantSerialNo.
import test from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { pq, expectCode } from './helpers.mjs';
import { v3Credentials } from './v3-helpers.mjs';

const require = createRequire(import.meta.url);
const { createCloud } = require('payquery/sandbox');
const { selfSignedCertificate } = require('../pkg/sandbox/wechat_v3/certificate.js');

/** A value that must never be echoed: every config value below contains it. */
const CANARY = 'CANARY7f3a';
const V2 = { appid: `wx${CANARY}`, mchId: '1900000001', apiKey: `${CANARY}`.padEnd(32, 'k') };
const FUBEI = { appId: `app${CANARY}`, appSecret: `${CANARY}secret`, api: '1.0' };

function v3Config(extra = {}) {
  const c = v3Credentials();
  return { mchid: c.mchid, merchantSerialNo: c.merchantSerialNo, privateKey: c.privateKey, wechatpayPublicKey: c.wechatpayPublicKey, ...extra };
}

/** The SHA-256 of a key's SubjectPublicKeyInfo DER, by node:crypto: the fingerprint users compare. */
function fingerprint(key) {
  const publicKey = key instanceof crypto.KeyObject && key.type === 'public' ? key : crypto.createPublicKey(key);
  return crypto.createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

const without = (object, key) => Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));
const rename = (object, from, to) => ({ ...without(object, from), [to]: object[from] });

test('a near miss names the option meant, for every client and every object read', async () => {
  const c = v3Credentials();
  const cases = [
    // Another provider's spelling, snake_case, another SDK's name, a typo.
    ['WechatPayV2 mch_id', () => new pq.WechatPayV2(rename(V2, 'mchId', 'mch_id')), 'config.mch_id', 'mchId'],
    ['WechatPayV2 mchid', () => new pq.WechatPayV2(rename(V2, 'mchId', 'mchid')), 'config.mchid', 'mchId'],
    ['WechatPayV2 appId', () => new pq.WechatPayV2(rename(V2, 'appid', 'appId')), 'config.appId', 'appid'],
    ['WechatPayV2 key', () => new pq.WechatPayV2(rename(V2, 'apiKey', 'key')), 'config.key', 'apiKey'],
    ['WechatPayV2 sub_mch_id', () => new pq.WechatPayV2({ ...V2, sub_mch_id: '1900000002' }), 'config.sub_mch_id', 'subMchId'],
    ['WechatPayV2 signtype', () => new pq.WechatPayV2({ ...V2, signtype: 'MD5' }), 'config.signtype', 'signType'],
    ['CloudPay mchid', () => new pq.CloudPay(rename(V2, 'mchId', 'mchid')), 'config.mchid', 'mchId'],
    ['CloudPay app_id', () => new pq.CloudPay(rename(V2, 'appid', 'app_id')), 'config.app_id', 'appid'],
    ['CloudPay Cloud', () => new pq.CloudPay({ Cloud: createCloud() }), 'config.Cloud', 'cloud'],
    ['WechatPayV3 mchId', () => new pq.WechatPayV3(rename(v3Config(), 'mchid', 'mchId')), 'config.mchId', 'mchid'],
    ['WechatPayV3 mch_id', () => new pq.WechatPayV3(rename(v3Config(), 'mchid', 'mch_id')), 'config.mch_id', 'mchid'],
    ['WechatPayV3 serial_no', () => new pq.WechatPayV3(rename(v3Config(), 'merchantSerialNo', 'serial_no')), 'config.serial_no', 'merchantSerialNo'],
    ['WechatPayV3 private_key', () => new pq.WechatPayV3(rename(v3Config(), 'privateKey', 'private_key')), 'config.private_key', 'privateKey'],
    ['WechatPayV3 apiv3Key', () => new pq.WechatPayV3(v3Config({ apiv3Key: c.apiV3Key })), 'config.apiv3Key', 'apiV3Key'],
    ['WechatPayV3 publicKey', () => new pq.WechatPayV3(rename(v3Config(), 'wechatpayPublicKey', 'publicKey')), 'config.publicKey', 'wechatpayPublicKey'],
    ['WechatPayV3 sub_mchid', () => new pq.WechatPayV3({ ...without(v3Config(), 'mchid'), spMchid: c.spMchid, sub_mchid: c.subMchid }), 'config.sub_mchid', 'subMchid'],
    ['WechatPayV3 subMchId', () => new pq.WechatPayV3({ ...without(v3Config(), 'mchid'), spMchid: c.spMchid, subMchId: c.subMchid }), 'config.subMchId', 'subMchid'],
    ['WechatPayV3 platformCertificate', () => new pq.WechatPayV3(v3Config({ platformCertificate: [c.platformCertificate] })), 'config.platformCertificate', 'platformCertificates'],
    ['WechatPayV3 merchant_certificate', () => new pq.WechatPayV3(v3Config({ merchant_certificate: c.merchantCertificate })), 'config.merchant_certificate', 'merchantCertificate'],
    ['wechatpayPublicKey.PEM', () => new pq.WechatPayV3(v3Config({ wechatpayPublicKey: { id: c.wechatpayPublicKey.id, PEM: c.wechatpayPublicKey.pem } })), 'config.wechatpayPublicKey.PEM', 'pem'],
    ['Fubei appid', () => new pq.Fubei(rename(FUBEI, 'appId', 'appid')), 'config.appid', 'appId'],
    ['Fubei app_secret', () => new pq.Fubei(rename(FUBEI, 'appSecret', 'app_secret')), 'config.app_secret', 'appSecret'],
    ['Fubei merchant_id', () => new pq.Fubei({ ...FUBEI, merchant_id: 1 }), 'config.merchant_id', 'merchantId'],
    ['Fubei timeout', () => new pq.Fubei({ ...FUBEI, timeout: 1000 }), 'config.timeout', 'timeoutMs'],
    // Offline tools and per-call objects read the same way.
    ['explainV3 wechat_message', () => pq.explainV3({ request: { method: 'GET', url: '/v3/x', timestamp: 1, nonce: 'n' }, wechat_message: CANARY }), 'input.wechat_message', 'wechatMessage'],
    ['explainV3 request.Body', () => pq.explainV3({ request: { method: 'GET', url: '/v3/x', timestamp: 1, nonce: 'n', Body: CANARY } }), 'input.request.Body', 'body'],
    ['query out_trade_no', () => new pq.WechatPayV2(V2).buildQueryRequest({ out_trade_no: CANARY }), 'query.out_trade_no', 'outTradeNo'],
    ['Fubei query merchant_order_sn', () => new pq.Fubei(FUBEI).buildQueryRequest({ merchant_order_sn: CANARY }), 'query.merchant_order_sn', 'merchantOrderSn'],
    ['combine query combine_out_trade_no', () => new pq.WechatPayV3(v3Config()).queryCombineOrder({ combine_out_trade_no: CANARY }), 'query.combine_out_trade_no', 'combineOutTradeNo'],
    ['queryOrder options timeout', () => new pq.WechatPayV2(V2).queryOrder({ outTradeNo: 'A' }, { timeout: 5 }), 'options.timeout', 'timeoutMs'],
    ['buildAuthorization options time_stamp', () => new pq.WechatPayV3(v3Config()).buildAuthorization('GET', '/v3/x', '', { time_stamp: 1 }), 'options.time_stamp', 'timestamp'],
  ];
  for (const [what, fn, field, meant] of cases) {
    const code = field.startsWith('config') ? 'INVALID_CONFIG' : 'INVALID_ARGUMENT';
    const e = await expectCode(fn, code);
    assert.equal(e.message, `${field} is not a known option: did you mean ${meant}?`, what);
    assert.ok(!e.message.includes(CANARY), `${what}: no value in the message`);
  }
});

test('a name close to no option lists the known ones; one close to two names neither', async () => {
  const e = await expectCode(() => new pq.WechatPayV2({ ...V2, sandbox: true }), 'INVALID_CONFIG');
  assert.equal(e.message, 'config.sandbox is not a known option (known: apiKey, appid, backupBaseUrl, baseUrl, fetch, mchId, onEvent, retries, signType, subAppid, subMchId, timeoutMs)');
  // As close to mchid as to spMchid: which one is meant cannot be told.
  const tied = await expectCode(() => new pq.WechatPayV3(v3Config({ sMchid: '1' })), 'INVALID_CONFIG');
  assert.match(tied.message, /^config\.sMchid is not a known option \(known: .*mchid.*spMchid/);
  // A required option missing, with nothing like it: the plain message.
  const missing = await expectCode(() => new pq.Fubei(without(FUBEI, 'appSecret')), 'INVALID_CONFIG');
  assert.equal(missing.message, 'config.appSecret is required');
  // An object key that may be a pasted secret is described, never shown.
  const pasted = await expectCode(() => new pq.WechatPayV2({ ...V2, [`${CANARY}-0123456789abcdef0123`]: 1 }), 'INVALID_CONFIG');
  assert.match(pasted.message, /^config\.\[a string of 31 characters starting with "CA"\] is not a known option/);
  assert.ok(!pasted.message.includes(CANARY));
});

test('APIv2 key length and plain http:// are refused for every client that takes them', async () => {
  const cloud = (extra) => new pq.CloudPay({ ...V2, ...extra });
  const c = v3Credentials();
  for (const [what, fn, pattern] of [
    ['WechatPayV2 short apiKey', () => new pq.WechatPayV2({ ...V2, apiKey: CANARY }), /^apiKey must be the 32-character APIv2 key/],
    ['CloudPay short apiKey', () => cloud({ apiKey: CANARY }), /^apiKey must be the 32-character APIv2 key/],
    ['WechatPayV2 baseUrl', () => new pq.WechatPayV2({ ...V2, baseUrl: `http://${CANARY}.example.com` }), /^baseUrl .*uses http:\/\/ for a host that is not loopback.*use https:\/\/$/],
    ['WechatPayV2 backupBaseUrl', () => new pq.WechatPayV2({ ...V2, backupBaseUrl: `http://${CANARY}.example.com` }), /^backupBaseUrl .*uses http:\/\//],
    ['CloudPay baseUrl', () => cloud({ baseUrl: `http://10.0.0.1/${CANARY}` }), /^baseUrl .*uses http:\/\//],
    ['CloudPay backupBaseUrl', () => cloud({ backupBaseUrl: `http://10.0.0.1/${CANARY}` }), /^backupBaseUrl .*uses http:\/\//],
    ['WechatPayV3 baseUrl', () => new pq.WechatPayV3(v3Config({ baseUrl: `http://${CANARY}.example.com` })), /^baseUrl .*uses http:\/\//],
    ['WechatPayV3 backupBaseUrl', () => new pq.WechatPayV3(v3Config({ backupBaseUrl: `http://${CANARY}.example.com` })), /^backupBaseUrl .*uses http:\/\//],
    ['Fubei baseUrl', () => new pq.Fubei({ ...FUBEI, baseUrl: `http://${CANARY}.example.com` }), /^baseUrl .*uses http:\/\//],
    ['Fubei backupBaseUrl', () => new pq.Fubei({ ...FUBEI, backupBaseUrl: `http://${CANARY}.example.com` }), /^backupBaseUrl .*uses http:\/\//],
  ]) {
    const e = await expectCode(fn, 'INVALID_CONFIG');
    assert.match(e.message, pattern, what);
    assert.ok(!e.message.includes(CANARY), `${what}: never echoed`);
  }
  // The CloudPay platform backend has no key and no URL: combining them is refused.
  await expectCode(() => new pq.CloudPay({ cloud: createCloud(), baseUrl: 'https://api.mch.weixin.qq.com' }), 'INVALID_CONFIG');
  // Loopback (a local sandbox or proxy) may use http://, anything may use https://.
  for (const url of ['http://127.0.0.1:9', 'http://localhost:9', 'http://[::1]:9', 'https://10.0.0.1']) {
    assert.doesNotThrow(() => new pq.WechatPayV2({ ...V2, baseUrl: url, backupBaseUrl: url }), url);
    assert.doesNotThrow(() => cloud({ baseUrl: url, backupBaseUrl: url }), url);
    assert.doesNotThrow(() => new pq.WechatPayV3(v3Config({ baseUrl: url, backupBaseUrl: url })), url);
    assert.doesNotThrow(() => new pq.Fubei({ ...FUBEI, baseUrl: url, backupBaseUrl: url }), url);
  }
  assert.ok(c.merchantCertificate.startsWith('-----BEGIN CERTIFICATE-----'));
});

test('v3 merchantCertificate: privateKey, certificate and merchantSerialNo must be one pair', async () => {
  const c = v3Credentials();
  // The sandbox's merchant certificate is the merchant key's, with serial merchantSerialNo.
  assert.doesNotThrow(() => new pq.WechatPayV3(v3Config({ merchantCertificate: c.merchantCertificate })));
  assert.doesNotThrow(() => new pq.WechatPayV3(v3Config({ merchantCertificate: c.merchantCertificate, merchantSerialNo: c.merchantSerialNo.toLowerCase() })));
  const certKey = new crypto.X509Certificate(c.merchantCertificate).publicKey;
  assert.equal(fingerprint(certKey), fingerprint(c.privateKey));

  // Another serial: the message says the certificate's.
  const otherSerial = c.merchantSerialNo.replace(/^./, (d) => (d === '1' ? '2' : '1'));
  let e = await expectCode(() => new pq.WechatPayV3(v3Config({ merchantCertificate: c.merchantCertificate, merchantSerialNo: otherSerial })), 'INVALID_CONFIG');
  assert.match(e.message, /^merchantSerialNo is not the serial of merchantCertificate \(which is ([0-9A-F]+)\)/);
  assert.equal(e.message.match(/which is ([0-9A-F]+)/)[1], c.merchantSerialNo);
  assert.equal(e.detail.problem, 'SERIAL_MISMATCH');
  assert.equal(e.detail.certificateSerialNo, c.merchantSerialNo);

  // Another key (generated here), with the merchant's certificate: the fingerprints say which.
  const stranger = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
  e = await expectCode(() => new pq.WechatPayV3(v3Config({ merchantCertificate: c.merchantCertificate, privateKey: stranger })), 'INVALID_CONFIG');
  assert.match(e.message, /^privateKey does not match merchantCertificate/);
  assert.equal(e.detail.problem, 'KEY_MISMATCH');
  assert.equal(e.detail.keyFingerprint, fingerprint(stranger));
  assert.equal(e.detail.certificateFingerprint, fingerprint(certKey));
  assert.ok(e.message.includes(fingerprint(stranger)) && e.message.includes(fingerprint(certKey)));
  const body = stranger.split('\n')[1];
  assert.ok(!e.message.includes(body) && !JSON.stringify(e.detail).includes(body), 'never the private key');

  // A signer: only the serial can be checked.
  const signer = async () => 'x';
  assert.doesNotThrow(() => new pq.WechatPayV3({ ...without(v3Config(), 'privateKey'), signer, merchantCertificate: c.merchantCertificate }));
  e = await expectCode(() => new pq.WechatPayV3({ ...without(v3Config(), 'privateKey'), signer, merchantCertificate: c.platformCertificate }), 'INVALID_CONFIG');
  assert.equal(e.detail.problem, 'SERIAL_MISMATCH');

  // Not a certificate, or a certificate of another key under the right serial.
  e = await expectCode(() => new pq.WechatPayV3(v3Config({ merchantCertificate: c.privateKey })), 'INVALID_CONFIG');
  assert.match(e.message, /^merchantCertificate is a "PRIVATE KEY" PEM block; expected BEGIN CERTIFICATE/);
  const strangerKey = crypto.createPrivateKey(stranger);
  const forged = selfSignedCertificate({
    privateKey: strangerKey,
    publicKey: crypto.createPublicKey(strangerKey),
    serialHex: c.merchantSerialNo,
    commonName: 'FAKE certificate of another key (payquery tests)',
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 86_400_000),
  });
  e = await expectCode(() => new pq.WechatPayV3(v3Config({ merchantCertificate: forged })), 'INVALID_CONFIG');
  assert.equal(e.detail.problem, 'KEY_MISMATCH');
  assert.equal(e.detail.keyFingerprint, fingerprint(c.privateKey));
  assert.equal(e.detail.certificateFingerprint, fingerprint(strangerKey));
});
