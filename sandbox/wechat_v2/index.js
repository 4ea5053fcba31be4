'use strict';
// The APIv2 part of the sandbox: credentials, routes and the faults it understands.
const crypto = require('node:crypto');
const { handleOrderQuery } = require('./handler.js');
const { v2Orders, SUB_MCH_ID } = require('./orders.js');
const { buildNotification, postNotification } = require('./notify.js');

module.exports = {
  name: 'v2',
  /** Faults this API interprets itself (generic ones are handled by the server). */
  faults: ['badSign', 'missingSign', 'returnFail', 'systemError', 'tradeState'],

  /** Fresh, clearly fake credentials for one run. */
  makeCredentials() {
    return {
      appid: 'wxsandbox00000001',
      mchId: '1900000100',
      apiKey: `sandbox${crypto.randomBytes(12).toString('hex')}0`.slice(0, 32),
      subMchId: SUB_MCH_ID,
      subAppid: 'wxsandboxsub00001',
    };
  },

  /** The API bound to `credentials`: `owns(req)` routes, `handle(req, fault)` answers. */
  create(credentials) {
    const merchant = {
      appid: credentials.appid,
      mchId: credentials.mchId,
      apiKey: credentials.apiKey,
      subMchIds: [credentials.subMchId],
    };
    const orders = v2Orders();
    const ctx = { merchant, orders };
    return {
      owns: (req) => req.method === 'POST' && req.path === '/pay/orderquery',
      handle: (req, fault) => handleOrderQuery(req.body, { merchant, orders, fault }),
      tools: {
        /** `{ headers, body }` of a signed payment result notification (see notify.js). */
        buildNotification: (options) => buildNotification(ctx, options),
        /** POSTs a notification to `url`; resolves to the receiver's `{ status, body }`. */
        postNotification: (url, options) => postNotification(ctx, url, options),
      },
    };
  },
};
