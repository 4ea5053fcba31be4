'use strict';
// APIv3 signatures and encryption with node:crypto, independent of the Rust core: the request
// message and Authorization header, the response/notification signature, and the
// AEAD_AES_256_GCM notification resource.
const crypto = require('node:crypto');

const SCHEME = 'WECHATPAY2-SHA256-RSA2048';
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `len` random letters and digits. */
function nonce(len = 32) {
  return Array.from(crypto.randomBytes(len), (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
}

/** `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n`. */
function requestMessage(method, url, timestamp, nonceStr, body = '') {
  return `${method}\n${url}\n${timestamp}\n${nonceStr}\n${body}\n`;
}

/** The fields of an Authorization header, or null when it is not WECHATPAY2-SHA256-RSA2048. */
function parseAuthorization(header) {
  if (typeof header !== 'string' || !header.startsWith(`${SCHEME} `)) return null;
  const fields = {};
  for (const m of header.slice(SCHEME.length + 1).matchAll(/(\w+)="([^"]*)"/g)) fields[m[1]] = m[2];
  const needed = ['mchid', 'nonce_str', 'timestamp', 'serial_no', 'signature'];
  return needed.every((k) => typeof fields[k] === 'string') ? fields : null;
}

/** base64 RSASSA-PKCS1-v1_5 SHA-256 signature of `message` (string or bytes). */
function sign(message, privateKey) {
  return crypto.sign('sha256', Buffer.from(message), privateKey).toString('base64');
}

/** Whether `signature` (base64) signs `message` under `publicKey`. */
function verify(message, signature, publicKey) {
  return crypto.verify('sha256', Buffer.from(message), publicKey, Buffer.from(signature, 'base64'));
}

/** `TIMESTAMP\nNONCE\nBODY\n` over the body bytes. */
function responseMessage(timestamp, nonceStr, body) {
  return Buffer.concat([Buffer.from(`${timestamp}\n${nonceStr}\n`), Buffer.from(body), Buffer.from('\n')]);
}

/** The four Wechatpay-* headers for `body`, signed with `privateKey` under `serial`. */
function signedHeaders(body, { privateKey, serial, timestamp = Math.floor(Date.now() / 1000), nonceStr = nonce() }) {
  return {
    'Wechatpay-Timestamp': String(timestamp),
    'Wechatpay-Nonce': nonceStr,
    'Wechatpay-Signature': sign(responseMessage(timestamp, nonceStr, body), privateKey),
    'Wechatpay-Serial': serial,
  };
}

/** AEAD_AES_256_GCM of `plaintext` with the APIv3 key, as a notification `resource`. */
function encryptResource(plaintext, apiV3Key, { originalType = 'transaction', associatedData = 'transaction' } = {}) {
  const iv = nonce(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(iv));
  cipher.setAAD(Buffer.from(associatedData));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { original_type: originalType, algorithm: 'AEAD_AES_256_GCM', ciphertext: ct.toString('base64'), associated_data: associatedData, nonce: iv };
}

/** Decrypts a notification `resource` (the test side of encryptResource). */
function decryptResource(resource, apiV3Key) {
  const data = Buffer.from(resource.ciphertext, 'base64');
  const decipher = crypto.createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(resource.nonce));
  decipher.setAAD(Buffer.from(resource.associated_data || ''));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
}

module.exports = { SCHEME, nonce, requestMessage, parseAuthorization, sign, verify, responseMessage, signedHeaders, encryptResource, decryptResource };
