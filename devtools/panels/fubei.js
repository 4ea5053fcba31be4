// Fubei (付呗): sign and explain request parameters (JSON or k=v&…), with the app secret
// shown as *** in every explanation.
import { el, field, attempt } from './ui.js';

export function fubeiPanel(pq) {
  const params = el('textarea', { testid: 'fubei-params', placeholder: '{"app_id": "…", "method": "openapi.payment.order.query", "biz_content": "{…}"}  or  a=1&b=2' });
  const secret = el('input', { testid: 'fubei-secret', type: 'password', autocomplete: 'off', placeholder: 'app secret' });
  const signature = el('pre', { testid: 'fubei-signature' });
  const out = el('pre', { testid: 'fubei-output' });
  return el(
    'section',
    { testid: 'fubei-panel' },
    el('h2', {}, 'Fubei (付呗) — sign · explain'),
    field('Parameters (JSON or k=v&…)', params),
    field('App secret', secret),
    el('button', { testid: 'fubei-sign', onclick: () => attempt(signature, () => pq.signFubei(params.value, secret.value)) }, 'Sign'),
    el('button', { testid: 'fubei-explain', onclick: () => attempt(out, () => pq.explainFubei(params.value, secret.value)) }, 'Explain'),
    el('label', {}, 'Signature'),
    signature,
    el('label', {}, 'Explanation'),
    out,
  );
}
