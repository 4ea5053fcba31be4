'use strict';
// The Node crypto provider handed to the wasm core (see src/wasm/crypto.rs): node:crypto's
// synchronous RSA-SHA256 and AES-256-GCM. In Node, crypto.subtle runs every call on the thread
// pool and settles a promise (64-90 us per RSA verify); crypto.verify with a KeyObject is about
// 22 us and needs no future in the core. Byte arguments are views on wasm memory, valid only
// during the call: they are read here synchronously and never kept.
// node:crypto is loaded on the first key import, not on require: loading it costs about 2.5 ms
// of every cold start, and a process that only signs or verifies APIv2/Fubei never needs it.
let nodeCrypto;
const crypto = () => (nodeCrypto ??= require('node:crypto'));

/** Imports a key once per client: 'pkcs8' and 'spki' DER, or the raw 32-byte 'aes-256-gcm' key. */
function importKey(kind, der) {
  const key = Buffer.from(der); // copied: the view does not outlive this call
  if (kind === 'pkcs8') return crypto().createPrivateKey({ key, format: 'der', type: 'pkcs8' });
  if (kind === 'spki') return crypto().createPublicKey({ key, format: 'der', type: 'spki' });
  if (kind === 'aes-256-gcm' && key.length === 32) return crypto().createSecretKey(key);
  throw new Error(`unsupported key kind ${kind}`);
}

/** RSASSA-PKCS1-v1_5 SHA-256 signature of `data`. */
function rsaSign(key, data) {
  return crypto().sign('sha256', data, key);
}

/** Whether `signature` is a valid RSASSA-PKCS1-v1_5 SHA-256 signature of `data`. */
function rsaVerify(key, signature, data) {
  return crypto().verify('sha256', data, key, signature);
}

/** AES-256-GCM decryption of `data` (ciphertext followed by the 16-byte tag); throws on any failure. */
function aesGcmDecrypt(key, iv, aad, data) {
  if (data.length < 16) throw new Error('ciphertext shorter than its tag');
  const decipher = crypto().createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  decipher.setAAD(aad);
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]);
}

module.exports = { importKey, rsaSign, rsaVerify, aesGcmDecrypt };
