// "Paste a response, see the typed result or exactly what failed": runs the same
// verification and typing a query would, on a response pasted from logs.
import { el, field, attempt } from './ui.js';

export function responsePanel(pq) {
  const provider = el('select', { testid: 'response-provider' }, el('option', { value: 'v2' }, 'WeChat Pay APIv2 (XML)'));
  const appid = el('input', { testid: 'response-appid', placeholder: 'appid the request used' });
  const mchId = el('input', { testid: 'response-mch-id', placeholder: 'mch_id the request used' });
  const key = el('input', { testid: 'response-key', type: 'password', autocomplete: 'off', placeholder: 'API key' });
  const signType = el('select', { testid: 'response-sign-type' }, el('option', { value: 'MD5' }, 'MD5'), el('option', { value: 'HMAC-SHA256' }, 'HMAC-SHA256'));
  const outTradeNo = el('input', { testid: 'response-out-trade-no', placeholder: 'out_trade_no the request asked for' });
  const body = el('textarea', { testid: 'response-body', placeholder: '<xml><return_code>SUCCESS</return_code>…</xml>' });
  const out = el('pre', { testid: 'response-output' });
  const parse = () => {
    const client = new pq.WechatPayV2({ appid: appid.value, mchId: mchId.value, apiKey: key.value, signType: signType.value });
    // The answer is checked against the order asked for: one about another order is refused.
    return client.parseQueryResponse({ outTradeNo: outTradeNo.value }, body.value);
  };
  return el(
    'section',
    { testid: 'response-panel' },
    el('h2', {}, 'Paste a response — typed result or exactly what failed'),
    field('Provider', provider),
    field('appid', appid),
    field('mch_id', mchId),
    field('API key', key),
    field('Sign type of the request', signType),
    field('out_trade_no', outTradeNo),
    field('Response body', body),
    el('button', { testid: 'response-parse', onclick: () => attempt(out, parse) }, 'Verify and type'),
    out,
  );
}
