// A reconciliation batch: every order of a list queried at a bounded rate (queryMany's token
// bucket, which slows down by itself when the provider answers FREQUENCY_LIMITED), optionally
// through an HTTP proxy (undici's ProxyAgent as the client's fetch), with metrics from onEvent.
//   node examples/reconcile/reconcile.mjs        (runs against a sandbox it starts)
//   PAYQUERY_PROXY=http://127.0.0.1:3128 node examples/reconcile/reconcile.mjs
import { WechatPayV3, queryMany } from 'payquery';
import { createMetrics } from './metrics.mjs';

/**
 * The `fetch` option for a proxy: undici's fetch with a ProxyAgent as its dispatcher (undici is
 * then a dependency of your app, not of payquery). `undefined` without a proxy URL.
 */
export async function proxyFetch(proxyUrl) {
  if (!proxyUrl) return undefined;
  const { fetch, ProxyAgent } = await import('undici');
  const dispatcher = new ProxyAgent(proxyUrl);
  return (url, init) => fetch(url, { ...init, dispatcher });
}

/**
 * Queries `outTradeNos` with an APIv3 client made from `config` at `perSecond`; resolves to
 * `{ states, failed, metrics }`: orders per state, failures per code, and the metrics summary.
 */
export async function reconcile({ config, outTradeNos, perSecond = 10, proxy }) {
  const metrics = createMetrics();
  const fetch = await proxyFetch(proxy);
  const client = new WechatPayV3({ ...config, ...(fetch ? { fetch } : {}), onEvent: metrics.onEvent });
  const results = await queryMany(outTradeNos, (outTradeNo) => client.queryOrder({ outTradeNo }), {
    concurrency: 4,
    rate: { perSecond, burst: 2 },
  });
  const states = {};
  const failed = {};
  for (const r of results) {
    if (r.status === 'fulfilled') states[r.value.status.state] = (states[r.value.status.state] || 0) + 1;
    else failed[r.reason.code] = (failed[r.reason.code] || 0) + 1;
  }
  return { states, failed, metrics: metrics.summary() };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { startSandbox } = await import('payquery/sandbox');
  const sandbox = await startSandbox();
  try {
    const { mchid, merchantSerialNo, privateKey, wechatpayPublicKey } = sandbox.credentials.v3;
    // A flaky moment: two 500s and a rate-limit answer along the way.
    sandbox.inject({ kind: 'status', status: 500, times: 2 });
    sandbox.inject({ kind: 'rateLimited', api: 'v3' });
    const report = await reconcile({
      config: { mchid, merchantSerialNo, privateKey, wechatpayPublicKey, baseUrl: sandbox.url },
      outTradeNos: ['PQ-V3-PAID', 'PQ-V3-NOTPAY', 'PQ-V3-CLOSED', 'PQ-V3-REFUND', 'PQ-V3-USERPAYING', 'PQ-V3-MISSING'],
      proxy: process.env.PAYQUERY_PROXY,
    });
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await sandbox.close();
  }
}
