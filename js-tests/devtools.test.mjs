// The devtools page the package ships (pkg/devtools/), in headless Chromium: opened from a plain
// static server rooted at the package, and from the real `payquery devtools --sandbox`. Every
// expected value is computed here with node:crypto (the sandbox's independent signing) or read
// from the sandbox's seeded orders. Asserts what the page shows (verdicts, hints, the signed
// strings, the side-by-side diff), that no request leaves for anything but the page's own
// origin (and the sandbox once asked to), that nothing is logged as an error, and saves
// screenshots in js-tests/.artifacts/.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawn, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { serveStatic } from './static-server.mjs';
import { launchChromium } from './browser.mjs';
import { OFFICIAL, nodeSignV2, nodeBuildXml } from './helpers.mjs';
import { nodeV3, v3Credentials } from './v3-helpers.mjs';
import { nodeSignFubei, nodeStringToSign } from './fubei-helpers.mjs';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const PKG = path.join(root, 'pkg');
const ARTIFACTS = path.join(root, 'js-tests', '.artifacts');
const V2_KEY = 'fake0v2key0devtools0test00000001';

/** A page with its requests and errors recorded. */
async function open(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push({ text: `pageerror: ${e.message}` }));
  page.on('console', (m) => {
    // A fetch answered 401 is logged by Chromium as a failed resource: the one the sandbox test
    // provokes on purpose (a wrong key) is checked there, by URL.
    if (m.type() === 'error' || m.type() === 'warning') errors.push({ text: `console ${m.type()}: ${m.text()}`, url: m.location().url });
  });
  page.on('requestfailed', (r) => errors.push({ text: `request failed: ${r.url()}` }));
  await page.goto(url);
  await page.locator('[data-testid=status][data-ready=true]').waitFor({ timeout: 30_000 });
  return { page, requests, errors };
}

/**
 * Empties the outputs, presses `button`, waits for a verdict in one of `outs` and returns it:
 * `{ out, kind, headline, hint, text }` (`text`: the whole output).
 */
async function press(page, button, ...outs) {
  for (const out of outs) await page.getByTestId(out).evaluate((n) => n.replaceChildren());
  await page.getByTestId(button).click();
  const verdicts = page.locator(outs.map((o) => `[data-testid=${o}] .verdict`).join(', ')).first();
  await verdicts.waitFor({ timeout: 30_000 });
  const out = await verdicts.evaluate((v) => v.closest('[data-testid]').dataset.testid);
  return {
    out,
    kind: await verdicts.getAttribute('data-verdict'),
    headline: await verdicts.locator('strong').textContent(),
    hint: (await verdicts.locator('.hint').count()) ? await verdicts.locator('.hint').textContent() : '',
    text: await page.getByTestId(out).textContent(),
  };
}

/** The value of a row of a key/value table in `scope`. */
async function row(scope, label) {
  return scope.locator('tr', { has: scope.page().locator('th', { hasText: new RegExp(`^${label}$`) }) }).first().locator('td').textContent();
}

const fill = async (page, values) => {
  for (const [testid, value] of Object.entries(values)) {
    const node = page.getByTestId(testid);
    if ((await node.evaluate((n) => n.tagName)) === 'SELECT') await node.selectOption(value);
    else await node.fill(value);
  }
};

const pem = (key, type) => key.export({ type, format: 'pem' });
const rsa = () => crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
/** SHA-256 of a key's public half as SPKI DER (the library's `keyFingerprint`), by node:crypto. */
function keyFingerprint(key) {
  return crypto.createHash('sha256').update(crypto.createPublicKey(key).export({ type: 'spki', format: 'der' })).digest('hex');
}
const headerLines = (h) => Object.entries(h).map(([k, v]) => `${k}: ${v}`).join('\n');

/** WeChat Pay's 401 SIGN_ERROR body with its copy of `message` (the body cut to 8 characters). */
function signErrorBody(method, url, message) {
  const head = `${message.split('\n').slice(0, 4).join('\n')}\n`;
  const truncated = `${head}${message.slice(head.length, -1).slice(0, 8)}\n`;
  return JSON.stringify({
    code: 'SIGN_ERROR',
    message: '签名错误，请检查后再试',
    detail: { field: 'signature', issue: 'sign not match', location: 'authorization', sign_information: { method, url, sign_message_length: Buffer.byteLength(message), truncated_sign_message: truncated } },
  });
}

async function screenshot(page, name) {
  await fs.mkdir(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

test('devtools from any static server rooted at the package: v2, Fubei, v3 and pasted answers of every provider', async (t) => {
  const site = await serveStatic(PKG);
  t.after(() => site.close());
  const browser = await launchChromium();
  t.after(() => browser.close());
  const { page, requests, errors } = await open(browser, `${site.url}/devtools/`);
  const id = (testid) => page.getByTestId(testid);
  assert.equal(await id('try-sandbox').isHidden(), true, 'no sandbox button without ?sandbox=');

  // --- APIv2: WeChat Pay's published vectors, in all three input forms, both sign types.
  await fill(page, { 'v2-params': JSON.stringify(OFFICIAL.params), 'v2-key': OFFICIAL.key, 'v2-sign-type': 'MD5' });
  let v = await press(page, 'v2-sign', 'v2-build-output');
  assert.equal(v.kind, 'ok');
  assert.equal(await id('v2-signature').textContent(), nodeSignV2(OFFICIAL.params, OFFICIAL.key, 'MD5'));
  const stringToSign = `${Object.keys(OFFICIAL.params).sort().map((k) => `${k}=${OFFICIAL.params[k]}`).join('&')}&key=***`;
  assert.equal(await id('v2-build-string').textContent(), stringToSign);
  await fill(page, { 'v2-sign-type': 'HMAC-SHA256' });
  await press(page, 'v2-sign', 'v2-build-output');
  assert.equal(await id('v2-signature').textContent(), nodeSignV2(OFFICIAL.params, OFFICIAL.key, 'HMAC-SHA256'));
  await fill(page, { 'v2-sign-type': 'MD5' });
  for (const form of [Object.entries(OFFICIAL.params).map(([k, val]) => `${k}=${val}`).join('&'), nodeBuildXml(OFFICIAL.params)]) {
    await fill(page, { 'v2-params': form });
    await press(page, 'v2-sign', 'v2-build-output');
    assert.equal(await id('v2-signature').textContent(), OFFICIAL.md5);
  }
  await press(page, 'v2-build-xml', 'v2-build-output');
  assert.match(await id('v2-xml').textContent(), new RegExp(`<sign>${OFFICIAL.md5}</sign></xml>$`));
  assert.ok(!(await page.content()).includes(`key=${OFFICIAL.key}`), 'the key is never shown in a signed string');

  // Verify: an answer signed by node:crypto matches; with another key, or a field added after
  // signing, it does not, and the hint names why.
  const answer = { return_code: 'SUCCESS', result_code: 'SUCCESS', appid: 'wx0000000000000001', mch_id: '1900000001', nonce_str: 'n1', trade_state: 'SUCCESS', trade_state_desc: '支付成功', out_trade_no: 'T1', total_fee: '2999', time_end: '20240101120000' };
  const signedXml = nodeBuildXml({ ...answer, sign: nodeSignV2(answer, V2_KEY, 'HMAC-SHA256') });
  await fill(page, { 'v2-params': signedXml, 'v2-key': V2_KEY, 'v2-sign-type': 'HMAC-SHA256' });
  v = await press(page, 'v2-verify', 'v2-verify-output');
  assert.deepEqual([v.kind, v.headline], ['ok', '✓ The sign matches']);
  assert.equal(await row(id('v2-fields'), 'trade_state_desc'), '支付成功');
  await fill(page, { 'v2-sign-type': 'MD5' });
  v = await press(page, 'v2-verify', 'v2-verify-output');
  assert.equal(v.kind, 'bad');
  assert.match(v.hint, /HMAC-SHA256, not MD5/);
  await fill(page, { 'v2-sign-type': 'HMAC-SHA256', 'v2-params': signedXml.replace('<sign>', '<device_info>WEB</device_info><sign>') });
  v = await press(page, 'v2-verify', 'v2-verify-output');
  assert.equal(v.kind, 'bad');
  assert.equal(await row(id('v2-verify-output'), 'field at fault'), 'device_info');
  // A no-break space in a value is shown, not hidden: the string signed marks it.
  await fill(page, { 'v2-params': JSON.stringify({ ...OFFICIAL.params, body: 'test\u00a0', sign: OFFICIAL.md5 }), 'v2-key': OFFICIAL.key, 'v2-sign-type': 'MD5' });
  v = await press(page, 'v2-verify', 'v2-verify-output');
  assert.equal(v.kind, 'bad');
  assert.equal(await id('v2-verify-string').locator('.mark[data-mark="U+00A0"]').count(), 1);
  assert.equal(await id('v2-verify-string').textContent(), stringToSign.replace('body=test', 'body=test\u00a0'));
  // A missing key is the library's error, with its code.
  await fill(page, { 'v2-key': '' });
  v = await press(page, 'v2-sign', 'v2-build-output');
  assert.deepEqual([v.kind, v.headline], ['bad', '✗ INVALID_ARGUMENT']);

  // --- Fubei: signature and string signed as node:crypto computes them; a notification typed.
  const fubeiSecret = 'fake0fubei0secret0devtools000001';
  const fubeiRequest = { app_id: '20190101000000000001', method: 'openapi.payment.order.query', format: 'json', sign_method: 'md5', nonce: 'N0nce', version: '1.0', biz_content: '{"merchant_order_sn":"付呗-1"}' };
  await fill(page, { 'fubei-params': JSON.stringify(fubeiRequest), 'fubei-secret': fubeiSecret });
  await press(page, 'fubei-sign', 'fubei-build-output');
  assert.equal(await id('fubei-signature').textContent(), nodeSignFubei(fubeiRequest, fubeiSecret));
  assert.equal(await id('fubei-build-string').textContent(), `${nodeStringToSign(fubeiRequest)}***`);
  const notificationFields = { result_code: '200', result_message: '成功', data: '{"trade_state":"SUCCESS","merchant_order_sn":"M2","total_fee":"19.99","pay_time":1704081600,"type":1}' };
  const notification = new URLSearchParams({ ...notificationFields, sign: nodeSignFubei(notificationFields, fubeiSecret) }).toString();
  await fill(page, { 'fubei-params': notification });
  v = await press(page, 'fubei-verify', 'fubei-verify-output');
  assert.equal(v.kind, 'ok');
  assert.equal(await row(id('fubei-verify-output'), 'amount'), '¥19.99 (1999 fen)');
  await fill(page, { 'fubei-params': notification.replace('19.99', '91.99') });
  v = await press(page, 'fubei-verify', 'fubei-verify-output');
  assert.equal(v.kind, 'bad');

  // --- APIv3: keys generated here; node:crypto checks the Authorization the page builds.
  const merchant = rsa();
  const wechat = rsa();
  const url = '/v3/pay/transactions/out-trade-no/ORDER%201001?mchid=1900000001';
  await fill(page, {
    'v3-mchid': '1900000001',
    'v3-serial': '5157F09EFDC096DE15EBE81A47057A7200000001',
    'v3-private-key': pem(merchant.privateKey, 'pkcs8'),
    'v3-public-key-id': 'PUB_KEY_ID_0114232134912410000000000000000001',
    'v3-public-key': pem(wechat.publicKey, 'spki'),
    'v3-url': url,
  });
  v = await press(page, 'v3-build', 'v3-build-output');
  assert.equal(v.kind, 'ok');
  const authorization = await id('v3-authorization-output').textContent();
  const auth = nodeV3.parseAuthorization(authorization);
  const message = nodeV3.requestMessage('GET', url, auth.timestamp, auth.nonce_str, '');
  assert.ok(nodeV3.verify(message, auth.signature, merchant.publicKey), 'the Authorization verifies with node:crypto');
  assert.equal(await id('v3-signed-message').textContent(), message);
  assert.equal(await id('v3-signed-message').locator('.mark[data-mark="↵"]').count(), 5);
  assert.equal(await id('v3-fingerprint').textContent(), keyFingerprint(merchant.privateKey));
  assert.equal(await id('v3-authorization').inputValue(), authorization);

  // SIGN_ERROR whose copy shows another URL (a proxy re-encoded it): the URL line differs.
  const seenUrl = url.replace('%20', '+');
  await fill(page, { 'v3-sign-error': signErrorBody('GET', seenUrl, nodeV3.requestMessage('GET', seenUrl, auth.timestamp, auth.nonce_str, '')) });
  v = await press(page, 'v3-compare', 'v3-compare-output');
  assert.deepEqual([v.kind, v.headline], ['bad', '✗ The messages differ on line 2 (URL)']);
  assert.match(v.hint, /percent-encoding/);
  assert.deepEqual(await id('v3-diff').locator('tr.differs th').allTextContents(), ['URL']);
  assert.equal(await id('v3-diff').locator('tr.differs mark').first().textContent(), url.slice(url.indexOf('%20')));
  // The same message on both sides: the key is not the certificate's.
  await fill(page, { 'v3-sign-error': signErrorBody('GET', url, message) });
  v = await press(page, 'v3-compare', 'v3-compare-output');
  assert.equal(v.kind, 'bad');
  assert.match(v.headline, /key does not match the certificate serial/);
  assert.match(v.hint, /5157F09EFDC096DE15EBE81A47057A7200000001/);
  assert.equal(await id('v3-compare-output').getByTestId('v3-fingerprint').textContent(), keyFingerprint(merchant.privateKey));
  assert.equal(await id('v3-diff').locator('tr.differs').count(), 0);
  // A POST whose body differs after the part WeChat Pay shows: told apart by the lengths.
  await fill(page, { 'v3-method': 'POST', 'v3-body': '{"a":"1","b":"2"}' });
  await press(page, 'v3-build', 'v3-build-output');
  const postAuth = nodeV3.parseAuthorization(await id('v3-authorization-output').textContent());
  await fill(page, { 'v3-sign-error': signErrorBody('POST', url, nodeV3.requestMessage('POST', url, postAuth.timestamp, postAuth.nonce_str, '{"a":"1","b":"22"}')) });
  v = await press(page, 'v3-compare', 'v3-compare-output');
  assert.deepEqual([v.kind, v.headline], ['bad', '✗ The messages differ in the body']);
  await fill(page, { 'v3-method': 'GET', 'v3-body': '' });
  // A SIGN_ERROR about the header itself carries no copy: WeChat Pay's reason is shown.
  await fill(page, { 'v3-sign-error': JSON.stringify({ code: 'SIGN_ERROR', message: '商户证书序列号有误。请使用签名私钥匹配的证书序列号' }) });
  v = await press(page, 'v3-compare', 'v3-compare-output');
  assert.equal(v.headline, '✗ WeChat Pay rejected the Authorization header itself');
  assert.match(v.hint, /商户证书序列号有误/);

  // Verify an answer signed by node:crypto with the WeChat Pay public key; then altered.
  const v3Body = JSON.stringify({ mchid: '1900000001', out_trade_no: 'ORDER-1001', trade_state: 'SUCCESS', trade_state_desc: '支付成功' });
  const v3Headers = nodeV3.signedHeaders(v3Body, { privateKey: wechat.privateKey, serial: 'PUB_KEY_ID_0114232134912410000000000000000001' });
  await fill(page, { 'v3-response-headers': headerLines(v3Headers), 'v3-response-body': v3Body });
  v = await press(page, 'v3-verify', 'v3-verify-output');
  assert.deepEqual([v.kind, v.headline], ['ok', '✓ Signature verified']);
  assert.equal(await id('v3-verified-message').textContent(), nodeV3.responseMessage(v3Headers['Wechatpay-Timestamp'], v3Headers['Wechatpay-Nonce'], v3Body).toString('utf8'));
  assert.deepEqual(JSON.parse(await id('v3-verified-body').textContent()), JSON.parse(v3Body));
  await fill(page, { 'v3-response-body': v3Body.replace('SUCCESS', 'REFUND') });
  v = await press(page, 'v3-verify', 'v3-verify-output');
  assert.deepEqual([v.kind, v.headline], ['bad', '✗ SIGNATURE_INVALID']);
  assert.ok(!(await id('v3-panel').locator('.output').allTextContents()).join('').includes('PRIVATE KEY'), 'no key material in any output');
  // Certificate mode: platform certificates only (the sandbox's generated certificate and key).
  const creds = v3Credentials();
  const certHeaders = nodeV3.signedHeaders(v3Body, { privateKey: creds.sandboxKeys.platformPrivateKey, serial: creds.platformSerial });
  await fill(page, { 'v3-public-key': '', 'v3-public-key-id': '', 'v3-platform-certs': creds.platformCertificate, 'v3-response-headers': headerLines(certHeaders), 'v3-response-body': v3Body });
  v = await press(page, 'v3-verify', 'v3-verify-output');
  assert.deepEqual([v.kind, v.headline], ['ok', '✓ Signature verified']);
  // The fingerprint is the one openssl prints for the certificate that goes with the key.
  await fill(page, { 'v3-private-key': creds.sandboxKeys.platformPrivateKey });
  await press(page, 'v3-build', 'v3-build-output');
  const certFile = path.join(ARTIFACTS, 'devtools-platform.pem');
  await fs.mkdir(ARTIFACTS, { recursive: true });
  await fs.writeFile(certFile, creds.platformCertificate);
  const publicPem = execFileSync('openssl', ['x509', '-noout', '-pubkey', '-in', certFile]);
  const spki = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'DER'], { input: publicPem });
  assert.equal(await id('v3-fingerprint').textContent(), crypto.createHash('sha256').update(spki).digest('hex'));

  // --- Paste an answer: each provider's answer signed here goes through queryOrder's checks.
  const paste = async (values) => {
    await fill(page, values);
    return press(page, 'response-parse', 'response-output');
  };
  // APIv2.
  const v2Answer = nodeBuildXml({ ...answer, sign: nodeSignV2(answer, V2_KEY, 'MD5') });
  v = await paste({ 'response-provider': 'v2', 'response-appid': answer.appid, 'response-mch-id': answer.mch_id, 'response-key': V2_KEY, 'response-sign-type': 'MD5', 'response-id-kind': 'outTradeNo', 'response-id': 'T1', 'response-body': v2Answer });
  assert.deepEqual([v.kind, v.headline], ['ok', '✓ Verified: PAID, final']);
  assert.equal(await row(id('response-output'), 'amount'), '¥29.99 (2999 fen)');
  assert.equal(await row(id('response-output'), 'tradeStateDesc'), '支付成功');
  v = await paste({ 'response-body': v2Answer.replace('2999', '1') });
  assert.deepEqual([v.kind, v.headline], ['bad', '✗ SIGNATURE_INVALID']);
  v = await paste({ 'response-body': v2Answer, 'response-id': 'T2' });
  assert.deepEqual([v.kind, v.headline], ['bad', '✗ RESPONSE_MISMATCH']);
  // CloudPay, signing backend: the service-provider answer must name the sub-merchant queried.
  const spAnswer = { ...answer, sub_mch_id: '1900000109' };
  const spXml = nodeBuildXml({ ...spAnswer, sign: nodeSignV2(spAnswer, V2_KEY, 'MD5') });
  v = await paste({ 'response-provider': 'cloudpay', 'response-appid': answer.appid, 'response-mch-id': answer.mch_id, 'response-key': V2_KEY, 'response-sub-mch-id': '1900000109', 'response-id-kind': 'out_trade_no', 'response-id': 'T1', 'response-body': spXml });
  assert.deepEqual([v.kind, v.headline], ['ok', '✓ Verified: PAID, final']);
  v = await paste({ 'response-sub-mch-id': '1900000110' });
  assert.deepEqual([v.kind, v.headline], ['bad', '✗ RESPONSE_MISMATCH']);
  // CloudPay, what cloud.cloudPay.queryOrder resolved to.
  const cloudResult = { returnCode: 'SUCCESS', returnMsg: 'OK', subMchId: '1900000109', resultCode: 'SUCCESS', outTradeNo: 'T1', tradeState: 'NOTPAY', totalFee: 500, errCode: 0, errMsg: 'cloudPay.queryOrder:ok' };
  v = await paste({ 'response-provider': 'cloud', 'response-sub-mch-id': '1900000109', 'response-id-kind': 'out_trade_no', 'response-id': 'T1', 'response-body': JSON.stringify(cloudResult) });
  assert.deepEqual([v.kind, v.headline], ['info', 'ℹ Verified: NOT_PAID, may still change']);
  // APIv3: verified and typed; an hour old it is TIMESTAMP_SKEW, valid at its own time.
  v = await paste({ 'response-provider': 'v3', 'response-mchid': '1900000001', 'response-public-key-id': 'PUB_KEY_ID_0114232134912410000000000000000001', 'response-public-key': pem(wechat.publicKey, 'spki'), 'response-id-kind': 'outTradeNo', 'response-id': 'ORDER-1001', 'response-headers': headerLines(v3Headers), 'response-body': v3Body });
  assert.deepEqual([v.kind, v.headline], ['ok', '✓ Verified: PAID, final']);
  const old = nodeV3.signedHeaders(v3Body, { privateKey: wechat.privateKey, serial: 'PUB_KEY_ID_0114232134912410000000000000000001', timestamp: Math.floor(Date.now() / 1000) - 3600 });
  v = await paste({ 'response-headers': headerLines(old) });
  assert.deepEqual([v.kind, v.headline], ['bad', '✗ TIMESTAMP_SKEW']);
  assert.match(v.hint, /valid at the answer’s own time/);
  v = await paste({ 'response-max-skew': '7200' });
  assert.deepEqual([v.kind, v.headline], ['ok', '✓ Verified: PAID, final']);
  v = await paste({ 'response-id': 'ORDER-1002' });
  assert.deepEqual([v.kind, v.headline], ['bad', '✗ RESPONSE_MISMATCH']);
  // Fubei 1.0: amounts in fen from the exact decimal text; another order is refused.
  const fubeiAnswer = JSON.stringify({ result_code: 200, result_message: '成功', success: true, data: { merchant_order_sn: 'M1', order_sn: 'F1', trade_state: 'SUCCESS', total_fee: 80.07, pay_time: 1704081600, type: 2, body: '付呗商品' } });
  v = await paste({ 'response-provider': 'fubei', 'response-fubei-api': '1.0', 'response-app-id': '20190101000000000001', 'response-id-kind': 'merchantOrderSn', 'response-id': 'M1', 'response-body': fubeiAnswer });
  assert.deepEqual([v.kind, v.headline], ['ok', '✓ Verified: PAID, final']);
  assert.equal(await row(id('response-output'), 'amount'), '¥80.07 (8007 fen)');
  assert.equal(await row(id('response-output'), 'payChannel'), 'ALIPAY');
  v = await paste({ 'response-id': 'M2' });
  assert.deepEqual([v.kind, v.headline], ['bad', '✗ RESPONSE_MISMATCH']);

  // --- Every Sample button gives a working example.
  for (const [button, out, kind] of [
    ['v2-sample', null],
    ['v2-sign', 'v2-build-output', 'ok'],
    ['fubei-sample', null],
    ['fubei-sign', 'fubei-build-output', 'ok'],
    ['v3-sample', null],
    ['v3-build', 'v3-build-output', 'ok'],
    ['v3-sample-url', 'v3-compare-output', 'bad'],
    ['v3-sample-key', 'v3-compare-output', 'bad'],
    ['v3-sample-answer', 'v3-verify-output', 'ok'],
  ]) {
    if (button === 'v3-sample') {
      // The sample keys are generated (WebCrypto) after the click: wait for them.
      await id('v3-private-key').fill('');
      await id(button).click();
      await page.waitForFunction(() => document.querySelector('[data-testid=v3-private-key]').value.startsWith('-----BEGIN PRIVATE KEY-----'));
    } else if (!out) await id(button).click();
    else assert.equal((await press(page, button, out)).kind, kind, button);
  }
  assert.equal(await id('v2-signature').textContent(), OFFICIAL.md5);
  assert.match(await id('v3-compare-output').locator('.verdict strong').textContent(), /key does not match/);
  for (const provider of ['v2', 'cloudpay', 'cloud', 'v3', 'fubei']) {
    await fill(page, { 'response-provider': provider });
    v = await press(page, 'response-sample', 'response-output');
    assert.deepEqual([v.kind, v.headline], ['ok', '✓ Verified: PAID, final'], provider);
  }
  await press(page, 'v3-sample-url', 'v3-compare-output');
  const shot = await screenshot(page, 'devtools-offline.png');
  await id('v3-panel').screenshot({ path: path.join(ARTIFACTS, 'devtools-v3.png') });
  assert.ok((await fs.stat(shot)).size > 50_000);

  const foreign = requests.filter((u) => !u.startsWith(`${site.url}/devtools/`) && !u.startsWith(`${site.url}/web/`) && u !== `${site.url}/payquery_bg.wasm`);
  assert.deepEqual(foreign, []);
  assert.deepEqual(errors, []);
});

test('devtools from `payquery devtools --sandbox`: "Try with the sandbox" queries seeded orders; a wrong key is diagnosed', async (t) => {
  const child = spawn(process.execPath, [path.join(PKG, 'cli', 'payquery.js'), 'devtools', '--sandbox', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => child.kill('SIGTERM'));
  const { url, sandbox } = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (c) => {
      buf += c;
      if (buf.includes('\n')) resolve(JSON.parse(buf.slice(0, buf.indexOf('\n'))));
    });
    child.on('close', (code) => reject(new Error(`payquery devtools exited ${code}`)));
  });
  assert.match(sandbox, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(url, `${new URL(url).origin}/devtools/?sandbox=${sandbox}`);
  const origin = new URL(url).origin;
  const browser = await launchChromium();
  t.after(() => browser.close());
  const { page, requests, errors } = await open(browser, url);
  const id = (testid) => page.getByTestId(testid);
  const { v2Orders } = require('../pkg/sandbox/wechat_v2/orders.js');
  const seededV2 = v2Orders().find((o) => o.out_trade_no === 'PQ-V2-PAID');

  // The button fills every panel with the sandbox's credentials and fetches a seeded v2 order.
  let v = await press(page, 'try-sandbox', 'response-output');
  assert.deepEqual([v.kind, v.headline], ['ok', '✓ Verified: PAID, final']);
  assert.equal(await row(id('response-output'), 'out trade no'), 'PQ-V2-PAID');
  assert.equal(await row(id('response-output'), 'totalFee'), seededV2.total_fee);
  const credentials = await (await fetch(`${sandbox}/__sandbox/credentials`)).json();
  assert.equal(await id('v3-mchid').inputValue(), credentials.v3.mchid);
  assert.equal(await id('v2-key').inputValue(), credentials.v2.apiKey);
  v = await press(page, 'v2-verify', 'v2-verify-output');
  assert.equal(v.kind, 'ok', 'the filled v2 request carries a matching sign');

  // Each provider's seeded order, fetched from the sandbox and verified.
  for (const [provider, order] of [['cloudpay', 'PQ-V2-SP-PAID'], ['v3', 'PQ-V3-PAID'], ['fubei', 'PQ-FB1-PAID']]) {
    await fill(page, { 'response-provider': provider });
    v = await press(page, 'response-fetch', 'response-output');
    assert.deepEqual([v.kind, v.headline], ['ok', '✓ Verified: PAID, final'], provider);
    assert.equal(await row(id('response-output'), 'out trade no'), order);
  }

  // v3: the request the page signs is accepted; with another private key, the sandbox answers
  // SIGN_ERROR with the same message and the page names the key as the cause.
  v = await press(page, 'v3-send', 'v3-verify-output', 'v3-compare-output');
  assert.deepEqual([v.out, v.kind, v.headline], ['v3-verify-output', 'ok', '✓ Signature verified']);
  assert.equal(JSON.parse(await id('v3-verified-body').textContent()).out_trade_no, 'PQ-V3-PAID');
  const wrong = rsa();
  await fill(page, { 'v3-private-key': pem(wrong.privateKey, 'pkcs8') });
  v = await press(page, 'v3-send', 'v3-verify-output', 'v3-compare-output');
  assert.equal(v.out, 'v3-compare-output');
  assert.match(v.headline, /key does not match the certificate serial/);
  assert.match(v.hint, new RegExp(credentials.v3.merchantSerialNo));
  assert.equal(await id('v3-compare-output').getByTestId('v3-fingerprint').textContent(), keyFingerprint(wrong.privateKey));
  await id('v3-panel').screenshot({ path: path.join(ARTIFACTS, 'devtools-sandbox-v3.png') });
  await screenshot(page, 'devtools-sandbox.png');

  const foreign = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith(`${sandbox}/`));
  assert.deepEqual(foreign, []);
  assert.ok(requests.some((u) => u.startsWith(`${sandbox}/v3/pay/transactions/`)), 'the page queried the sandbox');
  const provoked = (e) => /status of 401/.test(e.text) && e.url.startsWith(`${sandbox}/v3/pay/transactions/out-trade-no/PQ-V3-PAID`);
  assert.equal(errors.filter(provoked).length, 1, 'the SIGN_ERROR provoked with the wrong key');
  assert.deepEqual(errors.filter((e) => !provoked(e)), []);
});
