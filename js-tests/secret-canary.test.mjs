// Secret canaries: a canary string (shaped like an API key) and the sandbox's real private key
// are put, in several forms, into every argument, config, query and option position of every
// public entry point of the built package, and into every key name; no PayQueryError that comes
// out may show them in its message, stack, String(err), JSON.stringify(err) or
// util.inspect(err). Then text from servers (v2 return_msg / err_code_des, v3 message, Fubei
// result_message, CloudPay errMsg, headers) full of control characters and far too long: it may
// reach the message only quoted, escaped and cut short, and stays whole in `providerMessage`.
import test from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';
import { pq, sandbox, OFFICIAL, nodeSignV2, nodeBuildXml } from './helpers.mjs';
import { directConfig, v3Credentials } from './v3-helpers.mjs';

/** 32 characters, like a v2 API key, an app secret or an APIv3 key. */
const CANARY = 'Cx9qZv7LwK3pRt5YmN8bHd2sFg4jQa6u';

/** The ways a secret ends up in the wrong place: bare, with controls, in a URL, as a PEM. */
const FORMS = [
  CANARY,
  `${CANARY}\n\u202e`,
  `https://user:${CANARY}@example.com`,
  `https://example.com/?key=${CANARY}`,
  `-----BEGIN PRIVATE KEY-----\n${CANARY}\n-----END PRIVATE KEY-----\n`,
  `-----BEGIN ${CANARY}-----\nAAAA\n-----END ${CANARY}-----\n`,
];

/** Every `size`-character piece of `secret`: none may appear anywhere in an error. */
function pieces(secret, size) {
  const out = new Set();
  for (let i = 0; i + size <= secret.length; i += 1) out.add(secret.slice(i, i + size));
  return [...out];
}

/** What a caller, a log line or an error reporter can see of an error. */
function surfaces(err) {
  return {
    message: String(err.message),
    stack: String(err.stack),
    string: String(err),
    json: JSON.stringify(err),
    inspect: util.inspect(err, { depth: null, showHidden: true }),
  };
}

/** Asserts `err` is a PayQueryError that shows no piece of `secret` anywhere. */
function assertClean(err, secretPieces, where) {
  assert.ok(pq.isPayQueryError(err), `${where}: expected a PayQueryError, got ${err && err.stack}`);
  for (const [surface, text] of Object.entries(surfaces(err))) {
    const leak = secretPieces.find((p) => text.includes(p));
    assert.equal(leak, undefined, `${where}: ${surface} shows "${leak}" of the secret: ${text.slice(0, 400)}`);
  }
}

/**
 * Every variant of `args` with one position replaced by `value`: each leaf (string, number,
 * boolean, function) of each argument, each whole argument, and a new key `value` on each
 * plain object (an option or field named by a pasted secret).
 */
function* variants(args, value, positions = args.map((_, i) => i)) {
  function* walk(node, path) {
    yield path;
    if (node && typeof node === 'object' && !Array.isArray(node) && !(node instanceof Uint8Array)) {
      yield [...path, { newKey: true }];
      for (const k of Object.keys(node)) yield* walk(node[k], [...path, k]);
    } else if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i += 1) yield* walk(node[i], [...path, i]);
    }
  }
  for (const i of positions) {
    for (const path of walk(args[i], [i])) yield { path, args: replaced(args, path, value) };
  }
}

function replaced(root, path, value) {
  const clone = Array.isArray(root) ? [...root] : { ...root };
  const [head, ...rest] = path;
  if (rest.length === 0) {
    clone[head] = value;
    return clone;
  }
  if (rest.length === 1 && rest[0] && rest[0].newKey) {
    const node = root[head];
    clone[head] = Array.isArray(node) ? [...node] : { ...node, [typeof value === 'string' ? value : CANARY]: 'x' };
    return clone;
  }
  const node = root[head];
  clone[head] = node && typeof node === 'object' && !(node instanceof Uint8Array) ? replaced(node, rest, value) : node;
  return clone;
}

/** Runs `call(...args)` for every variant and checks what it throws; returns how many threw. */
async function probe(name, call, args, positions, secretValues, secretPieces) {
  let thrown = 0;
  let runs = 0;
  for (const value of secretValues) {
    for (const v of variants(args, value, positions)) {
      runs += 1;
      const where = `${name} with ${JSON.stringify(v.path)} = ${JSON.stringify(String(value).slice(0, 40))}`;
      try {
        await call(...v.args);
      } catch (err) {
        thrown += 1;
        assertClean(err, secretPieces, where);
      }
    }
  }
  assert.ok(thrown > 0, `${name}: no variant was refused`);
  return { runs, thrown };
}

test('a canary or a private key in any argument, config, query or option position never shows in an error', async (t) => {
  const sb = await sandbox(t);
  const v2 = sb.credentials.v2;
  const fb = sb.credentials.fubei;
  const quick = { retries: 0, backupBaseUrl: null, timeoutMs: 3000 };
  const signedXml = nodeBuildXml({ ...OFFICIAL.params, sign: nodeSignV2(OFFICIAL.params, OFFICIAL.key, 'MD5') });
  const v3 = directConfig(sb, quick);
  const { privateKey } = v3Credentials();
  const keyBody = privateKey.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  // Secrets: the canary in all its forms, and a real private key.
  const secretValues = [...FORMS, privateKey];
  const secretPieces = [...pieces(CANARY, 6), ...pieces(keyBody, 12)];
  // platformCertificates: 'auto' (downloads decrypted with apiV3Key) instead of the public key.
  const { wechatpayPublicKey: _publicKey, ...autoV3 } = { ...v3, platformCertificates: 'auto' };
  const notificationOf = () => sb.tools.v3.buildNotification({ outTradeNo: 'PQ-V3-PAID' });

  const entries = [
    ['signV2', (...a) => pq.signV2(...a), [OFFICIAL.params, OFFICIAL.key, 'MD5']],
    ['buildV2Xml', (...a) => pq.buildV2Xml(...a), [OFFICIAL.params, OFFICIAL.key, 'HMAC-SHA256']],
    ['explainV2', (...a) => pq.explainV2(...a), [OFFICIAL.params, OFFICIAL.key, 'MD5']],
    // The document is server data (quoted bounded, below); the key and sign type are secrets' places.
    ['verifyV2Xml', (...a) => pq.verifyV2Xml(...a), [signedXml, OFFICIAL.key, 'MD5'], [1, 2]],
    ['signFubei', (...a) => pq.signFubei(...a), [{ app_id: fb.appId, method: 'x', nonce: 'n1' }, fb.appSecret]],
    ['explainFubei', (...a) => pq.explainFubei(...a), [{ app_id: fb.appId, nonce: 'n1' }, fb.appSecret]],
    ['verifyFubeiNotification', (...a) => pq.verifyFubeiNotification(...a), ['result_code=200&data=%7B%7D&sign=AA', fb.appSecret], [1]],
    [
      'WechatPayV2#queryOrder',
      (cfg, query, options) => new pq.WechatPayV2(cfg).queryOrder(query, options),
      [
        { appid: v2.appid, mchId: v2.mchId, apiKey: v2.apiKey, signType: 'MD5', baseUrl: sb.url, ...quick },
        { outTradeNo: 'PQ-V2-PAID' },
        { timeoutMs: 3000 },
      ],
    ],
    [
      'WechatPayV2#buildQueryRequest (service provider)',
      (cfg, query) => new pq.WechatPayV2(cfg).buildQueryRequest(query),
      [{ appid: v2.appid, mchId: v2.mchId, apiKey: v2.apiKey, subMchId: v2.subMchId, subAppid: v2.subAppid }, { transactionId: '4200000000000000000000000001' }],
    ],
    [
      'WechatPayV2#parseQueryResponse (the answer is server data)',
      (cfg, query, body) => new pq.WechatPayV2(cfg).parseQueryResponse(query, body),
      [{ appid: v2.appid, mchId: v2.mchId, apiKey: v2.apiKey }, { outTradeNo: 'PQ-V2-PAID' }, signedXml],
      [0, 1],
    ],
    [
      'Fubei#parseQueryResponse (the answer is server data)',
      (cfg, query, body) => new pq.Fubei(cfg).parseQueryResponse(query, body),
      [{ appId: fb.appId, appSecret: fb.appSecret, api: '1.0' }, { orderSn: 'PQ1' }, '{"result_code":200,"data":{}}'],
      [0, 1],
    ],
    [
      'CloudPay#queryOrder (signing)',
      (cfg, input, options) => new pq.CloudPay(cfg).queryOrder(input, options),
      [
        { appid: v2.appid, mchId: v2.mchId, apiKey: v2.apiKey, baseUrl: sb.url, ...quick },
        { sub_mch_id: v2.subMchId, out_trade_no: 'PQ-V2-SP-PAID' },
        { timeoutMs: 3000 },
      ],
    ],
    [
      'CloudPay#queryOrder (cloud)',
      (cfg, input) => new pq.CloudPay(cfg).queryOrder(input),
      [{ cloud: { cloudPay: { queryOrder: async () => ({ errCode: 0, errMsg: 'cloudPay.queryOrder:ok', returnCode: 'FAIL', returnMsg: 'x' }) } } }, { subMchId: v2.subMchId, outTradeNo: 'PQ-1' }],
    ],
    [
      'Fubei#queryOrder (2.0 vendor)',
      (cfg, query, options) => new pq.Fubei(cfg).queryOrder(query, options),
      [
        { vendorSn: fb.vendorSn, appSecret: fb.vendorSecret, api: '2.0', merchantId: fb.merchantId, baseUrl: sb.url, ...quick },
        { merchantOrderSn: 'PQ-FB2-PAID' },
        { timeoutMs: 3000 },
      ],
    ],
    [
      'Fubei#buildQueryRequest (1.0)',
      (cfg, query) => new pq.Fubei(cfg).buildQueryRequest(query),
      [{ appId: fb.appId, appSecret: fb.appSecret, api: '1.0' }, { orderSn: 'PQ1' }],
    ],
    [
      'WechatPayV3#queryOrder',
      (cfg, query, options) => new pq.WechatPayV3(cfg).queryOrder(query, options),
      [v3, { outTradeNo: 'PQ-V3-PAID' }, { timeoutMs: 3000 }],
    ],
    [
      'WechatPayV3#queryCombineOrder (platform certificate, signer)',
      (cfg, query) => new pq.WechatPayV3(cfg).queryCombineOrder(query),
      [
        {
          mchid: v3.mchid,
          merchantSerialNo: v3.merchantSerialNo,
          signer: async () => 'c2lnbmF0dXJl',
          platformCertificates: [sb.credentials.v3.platformCertificate],
          baseUrl: sb.url,
          ...quick,
        },
        { combineOutTradeNo: 'PQ-V3-COMBINE' },
      ],
    ],
    [
      'WechatPayV3#buildAuthorization',
      (cfg, ...a) => new pq.WechatPayV3(cfg).buildAuthorization(...a),
      [v3, 'GET', '/v3/pay/transactions/out-trade-no/PQ1?mchid=1', '', { timestamp: 1700000000, nonce: 'n0' }],
    ],
    [
      'WechatPayV3#parseNotification',
      (cfg, request, options) => new pq.WechatPayV3(cfg).parseNotification(request, options),
      [v3, notificationOf(), { now: Math.floor(Date.now() / 1000) }],
      [0, 2],
    ],
    [
      "WechatPayV3#downloadPlatformCertificates ('auto', the APIv3 key decrypts)",
      (cfg, options) => new pq.WechatPayV3(cfg).downloadPlatformCertificates(options),
      [autoV3, { timeoutMs: 3000 }],
    ],
    [
      'explainV3',
      (input) => pq.explainV3(input),
      [{ request: { method: 'GET', url: '/v3/pay/transactions/id/4200?mchid=1', body: '', authorization: 'WECHATPAY2-SHA256-RSA2048 mchid="1"' } }],
    ],
    ['queryMany', (...a) => pq.queryMany(...a), [['a'], async () => 1, { concurrency: 2 }]],
    ['waitForFinalState', (...a) => pq.waitForFinalState(...a), [async () => ({ status: { final: true } }), { timeoutMs: 1000, intervalMs: 10 }]],
  ];

  let runs = 0;
  for (const [name, call, args, positions] of entries) {
    const r = await probe(name, call, args, positions, secretValues, secretPieces);
    runs += r.runs;
  }
  assert.ok(runs > 1000, `only ${runs} variants were tried`);
});

// Server text: a canary at both ends of a long text with line breaks, an escape sequence, bidi
// overrides and NUL in between.
const LONG = `${CANARY}\n[FAKE] level=error user=admin\r\u001b[31m\u202e\u2028\u0000${'界'.repeat(3000)}END${CANARY.split('').reverse().join('')}`;
const TAIL = CANARY.split('').reverse().join('');
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Server text reaches `err.message` only bounded and escaped; the whole is `providerMessage`. */
function assertQuotedBounded(err, where, { whole } = {}) {
  assert.ok(pq.isPayQueryError(err), `${where}: ${err && err.stack}`);
  const { message } = err;
  assert.ok(!RAW_CONTROL.test(message), `${where}: raw control characters in ${JSON.stringify(message)}`);
  assert.ok(message.length <= 600, `${where}: a ${message.length}-character message`);
  assert.ok(!message.includes(TAIL), `${where}: the end of a long server text reached the message`);
  assert.ok(!RAW_CONTROL.test(String(err)), `${where}: String(err)`);
  assert.ok(!RAW_CONTROL.test(err.stack.split('\n')[0]), `${where}: the stack's first line`);
  assert.ok(!util.inspect(err).includes(TAIL) || whole !== undefined, `${where}: inspect shows undocumented server text`);
  if (whole !== undefined) {
    assert.equal(err.providerMessage, whole, `${where}: providerMessage`);
    assert.ok(JSON.parse(JSON.stringify(err)).providerMessage === whole, `${where}: providerMessage in JSON`);
  }
}

/** A fetch that answers every request with `response` (status, headers, body). */
function answering({ status = 200, headers = {}, body }) {
  return async () => new Response(body, { status, headers });
}

async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('expected a rejection');
}

test('server text reaches messages quoted, escaped and bounded; the whole text is providerMessage', async (t) => {
  const sb = await sandbox(t);
  const v2 = sb.credentials.v2;
  const quick = { retries: 0, backupBaseUrl: null };
  const v2Client = (body) =>
    new pq.WechatPayV2({ appid: v2.appid, mchId: v2.mchId, apiKey: v2.apiKey, baseUrl: sb.url, ...quick, fetch: answering({ body }) });

  // v2 return_code=FAIL: unsigned by design.
  let err = await rejection(v2Client(nodeBuildXml({ return_code: 'FAIL', return_msg: LONG })).queryOrder({ outTradeNo: 'PQ1' }));
  assert.equal(err.code, 'REQUEST_REJECTED');
  // XML normalises line ends (\r\n and \r to \n): the whole text as the document carries it.
  const XML_LONG = LONG.replace(/\r\n?/g, '\n');
  assertQuotedBounded(err, 'v2 return_msg', { whole: XML_LONG });
  assert.ok(err.message.includes(`\\n[FAKE] level=error`), err.message);

  // v2 business error, signed, with a hostile err_code and err_code_des.
  const fields = {
    return_code: 'SUCCESS', return_msg: 'OK', appid: v2.appid, mch_id: v2.mchId, nonce_str: 'n1',
    result_code: 'FAIL', err_code: `ORDER\n${CANARY}`, err_code_des: XML_LONG,
  };
  err = await rejection(v2Client(nodeBuildXml({ ...fields, sign: nodeSignV2(fields, v2.apiKey, 'MD5') })).queryOrder({ outTradeNo: 'PQ1' }));
  assert.equal(err.code, 'PROVIDER_ERROR');
  assertQuotedBounded(err, 'v2 err_code_des', { whole: XML_LONG });
  assert.equal(err.providerCode, `ORDER\n${CANARY}`, 'providerCode is data, kept as sent');

  // A v2 document whose root element is hostile.
  err = await rejection(v2Client(`<${CANARY}${'x'.repeat(5000)}${TAIL}></${CANARY}${'x'.repeat(5000)}${TAIL}>`).queryOrder({ outTradeNo: 'PQ1' }));
  assertQuotedBounded(err, 'v2 root element');

  // v3 error body.
  const v3 = (extra) => new pq.WechatPayV3(directConfig(sb, { ...quick, ...extra }));
  err = await rejection(
    v3({ fetch: answering({ status: 404, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: 'ORDER_NOT_EXIST', message: LONG, detail: { field: 'x' } }) }) })
      .queryOrder({ outTradeNo: 'PQ1' }),
  );
  assert.equal(err.code, 'ORDER_NOT_FOUND');
  assertQuotedBounded(err, 'v3 message', { whole: LONG });

  // v3 signed-answer headers: a hostile serial and timestamp.
  for (const [header, value] of [['Wechatpay-Serial', LONG], ['Wechatpay-Timestamp', LONG]]) {
    const headers = { 'Wechatpay-Serial': 'PUB_KEY_ID_X', 'Wechatpay-Timestamp': String(Math.floor(Date.now() / 1000)), 'Wechatpay-Nonce': 'n', 'Wechatpay-Signature': 'c2ln', [header]: value.replace(/[\r\n\u0000]/g, ' ') };
    err = await rejection(v3({ fetch: answering({ headers, body: '{}' }) }).queryOrder({ outTradeNo: 'PQ1' }));
    assertQuotedBounded(err, `v3 ${header}`);
  }

  // A v3 notification whose algorithm is hostile (verified first: built by the sandbox).
  const note = sb.tools.v3.buildNotification({ outTradeNo: 'PQ-V3-PAID' });
  const body = JSON.parse(note.body);
  body.resource.algorithm = LONG;
  err = await rejection(v3().parseNotification({ headers: note.headers, body: JSON.stringify(body) }));
  assertQuotedBounded(err, 'v3 notification algorithm');

  // Fubei error envelope.
  const fb = sb.credentials.fubei;
  err = await rejection(
    new pq.Fubei({
      appId: fb.appId, appSecret: fb.appSecret, api: '1.0', baseUrl: sb.url, ...quick,
      fetch: answering({ body: JSON.stringify({ result_code: 400, result_message: LONG, sub_code: `E\n${CANARY}`, sub_message: 'second' }) }),
    }).queryOrder({ merchantOrderSn: 'PQ1' }),
  );
  assert.equal(err.code, 'PROVIDER_ERROR');
  assertQuotedBounded(err, 'Fubei result_message', { whole: `${LONG}; second` });

  // CloudPay platform errors: wx-server-sdk's { errCode, errMsg }, and a plain thrown Error.
  const cloudThrowing = (thrown) => new pq.CloudPay({ cloud: { cloudPay: { queryOrder: async () => { throw thrown; } } } });
  err = await rejection(cloudThrowing({ errCode: -501001, errMsg: LONG }).queryOrder({ subMchId: v2.subMchId, outTradeNo: 'PQ1' }));
  assert.equal(err.code, 'PROVIDER_ERROR');
  assertQuotedBounded(err, 'CloudPay errMsg', { whole: LONG });
  err = await rejection(cloudThrowing(new Error(LONG)).queryOrder({ subMchId: v2.subMchId, outTradeNo: 'PQ1' }, { retries: 0 }).catch((e) => Promise.reject(e)));
  assertQuotedBounded(err, 'CloudPay thrown Error', { whole: LONG });

  // A custom fetch that rejects with hostile text.
  err = await rejection(
    new pq.WechatPayV2({ appid: v2.appid, mchId: v2.mchId, apiKey: v2.apiKey, baseUrl: sb.url, ...quick, fetch: async () => { throw new TypeError(LONG); } })
      .queryOrder({ outTradeNo: 'PQ1' }),
  );
  assert.equal(err.code, 'NETWORK_ERROR');
  assertQuotedBounded(err, 'fetch rejection');
});
