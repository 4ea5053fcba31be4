// WeChat Pay APIv3: build an Authorization header with a pasted merchant private key, and
// verify a pasted response with the WeChat Pay public key; explainV3 shows the exact messages.
import { el, field, attempt } from './ui.js';

/** Response headers as JSON (`{"Wechatpay-Nonce": "…"}`) or as `Name: value` lines. */
function parseHeaders(text) {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return JSON.parse(trimmed);
  return Object.fromEntries(
    trimmed.split(/\r?\n/).filter((l) => l.includes(':')).map((l) => {
      const i = l.indexOf(':');
      return [l.slice(0, i).trim(), l.slice(i + 1).trim()];
    }),
  );
}

export function v3Panel(pq) {
  const input = (testid, placeholder, type = 'text') => el('input', { testid, placeholder, type, autocomplete: 'off' });
  const area = (testid, placeholder) => el('textarea', { testid, placeholder });
  const mchid = input('v3-mchid', '1900000001');
  const serial = input('v3-serial', 'merchant API certificate serial');
  const privateKey = area('v3-private-key', '-----BEGIN PRIVATE KEY-----  (PKCS#8)');
  const keyId = input('v3-public-key-id', 'PUB_KEY_ID_…');
  const publicKey = area('v3-public-key', '-----BEGIN PUBLIC KEY-----  (WeChat Pay public key)');
  const method = el('select', { testid: 'v3-method' }, el('option', { value: 'GET' }, 'GET'), el('option', { value: 'POST' }, 'POST'));
  const url = input('v3-url', '/v3/pay/transactions/out-trade-no/ORDER-1?mchid=1900000001');
  const body = area('v3-body', 'request body (empty for GET)');
  const headers = area('v3-response-headers', '{"Wechatpay-Timestamp": "…", "Wechatpay-Nonce": "…", "Wechatpay-Signature": "…", "Wechatpay-Serial": "…"}  or  Name: value lines');
  const responseBody = area('v3-response-body', 'the raw response body');
  const out = el('pre', { testid: 'v3-output' });
  const client = () =>
    new pq.WechatPayV3({
      mchid: mchid.value,
      merchantSerialNo: serial.value,
      privateKey: privateKey.value,
      wechatpayPublicKey: { id: keyId.value, pem: publicKey.value },
    });
  const build = async () => {
    const authorization = await client().buildAuthorization(method.value, url.value, body.value);
    const explained = pq.explainV3({ request: { method: method.value, url: url.value, body: body.value, authorization } });
    return { authorization, signedMessage: explained.message };
  };
  const verify = async () => {
    const response = { status: 200, headers: parseHeaders(headers.value), body: responseBody.value };
    const explained = pq.explainV3({ response });
    try {
      return { verified: true, body: await client().verifyResponse(response), message: explained.message };
    } catch (e) {
      e.detail = { ...(e.detail || {}), explanation: explained };
      throw e;
    }
  };
  return el(
    'section',
    { testid: 'v3-panel' },
    el('h2', {}, 'WeChat Pay APIv3 — Authorization · response verification'),
    field('mchid', mchid),
    field('Merchant certificate serial', serial),
    field('Merchant private key (never leaves this page)', privateKey),
    field('WeChat Pay public key id', keyId),
    field('WeChat Pay public key', publicKey),
    field('Method', method),
    field('URL (path and query, as sent)', url),
    field('Body', body),
    el('button', { testid: 'v3-build', onclick: () => attempt(out, build) }, 'Build Authorization'),
    field('Response headers', headers),
    field('Response body', responseBody),
    el('button', { testid: 'v3-verify', onclick: () => attempt(out, verify) }, 'Verify response'),
    out,
  );
}
