// A small order-status service for whichever provider PAYQUERY_PROVIDER names (see
// providers.mjs for the variables each needs):
//   GET  /orders/:outTradeNo  -> the provider-neutral status of the order;
//   POST /notify/<provider>   -> the provider's payment notifications, verified, acknowledged
//                                with the exact reply the provider expects.
//   PAYQUERY_PROVIDER=wechat-v2 WECHAT_APPID=… WECHAT_MCH_ID=… WECHAT_API_KEY=… node server.mjs
import http from 'node:http';
import { isPayQueryError } from 'payquery';
import { providers } from './providers.mjs';

function reply(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** Sends a notification reply (`{ status, headers, body }`) exactly as payquery gave it. */
function send(res, { status, headers, body }) {
  res.writeHead(status, headers);
  res.end(body);
}

/** The HTTP status this service answers for a failed lookup. */
function statusFor(e) {
  // One code for every provider's "no such order" (e.providerCode keeps the provider's spelling).
  if (e.code === 'ORDER_NOT_FOUND') return 404;
  if (e.code === 'INVALID_ARGUMENT') return 400;
  if (e.code === 'TIMEOUT') return 504;
  return 502;
}

/** What a verified notification leads to by default: a log line (mark the order paid here). */
function logNotification(provider, notification) {
  console.log(`${provider} notification: ${notification.status.outTradeNo} ${notification.status.state}`);
}

/**
 * Creates the service (not listening yet) for `env`. Options: `onNotification(notification)`,
 * called with each verified notification (a throw or rejection answers the provider's failure
 * reply, so it delivers again: keep it idempotent); `onEvent`, the clients' event hook.
 */
export function createServer(env = process.env, options = {}) {
  const name = env.PAYQUERY_PROVIDER;
  const make = providers[name];
  if (!make) throw new Error(`PAYQUERY_PROVIDER must be one of ${Object.keys(providers).join(', ')}`);
  const { client, lookup } = make(env, options.onEvent);
  const onNotification = options.onNotification || ((n) => logNotification(name, n));
  return http.createServer(async (req, res) => {
    const path = new URL(req.url, 'http://localhost').pathname;
    if (req.method === 'POST' && client && path === `/notify/${name}`) {
      // The raw request goes to payquery as is: the signature covers the exact bytes.
      try {
        const { notification, reply: ok } = await client.handleNotification(req);
        await onNotification(notification);
        return send(res, ok);
      } catch (e) {
        // A refused notification carries its reply; a failed handler gets the 5xx-style one.
        return send(res, isPayQueryError(e) && e.reply ? e.reply : client.notificationReply('INTERNAL'));
      }
    }
    const match = /^\/orders\/([^/?#]+)$/.exec(path);
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
  // PAYQUERY_LOG_EVENTS=1: every attempt, retry and failover as a JSON line on stderr.
  const onEvent = process.env.PAYQUERY_LOG_EVENTS ? (event) => console.error(JSON.stringify(event)) : undefined;
  createServer(process.env, { onEvent }).listen(port, '127.0.0.1', () => {
    console.log(`order status service on http://127.0.0.1:${port}/orders/:outTradeNo, notifications on /notify/${process.env.PAYQUERY_PROVIDER}`);
  });
}
