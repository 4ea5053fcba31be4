'use strict';
// payquery sandbox: a local emulator of the payment APIs payquery queries, for the demo and
// the tests. Plain JavaScript on node:http and node:crypto, independent of the Rust core, so
// that it checks payquery against a second implementation. Loopback only.
const http = require('node:http');
const { Faults } = require('./faults.js');

/**
 * The emulated APIs. Each module exports `{ name, faults, makeCredentials(), create(creds) }`;
 * `create` returns `{ owns(req), handle(req, fault) }` where `req` is
 * `{ method, path, url (raw path and query), query: URLSearchParams, headers, body }` and
 * `handle` resolves to `{ status, headers?, body }`; an optional `tools` object is exposed as
 * `sandbox.tools[name]`.
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

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_REQUEST_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

// Open to any origin, so that browser tests and the devtools page can reach the sandbox.
const CORS = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': '*' };

function send(res, { status, body, headers = {} }) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...CORS, ...headers });
  res.end(body);
}

function json(res, status, value) {
  send(res, { status, body: JSON.stringify(value), headers: { 'Content-Type': 'application/json' } });
}

/**
 * Starts the sandbox. Options: `{ port = 0, host = '127.0.0.1', credentials? }`.
 * Resolves to `{ url, port, credentials, inject(fault), clearFaults(), requests, close() }`.
 */
async function startSandbox(options = {}) {
  const host = options.host || '127.0.0.1';
  if (!['127.0.0.1', '::1', 'localhost'].includes(host)) throw new Error('the sandbox listens on loopback only');
  const credentials = options.credentials || makeCredentials();
  const faults = new Faults(APIS.flatMap((api) => api.faults));
  const requests = [];
  const sockets = new Set();
  const apis = APIS.map((api) => ({ name: api.name, ...api.create(credentials[api.name]) }));

  async function control(req, res, path) {
    if (req.method === 'POST' && path === '/__sandbox/chaos') {
      try {
        faults.setChaos(JSON.parse(await readBody(req)));
        return json(res, 200, { chaos: true });
      } catch (e) {
        return json(res, 400, { error: e.message });
      }
    }
    if (req.method === 'GET' && path === '/__sandbox/credentials') return json(res, 200, credentials);
    if (req.method === 'GET' && path === '/__sandbox/requests') return json(res, 200, requests);
    if (req.method === 'POST' && path === '/__sandbox/faults') {
      try {
        faults.add(JSON.parse(await readBody(req)));
        return json(res, 200, { queued: faults.queue.length });
      } catch (e) {
        return json(res, 400, { error: e.message });
      }
    }
    if (req.method === 'DELETE' && path === '/__sandbox/faults') {
      faults.clear();
      return json(res, 200, { queued: 0 });
    }
    return json(res, 404, { error: 'unknown sandbox control path' });
  }

  async function onRequest(req, res) {
    const url = new URL(req.url, 'http://sandbox');
    const path = url.pathname;
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
    if (path.startsWith('/__sandbox/')) return control(req, res, path);
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
      if (!res.headersSent) send(res, { status: 500, body: `sandbox bug: ${e.message}` });
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

module.exports = { startSandbox };
// A stand-in for wx-server-sdk's `cloud`, answering CloudPay queries from the same orders.
module.exports.createCloud = require('./cloudpay.js').createCloud;
