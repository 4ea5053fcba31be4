// Notification receivers: turns what a server hands over (a Web `Request`, Node's
// `IncomingMessage`, a framework's request, a WeChat cloud function HTTP event) into the raw
// `{ headers, body }` the Rust core verifies, and sends back the exact reply the provider
// expects. Verification, parsing and the reply texts are Rust's (client.handleNotification,
// client.notificationReply); this file only moves bytes.
//
// Shipped beside each wasm-bindgen glue by scripts/assemble.js, like resilience.js.
import { PayQueryError } from '__ERROR_MODULE__';

/** Largest notification body read by default (WeChat Pay and Fubei send a few KB). */
const DEFAULT_LIMIT = 64 * 1024;

const BODY_CONSUMED =
  'the request body was already parsed by a body parser, so its raw bytes are gone and the ' +
  'signature cannot be verified. Give the notification route the raw body: Express ' +
  "express.raw({ type: '*/*' }) on that route (or express.json({ verify: (req, _res, buf) => " +
  '{ req.rawBody = buf } })), Koa ctx.request.rawBody (koa-bodyparser), Fastify a ' +
  "content-type parser with parseAs: 'buffer'";

function invalid(message) {
  return new PayQueryError('INVALID_ARGUMENT', message, { retryable: false });
}

function tooLarge(limit) {
  return new PayQueryError('INVALID_ARGUMENT', `the notification body exceeds ${limit} bytes`, { retryable: false });
}

function readLimit(options) {
  const limit = options && options.limit;
  if (limit === undefined) return DEFAULT_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1024 * 1024) throw invalid('options.limit must be an integer from 1 to 1048576');
  return limit;
}

const isBytes = (v) => v instanceof Uint8Array;

/** Node and Web headers as a plain record of strings (repeated Node headers joined). */
function plainHeaders(headers) {
  const out = {};
  if (headers && typeof headers.forEach === 'function' && !Array.isArray(headers) && typeof headers.get === 'function') {
    headers.forEach((value, key) => {
      out[key] = String(value);
    });
    return out;
  }
  if (headers && typeof headers === 'object') {
    for (const key of Object.keys(headers)) {
      const v = headers[key];
      if (typeof v === 'string') out[key] = v;
      else if (Array.isArray(v)) out[key] = v.join(', ');
    }
  }
  return out;
}

function declaredLength(headers, limit) {
  const n = Number(headers['content-length'] || headers['Content-Length']);
  if (Number.isFinite(n) && n > limit) throw tooLarge(limit);
}

/** Reads an async iterable of chunks (a Node stream) with a running cap. */
async function readChunks(iterable, limit) {
  const chunks = [];
  let size = 0;
  for await (const chunk of iterable) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    size += bytes.length;
    if (size > limit) {
      if (typeof iterable.destroy === 'function') iterable.destroy();
      throw tooLarge(limit);
    }
    chunks.push(bytes);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Reads a Web ReadableStream with a running cap. */
async function readWebStream(stream, limit) {
  const reader = stream.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    // No destructuring: esbuild cannot lower it for a safari14 target (see scripts/assemble.js).
    const step = await reader.read();
    if (step.done) break;
    const value = step.value;
    size += value.length;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return readChunks(chunks, limit);
}

/** A body a framework kept as it arrived, or an error naming the fix when it parsed it. */
function keptBody(value, limit) {
  if (isBytes(value) || typeof value === 'string') {
    const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
    if (bytes.length > limit) throw tooLarge(limit);
    return bytes;
  }
  if (value !== undefined && value !== null) throw invalid(BODY_CONSUMED);
  return undefined;
}

/**
 * The raw `{ headers, body }` of a notification request: a Web `Request`, a Node
 * `IncomingMessage` (read here; `rawBody` or a Buffer `body` set by a raw body parser is used
 * instead), or `{ headers, body }` as is. `options.limit` bounds the body (default 64 KiB).
 */
export function readNotificationRequest(request, options) {
  return readRequest(request, options);
}

async function readRequest(request, options) {
  const limit = readLimit(options);
  if (request === null || typeof request !== 'object') throw invalid('the notification request must be an object');
  const headers = plainHeaders(request.headers);
  declaredLength(headers, limit);
  // A Web Request (workerd, Deno, Bun, Node's fetch types).
  if (typeof request.arrayBuffer === 'function' && 'bodyUsed' in request) {
    if (request.bodyUsed) throw invalid(BODY_CONSUMED);
    return { headers, body: request.body ? await readWebStream(request.body, limit) : new Uint8Array(0) };
  }
  // Node's IncomingMessage, possibly after a framework's body parser.
  if (typeof request.on === 'function' && typeof request[Symbol.asyncIterator] === 'function') {
    const kept = keptBody(request.rawBody, limit) || keptBody(request.body, limit);
    if (kept) return { headers, body: kept };
    if (request.readableEnded || request.complete) throw invalid(BODY_CONSUMED);
    return { headers, body: await readChunks(request, limit) };
  }
  const body = keptBody(request.body, limit);
  if (!body) throw invalid('the notification request needs a body (a string or a Uint8Array)');
  return { headers, body };
}

/**
 * The one flow every adapter shares: verify, run the caller's handler, pick the reply. A
 * refused notification or a failing handler gives the provider's failure reply, so the
 * provider delivers again; `onError` (optional) sees the error.
 */
async function respond(client, request, onNotification, options) {
  let handled;
  try {
    handled = await client.handleNotification(request, options);
  } catch (e) {
    if (options && typeof options.onError === 'function') options.onError(e);
    return e && e.reply ? e.reply : client.notificationReply(e && typeof e.code === 'string' ? e.code : 'INTERNAL');
  }
  try {
    await onNotification(handled.notification, request);
  } catch (e) {
    if (options && typeof options.onError === 'function') options.onError(e);
    return client.notificationReply('INTERNAL');
  }
  return handled.reply;
}

/** Express (and Connect) middleware: `app.post('/notify', expressNotificationHandler(client, fn))`. */
export function expressNotificationHandler(client, onNotification, options) {
  return (req, res, next) => {
    respond(client, req, onNotification, options).then(
      (reply) => res.status(reply.status).set(reply.headers).send(reply.body),
      next,
    );
  };
}

/** Koa middleware: uses `ctx.request.rawBody` when a body parser kept it, else reads `ctx.req`. */
export function koaNotificationHandler(client, onNotification, options) {
  return async (ctx) => {
    const raw = ctx.request && ctx.request.rawBody;
    const request = typeof raw === 'string' || isBytes(raw) ? { headers: ctx.req.headers, body: raw } : ctx.req;
    const reply = await respond(client, request, onNotification, options);
    ctx.status = reply.status;
    ctx.set(reply.headers);
    ctx.body = reply.body;
  };
}

/**
 * Fastify route handler. Fastify parses JSON by default: register a raw parser on the route's
 * scope, e.g. `app.removeAllContentTypeParsers(); app.addContentTypeParser('*', { parseAs: 'buffer' }, (req, body, done) => done(null, body))`.
 */
export function fastifyNotificationHandler(client, onNotification, options) {
  return async (request, reply) => {
    // A parsed (non-raw) body reaches readNotificationRequest and is refused there, with the fix.
    const input = request.body === undefined ? request.raw : { headers: request.headers, body: request.body };
    const answer = await respond(client, input, onNotification, options);
    reply.code(answer.status).headers(answer.headers).send(answer.body);
    return reply;
  };
}

/** A Web-standard handler (workerd, Deno, Bun, Node 18+): `(request: Request) => Response`. */
export function webNotificationHandler(client, onNotification, options) {
  return async (request) => {
    const reply = await respond(client, request, onNotification, options);
    return new Response(reply.status === 204 ? null : reply.body, { status: reply.status, headers: reply.headers });
  };
}

/**
 * A WeChat cloud function HTTP trigger (`exports.main = cloudFunctionNotificationHandler(client, fn)`):
 * the event carries `headers`, `body` and `isBase64Encoded`; the result is `{ statusCode, headers, body }`.
 */
export function cloudFunctionNotificationHandler(client, onNotification, options) {
  return async (event) => {
    const e = event && typeof event === 'object' ? event : {};
    let body = typeof e.body === 'string' ? e.body : '';
    if (e.isBase64Encoded === true) body = Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
    const reply = await respond(client, { headers: e.headers || {}, body }, onNotification, options);
    return { statusCode: reply.status, headers: reply.headers, body: reply.body, isBase64Encoded: false };
  };
}
