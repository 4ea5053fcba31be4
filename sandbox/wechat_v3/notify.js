'use strict';
// Payment notifications as WeChat Pay sends them: the order encrypted with AEAD_AES_256_GCM
// under the APIv3 key, wrapped in an envelope signed like a response, POSTed to a URL.
const crypto = require('node:crypto');
const { encryptResource, signedHeaders } = require('./sign.js');
const { post } = require('../post.js');

function beijingNow() {
  const t = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 19);
  return `${t}+08:00`;
}

/**
 * Builds a signed, encrypted notification for a seeded order. Options: `outTradeNo` or
 * `combineOutTradeNo` (or a whole `order`), `eventType`, `signWith` ('publicKey' | 'platform'),
 * `apiV3Key` (encrypt with another key), `tamper` ('ciphertext' before signing | 'body' after).
 * Returns `{ headers, body }`, ready for `parseNotification`.
 */
function buildNotification(ctx, options = {}) {
  const { orders, keys, credentials } = ctx;
  const order =
    options.order ||
    [...orders.direct, ...orders.partner].find((o) => options.outTradeNo && o.out_trade_no === options.outTradeNo) ||
    orders.combine.find((o) => options.combineOutTradeNo && o.combine_out_trade_no === options.combineOutTradeNo);
  if (!order) throw new Error('buildNotification: no such seeded order');
  const resource = encryptResource(JSON.stringify(order), options.apiV3Key || credentials.apiV3Key);
  if (options.tamper === 'ciphertext') {
    const ct = Buffer.from(resource.ciphertext, 'base64');
    ct[0] ^= 0x01;
    resource.ciphertext = ct.toString('base64');
  }
  const envelope = {
    id: `EV-${crypto.randomBytes(10).toString('hex').toUpperCase()}`,
    create_time: beijingNow(),
    resource_type: 'encrypt-resource',
    event_type: options.eventType || 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource,
  };
  let body = JSON.stringify(envelope);
  const key =
    options.signWith === 'platform'
      ? { privateKey: keys.platformPrivate, serial: keys.platformSerial }
      : { privateKey: keys.publicKeyPrivate, serial: keys.publicKeyId };
  const headers = { 'Content-Type': 'application/json', ...signedHeaders(body, key) };
  if (options.tamper === 'body') body = body.replace('支付成功', '支付失败');
  return { headers, body };
}

/** POSTs a notification (see buildNotification) to `url`; resolves to the receiver's `{ status, body }`. */
function postNotification(ctx, url, options = {}) {
  return post(url, buildNotification(ctx, options));
}

module.exports = { buildNotification, postNotification };
