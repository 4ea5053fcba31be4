// A wrong key diagnosed, end to end: the sandbox verifies our request signature with node:crypto
// against the merchant's public key and answers a real 401 SIGN_ERROR carrying the message it
// reconstructed (as WeChat Pay does). The error puts it next to ours, says whether and where they
// differ (invisible characters shown), and when they are equal, that the key does not match
// merchantSerialNo, with the key's public fingerprint computed here independently.
import test from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { pq, sandbox, expectCode } from './helpers.mjs';
import { nodeV3, direct } from './v3-helpers.mjs';

const require = createRequire(import.meta.url);
const { selfSignedCertificate } = require('../pkg/sandbox/wechat_v3/certificate.js');

/** SHA-256 of a key's SubjectPublicKeyInfo DER (node:crypto), hex: what users compare. */
function fingerprint(key) {
  return crypto.createHash('sha256').update(crypto.createPublicKey(key).export({ type: 'spki', format: 'der' })).digest('hex');
}

function generatedKey() {
  return crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
}

/** The message we signed for the sandbox's last request, rebuilt from what it received. */
function sentMessage(sb) {
  const sent = sb.requests.at(-1);
  const auth = nodeV3.parseAuthorization(sent.headers.authorization);
  return { message: nodeV3.requestMessage(sent.method, sent.url, auth.timestamp, auth.nonce_str, sent.body || ''), auth };
}

test('equal messages: WeChat Pay checked ours, so the key does not match merchantSerialNo (with its fingerprint)', async (t) => {
  const sb = await sandbox(t);
  const stranger = generatedKey();
  const e = await expectCode(() => direct(sb, { privateKey: stranger }).queryOrder({ outTradeNo: 'PQ-V3-PAID' }), 'REQUEST_SIGNATURE_REJECTED');
  assert.deepEqual([e.providerCode, e.httpStatus, e.retryable, e.attempts], ['SIGN_ERROR', 401, false, 1]);
  const { message: ours, auth } = sentMessage(sb);
  assert.equal(e.detail.verdict, 'KEY_MISMATCH');
  assert.equal(e.detail.ours, ours);
  assert.equal(e.detail.wechat, ours, 'the sandbox shows the whole message of a GET');
  assert.equal(e.detail.oursLength, Buffer.byteLength(ours));
  assert.equal(e.detail.wechatLength, Buffer.byteLength(ours));
  assert.equal(e.detail.firstDifference, null);
  assert.equal(e.detail.merchantSerialNo, sb.credentials.v3.merchantSerialNo);
  assert.equal(e.detail.keyFingerprint, fingerprint(stranger));
  assert.notEqual(e.detail.keyFingerprint, fingerprint(sb.credentials.v3.merchantCertificate));
  assert.equal(e.detail.certificateFingerprint, null);
  assert.equal(e.detail.provider.sign_information.truncated_sign_message, ours);
  assert.match(e.message, /explainV3\(\)/);
  assert.ok(e.message.includes('WeChat Pay checked exactly the message we signed, so the key does not match merchantSerialNo'), e.message);
  assert.ok(e.message.includes(fingerprint(stranger)), e.message);
  assert.match(e.detail.hint, /openssl x509 -in apiclient_cert\.pem -noout -pubkey/);
  // Never the private key, never our signature.
  const everything = JSON.stringify({ message: e.message, detail: e.detail });
  assert.ok(!everything.includes(stranger.split('\n')[1]), 'no private key');
  assert.ok(!everything.includes(auth.signature), 'no signature');
  // The same key with the real merchant key works: the diagnosis was about the key alone.
  assert.equal((await direct(sb).queryOrder({ outTradeNo: 'PQ-V3-PAID' })).outTradeNo, 'PQ-V3-PAID');
});

test('equal messages with merchantCertificate: the pair is consistent, so WeChat Pay does not accept the certificate', async (t) => {
  const sb = await sandbox(t);
  const c = sb.credentials.v3;
  // A key with its own certificate under the configured serial: consistent here, unknown to WeChat Pay.
  const stranger = generatedKey();
  const key = crypto.createPrivateKey(stranger);
  const certificate = selfSignedCertificate({
    privateKey: key,
    publicKey: crypto.createPublicKey(key),
    serialHex: c.merchantSerialNo,
    commonName: 'FAKE certificate WeChat Pay does not know (payquery tests)',
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 86_400_000),
  });
  const client = direct(sb, { privateKey: stranger, merchantCertificate: certificate });
  const e = await expectCode(() => client.queryOrder({ outTradeNo: 'PQ-V3-PAID' }), 'REQUEST_SIGNATURE_REJECTED');
  assert.equal(e.detail.verdict, 'KEY_MISMATCH');
  assert.equal(e.detail.keyFingerprint, fingerprint(stranger));
  assert.equal(e.detail.certificateFingerprint, fingerprint(certificate));
  assert.ok(e.message.includes('privateKey, merchantCertificate and merchantSerialNo are one pair'), e.message);
  assert.ok(e.message.includes(`for merchant ${c.mchid}`), e.message);
  // The merchant's own certificate with the stranger key never gets that far.
  const refused = await expectCode(() => direct(sb, { privateKey: stranger, merchantCertificate: c.merchantCertificate }), 'INVALID_CONFIG');
  assert.equal(refused.detail.problem, 'KEY_MISMATCH');
});

test('different messages: a proxy rewrote the URL, and where they differ is said', async (t) => {
  const sb = await sandbox(t);
  const c = sb.credentials.v3;
  const rewritten = '/v3/pay/transactions/out-trade-no/PQ-V3-PAID?mchid=1';
  sb.inject({ kind: 'signError', api: 'v3', url: rewritten });
  const e = await expectCode(() => direct(sb).queryOrder({ outTradeNo: 'PQ-V3-PAID' }), 'REQUEST_SIGNATURE_REJECTED');
  const { message: ours, auth } = sentMessage(sb);
  const theirs = nodeV3.requestMessage('GET', rewritten, auth.timestamp, auth.nonce_str, '');
  assert.equal(e.detail.verdict, 'MESSAGE_DIFFERS');
  assert.equal(e.detail.ours, ours);
  assert.equal(e.detail.wechat, theirs);
  const diff = e.detail.firstDifference;
  assert.deepEqual([diff.line, diff.name], [2, 'URL']);
  assert.equal(diff.ours, `/v3/pay/transactions/out-trade-no/PQ-V3-PAID?mchid=${c.mchid}`);
  assert.equal(diff.wechat, rewritten);
  // The offset is the first byte that differs, found here independently.
  let at = 0;
  while (ours[at] === theirs[at]) at++;
  assert.equal(diff.offset, at);
  assert.ok(e.message.includes(`WeChat Pay checked another message than we signed: line 2 (URL, byte ${at}) differs`), e.message);
  assert.ok(!e.message.includes('mchid=1 '), 'their text stays in detail');
  assert.match(e.detail.hint, /URL/);
  assert.equal(e.detail.keyFingerprint, fingerprint(c.privateKey));
  // explainV3 gives the same comparison offline.
  const why = pq.explainV3({
    request: { method: 'GET', url: `${sb.url}${sb.requests.at(-1).url}`, authorization: sb.requests.at(-1).headers.authorization },
    wechatMessage: e.detail.wechat,
  });
  assert.equal(why.matches, false);
  assert.deepEqual(why.firstDifference, diff);
});

test('different messages: WeChat Pay received another body; invisible characters are shown', async (t) => {
  const sb = await sandbox(t);
  sb.inject({ kind: 'signError', api: 'v3', body: '{"a":1}' });
  let e = await expectCode(() => direct(sb).queryOrder({ outTradeNo: 'PQ-V3-PAID' }), 'REQUEST_SIGNATURE_REJECTED');
  let { message: ours } = sentMessage(sb);
  assert.equal(e.detail.verdict, 'MESSAGE_DIFFERS');
  assert.deepEqual(
    [e.detail.firstDifference.name, e.detail.firstDifference.ours, e.detail.firstDifference.wechat, e.detail.firstDifference.offset],
    ['BODY', '', '{"a":1}', Buffer.byteLength(ours) - 1],
  );
  assert.equal(e.detail.wechatLength, Buffer.byteLength(ours) + 7);
  assert.match(e.message, /line 5 \(BODY, byte \d+\) differs/);
  // A zero-width space and a carriage return: shown, not hidden.
  sb.inject({ kind: 'signError', api: 'v3', body: '\u200b\r' });
  e = await expectCode(() => direct(sb).queryOrder({ outTradeNo: 'PQ-V3-PAID' }), 'REQUEST_SIGNATURE_REJECTED');
  ({ message: ours } = sentMessage(sb));
  assert.equal(e.detail.firstDifference.wechat, '\u200b\r');
  assert.equal(e.detail.firstDifference.wechatShown, '⟨U+200B⟩␍');
  assert.equal(e.detail.firstDifference.oursShown, '');
  assert.equal(e.detail.firstDifference.offset, Buffer.byteLength(ours) - 1);
});
