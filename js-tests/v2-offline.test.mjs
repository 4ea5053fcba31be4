// APIv2 offline functions: signV2, buildV2Xml, verifyV2Xml, explainV2, checked against the
// official vectors and against node:crypto.
import test from 'node:test';
import assert from 'node:assert/strict';
import { pq, OFFICIAL, nodeSignV2, expectCode } from './helpers.mjs';

test('official vectors: MD5 (default) and HMAC-SHA256', () => {
  assert.equal(pq.signV2(OFFICIAL.params, OFFICIAL.key), OFFICIAL.md5);
  assert.equal(pq.signV2(OFFICIAL.params, OFFICIAL.key, 'MD5'), OFFICIAL.md5);
  assert.equal(pq.signV2(OFFICIAL.params, OFFICIAL.key, 'HMAC-SHA256'), OFFICIAL.hmac);
});

test('signV2 and buildV2Xml also take the params as XML, JSON or k=v text', () => {
  const pairs = Object.entries(OFFICIAL.params).map(([k, v]) => `${k}=${v}`).join('&');
  assert.equal(pq.signV2(pairs, OFFICIAL.key), OFFICIAL.md5);
  assert.equal(pq.signV2(JSON.stringify(OFFICIAL.params), OFFICIAL.key, 'HMAC-SHA256'), OFFICIAL.hmac);
  const xml = pq.buildV2Xml(pairs, OFFICIAL.key);
  assert.equal(pq.signV2(xml, OFFICIAL.key), OFFICIAL.md5, 'the sign inside the XML is not signed');
});

test('signV2 agrees with node:crypto on awkward values', () => {
  const params = { b: '中文 & <x>', a: 'sp ace', n: 42, t: true, empty: '', skip: null, sign: 'IGNORED' };
  for (const st of ['MD5', 'HMAC-SHA256']) {
    const expected = nodeSignV2({ b: '中文 & <x>', a: 'sp ace', n: '42', t: 'true' }, 'k3y', st);
    assert.equal(pq.signV2(params, 'k3y', st), expected);
  }
});

test('params are read once each, in order, whatever their names and values hold', async () => {
  const reads = [];
  const params = {};
  const values = { b: 'x\0y', 'k\0': 'v', n: 7, t: false, skip: null, a: '中文' };
  for (const [k, v] of Object.entries(values)) {
    Object.defineProperty(params, k, { enumerable: true, get: () => (reads.push(k), v) });
  }
  const expected = { b: 'x\0y', 'k\0': 'v', n: '7', t: 'false', a: '中文' };
  for (const st of ['MD5', 'HMAC-SHA256']) {
    reads.length = 0;
    assert.equal(pq.signV2(params, 'k3y', st), nodeSignV2(expected, 'k3y', st));
    assert.deepEqual(reads, Object.keys(values), 'each value read once, in order');
  }
  // Reading stops at the first value that cannot be signed, also after a value holding \0.
  for (const bad of [{ x: 1 }, 1.5, () => 1]) {
    reads.length = 0;
    const o = {};
    for (const [k, v] of Object.entries({ a: 'x\0y', bad, after: 'z' })) {
      Object.defineProperty(o, k, { enumerable: true, get: () => (reads.push(k), v) });
    }
    await expectCode(() => pq.signV2(o, 'k3y'), 'INVALID_ARGUMENT');
    assert.deepEqual(reads, ['a', 'bad']);
  }
  const throwing = { a: 'x\0y' };
  Object.defineProperty(throwing, 'boom', { enumerable: true, get: () => { throw new Error('caller'); } });
  const e = await expectCode(() => pq.signV2(throwing, 'k3y'), 'INVALID_ARGUMENT');
  assert.match(e.message, /params\.boom could not be read/);
});

test('buildV2Xml round-trips through verifyV2Xml and keeps CDATA to what needs it', () => {
  const xml = pq.buildV2Xml({ ...OFFICIAL.params, attach: 'a<b' }, OFFICIAL.key, 'HMAC-SHA256');
  assert.match(xml, /^<xml><appid>wxd930ea5d5a258f4f<\/appid>/);
  assert.match(xml, /<attach><!\[CDATA\[a<b\]\]><\/attach>/);
  const fields = pq.verifyV2Xml(xml, OFFICIAL.key, 'HMAC-SHA256');
  assert.equal(fields.attach, 'a<b');
  assert.equal(fields.sign, nodeSignV2({ ...OFFICIAL.params, attach: 'a<b' }, OFFICIAL.key, 'HMAC-SHA256'));
  assert.deepEqual(pq.verifyV2Xml(new TextEncoder().encode(xml), OFFICIAL.key, 'HMAC-SHA256'), fields);
});

test('verifyV2Xml refuses the wrong sign type, a tampered field and hostile XML', async () => {
  const xml = pq.buildV2Xml(OFFICIAL.params, OFFICIAL.key, 'MD5');
  await expectCode(() => pq.verifyV2Xml(xml, OFFICIAL.key, 'HMAC-SHA256'), 'SIGNATURE_INVALID');
  await expectCode(() => pq.verifyV2Xml(xml.replace('test', 'tesT'), OFFICIAL.key, 'MD5'), 'SIGNATURE_INVALID');
  await expectCode(() => pq.verifyV2Xml('<xml><a>1</a></xml>', OFFICIAL.key), 'SIGNATURE_MISSING');
  await expectCode(
    () => pq.verifyV2Xml('<!DOCTYPE x [<!ENTITY a "b">]><xml><a>&a;</a></xml>', OFFICIAL.key),
    'MALFORMED_RESPONSE',
  );
  await expectCode(() => pq.verifyV2Xml('<xml><a>1</a><a>2</a></xml>', OFFICIAL.key), 'MALFORMED_RESPONSE');
  await expectCode(() => pq.verifyV2Xml(`<xml><a>${'x'.repeat(1 << 20)}</a></xml>`, OFFICIAL.key), 'MALFORMED_RESPONSE');
});

test('explainV2 shows the string signed with the key hidden, and finds what differs', () => {
  const e = pq.explainV2(OFFICIAL.params, OFFICIAL.key, 'MD5');
  assert.equal(
    e.stringToSign,
    'appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA&key=***',
  );
  assert.equal(e.signature, OFFICIAL.md5);
  assert.ok(!JSON.stringify(e).includes(OFFICIAL.key));

  const withExtra = { ...OFFICIAL.params, sign_type: 'MD5', sign: OFFICIAL.md5 };
  const d = pq.explainV2(withExtra, OFFICIAL.key, 'MD5');
  assert.equal(d.matches, false);
  assert.equal(d.differingField, 'sign_type');

  const asText = pq.explainV2(
    'appid=wxd930ea5d5a258f4f&mch_id=10000100&device_info=1000&body=test&nonce_str=ibuaiVcKdpRxkhJA&sign=' + OFFICIAL.md5,
    OFFICIAL.key,
    'HMAC-SHA256',
  );
  assert.equal(asText.matches, false);
  assert.match(asText.hint, /made with MD5/);
  assert.equal(pq.explainV2(JSON.stringify({ ...OFFICIAL.params, sign: OFFICIAL.md5 }), OFFICIAL.key).matches, true);
  assert.equal(pq.explainV2(pq.buildV2Xml(OFFICIAL.params, OFFICIAL.key), OFFICIAL.key).matches, true);
});

test('wrong argument types give INVALID_ARGUMENT without echoing the key', async () => {
  for (const bad of [null, undefined, 42, 'str', [1], () => 1]) {
    await expectCode(() => pq.signV2(bad, OFFICIAL.key), 'INVALID_ARGUMENT');
  }
  await expectCode(() => pq.signV2(OFFICIAL.params, ''), 'INVALID_ARGUMENT');
  await expectCode(() => pq.signV2(OFFICIAL.params, 12345), 'INVALID_ARGUMENT');
  await expectCode(() => pq.signV2({ a: { nested: 1 } }, 'k'), 'INVALID_ARGUMENT');
  await expectCode(() => pq.signV2({ a: 1.5 }, 'k'), 'INVALID_ARGUMENT');
  const e = await expectCode(() => pq.signV2(OFFICIAL.params, OFFICIAL.key, 'SHA1'), 'INVALID_ARGUMENT');
  assert.ok(!e.message.includes(OFFICIAL.key));
  await expectCode(() => pq.buildV2Xml({ 'bad name': 'x' }, 'k'), 'INVALID_ARGUMENT');
  await expectCode(() => pq.buildV2Xml({ sign_type: 'MD5' }, 'k', 'HMAC-SHA256'), 'INVALID_ARGUMENT');
  await expectCode(() => pq.explainV2('nonsense', 'k'), 'INVALID_ARGUMENT');
});

test('a thousand malformed calls leave the instance signing correctly', () => {
  const junk = [null, 1, 'x', [], {}, { a: {} }, '<xml>', '<xml><a>', Symbol.for('s'), 10n];
  let thrown = 0;
  for (let i = 0; i < 1000; i++) {
    const v = junk[i % junk.length];
    try {
      if (i % 3 === 0) pq.signV2(v, v);
      else if (i % 3 === 1) pq.verifyV2Xml(v, 'key');
      else pq.explainV2(v, 'key', v);
    } catch (e) {
      assert.ok(pq.isPayQueryError(e), String(e && e.stack));
      thrown++;
    }
  }
  assert.equal(thrown, 1000);
  assert.equal(pq.signV2(OFFICIAL.params, OFFICIAL.key), OFFICIAL.md5);
});
