'use strict';
// payquery sandbox: a local emulator of the payment APIs payquery queries, for the demo and
// the tests. Plain JavaScript on node:http and node:crypto, independent of the Rust core, so
// that it checks payquery against a second implementation. Loopback only.
const http = require('node:http');
const { Faults } = require('./faults.js');
const { RateLimit } = require('./rate-limit.js');
const { BadRequest } = require('./bad-request.js');

/**
 * The emulated APIs. Each module exports `{ name, faults, makeCredentials(), create(creds) }`;
 * `create` returns `{ owns(req), handle(req, fault) }` where `req` is
 * `{ method, path, url (raw path and query), query: URLSearchParams, headers, body }` and
 * `handle` resolves to `{ status, headers?, body }`; an optional `tools` object is exposed as
 * `sandbox.tools[name]`, an optional `rateLimited(code)` gives the answer to a request over the
 * rate limit (a bare 429 otherwise).
 */
const APIS = [
  require('./wechat_v2/index.js'),
  require('./fubei/index.js'),
  require('./wechat_v3/index.js'),
];

const MAX_REQUEST_BYTES = 64 * 1024;
const MAX_LOG = 1000;

/** Fresh, clearly fake credentials for one sandbox run, keyed by API name. */
function makeCredentials() {
  return Object.fromEntries(APIS.map((api) => [api.name, api.makeCredentials()]));
}

/** A request body over MAX_REQUEST_BYTES: answered 413. */
class TooLarge extends Error {}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_REQUEST_BYTES) {
        reject(new TooLarge('request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

// The emulated payment APIs are open to any origin, so that browser tests can query them (they
// hold only fake orders). The control endpoints (/__sandbox/: credentials, requests, faults)
// are not: see `controlAccess`.
const CORS = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': '*' };

function send(res, { status, body, headers = {}, cors = CORS }) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...cors, ...headers });
  res.end(body);
}

function json(res, status, value, cors = CORS) {
  send(res, { status, body: JSON.stringify(value), headers: { 'Content-Type': 'application/json' }, cors });
}

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/** The host name of a `Host` header (`127.0.0.1:8080` -> `127.0.0.1`, `[::1]:1` -> `[::1]`). */
function hostName(host) {
  const m = /^(\[[^\]]*\]|[^:]*)(?::\d+)?$/.exec(host || '');
  return m ? m[1].toLowerCase() : '';
}

/**
 * Who may use the control endpoints. A request whose `Host` is not a loopback name (DNS
 * rebinding) is refused, and so is one a browser marks as coming from another origin
 * (`Origin`, `Sec-Fetch-Site`) unless that origin is allowed: the sandbox's own loopback
 * origins, plus `allowOrigins`. Returns `{ ok, cors }`: the CORS headers echo an allowed
 * origin only, never `*`.
 */
function controlAccess(req, allowed) {
  if (!LOOPBACK_HOSTS.includes(hostName(req.headers.host))) return { ok: false, why: 'the Host is not a loopback name' };
  const origin = req.headers.origin;
  if (origin === undefined) {
    const site = req.headers['sec-fetch-site'];
    const ok = site === undefined || site === 'same-origin' || site === 'none';
    return { ok, cors: {}, why: 'a cross-site request without an Origin' };
  }
  if (!allowed.has(origin)) return { ok: false, why: 'this origin may not use the sandbox controls' };
  return { ok: true, cors: { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } };
}

/**
 * Starts the sandbox. Options: `{ port = 0, host = '127.0.0.1', credentials?, allowOrigins? }`;
 * `allowOrigins` lists further browser origins (loopback ones only, e.g.
 * `http://localhost:5173`) that may use the control endpoints besides the sandbox's own.
 * Resolves to `{ url, port, credentials, inject(fault), clearFaults(), requests, close() }`.
 */
async function startSandbox(options = {}) {
  const host = options.host || '127.0.0.1';
  if (!['127.0.0.1', '::1', 'localhost'].includes(host)) throw new Error('the sandbox listens on loopback only');
  const extraOrigins = options.allowOrigins || [];
  if (!Array.isArray(extraOrigins) || !extraOrigins.every(isLoopbackOrigin)) {
    throw new Error('allowOrigins must be an array of loopback origins such as http://localhost:5173');
  }
  const credentials = options.credentials || makeCredentials();
  const faults = new Faults(APIS.flatMap((api) => api.faults), APIS.map((api) => api.name));
  const rateLimit = new RateLimit(APIS.map((api) => api.name));
  const requests = [];
  const sockets = new Set();
  const apis = APIS.map((api) => ({ name: api.name, ...api.create(credentials[api.name]) }));

  let allowed = new Set();

  /** A control request's JSON body; malformed JSON is a 400, an oversize body a 413. */
  async function jsonBody(req) {
    const text = await readBody(req);
    try {
      return JSON.parse(text);
    } catch {
      throw new BadRequest('the body is not JSON');
    }
  }

  async function control(req, res, path) {
    const access = controlAccess(req, allowed);
    if (!access.ok) return json(res, 403, { error: `sandbox controls refused: ${access.why}` }, {});
    const reply = (status, value) => json(res, status, value, access.cors);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...access.cors,
        'Access-Control-Allow-Methods': 'GET, POST, DELETE',
        'Access-Control-Allow-Headers': 'Content-Type',
        'Access-Control-Max-Age': '600',
      });
      return res.end();
    }
    try {
      if (req.method === 'POST' && path === '/__sandbox/chaos') {
        faults.setChaos(await jsonBody(req));
        return reply(200, { chaos: true });
      }
      if (req.method === 'POST' && path === '/__sandbox/rate-limit') {
        rateLimit.set(await jsonBody(req));
        return reply(200, { rateLimit: rateLimit.limit });
      }
      if (req.method === 'GET' && path === '/__sandbox/credentials') return reply(200, credentials);
      if (req.method === 'GET' && path === '/__sandbox/requests') return reply(200, requests);
      if (req.method === 'POST' && path === '/__sandbox/faults') {
        faults.add(await jsonBody(req));
        return reply(200, { queued: faults.queue.length });
      }
      if (req.method === 'POST' && path === '/__sandbox/v3/rotate-certificate') {
        const options = await jsonBody(req);
        if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new BadRequest('the body must be a JSON object');
        const { serial } = apis.find((a) => a.name === 'v3').tools.rotatePlatformCertificate({ expired: options.expired === true, retireOld: options.retireOld === true });
        return reply(200, { serial });
      }
      if (req.method === 'DELETE' && path === '/__sandbox/faults') {
        faults.clear();
        return reply(200, { queued: 0 });
      }
    } catch (e) {
      if (e instanceof BadRequest) return reply(400, { error: e.message });
      if (e instanceof TooLarge) return reply(413, { error: e.message });
      throw e;
    }
    return reply(404, { error: 'unknown sandbox control path' });
  }

  async function onRequest(req, res) {
    const url = new URL(req.url, 'http://sandbox');
    const path = url.pathname;
    if (path.startsWith('/__sandbox/')) return control(req, res, path);
    if (req.method === 'OPTIONS') {
      // CORS preflight: allow whatever the page asks for (Authorization, Wechatpay-Serial...).
      res.writeHead(204, {
        ...CORS,
        'Access-Control-Allow-Methods': 'GET, POST',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] || '',
        'Access-Control-Max-Age': '600',
      });
      return res.end();
    }
    let body;
    try {
      body = await readBody(req);
    } catch {
      return send(res, { status: 413, body: 'request too large' });
    }
    requests.push({ method: req.method, url: req.url, headers: req.headers, body, at: Date.now() });
    if (requests.length > MAX_LOG) requests.shift();
    const request = { method: req.method, path, url: req.url, query: url.searchParams, headers: req.headers, body };
    const api = apis.find((a) => a.owns(request));
    if (!api) return send(res, { status: 404, body: 'not found' });
    if (rateLimit.exceeded(api.name)) {
      return send(res, api.rateLimited ? api.rateLimited(rateLimit.limit.code) : { status: 429, body: 'sandbox: rate limited' });
    }
    const fault = faults.take(api.name);
    if (fault && fault.kind === 'reset') return req.socket.destroy();
    if (fault && fault.kind === 'refuse') {
      refuse(fault.ms === undefined ? 300 : fault.ms);
      return req.socket.destroy();
    }
    if (fault && fault.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms === undefined ? 1000 : fault.ms));
    if (fault && fault.kind === 'status') {
      const headers = fault.retryAfter === undefined ? {} : { 'Retry-After': String(fault.retryAfter) };
      return send(res, { status: fault.status || 500, headers, body: 'sandbox: injected failure' });
    }
    if (fault && fault.kind === 'body') return send(res, { status: fault.status || 200, body: fault.body });
    return send(res, await api.handle(request, fault));
  }

  const server = http.createServer((req, res) => {
    onRequest(req, res).catch((e) => {
      if (res.headersSent) return res.destroy();
      // A malformed request (bad XML character references...) is the client's fault: 400.
      if (e instanceof BadRequest) return json(res, 400, { error: e.message });
      send(res, { status: 500, body: `sandbox bug: ${e.message}` });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port || 0, host, resolve);
  });
  const { port } = server.address();
  // The sandbox's own origins (a page it served, or one on the same loopback port), then the
  // caller's.
  allowed = new Set([...LOOPBACK_HOSTS.map((h) => `http://${h}:${port}`), ...extraOrigins]);
  let closed = false;
  let refusing = null;

  // Stops accepting connections for `ms` (connections are refused by the OS meanwhile), then
  // listens again on the same port. Open keep-alive sockets are dropped so clients reconnect.
  function refuse(ms) {
    if (refusing || closed) return;
    for (const s of sockets) s.destroy();
    server.close();
    refusing = setTimeout(() => {
      refusing = null;
      if (!closed) server.listen(port, host);
    }, ms);
  }
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    credentials,
    requests,
    tools: Object.fromEntries(apis.filter((a) => a.tools).map((a) => [a.name, a.tools])),
    inject: (fault) => faults.add(fault),
    chaos: (chaos) => faults.setChaos(chaos),
    /** Sets a standing rate limit `{ perSecond, burst?, api?, code? }`, or lifts it with `null`. */
    rateLimit: (limit) => rateLimit.set(limit),
    /** How many requests the rate limit refused so far. */
    get rateLimited() {
      return rateLimit.refused;
    },
    clearFaults: () => faults.clear(),
    /** How many faults were injected so far (queued and chaos). */
    get faultsInjected() {
      return faults.injected;
    },
    close: () =>
      new Promise((resolve) => {
        closed = true;
        if (refusing) clearTimeout(refusing);
        for (const s of sockets) s.destroy();
        if (!server.listening) return resolve();
        server.close(() => resolve());
      }),
  };
}

/** Whether `origin` is `http(s)://<loopback name>[:port]`, exactly (no path). */
function isLoopbackOrigin(origin) {
  const m = typeof origin === 'string' && /^https?:\/\/(\[::1\]|127\.0\.0\.1|localhost)(?::\d{1,5})?$/.exec(origin);
  return Boolean(m);
}

module.exports = { startSandbox };
// A stand-in for wx-server-sdk's `cloud`, answering CloudPay queries from the same orders.
module.exports.createCloud = require('./cloudpay.js').createCloud;
