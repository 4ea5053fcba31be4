'use strict';
// APIv2 signing with node:crypto, independent of the Rust core.
const crypto = require('node:crypto');

/** Signs every non-empty field except `sign`, sorted, with `&key=` appended. */
function signV2(fields, key, signType = 'MD5') {
  const text =
    Object.keys(fields)
      .filter((k) => k !== 'sign' && fields[k] !== undefined && fields[k] !== null && String(fields[k]) !== '')
      .sort()
      .map((k) => `${k}=${fields[k]}`)
      .join('&') + `&key=${key}`;
  const digest =
    signType === 'HMAC-SHA256'
      ? crypto.createHmac('sha256', key).update(text, 'utf8').digest('hex')
      : crypto.createHash('md5').update(text, 'utf8').digest('hex');
  return digest.toUpperCase();
}

/** Whether `fields.sign` is right, compared in constant time. */
function verifyV2(fields, key, signType) {
  const expected = Buffer.from(signV2(fields, key, signType));
  const got = Buffer.from(String(fields.sign || ''));
  return expected.length === got.length && crypto.timingSafeEqual(expected, got);
}

module.exports = { signV2, verifyV2 };
