// RSA with WebCrypto, for what the page does beside payquery: making fake keys for the samples,
// signing a sample answer as WeChat Pay would, and the fingerprint that tells whether a private
// key belongs to a certificate. Keys stay in this page.

const RSA = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };

function base64(bytes) {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s);
}

const hex = (bytes) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

function pem(label, der) {
  const b64 = base64(der).replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** The DER bytes of the first `label` block of a PEM text. */
function der(text, label) {
  const m = new RegExp(`-----BEGIN ${label}-----([^-]*)-----END ${label}-----`).exec(text);
  if (!m) throw new Error(`no ${label} block`);
  return Uint8Array.from(atob(m[1].replace(/\s+/g, '')), (c) => c.charCodeAt(0));
}

/** A fresh RSA key pair: `{ privatePem (PKCS#8), publicPem (SPKI), privateKey (CryptoKey) }`. */
export async function rsaPair() {
  const pair = await crypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
  return {
    privateKey: pair.privateKey,
    privatePem: pem('PRIVATE KEY', await crypto.subtle.exportKey('pkcs8', pair.privateKey)),
    publicPem: pem('PUBLIC KEY', await crypto.subtle.exportKey('spki', pair.publicKey)),
  };
}

/** RSASSA-PKCS1-v1_5 SHA-256 of `message` (UTF-8), base64: how WeChat Pay signs its answers. */
export async function rsaSign(privateKey, message) {
  return base64(await crypto.subtle.sign(RSA.name, privateKey, new TextEncoder().encode(message)));
}

/** 32 random letters and digits. */
export function nonce() {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => alphabet[b % alphabet.length]).join('');
}

/**
 * The SHA-256 (hex) of a PKCS#8 private key's public key as SubjectPublicKeyInfo DER: the
 * fingerprint the library's own errors give (`keyFingerprint` of a SIGN_ERROR KEY_MISMATCH or a
 * merchantCertificate pairing error), and what
 * `openssl pkey -in apiclient_key.pem -pubout -outform DER | openssl dgst -sha256` prints; the
 * merchant certificate's public key gives the same value exactly when the two are a pair. Null
 * when the text holds no RSA PKCS#8 key.
 */
export async function keyFingerprint(privatePem) {
  let key;
  try {
    key = await crypto.subtle.importKey('pkcs8', der(privatePem, 'PRIVATE KEY'), { name: RSA.name, hash: 'SHA-256' }, true, ['sign']);
  } catch {
    return null;
  }
  // WebCrypto exports no public half of a private key: rebuild it from the JWK's n and e.
  const { n, e } = await crypto.subtle.exportKey('jwk', key);
  const publicKey = await crypto.subtle.importKey('jwk', { kty: 'RSA', n, e }, { name: RSA.name, hash: 'SHA-256' }, true, ['verify']);
  return hex(await crypto.subtle.digest('SHA-256', await crypto.subtle.exportKey('spki', publicKey)));
}
