'use strict';
// Self-signed X.509 certificates for the sandbox's platform keys. Node can parse certificates
// but not create them, so the DER is assembled here (RFC 5280, the fields WeChat Pay's
// platform certificates carry) and signed with node:crypto (sha256WithRSAEncryption).
const crypto = require('node:crypto');

function length(n) {
  if (n < 0x80) return Buffer.from([n]);
  const bytes = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One DER TLV. */
function tlv(tag, content) {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

const seq = (...parts) => tlv(0x30, Buffer.concat(parts));
const set = (...parts) => tlv(0x31, Buffer.concat(parts));
const utf8 = (text) => tlv(0x0c, Buffer.from(text, 'utf8'));
const NULL = Buffer.from([0x05, 0x00]);

/** A positive INTEGER from big-endian bytes (a leading 0x00 when the high bit is set). */
function integer(bytes) {
  let b = Buffer.from(bytes);
  while (b.length > 1 && b[0] === 0 && b[1] < 0x80) b = b.subarray(1);
  if (b[0] >= 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

function oid(text) {
  const [a, b, ...rest] = text.split('.').map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime before 2050, GeneralizedTime from 2050 on (RFC 5280 4.1.2.5). */
function time(date) {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(iso.slice(2))) : tlv(0x18, Buffer.from(iso));
}

function name(commonName) {
  return seq(set(seq(oid('2.5.4.6'), tlv(0x13, Buffer.from('CN')))), set(seq(oid('2.5.4.10'), utf8('payquery sandbox (fake)'))), set(seq(oid('2.5.4.3'), utf8(commonName))));
}

/**
 * A self-signed certificate for `publicKey`, signed with `privateKey` (node:crypto KeyObjects).
 * `serialHex`: the serial as hex. Returns the PEM text.
 */
function selfSignedCertificate({ privateKey, publicKey, serialHex, commonName, notBefore, notAfter }) {
  const algorithm = seq(oid('1.2.840.113549.1.1.11'), NULL); // sha256WithRSAEncryption
  const subject = name(commonName);
  const tbs = seq(
    tlv(0xa0, integer([2])), // [0] EXPLICIT version v3
    integer(Buffer.from(serialHex, 'hex')),
    algorithm,
    subject,
    seq(time(notBefore), time(notAfter)),
    subject,
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = crypto.sign('sha256', tbs, privateKey);
  const der = seq(tbs, algorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const b64 = der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

/** A random 20-byte serial as WeChat Pay prints it: 40 uppercase hex digits, no leading zero. */
function randomSerial() {
  const bytes = crypto.randomBytes(20);
  bytes[0] = (bytes[0] & 0x7f) | 0x10;
  return bytes.toString('hex').toUpperCase();
}

module.exports = { selfSignedCertificate, randomSerial };
