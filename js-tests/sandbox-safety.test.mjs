// The sandbox is safe to leave running: over real HTTP on 127.0.0.1, its control endpoints
// answer no web page but its own loopback origins (no `Access-Control-Allow-Origin: *`, 403 for
// another origin, its preflights and a non-loopback Host), malformed fault values get a 400
// with a JSON error instead of a hung or 500 answer, and so do malformed XML character
// references in a v2 request.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { sandbox, startSandbox } from './helpers.mjs';

/**
 * One raw HTTP request (node:http, so that Host, Origin and Sec-Fetch-Site are sent exactly as
 * given, as a browser or a rebinding page would). Resolves to `{ status, headers, body }`.
 */
function request(sb, { method = 'GET', path, headers = {}, body }) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: sb.port, method, path, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    // A hung answer fails the test instead of stalling it.
    req.setTimeout(5000, () => req.destroy(new Error(`no answer to ${method} ${path} within 5 s`)));
    req.end(body);
  });
}

const CONTROLS = [
  { method: 'GET', path: '/__sandbox/credentials' },
  { method: 'GET', path: '/__sandbox/requests' },
  { method: 'POST', path: '/__sandbox/faults', body: JSON.stringify({ kind: 'status', status: 500 }) },
  { method: 'DELETE', path: '/__sandbox/faults' },
  { method: 'POST', path: '/__sandbox/chaos', body: 'null' },
];

test('control endpoints: another origin, its preflight, a cross-site request and a rebound Host get 403 and no ACAO', async (t) => {
  const sb = await sandbox(t);
  for (const c of CONTROLS) {
    for (const headers of [
      { Origin: 'https://evil.example' },
      { Origin: 'null' },
      { Origin: `http://127.0.0.1.evil.example:${sb.port}` },
      { 'Sec-Fetch-Site': 'cross-site' },
      { Host: `evil.example:${sb.port}` },
      { Host: `evil.example:${sb.port}`, Origin: `http://evil.example:${sb.port}` },
    ]) {
      const r = await request(sb, { ...c, headers });
      const where = `${c.method} ${c.path} ${JSON.stringify(headers)}`;
      assert.equal(r.status, 403, `${where}: ${r.status} ${r.body}`);
      assert.equal(r.headers['access-control-allow-origin'], undefined, where);
      assert.ok(!r.body.includes(sb.credentials.v2.apiKey), `${where}: the body shows credentials`);
      assert.match(JSON.parse(r.body).error, /refused/);
    }
    const pre = await request(sb, {
      method: 'OPTIONS',
      path: c.path,
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': c.method, 'Access-Control-Request-Headers': 'content-type' },
    });
    assert.equal(pre.status, 403, `preflight of ${c.path}`);
    assert.equal(pre.headers['access-control-allow-origin'], undefined);
    assert.equal(pre.headers['access-control-allow-methods'], undefined);
  }
  // Nothing the refused requests asked for happened: no fault queued, no chaos.
  assert.equal(sb.faultsInjected, 0);
  const ok = await request(sb, { method: 'POST', path: '/pay/orderquery', body: '<xml></xml>' });
  assert.equal(ok.status, 200, 'the refused fault was not queued');
});

test('control endpoints: a tool without Origin, the sandbox’s own origins and allowOrigins are served, with no *', async (t) => {
  const sb = await startSandbox({ allowOrigins: ['http://localhost:5173'] });
  t.after(() => sb.close());
  const plain = await request(sb, { path: '/__sandbox/credentials' });
  assert.equal(plain.status, 200);
  assert.equal(plain.headers['access-control-allow-origin'], undefined);
  assert.equal(JSON.parse(plain.body).v2.apiKey, sb.credentials.v2.apiKey);
  for (const origin of [`http://127.0.0.1:${sb.port}`, `http://localhost:${sb.port}`, 'http://localhost:5173']) {
    const r = await request(sb, { path: '/__sandbox/credentials', headers: { Origin: origin, 'Sec-Fetch-Site': 'same-site' } });
    assert.equal(r.status, 200, origin);
    assert.equal(r.headers['access-control-allow-origin'], origin);
    assert.match(r.headers.vary, /Origin/);
    const pre = await request(sb, { method: 'OPTIONS', path: '/__sandbox/faults', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' } });
    assert.equal(pre.status, 204, origin);
    assert.equal(pre.headers['access-control-allow-origin'], origin);
  }
  // Another port of a loopback name is another origin.
  const other = await request(sb, { path: '/__sandbox/credentials', headers: { Origin: 'http://localhost:5174' } });
  assert.equal(other.status, 403);
  await assert.rejects(startSandbox({ allowOrigins: ['https://evil.example'] }), /loopback/);
  await assert.rejects(startSandbox({ allowOrigins: '*' }), /loopback/);
});

test('the emulated APIs stay open to browsers (fake data): ACAO * on answers and preflights', async (t) => {
  const sb = await sandbox(t);
  const r = await request(sb, { method: 'POST', path: '/pay/orderquery', headers: { Origin: 'https://evil.example' }, body: '<xml></xml>' });
  assert.equal(r.status, 200);
  assert.equal(r.headers['access-control-allow-origin'], '*');
  const pre = await request(sb, { method: 'OPTIONS', path: '/v3/pay/transactions/id/1', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' } });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers['access-control-allow-origin'], '*');
});

test('malformed faults and control bodies: 400 with a JSON error, never hung; nothing queued', async (t) => {
  const sb = await sandbox(t);
  const bad = [
    '{',
    'null',
    '[]',
    '"status"',
    JSON.stringify({ kind: 'nope' }),
    JSON.stringify({ kind: 'status', status: 99 }),
    JSON.stringify({ kind: 'status', status: 1000 }),
    JSON.stringify({ kind: 'status', status: '500' }),
    JSON.stringify({ kind: 'status', retryAfter: 'soon\r\nSet-Cookie: x=1' }),
    JSON.stringify({ kind: 'body', body: 123 }),
    JSON.stringify({ kind: 'body', body: { a: 1 } }),
    JSON.stringify({ kind: 'delay', ms: 1e12 }),
    JSON.stringify({ kind: 'delay', ms: -1 }),
    JSON.stringify({ kind: 'delay', ms: 'x' }),
    JSON.stringify({ kind: 'refuse', ms: 86_400_000 }),
    JSON.stringify({ kind: 'status', times: 0 }),
    JSON.stringify({ kind: 'status', times: 1.5 }),
    JSON.stringify({ kind: 'status', api: 'v9' }),
    JSON.stringify({ kind: 'status', extra: 1 }),
    JSON.stringify({ kind: 'tradeState', state: 'paid\n' }),
    JSON.stringify({ kind: 'wrongSerial', serial: 'a\r\nb' }),
    JSON.stringify({ kind: 'dropHeaders', headers: 'Wechatpay-Signature' }),
    JSON.stringify({ kind: 'signError', url: 'no slash' }),
    JSON.stringify({ kind: 'skewTimestamp', seconds: 1e300 }),
  ];
  for (const body of bad) {
    const r = await request(sb, { method: 'POST', path: '/__sandbox/faults', body });
    assert.equal(r.status, 400, `${body}: ${r.status} ${r.body}`);
    assert.match(r.headers['content-type'], /application\/json/);
    assert.equal(typeof JSON.parse(r.body).error, 'string', body);
  }
  for (const body of ['{', '[]', JSON.stringify({ rate: 2, faults: [] }), JSON.stringify({ rate: 0.5 }), JSON.stringify({ rate: 0.5, faults: [{ kind: 'delay', ms: 'x' }] }), JSON.stringify({ rate: 0.5, faults: [], seed: 'a' })]) {
    const r = await request(sb, { method: 'POST', path: '/__sandbox/chaos', body });
    assert.equal(r.status, 400, `chaos ${body}: ${r.status} ${r.body}`);
    assert.equal(typeof JSON.parse(r.body).error, 'string');
  }
  const big = await request(sb, { method: 'POST', path: '/__sandbox/faults', body: JSON.stringify({ kind: 'body', body: 'x'.repeat(100_000) }) }).catch((e) => ({ error: e }));
  assert.ok(big.error || big.status === 413, 'an oversize control body is refused');
  // Nothing was queued: the next query is answered normally, and in-process inject() refuses too.
  const q = await request(sb, { method: 'POST', path: '/pay/orderquery', body: '<xml></xml>' });
  assert.equal(q.status, 200);
  assert.equal(sb.faultsInjected, 0);
  assert.throws(() => sb.inject({ kind: 'status', status: 99 }), /status must be/);
  // A well-formed fault is still accepted.
  const good = await request(sb, { method: 'POST', path: '/__sandbox/faults', body: JSON.stringify({ kind: 'status', status: 503, retryAfter: 1, api: 'v2' }) });
  assert.equal(good.status, 200);
  assert.deepEqual(JSON.parse(good.body), { queued: 1 });
  assert.equal((await request(sb, { method: 'POST', path: '/pay/orderquery', body: '<xml></xml>' })).status, 503);
});

test('v2 requests with malformed XML character references get 400, never 500', async (t) => {
  const sb = await sandbox(t);
  for (const ref of ['&#xFFFFFFFF;', '&#0;', '&#xD800;', '&#xDFFF;', '&#x110000;', '&#99999999999;', '&#x41', '&#65', '&unknown;', '& ', '&#xFFFE;']) {
    const body = `<xml><appid>${ref}</appid><mch_id>1</mch_id></xml>`;
    const r = await request(sb, { method: 'POST', path: '/pay/orderquery', body });
    assert.equal(r.status, 400, `${ref}: ${r.status} ${r.body}`);
    assert.match(JSON.parse(r.body).error, /XML/, ref);
  }
  // Well-formed references still decode: the request reaches the emulator (a FAIL about the
  // merchant, not about the XML).
  const good = await request(sb, { method: 'POST', path: '/pay/orderquery', body: '<xml><appid>&#x77;&#120;&amp;</appid><mch_id>1</mch_id></xml>' });
  assert.equal(good.status, 200);
  assert.match(good.body, /appid和mch_id不匹配/);
});
