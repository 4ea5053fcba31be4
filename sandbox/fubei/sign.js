'use strict';
// Fubei signing with node:crypto, independent of the Rust core: every non-empty field except
// `sign`, sorted, joined k=v&…, the secret appended directly, MD5, uppercase hex.
const crypto = require('node:crypto');

/** The string that is hashed, without the secret. */
function stringToSign(fields) {
  return Object.keys(fields)
    .filter((k) => k !== 'sign' && fields[k] !== undefined && fields[k] !== null && String(fields[k]) !== '')
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join('&');
}

/** Signs `fields` with `secret`. */
function signFubei(fields, secret) {
  return crypto.createHash('md5').update(stringToSign(fields) + secret, 'utf8').digest('hex').toUpperCase();
}

/** Whether `fields.sign` is right, compared in constant time. */
function verifyFubei(fields, secret) {
  const expected = Buffer.from(signFubei(fields, secret));
  const got = Buffer.from(String(fields.sign || '').toUpperCase());
  return expected.length === got.length && crypto.timingSafeEqual(expected, got);
}

module.exports = { stringToSign, signFubei, verifyFubei };
