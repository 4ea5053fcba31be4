'use strict';
// The APIv3 part of the sandbox: fresh keys and certificates per run, the five query paths,
// the faults it understands, and signed, encrypted notifications.
const crypto = require('node:crypto');
const { selfSignedCertificate, randomSerial } = require('./certificate.js');
const { handleQuery, rateLimited } = require('./handler.js');
const { v3Orders } = require('./orders.js');
const { buildNotification, postNotification } = require('./notify.js');
const { nonce } = require('./sign.js');
const { rotatePlatform } = require('./certificates.js');

const DAY = 24 * 3600 * 1000;

function rsa() {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }),
    privateKey,
    publicKey,
  };
}

module.exports = {
  name: 'v3',
  /** Faults this API interprets itself (generic ones are handled by the server). */
  faults: ['probeSignature', 'skewTimestamp', 'dropHeaders', 'tamperBody', 'reserializeBody', 'signError', 'rateLimited', 'serverError', 'wrongSerial', 'signedBody', 'platformSigned', 'tamperCertificate'],

  /**
   * Fresh, clearly fake credentials: the merchant's key pair, serial and certificate, a platform key with
   * a self-signed certificate (and an expired one), a WeChat Pay public key, the APIv3 key.
   * `sandboxKeys` holds WeChat Pay's side (the keys the sandbox signs with): never a client's.
   */
  makeCredentials() {
    const merchant = rsa();
    const platform = rsa();
    const wechatpay = rsa();
    const now = Date.now();
    const platformSerial = randomSerial();
    const platformCertificate = selfSignedCertificate({
      privateKey: platform.privateKey,
      publicKey: platform.publicKey,
      serialHex: platformSerial,
      commonName: 'FAKE WeChat Pay platform certificate (payquery sandbox)',
      notBefore: new Date(now - DAY),
      notAfter: new Date(now + 5 * 365 * DAY),
    });
    const expiredPlatformCertificate = selfSignedCertificate({
      privateKey: platform.privateKey,
      publicKey: platform.publicKey,
      serialHex: randomSerial(),
      commonName: 'FAKE expired platform certificate (payquery sandbox)',
      notBefore: new Date(now - 3 * 365 * DAY),
      notAfter: new Date(now - 30 * DAY),
    });
    const merchantSerialNo = randomSerial();
    // The merchant API certificate (apiclient_cert.pem) of the merchant key, serial merchantSerialNo.
    const merchantCertificate = selfSignedCertificate({
      privateKey: merchant.privateKey,
      publicKey: merchant.publicKey,
      serialHex: merchantSerialNo,
      commonName: 'FAKE merchant API certificate (payquery sandbox)',
      notBefore: new Date(now - DAY),
      notAfter: new Date(now + 5 * 365 * DAY),
    });
    const digits = Array.from(crypto.randomBytes(26), (b) => b % 10).join('');
    return {
      mchid: '1900000001',
      appid: 'wxsandboxv3000001',
      spMchid: '1900000100',
      spAppid: 'wxsandboxv3sp0001',
      subMchid: '1900000109',
      subAppid: 'wxsandboxv3sub001',
      merchantSerialNo,
      privateKey: merchant.privatePem,
      merchantPublicKey: merchant.publicPem,
      merchantCertificate,
      platformSerial,
      platformCertificate,
      expiredPlatformCertificate,
      wechatpayPublicKey: { id: `PUB_KEY_ID_01${digits}`, pem: wechatpay.publicPem },
      apiV3Key: nonce(32),
      sandboxKeys: { platformPrivateKey: platform.privatePem, publicKeyPrivateKey: wechatpay.privatePem },
    };
  },

  /** The API bound to `credentials`: `owns(req)` routes, `handle(req, fault)` answers. */
  create(credentials) {
    const merchant = {
      mchid: credentials.mchid,
      spMchid: credentials.spMchid,
      merchantSerialNo: credentials.merchantSerialNo,
      publicKey: crypto.createPublicKey(credentials.merchantPublicKey),
    };
    const platformPrivate = crypto.createPrivateKey(credentials.sandboxKeys.platformPrivateKey);
    const keys = {
      // The active platform key signs answers; `platforms` is what /v3/certificates serves.
      platformPrivate,
      platformSerial: credentials.platformSerial,
      platforms: [{ serial: credentials.platformSerial, pem: credentials.platformCertificate, privateKey: platformPrivate }],
      publicKeyPrivate: crypto.createPrivateKey(credentials.sandboxKeys.publicKeyPrivateKey),
      publicKeyId: credentials.wechatpayPublicKey.id,
    };
    const orders = v3Orders(credentials);
    const ctx = { orders, keys, credentials };
    return {
      owns: (req) => req.path.startsWith('/v3/'),
      handle: (req, fault) => handleQuery(req, { merchant, keys, orders, fault, apiV3Key: credentials.apiV3Key }),
      rateLimited,
      tools: {
        /**
         * Rotates to a new platform key and certificate (generated now, clearly fake): it signs
         * from now on and /v3/certificates serves it with the old ones. Options: `expired`
         * (the new certificate's validity ended yesterday), `retireOld` (stop serving the old
         * ones). Returns `{ serial, pem }`; `credentials.platformSerial` and
         * `credentials.platformCertificate` follow.
         */
        rotatePlatformCertificate: (options) => rotatePlatform(keys, credentials, options),
        /** `{ headers, body }` of a signed, encrypted notification (see notify.js). */
        buildNotification: (options) => buildNotification(ctx, options),
        /** POSTs a notification to `url`; resolves to the receiver's `{ status, body }`. */
        postNotification: (url, options) => postNotification(ctx, url, options),
      },
    };
  },
};
