'use strict';
// APIv2 payment result notifications as WeChat Pay sends them: the order's fields in signed
// XML (return_code, result_code and the payment fields, no trade_state), POSTed to a URL.
const crypto = require('node:crypto');
const { signV2 } = require('./sign.js');
const { buildXml } = require('../xml.js');
const { post } = require('../post.js');

/** Query-only fields, absent from a payment notification. */
const QUERY_ONLY = new Set(['trade_state', 'trade_state_desc']);

/**
 * Builds a signed notification for a seeded paid order. Options: `outTradeNo` (default
 * 'PQ-V2-PAID'), `signType` ('MD5' default | 'HMAC-SHA256'), `tamper` ('body': a field altered
 * after signing). Returns `{ headers, body }`, ready for `handleNotification`.
 */
function buildNotification(ctx, options = {}) {
  const { merchant, orders } = ctx;
  const outTradeNo = options.outTradeNo || 'PQ-V2-PAID';
  const order = orders.find((o) => o.out_trade_no === outTradeNo);
  if (!order || !order.transaction_id) throw new Error('buildNotification: no such paid seeded order');
  const fields = { return_code: 'SUCCESS', return_msg: 'OK', appid: merchant.appid, mch_id: merchant.mchId };
  if (order.sub_mch_id) fields.sub_mch_id = order.sub_mch_id;
  fields.nonce_str = crypto.randomBytes(16).toString('hex');
  fields.result_code = 'SUCCESS';
  for (const [k, v] of Object.entries(order)) if (!QUERY_ONLY.has(k) && k !== 'sub_mch_id') fields[k] = v;
  const signType = options.signType || 'MD5';
  if (signType !== 'MD5') fields.sign_type = signType;
  fields.sign = signV2(fields, merchant.apiKey, signType);
  let body = buildXml(fields);
  if (options.tamper === 'body') body = body.replace(`<total_fee>${order.total_fee}</total_fee>`, `<total_fee>${order.total_fee}0</total_fee>`);
  return { headers: { 'Content-Type': 'text/xml' }, body };
}

/** POSTs a notification (see buildNotification) to `url`; resolves to the receiver's `{ status, body }`. */
function postNotification(ctx, url, options = {}) {
  return post(url, buildNotification(ctx, options));
}

module.exports = { buildNotification, postNotification };
