// WeChat Pay APIv2: sign and build a request, verify what carries a `sign` (an answer, a
// notification, a request from logs). Params as JSON, as <xml>…</xml> or as k=v&… (payquery
// reads all three). Build and Verify have their own outputs.
import { el, field, input, area, select, button, output, attempt, verdict, heading, showInvisibles, table, clear } from './ui.js';
import { V2_OFFICIAL, SANDBOX_ORDERS } from '../samples.js';

export function v2Panel(pq) {
  const params = area('v2-params', '{"appid": "wx…", "mch_id": "…", "nonce_str": "…"}   or   <xml>…</xml>   or   a=1&b=2', 6);
  const key = input('v2-key', 'the 32-character APIv2 key (商户平台 → API安全)', 'password');
  const signType = select('v2-sign-type', [['MD5'], ['HMAC-SHA256']]);
  const buildOut = output('v2-build-output', 'Sign or Build XML: the signature and the exact string signed appear here.');
  const verifyOut = output('v2-verify-output', 'Verify: paste fields that carry their sign (an answer as received, a notification) to see whether it matches and, if not, why.');
  const args = () => [params.value, key.value, signType.value];

  const stringSigned = (explained, testid) => [heading('The exact string signed (the key shown as ***)'), showInvisibles(explained.stringToSign, testid)];

  const sign = () => {
    const signature = pq.signV2(...args());
    const explained = pq.explainV2(...args());
    return [
      verdict('ok', `${explained.signType} signature`, 'Every non-empty field except sign, sorted by name, joined k=v&…, then &key=<your key>.'),
      el('p', { class: 'signature', testid: 'v2-signature' }, signature),
      ...stringSigned(explained, 'v2-build-string'),
    ];
  };

  const buildXml = () => {
    const xml = pq.buildV2Xml(...args());
    return [verdict('ok', 'Request body built', 'The fields with their sign appended: POST it as text/xml.'), el('pre', { class: 'json', testid: 'v2-xml' }, xml)];
  };

  const verify = () => {
    const explained = pq.explainV2(...args());
    if (explained.receivedSign === undefined) {
      return [verdict('info', 'Nothing to verify: the fields carry no sign', 'Paste the XML as received, or params that include their sign.'), ...stringSigned(explained, 'v2-verify-string')];
    }
    const signs = table([
      ['sign received', explained.receivedSign],
      [`${explained.signType} computed`, explained.signature],
      ['field at fault', explained.differingField],
    ]);
    if (!explained.matches) {
      return [verdict('bad', 'The sign does not match', explained.hint), signs, ...stringSigned(explained, 'v2-verify-string')];
    }
    // An XML document is also read as a WeChat Pay answer is: its fields, verified.
    const fields = params.value.trim().startsWith('<') ? pq.verifyV2Xml(params.value, key.value, signType.value) : null;
    return [
      verdict('ok', 'The sign matches', `Made with ${explained.signType} and this key over exactly these fields.`),
      signs,
      ...stringSigned(explained, 'v2-verify-string'),
      fields ? [heading('Fields'), table(Object.entries(fields), 'v2-fields')] : null,
    ];
  };

  const sample = () => {
    params.value = JSON.stringify(V2_OFFICIAL.params, null, 2);
    key.value = V2_OFFICIAL.key;
    signType.value = 'MD5';
    clear(buildOut, verifyOut);
  };

  const node = el(
    'section',
    { testid: 'v2-panel' },
    el('h2', {}, 'WeChat Pay APIv2 ', el('span', {}, '签名 · 验签')),
    field('Parameters', params, 'JSON, XML or k=v&…; values exactly as sent'),
    el('div', { class: 'row' }, field('API key', key), field('Sign type', signType)),
    el(
      'div',
      { class: 'buttons' },
      button('v2-sign', 'Sign', () => attempt(buildOut, sign)),
      button('v2-build-xml', 'Build XML', () => attempt(buildOut, buildXml)),
      button('v2-verify', 'Verify', () => attempt(verifyOut, verify)),
      button('v2-sample', 'Sample', sample, 'secondary'),
    ),
    el('h3', {}, 'Build'),
    buildOut,
    el('h3', {}, 'Verify'),
    verifyOut,
  );

  /** Fills the panel with the sandbox's merchant and a signed query of a seeded order. */
  const useSandbox = (sandbox) => {
    const { appid, mchId, apiKey } = sandbox.credentials.v2;
    const client = new pq.WechatPayV2({ appid, mchId, apiKey, baseUrl: sandbox.url });
    try {
      params.value = client.buildQueryRequest({ outTradeNo: SANDBOX_ORDERS.v2 }).body;
    } finally {
      client.free();
    }
    key.value = apiKey;
    signType.value = 'MD5';
    clear(buildOut, verifyOut);
  };

  return { node, sample, useSandbox };
}
