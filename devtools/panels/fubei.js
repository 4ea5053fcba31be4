// Fubei (付呗): sign request parameters, and verify what carries a `sign` (a request from logs,
// a payment notification, whose typed order is shown). The app secret appears as *** in every
// explanation.
import { el, field, input, area, button, output, attempt, verdict, heading, showInvisibles, table, clear } from './ui.js';
import { orderView } from './order.js';
import { FUBEI_SAMPLE, SANDBOX_ORDERS } from '../samples.js';

export function fubeiPanel(pq) {
  const params = area('fubei-params', '{"app_id": "…", "method": "openapi.payment.order.query", "biz_content": "{…}"}   or   a=1&b=2', 6);
  const secret = input('fubei-secret', 'app secret (or the service provider secret with vendor_sn)', 'password');
  const buildOut = output('fubei-build-output', 'Sign: the signature and the exact string signed appear here.');
  const verifyOut = output('fubei-verify-output', 'Verify: paste fields that carry their sign (a notification, a logged request).');
  // A notification arrives as a URL-encoded form body; explainFubei reads k=v&… text as is, so
  // such a body is decoded first (verifyFubeiNotification takes it either way).
  const fields = () => {
    const text = params.value.trim();
    return !text.startsWith('{') && /%[0-9A-Fa-f]{2}/.test(text) ? Object.fromEntries(new URLSearchParams(text)) : params.value;
  };
  const args = () => [fields(), secret.value];
  const stringSigned = (explained, testid) => [heading('The exact string signed (the secret shown as ***)'), showInvisibles(explained.stringToSign, testid)];

  const sign = () => {
    const signature = pq.signFubei(...args());
    return [
      verdict('ok', 'MD5 signature', 'Every non-empty field except sign, sorted, joined k=v&…, the secret appended directly; biz_content is the exact string sent.'),
      el('p', { class: 'signature', testid: 'fubei-signature' }, signature),
      ...stringSigned(pq.explainFubei(...args()), 'fubei-build-string'),
    ];
  };

  const verify = () => {
    const explained = pq.explainFubei(...args());
    if (explained.receivedSign === undefined) {
      return [verdict('info', 'Nothing to verify: the fields carry no sign', 'Paste a notification or request with its sign.'), ...stringSigned(explained, 'fubei-verify-string')];
    }
    const signs = table([
      ['sign received', explained.receivedSign],
      ['MD5 computed', explained.signature],
      ['field at fault', explained.differingField],
    ]);
    if (!explained.matches) return [verdict('bad', 'The sign does not match', explained.hint), signs, ...stringSigned(explained, 'fubei-verify-string')];
    // A payment notification carries the order in `data`: show it typed, as payquery returns it.
    const notification = /(^|[&"{,\s])data["=]/.test(params.value) ? pq.verifyFubeiNotification(...args()) : null;
    return [
      verdict('ok', 'The sign matches', 'Made with this secret over exactly these fields.'),
      signs,
      ...stringSigned(explained, 'fubei-verify-string'),
      notification ? [heading('The notification’s order, typed'), ...orderView(notification)] : null,
    ];
  };

  const sample = () => {
    params.value = JSON.stringify(FUBEI_SAMPLE.params, null, 2);
    secret.value = FUBEI_SAMPLE.secret;
    clear(buildOut, verifyOut);
  };

  const node = el(
    'section',
    { testid: 'fubei-panel' },
    el('h2', {}, 'Fubei ', el('span', {}, '付呗 · 签名 · 验签')),
    field('Parameters', params, 'JSON or k=v&…; biz_content exactly as sent'),
    field('App secret', secret),
    el(
      'div',
      { class: 'buttons' },
      button('fubei-sign', 'Sign', () => attempt(buildOut, sign)),
      button('fubei-verify', 'Verify', () => attempt(verifyOut, verify)),
      button('fubei-sample', 'Sample', sample, 'secondary'),
    ),
    el('h3', {}, 'Build'),
    buildOut,
    el('h3', {}, 'Verify'),
    verifyOut,
  );

  /** Fills the panel with a signed 1.0 query of a seeded order, as the sandbox's merchant. */
  const useSandbox = (sandbox) => {
    const { appId, appSecret } = sandbox.credentials.fubei;
    const client = new pq.Fubei({ appId, appSecret, api: '1.0', baseUrl: sandbox.url });
    try {
      params.value = JSON.stringify(JSON.parse(client.buildQueryRequest({ merchantOrderSn: SANDBOX_ORDERS.fubei1 }).body), null, 2);
    } finally {
      client.free();
    }
    secret.value = appSecret;
    clear(buildOut, verifyOut);
  };

  return { node, sample, useSandbox };
}
