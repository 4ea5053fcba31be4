// A small order-status service: GET /orders/:outTradeNo answers with the provider-neutral
// status of the order, for whichever provider PAYQUERY_PROVIDER names (see providers.mjs for
// the variables each needs).
//   PAYQUERY_PROVIDER=wechat-v2 WECHAT_APPID=… WECHAT_MCH_ID=… WECHAT_API_KEY=… node server.mjs
import http from 'node:http';
import { isPayQueryError } from 'payquery';
import { providers } from './providers.mjs';

function reply(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** The HTTP status this service answers for a failed lookup. */
function statusFor(e) {
  // One code for every provider's "no such order" (e.providerCode keeps the provider's spelling).
  if (e.code === 'ORDER_NOT_FOUND') return 404;
  if (e.code === 'INVALID_ARGUMENT') return 400;
  if (e.code === 'TIMEOUT') return 504;
  return 502;
}

/** Creates the service (not listening yet) for `env`. */
export function createServer(env = process.env) {
  const name = env.PAYQUERY_PROVIDER;
  const make = providers[name];
  if (!make) throw new Error(`PAYQUERY_PROVIDER must be one of ${Object.keys(providers).join(', ')}`);
  const lookup = make(env);
  return http.createServer(async (req, res) => {
    const match = /^\/orders\/([^/?#]+)$/.exec(new URL(req.url, 'http://localhost').pathname);
    if (req.method !== 'GET' || !match) return reply(res, 404, { error: 'NOT_FOUND' });
    const outTradeNo = decodeURIComponent(match[1]);
    // Stop querying when the client goes away.
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    try {
      const order = await lookup(outTradeNo, { signal: abort.signal });
      reply(res, 200, { provider: name, outTradeNo, status: order.status });
    } catch (e) {
      if (!isPayQueryError(e) && !e.providerCode) throw e;
      reply(res, statusFor(e), { provider: name, outTradeNo, error: e.code, providerCode: e.providerCode, retryable: e.retryable, message: e.message });
    }
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.PORT || 3000);
  createServer().listen(port, '127.0.0.1', () => console.log(`order status service on http://127.0.0.1:${port}/orders/:outTradeNo`));
}
