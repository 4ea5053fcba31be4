// WeChat Pay APIv2: sign, verify and explain. Params as JSON, as <xml>…</xml> or as k=v&…
// (payquery reads all three).
import { el, field, attempt } from './ui.js';

export function v2Panel(pq) {
  const params = el('textarea', { testid: 'v2-params', placeholder: '{"appid": "wx…", "mch_id": "…"}  or  <xml>…</xml>  or  a=1&b=2' });
  const key = el('input', { testid: 'v2-key', type: 'password', autocomplete: 'off', placeholder: 'APIv2 key' });
  const signType = el('select', { testid: 'v2-sign-type' }, el('option', { value: 'MD5' }, 'MD5'), el('option', { value: 'HMAC-SHA256' }, 'HMAC-SHA256'));
  const signature = el('pre', { testid: 'v2-signature' });
  const out = el('pre', { testid: 'v2-output' });
  const input = () => [params.value, key.value, signType.value];
  return el(
    'section',
    { testid: 'v2-panel' },
    el('h2', {}, 'WeChat Pay APIv2 — sign · verify · explain'),
    field('Parameters (JSON, XML or k=v&…)', params),
    field('API key', key),
    field('Sign type', signType),
    el('button', { testid: 'v2-sign', onclick: () => attempt(signature, () => pq.signV2(...input())) }, 'Sign'),
    el('button', { testid: 'v2-build', onclick: () => attempt(out, () => pq.buildV2Xml(...input())) }, 'Build XML'),
    el('button', { testid: 'v2-verify', onclick: () => attempt(out, () => pq.verifyV2Xml(params.value, key.value, signType.value)) }, 'Verify XML'),
    el('button', { testid: 'v2-explain', onclick: () => attempt(out, () => pq.explainV2(...input())) }, 'Explain'),
    el('label', {}, 'Signature'),
    signature,
    el('label', {}, 'Result'),
    out,
  );
}
