// The devtools page in headless Chromium: served from the repository root by a plain static
// server, driven through its data-testid hooks. Asserts the official vectors appear, that a
// pasted response is typed or its failure named, that no request leaves for anything but the
// page's own files, and keeps a screenshot in js-tests/.artifacts/.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import crypto from 'node:crypto';
import { serveStatic } from '../../js-tests/static-server.mjs';
import { launchChromium } from '../../js-tests/browser.mjs';

import { nodeSignV2 as signV2, nodeBuildXml as buildXml } from '../../js-tests/helpers.mjs';
const root = fileURLToPath(new URL('../..', import.meta.url));
const OFFICIAL = { appid: 'wxd930ea5d5a258f4f', mch_id: '10000100', device_info: '1000', body: 'test', nonce_str: 'ibuaiVcKdpRxkhJA' };
const KEY = '192006250b4c09247ec02edce69f6a2d';

test('devtools: v2, v3 and Fubei tools with known answers, pasted responses, no foreign request', async (t) => {
  const site = await serveStatic(root);
  t.after(() => site.close());
  const browser = await launchChromium();
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const requested = [];
  page.on('request', (r) => requested.push(r.url()));
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${site.url}/examples/devtools/`);
  await page.getByTestId('status').getByText('ready').waitFor({ timeout: 30_000 });
  const id = (testid) => page.getByTestId(testid);

  await id('v2-params').fill(JSON.stringify(OFFICIAL));
  await id('v2-key').fill(KEY);
  await id('v2-sign-type').selectOption('MD5');
  await id('v2-sign').click();
  await assert.doesNotReject(id('v2-signature').getByText('9A0A8659F005D6984697E2CA0A9CF3B7').waitFor());
  await id('v2-sign-type').selectOption('HMAC-SHA256');
  await id('v2-sign').click();
  await id('v2-signature').getByText('6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6').waitFor();

  // The same params as k=v text and as XML give the same signature.
  await id('v2-params').fill(Object.entries(OFFICIAL).map(([k, v]) => `${k}=${v}`).join('&'));
  await id('v2-sign-type').selectOption('MD5');
  await id('v2-sign').click();
  await id('v2-signature').getByText('9A0A8659F005D6984697E2CA0A9CF3B7').waitFor();
  await id('v2-params').fill(buildXml(OFFICIAL));
  await id('v2-sign').click();
  await id('v2-signature').getByText('9A0A8659F005D6984697E2CA0A9CF3B7').waitFor();

  await id('v2-explain').click();
  const explained = await id('v2-output').textContent();
  assert.match(explained, /appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA&key=\*\*\*/);
  assert.ok(!explained.includes(KEY));

  // A wrong key is named as what failed; a bad argument shows its code.
  await id('v2-params').fill(buildXml({ ...OFFICIAL, sign: signV2(OFFICIAL, KEY, 'MD5') }));
  await id('v2-verify').click();
  await id('v2-output').getByText('"mch_id": "10000100"').waitFor();
  await id('v2-key').fill('another key');
  await id('v2-verify').click();
  await id('v2-output').getByText(/^SIGNATURE_INVALID: /).waitFor();
  await id('v2-key').fill('');
  await id('v2-sign').click();
  await id('v2-signature').getByText(/^INVALID_ARGUMENT: /).waitFor();

  // v3: keys generated here; node:crypto checks the page's Authorization and signs a response.
  const merchant = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const wechat = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = (key, type) => key.export({ type, format: 'pem' });
  await id('v3-mchid').fill('1900000001');
  await id('v3-serial').fill('5157F09EFDC096DE15EBE81A47057A7200000001');
  await id('v3-private-key').fill(pem(merchant.privateKey, 'pkcs8'));
  await id('v3-public-key-id').fill('PUB_KEY_ID_0114232134912410000000000000000001');
  await id('v3-public-key').fill(pem(wechat.publicKey, 'spki'));
  await id('v3-url').fill('/v3/pay/transactions/out-trade-no/PQ-V3-PAID?mchid=1900000001');
  await id('v3-build').click();
  await id('v3-output').getByText('WECHATPAY2-SHA256-RSA2048').waitFor();
  const built = JSON.parse(await id('v3-output').textContent());
  const auth = Object.fromEntries([...built.authorization.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const signedMessage = `GET\n/v3/pay/transactions/out-trade-no/PQ-V3-PAID?mchid=1900000001\n${auth.timestamp}\n${auth.nonce_str}\n\n`;
  assert.equal(built.signedMessage, signedMessage);
  assert.ok(crypto.verify('RSA-SHA256', Buffer.from(signedMessage), merchant.publicKey, Buffer.from(auth.signature, 'base64')));
  const responseBody = JSON.stringify({ mchid: '1900000001', out_trade_no: 'PQ-V3-PAID', trade_state: 'SUCCESS' });
  const ts = String(Math.floor(Date.now() / 1000));
  const nonce = 'DevtoolsResponseNonce00000000001';
  const signature = crypto.sign('RSA-SHA256', Buffer.from(`${ts}\n${nonce}\n${responseBody}\n`), wechat.privateKey).toString('base64');
  const headers = { 'Wechatpay-Timestamp': ts, 'Wechatpay-Nonce': nonce, 'Wechatpay-Signature': signature, 'Wechatpay-Serial': 'PUB_KEY_ID_0114232134912410000000000000000001' };
  await id('v3-response-headers').fill(Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\n'));
  await id('v3-response-body').fill(responseBody);
  await id('v3-verify').click();
  await id('v3-output').getByText('"verified": true').waitFor();
  await id('v3-response-body').fill(responseBody.replace('SUCCESS', 'REFUND'));
  await id('v3-verify').click();
  await id('v3-output').getByText(/^SIGNATURE_INVALID: /).waitFor();
  const shown = await id('v3-output').textContent();
  assert.ok(!shown.includes('PRIVATE KEY'), 'no key material in what the page shows');

  // Fubei: the known answer of js-tests/fubei-offline.test.mjs (computed with node:crypto).
  const fubeiRequest = {
    app_id: '20190101000000000001', method: 'openapi.payment.order.query', format: 'json', sign_method: 'md5',
    nonce: 'AbCdEfGhIjKlMnOpQrStUvWxYz012345', version: '1.0', biz_content: '{"merchant_order_sn":"PQ-FB1-PAID"}',
  };
  const fubeiSecret = 'fake0fubei0secret0not0real000000';
  await id('fubei-params').fill(JSON.stringify(fubeiRequest));
  await id('fubei-secret').fill(fubeiSecret);
  await id('fubei-sign').click();
  await id('fubei-signature').getByText('5B28974626F07749776CE841D9E146E5').waitFor();
  await id('fubei-explain').click();
  await id('fubei-output').getByText(/\*\*\*/).first().waitFor();
  assert.ok(!(await id('fubei-output').textContent()).includes(fubeiSecret));

  // Paste a response: a signed paid order comes out typed; the same with a changed amount fails.
  const response = { return_code: 'SUCCESS', result_code: 'SUCCESS', appid: 'wx0000000000000001', mch_id: '1900000001', nonce_str: 'n', trade_state: 'SUCCESS', out_trade_no: 'T1', total_fee: '2999', time_end: '20240101120000' };
  const xml = buildXml({ ...response, sign: signV2(response, KEY, 'HMAC-SHA256') });
  await id('response-appid').fill(response.appid);
  await id('response-mch-id').fill(response.mch_id);
  await id('response-key').fill(KEY);
  await id('response-sign-type').selectOption('HMAC-SHA256');
  await id('response-out-trade-no').fill('T1');
  await id('response-body').fill(xml);
  await id('response-parse').click();
  await id('response-output').getByText('"state": "PAID"').waitFor();
  assert.match(await id('response-output').textContent(), /"amountFen": 2999/);
  await id('response-body').fill(xml.replace('2999', '1'));
  await id('response-parse').click();
  await id('response-output').getByText(/^SIGNATURE_INVALID: /).waitFor();
  // Correctly signed, but about another order than the one asked for.
  await id('response-out-trade-no').fill('T2');
  await id('response-body').fill(xml);
  await id('response-parse').click();
  await id('response-output').getByText(/^RESPONSE_MISMATCH: /).waitFor();

  const artifacts = path.join(root, 'js-tests', '.artifacts');
  await fs.mkdir(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, 'devtools.png'), fullPage: true });

  const foreign = requested.filter((u) => !u.startsWith(`${site.url}/examples/devtools/`) && !u.startsWith(`${site.url}/pkg/web/`) && u !== `${site.url}/pkg/payquery_bg.wasm`);
  assert.deepEqual(foreign, []);
  assert.deepEqual(errors, []);
});
