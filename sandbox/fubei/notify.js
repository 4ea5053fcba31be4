'use strict';
// Fubei payment notifications: a form body of result_code, result_message, data (the order's
// JSON text, as the query answers it) and sign, POSTed to a URL.
const { signFubei } = require('./sign.js');
const { toJson } = require('./json.js');
const { post } = require('../post.js');

/**
 * Builds a signed notification for a seeded order. Options: `merchantOrderSn` (default
 * 'PQ-FB1-PAID', or 'PQ-FB2-PAID' on 2.0), `api` ('1.0' default: signed with the app secret |
 * '2.0': with the service provider's secret), `tamper` ('body': `data` altered after signing).
 * Returns `{ headers, body }`, ready for `handleNotification`.
 */
function buildNotification(ctx, options = {}) {
  const api = options.api || '1.0';
  if (api !== '1.0' && api !== '2.0') throw new Error("buildNotification: api must be '1.0' or '2.0'");
  const sn = options.merchantOrderSn || (api === '1.0' ? 'PQ-FB1-PAID' : 'PQ-FB2-PAID');
  const order = ctx.orders[api].find((o) => o.merchant_order_sn === sn);
  if (!order) throw new Error('buildNotification: no such seeded order');
  const fields = { result_code: '200', result_message: '成功', data: toJson(order) };
  fields.sign = signFubei(fields, api === '1.0' ? ctx.creds.appSecret : ctx.creds.vendorSecret);
  if (options.tamper === 'body') fields.data = fields.data.replace(/"merchant_order_sn":"[^"]*"/, '"merchant_order_sn":"PQ-FB-TAMPERED"');
  return { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() };
}

/** POSTs a notification (see buildNotification) to `url`; resolves to the receiver's `{ status, body }`. */
function postNotification(ctx, url, options = {}) {
  return post(url, buildNotification(ctx, options));
}

module.exports = { buildNotification, postNotification };
