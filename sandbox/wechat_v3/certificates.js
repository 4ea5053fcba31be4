'use strict';
// GET /v3/certificates and platform key rotation: every served certificate is encrypted with
// AEAD_AES_256_GCM under the APIv3 key (associated_data "certificate"), and the answer is
// signed by the active platform key, like any answer.
const crypto = require('node:crypto');
const { selfSignedCertificate, randomSerial } = require('./certificate.js');
const { encryptResource } = require('./sign.js');

const DAY = 24 * 3600 * 1000;

function rfc3339Beijing(date) {
  return `${new Date(date.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 19)}+08:00`;
}

/** The `{ data: [...] }` body; the `tamperCertificate` fault flips a ciphertext byte. */
function certificatesBody(keys, apiV3Key, fault) {
  const data = keys.platforms.map((p) => {
    const cert = new crypto.X509Certificate(p.pem);
    const sealed = encryptResource(p.pem, apiV3Key, { associatedData: 'certificate' });
    if (fault && fault.kind === 'tamperCertificate') {
      const ct = Buffer.from(sealed.ciphertext, 'base64');
      ct[0] ^= 0x01;
      sealed.ciphertext = ct.toString('base64');
    }
    return {
      serial_no: p.serial,
      effective_time: rfc3339Beijing(new Date(cert.validFrom)),
      expire_time: rfc3339Beijing(new Date(cert.validTo)),
      encrypt_certificate: {
        algorithm: sealed.algorithm,
        nonce: sealed.nonce,
        associated_data: sealed.associated_data,
        ciphertext: sealed.ciphertext,
      },
    };
  });
  return JSON.stringify({ data });
}

/** See `tools.v3.rotatePlatformCertificate` in index.js. */
function rotatePlatform(keys, credentials, options = {}) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new TypeError('rotate options must be an object');
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const serial = randomSerial();
  const now = Date.now();
  const pem = selfSignedCertificate({
    privateKey,
    publicKey,
    serialHex: serial,
    commonName: 'FAKE rotated WeChat Pay platform certificate (payquery sandbox)',
    notBefore: new Date(now - (options.expired ? 30 : 1) * DAY),
    notAfter: new Date(options.expired ? now - DAY : now + 5 * 365 * DAY),
  });
  if (options.retireOld) keys.platforms.length = 0;
  keys.platforms.push({ serial, pem, privateKey });
  keys.platformPrivate = privateKey;
  keys.platformSerial = serial;
  credentials.platformSerial = serial;
  credentials.platformCertificate = pem;
  credentials.sandboxKeys.platformPrivateKey = privateKey.export({ type: 'pkcs8', format: 'pem' });
  return { serial, pem };
}

module.exports = { certificatesBody, rotatePlatform };
