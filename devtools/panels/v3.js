// WeChat Pay APIv3: build an Authorization header with a pasted merchant private key; when
// WeChat Pay answers 401 SIGN_ERROR, compare its copy of the message (in the error body) with
// ours, side by side, and say what differs or, when nothing does, that the key does not belong
// to the certificate serial; verify an answer with the WeChat Pay public key or platform
// certificates. The messages come from payquery's explainV3.
import { el, field, input, area, select, button, output, attempt, render, verdict, heading, showInvisibles, table, json, sideBySide, parseHeaders, headerLines, errorView, toggle, clear } from './ui.js';
import { rsaPair, keyFingerprint } from '../keys.js';
import { FAKE_V3, SANDBOX_ORDERS, signedV3Answer, v3OrderBody, signErrorBody } from '../samples.js';

const LINE_NAMES = ['METHOD', 'URL', 'TIMESTAMP', 'NONCE'];

/** A request message as `[name, line]` pairs: four lines, then the body (without its final \n). */
function messageLines(message) {
  const parts = message.split('\n');
  const body = parts.slice(4).join('\n');
  return [...LINE_NAMES.map((name, i) => [name, parts[i] ?? null]), ['BODY', body.endsWith('\n') ? body.slice(0, -1) : body]];
}

/** Every PEM certificate block of a text. */
const certificates = (text) => text.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) || [];

const utf8Length = (s) => new TextEncoder().encode(s).length;

export function v3Panel(pq) {
  const mchid = input('v3-mchid', '1900000001 (sp_mchid for a service provider)');
  const serial = input('v3-serial', 'merchant API certificate serial (40 hex digits)');
  const privateKey = area('v3-private-key', '-----BEGIN PRIVATE KEY-----   (apiclient_key.pem, PKCS#8)', 4);
  const keyId = input('v3-public-key-id', 'PUB_KEY_ID_…');
  const publicKey = area('v3-public-key', '-----BEGIN PUBLIC KEY-----   (the WeChat Pay public key)', 3);
  const platformCerts = area('v3-platform-certs', '-----BEGIN CERTIFICATE-----   (platform certificates, certificate mode: one or more)', 3);
  const method = select('v3-method', [['GET'], ['POST']]);
  const url = input('v3-url', '/v3/pay/transactions/out-trade-no/ORDER-1001?mchid=1900000001');
  const body = area('v3-body', 'request body, exactly as sent (empty for GET)', 2);
  const timestamp = input('v3-timestamp', 'now');
  const nonceInput = input('v3-nonce', 'random');
  const authorization = area('v3-authorization', 'WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",…   (filled by Build)', 3);
  const signError = area('v3-sign-error', '{"code": "SIGN_ERROR", "message": "签名错误，请检查后再试", "detail": {…}}   (the 401 body as received)', 6);
  const status = input('v3-response-status', '200', 'number');
  const headers = area('v3-response-headers', 'Wechatpay-Timestamp: …\nWechatpay-Nonce: …\nWechatpay-Signature: …\nWechatpay-Serial: …', 4);
  const responseBody = area('v3-response-body', 'the answer body, exactly as received', 4);
  const buildOut = output('v3-build-output', 'Build: the Authorization header and the exact message signed appear here.');
  const compareOut = output('v3-compare-output', 'Compare: paste the SIGN_ERROR body WeChat Pay answered to see its message beside ours.');
  const verifyOut = output('v3-verify-output', 'Verify: paste an answer’s Wechatpay-* headers and its body.');
  let sampleWechatKey = null;
  let sandbox = null;

  /** The verification keys given: a WeChat Pay public key and/or platform certificates. */
  const verificationKeys = () => {
    const certs = certificates(platformCerts.value);
    const keys = {};
    if (publicKey.value.trim()) keys.wechatpayPublicKey = { id: keyId.value.trim(), pem: publicKey.value };
    if (certs.length) keys.platformCertificates = certs;
    return keys;
  };

  /**
   * A client that signs with the pasted key. A client needs a verification key too; without
   * one, 'auto' stands in: it would download certificates before a query, and none is made here.
   */
  const signingClient = () => {
    const keys = verificationKeys();
    const verification = Object.keys(keys).length ? keys : { platformCertificates: 'auto', apiV3Key: '0'.repeat(32) };
    return new pq.WechatPayV3({ mchid: mchid.value.trim(), merchantSerialNo: serial.value.trim(), privateKey: privateKey.value, ...verification });
  };

  /** A client that only verifies: it never signs, so no private key is needed. */
  const verifyingClient = () =>
    new pq.WechatPayV3({ mchid: mchid.value.trim() || '1900000001', merchantSerialNo: serial.value.trim() || '00000000', signer: () => '', ...verificationKeys() });

  const withClient = async (make, fn) => {
    const client = make();
    try {
      return await fn(client);
    } finally {
      client.free();
    }
  };

  const options = () => {
    const o = {};
    if (timestamp.value.trim()) o.timestamp = Number(timestamp.value.trim());
    if (nonceInput.value.trim()) o.nonce = nonceInput.value.trim();
    return o;
  };

  const build = async () => {
    const header = await withClient(signingClient, (c) => c.buildAuthorization(method.value, url.value.trim(), body.value, options()));
    authorization.value = header;
    const explained = pq.explainV3({ request: { method: method.value, url: url.value.trim(), body: body.value, authorization: header } });
    const fingerprint = await keyFingerprint(privateKey.value);
    return [
      verdict('ok', 'Authorization built', `Send it as the Authorization header${keyId.value.trim() ? `, with Wechatpay-Serial: ${keyId.value.trim()} so that the answer is signed with that key` : ''}.`),
      el('pre', { class: 'json', testid: 'v3-authorization-output' }, header),
      table([
        ['mchid', explained.authorization.mchid],
        ['serial_no', explained.authorization.serialNo],
        ['timestamp', explained.authorization.timestamp],
        ['nonce_str', explained.authorization.nonceStr],
        ['key fingerprint', fingerprint ? el('code', { testid: 'v3-fingerprint' }, fingerprint) : null],
      ]),
      heading('The exact message signed: method, URL, timestamp, nonce, body, each line ending in ↵'),
      showInvisibles(explained.message, 'v3-signed-message'),
    ];
  };

  const compare = async () => {
    let answer;
    try {
      answer = JSON.parse(signError.value);
    } catch {
      return [verdict('bad', 'Not JSON', 'Paste the body of WeChat Pay’s 401 answer as received: {"code":"SIGN_ERROR",…}.')];
    }
    if (!answer || answer.code !== 'SIGN_ERROR') {
      return [verdict('info', `Not a SIGN_ERROR (code ${JSON.stringify(answer && answer.code)})`, 'This tool compares the message of a 401 SIGN_ERROR; for other answers use Verify below.')];
    }
    const info = answer.detail && answer.detail.sign_information;
    const wechat = info && info.truncated_sign_message;
    if (typeof wechat !== 'string') {
      return [
        verdict('bad', 'WeChat Pay rejected the Authorization header itself', `It sent no copy of the message, so it did not get as far as the signature. Its reason: ${answer.message || '(none)'} — check the header’s format, mchid, serial_no and timestamp (within 5 minutes).`),
        json(answer),
      ];
    }
    if (!authorization.value.trim()) return [verdict('info', 'Build first', 'Build the Authorization (or paste the one you sent) so that both messages can be compared.')];
    const explained = pq.explainV3({ request: { method: method.value, url: url.value.trim(), body: body.value, authorization: authorization.value.trim() }, wechatMessage: wechat });
    const ours = messageLines(explained.message);
    const theirs = messageLines(wechat);
    const wechatLength = typeof info.sign_message_length === 'number' ? info.sign_message_length : null;
    const oursLength = utf8Length(explained.message);
    const bodyCut = wechatLength !== null && wechatLength !== utf8Length(wechat);
    const rows = ours.map(([name, line], i) => {
      const other = theirs[i][1];
      if (name !== 'BODY') return [name, line, other];
      // WeChat Pay shows the start of the body only: equal when ours starts with it.
      const same = line === other || (bodyCut && line.startsWith(other) && wechatLength === oursLength);
      return [name, line, other, bodyCut ? `WeChat Pay shows the first ${utf8Length(other)} bytes` : null, same];
    });
    const diff = sideBySide(['Ours (what payquery signed)', 'WeChat Pay’s (from the SIGN_ERROR)'], rows, 'v3-diff');
    const lengths = table([
      ['message length, ours', `${oursLength} bytes`],
      ['message length, WeChat Pay’s', wechatLength === null ? null : `${wechatLength} bytes`],
    ]);
    if (!explained.matches) {
      const d = explained.firstDifference;
      return [verdict('bad', `The messages differ on line ${d.line} (${d.name})`, explained.hint), diff, lengths];
    }
    if (wechatLength !== null && wechatLength !== oursLength) {
      return [
        verdict('bad', 'The messages differ in the body', `Same beginning, but WeChat Pay’s message is ${wechatLength} bytes and ours ${oursLength}: sign the exact bytes you send (no re-serialisation, same encoding).`),
        diff,
        lengths,
      ];
    }
    const fingerprint = await keyFingerprint(privateKey.value);
    const serialNo = explained.authorization ? explained.authorization.serialNo : serial.value.trim();
    return [
      verdict(
        'bad',
        'Same message on both sides: the key does not match the certificate serial',
        `WeChat Pay checked the signature with the public key of merchant certificate ${serialNo} and it does not verify, so this private key is not that certificate’s. Use the apiclient_key.pem issued with certificate ${serialNo}, or set merchantSerialNo to the serial of the certificate that goes with this key.`,
      ),
      table([
        ['this key’s fingerprint', fingerprint ? el('code', { testid: 'v3-fingerprint' }, fingerprint) : 'paste the private key to see it'],
        ['compare with', el('code', {}, 'openssl x509 -in apiclient_cert.pem -noout -pubkey | openssl pkey -pubin -outform DER | openssl dgst -sha256')],
        ['which prints for this key', el('code', {}, 'openssl pkey -in apiclient_key.pem -pubout -outform DER | openssl dgst -sha256')],
        ['serial of a certificate', el('code', {}, 'openssl x509 -noout -serial -in apiclient_cert.pem')],
      ]),
      diff,
      lengths,
    ];
  };

  const verify = async () => {
    const response = { status: Number(status.value || 200), headers: parseHeaders(headers.value), body: responseBody.value };
    const explained = pq.explainV3({ response });
    const message = explained.message === null ? null : [heading('The exact message verified: timestamp, nonce, body, each line ending in ↵'), showInvisibles(explained.message, 'v3-verified-message')];
    const fields = table([
      ['Wechatpay-Serial', explained.serial],
      ['Wechatpay-Timestamp', explained.timestamp === null ? null : `${explained.timestamp} (${explained.skewSeconds} s ago)`],
      ['Wechatpay-Nonce', explained.nonce],
      ['missing', explained.missing.join(', ')],
    ]);
    try {
      const verified = await withClient(verifyingClient, (c) => c.verifyResponse(response));
      return [verdict('ok', 'Signature verified', `Signed by ${explained.serial} over exactly this body: it can be trusted.`), fields, ...(message || []), heading('Body'), json(verified, 'v3-verified-body')];
    } catch (e) {
      return [...errorView(e, e.code === 'SIGNATURE_INVALID' ? 'The signature does not match this body with the key the serial names: altered, re-serialised, or another key.' : explained.hint), fields, ...(message || [])];
    }
  };

  const sampleKeys = async () => {
    const merchant = await rsaPair();
    const wechat = await rsaPair();
    sampleWechatKey = wechat.privateKey;
    mchid.value = FAKE_V3.mchid;
    serial.value = FAKE_V3.serial;
    privateKey.value = merchant.privatePem;
    keyId.value = FAKE_V3.publicKeyId;
    publicKey.value = wechat.publicPem;
    platformCerts.value = '';
    method.value = 'GET';
    url.value = FAKE_V3.url;
    body.value = '';
    timestamp.value = '';
    nonceInput.value = '';
    authorization.value = '';
    clear(buildOut, compareOut, verifyOut);
  };

  /** A sample SIGN_ERROR: WeChat Pay's copy with the URL a proxy rewrote, or the same message (a wrong key). */
  const sampleSignError = async (kind) => {
    if (!privateKey.value.trim()) await sampleKeys();
    await attempt(buildOut, build);
    const explained = pq.explainV3({ request: { method: method.value, url: url.value.trim(), body: body.value, authorization: authorization.value } });
    let seen = explained.url;
    if (kind === 'url') seen = seen.includes('%20') ? seen.replace('%20', '+') : `${seen}${seen.includes('?') ? '&' : '?'}via=proxy`;
    const message = explained.message.replace(`\n${explained.url}\n`, `\n${seen}\n`);
    signError.value = signErrorBody(method.value, seen, message);
    await attempt(compareOut, compare);
  };

  const sampleAnswer = async () => {
    if (!sampleWechatKey) await sampleKeys();
    const answer = await signedV3Answer(sampleWechatKey, keyId.value.trim(), v3OrderBody(mchid.value.trim(), 'ORDER-1001'));
    status.value = String(answer.status);
    headers.value = headerLines(answer.headers);
    responseBody.value = answer.body;
    await attempt(verifyOut, verify);
  };

  /** Sends the request to the sandbox, and puts its answer where it belongs (a SIGN_ERROR, or an answer to verify). */
  const send = async () => {
    await attempt(buildOut, build);
    if (!authorization.value) return;
    const requestHeaders = { Authorization: authorization.value, Accept: 'application/json' };
    if (keyId.value.trim()) requestHeaders['Wechatpay-Serial'] = keyId.value.trim();
    if (method.value === 'POST') requestHeaders['Content-Type'] = 'application/json';
    const answer = await sandbox.send({ method: method.value, url: `${sandbox.url}${url.value.trim()}`, headers: requestHeaders, body: body.value });
    if (answer.status === 401 && /"SIGN_ERROR"/.test(answer.body)) {
      signError.value = JSON.stringify(JSON.parse(answer.body), null, 2);
      clear(verifyOut);
      await attempt(compareOut, compare);
      return;
    }
    clear(compareOut);
    status.value = String(answer.status);
    headers.value = headerLines(Object.fromEntries(Object.entries(answer.headers).filter(([k]) => k.startsWith('wechatpay-') || k === 'request-id')));
    responseBody.value = answer.body;
    await attempt(verifyOut, verify);
  };
  const sendButton = button('v3-send', 'Send to the sandbox', () => send().catch((e) => render(verifyOut, errorView(e))));
  toggle(sendButton, false);

  const node = el(
    'section',
    { testid: 'v3-panel', class: 'wide' },
    el('h2', {}, 'WeChat Pay APIv3 ', el('span', {}, '签名 · SIGN_ERROR · 验签')),
    el(
      'div',
      { class: 'columns two' },
      el(
        'div',
        {},
        el('h3', {}, 'Keys'),
        el('div', { class: 'row' }, field('mchid', mchid), field('Merchant certificate serial', serial)),
        field('Merchant private key', privateKey, 'never leaves this page'),
        el('div', { class: 'row' }, field('WeChat Pay public key id', keyId), field('WeChat Pay public key', publicKey)),
        field('Platform certificates', platformCerts, 'certificate mode, instead of or beside the public key'),
        el('div', { class: 'buttons' }, button('v3-sample', 'Sample keys', () => sampleKeys().catch((e) => render(buildOut, errorView(e))), 'secondary')),
        el('h3', {}, '1 · Build a request'),
        el('div', { class: 'row' }, field('Method', method), field('URL', url, 'path and query, as sent')),
        field('Body', body),
        el('div', { class: 'row' }, field('Timestamp', timestamp, 'to reproduce a logged request'), field('Nonce', nonceInput)),
        el('div', { class: 'buttons' }, button('v3-build', 'Build Authorization', () => attempt(buildOut, build)), sendButton),
        buildOut,
      ),
      el(
        'div',
        {},
        el('h3', {}, '2 · WeChat Pay answered 401 SIGN_ERROR'),
        field('Authorization sent', authorization),
        field('SIGN_ERROR body', signError),
        el(
          'div',
          { class: 'buttons' },
          button('v3-compare', 'Compare', () => attempt(compareOut, compare)),
          button('v3-sample-url', 'Sample: URL rewritten', () => sampleSignError('url').catch((e) => render(compareOut, errorView(e))), 'secondary'),
          button('v3-sample-key', 'Sample: wrong key', () => sampleSignError('key').catch((e) => render(compareOut, errorView(e))), 'secondary'),
        ),
        compareOut,
        el('h3', {}, '3 · Verify an answer'),
        el('div', { class: 'row narrow-first' }, field('Status', status), field('Answer headers', headers, 'Name: value lines, or JSON')),
        field('Answer body', responseBody),
        el('div', { class: 'buttons' }, button('v3-verify', 'Verify', () => attempt(verifyOut, verify)), button('v3-sample-answer', 'Sample answer', () => sampleAnswer().catch((e) => render(verifyOut, errorView(e))), 'secondary')),
        verifyOut,
      ),
    ),
  );

  /** Fills the keys with the sandbox's merchant and the URL of a seeded order; shows "Send". */
  const useSandbox = (sb) => {
    sandbox = sb;
    const v3 = sb.credentials.v3;
    mchid.value = v3.mchid;
    serial.value = v3.merchantSerialNo;
    privateKey.value = v3.privateKey;
    keyId.value = v3.wechatpayPublicKey.id;
    publicKey.value = v3.wechatpayPublicKey.pem;
    platformCerts.value = '';
    method.value = 'GET';
    url.value = `/v3/pay/transactions/out-trade-no/${SANDBOX_ORDERS.v3}?mchid=${v3.mchid}`;
    body.value = '';
    timestamp.value = '';
    nonceInput.value = '';
    authorization.value = '';
    signError.value = '';
    headers.value = '';
    responseBody.value = '';
    clear(buildOut, compareOut, verifyOut);
    toggle(sendButton, true);
  };

  return { node, sample: sampleKeys, useSandbox };
}
