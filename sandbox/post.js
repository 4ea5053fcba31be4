'use strict';
// POSTs a notification the way the providers deliver one: one HTTP request with the exact
// bytes, to any http:// URL (a local receiver under test). Shared by every emulated API.
const http = require('node:http');

/** POSTs `{ headers, body }` to `url`; resolves to the receiver's `{ status, body }`. */
function post(url, { headers, body }) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { ...headers, 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

module.exports = { post };
