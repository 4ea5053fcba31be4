'use strict';
// What the Node entry hands to the wasm module when the runtime lacks a global: Node 16 has no
// global `fetch` and no global `crypto`, Node 18 has `fetch` but `crypto` only behind a flag.
// Nothing here is installed on globalThis.
// node:http and node:https are required on the first request, and only on the Node versions
// that use this fetch: loading them costs milliseconds of every cold start. node:crypto, too, is
// loaded only where its WebCrypto is handed over (Node 16 and 18).

/** A WHATWG-shaped error for an aborted request. */
function abortError() {
  const e = new Error('This operation was aborted');
  e.name = 'AbortError';
  return e;
}

/**
 * The subset of `fetch` payquery uses: method, headers, string body and `signal`. Redirects are
 * never followed (payquery asks for `redirect: 'manual'` and refuses a 3xx itself).
 * Resolves, once the headers arrived, to `{ status, headers, body, arrayBuffer, text }`, where
 * `body.getReader()` hands out the chunks as they come: payquery reads them with a running
 * size cap and cancels the rest, so an oversize answer is never buffered whole.
 */
function nodeFetch(url, init = {}) {
  return new Promise((resolve, reject) => {
    const signal = init.signal;
    if (signal && signal.aborted) return reject(abortError());
    const target = new URL(url);
    const transport = target.protocol === 'https:' ? require('node:https') : target.protocol === 'http:' ? require('node:http') : null;
    if (!transport) return reject(new TypeError(`unsupported protocol ${target.protocol}`));
    const body = init.body === undefined ? undefined : Buffer.from(String(init.body), 'utf8');
    const headers = { ...(init.headers || {}) };
    if (body) headers['Content-Length'] = String(body.length);
    const req = transport.request(target, { method: init.method || 'GET', headers });
    const onAbort = () => req.destroy(abortError());
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
    const done = () => signal && signal.removeEventListener('abort', onAbort);
    req.on('error', (err) => {
      done();
      // Shaped like undici's failure, so the message names the cause (ECONNREFUSED, ...).
      const failure = err.name === 'AbortError' ? err : Object.assign(new TypeError('fetch failed'), { cause: err });
      reject(failure);
    });
    req.on('response', (res) => {
      // The body's errors reach its reader (below); without a listener one would crash Node.
      res.on('error', () => {});
      res.on('close', done);
      const chunks = res[Symbol.asyncIterator]();
      const reader = {
        async read() {
          const next = await chunks.next();
          if (next.done) return { done: true, value: undefined };
          const b = next.value;
          return { done: false, value: new Uint8Array(b.buffer, b.byteOffset, b.length) };
        },
        async cancel() {
          res.destroy();
        },
        releaseLock() {},
      };
      const all = async () => {
        const parts = [];
        for (;;) {
          const { done: end, value } = await reader.read();
          if (end) return Buffer.concat(parts);
          parts.push(value);
        }
      };
      const entries = Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]);
      resolve({
        status: res.statusCode,
        headers: {
          get: (name) => (entries.find(([k]) => k === String(name).toLowerCase()) || [])[1] ?? null,
          forEach: (cb) => entries.forEach(([k, v]) => cb(v, k)),
        },
        body: { getReader: () => reader, cancel: async () => res.destroy() },
        arrayBuffer: async () => {
          const bytes = await all();
          return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
        },
        text: async () => (await all()).toString('utf8'),
      });
    });
    req.end(body);
  });
}

/**
 * node:crypto's WebCrypto, loaded on first use rather than on require: loading it costs about
 * 2 ms of every cold start, and a process that never asks for a nonce or a WebCrypto key does
 * not need it. The core reads `globalThis.crypto` first and uses this only where that has no
 * `subtle` (Node 16, 18). Not decided here: reading `globalThis.crypto` would itself load Node's
 * WebCrypto, and under `node -e` Node 16 defines a `crypto` global that is node:crypto, not
 * WebCrypto.
 */
const lazyWebCrypto = {
  get subtle() {
    return require('node:crypto').webcrypto.subtle;
  },
  getRandomValues(array) {
    return require('node:crypto').webcrypto.getRandomValues(array);
  },
};

/** The fallbacks this Node version may need: `fetch` on Node 16 only; WebCrypto, lazily, always. */
function runtimeFallbacks() {
  const fallbacks = { crypto: lazyWebCrypto };
  if (typeof globalThis.fetch !== 'function') fallbacks.fetch = nodeFetch;
  return fallbacks;
}

module.exports = { runtimeFallbacks, nodeFetch };
