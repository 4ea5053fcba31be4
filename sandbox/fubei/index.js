'use strict';
// The Fubei part of the sandbox: credentials, routes and the faults it understands.
const crypto = require('node:crypto');
const { handleQuery } = require('./handler.js');
const { v1Orders, v2Orders } = require('./orders.js');
const { buildNotification, postNotification } = require('./notify.js');

const secret = () => `sandbox${crypto.randomBytes(12).toString('hex')}`;

module.exports = {
  name: 'fubei',
  /** Faults this API interprets itself (generic ones are handled by the server). */
  faults: ['systemError'],

  /** Fresh, clearly fake credentials for one run. */
  makeCredentials() {
    return {
      appId: `2099${String(crypto.randomInt(1e9)).padStart(16, '0')}`,
      appSecret: secret(),
      vendorSn: `2099${String(crypto.randomInt(1e9)).padStart(12, '0')}`,
      vendorSecret: secret(),
      merchantId: 1900000 + crypto.randomInt(99999),
    };
  },

  /** The API bound to `credentials`: `owns(req)` routes, `handle(req, fault)` answers. */
  create(creds) {
    const orders = { '1.0': v1Orders(), '2.0': v2Orders(creds.merchantId) };
    const apiOf = (path) => (path === '/gateway' ? '1.0' : path === '/gateway/agent' ? '2.0' : undefined);
    const ctx = { creds, orders };
    return {
      tools: {
        /** `{ headers, body }` of a signed payment notification (see notify.js). */
        buildNotification: (options) => buildNotification(ctx, options),
        /** POSTs a notification to `url`; resolves to the receiver's `{ status, body }`. */
        postNotification: (url, options) => postNotification(ctx, url, options),
      },
      owns: (req) => req.method === 'POST' && apiOf(req.path) !== undefined,
      handle: (req, fault) => {
        const api = apiOf(req.path);
        return handleQuery(api, req.body, { creds, orders: orders[api], fault });
      },
    };
  },
};
