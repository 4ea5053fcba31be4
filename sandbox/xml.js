'use strict';
// Minimal reader and writer for the flat <xml> documents of WeChat Pay APIv2. Written
// independently of the Rust core on purpose: the sandbox is a second implementation.

const { BadRequest } = require('./bad-request.js');

const NAMED = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

/** Whether `cp` is a character XML 1.0 allows (Char production): no NUL, no surrogates. */
function isXmlChar(cp) {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/**
 * Decodes the five named entities and character references. Anything else after `&` (an
 * unterminated or unknown reference, `&#0;`, a surrogate, a code point past U+10FFFF) is not
 * XML: a `BadRequest` (HTTP 400), never a crash.
 */
function decodeEntities(text) {
  return text.replace(/&([^;&<]{0,12});|&/g, (whole, ref) => {
    if (ref === undefined) throw new BadRequest('the XML has a bare & or an unterminated reference');
    if (Object.prototype.hasOwnProperty.call(NAMED, ref)) return NAMED[ref];
    const m = /^#(?:([0-9]{1,8})|x([0-9a-fA-F]{1,8}))$/.exec(ref);
    const cp = m && (m[1] !== undefined ? Number.parseInt(m[1], 10) : Number.parseInt(m[2], 16));
    if (cp === null || !isXmlChar(cp)) throw new BadRequest('the XML has an invalid character or entity reference');
    return String.fromCodePoint(cp);
  });
}

/** Parses `<xml><k>v</k>…</xml>` into an object; returns null when the document is not flat. */
function parseXml(text) {
  const root = /^\s*(?:<\?xml[^>]*\?>)?\s*<xml>([\s\S]*)<\/xml>\s*$/.exec(text);
  if (!root) return null;
  const fields = {};
  const element = /<([A-Za-z_][\w]*)>((?:<!\[CDATA\[[\s\S]*?\]\]>|[^<])*)<\/\1>|<([A-Za-z_][\w]*)\/>|(\s+)/y;
  let rest = root[1];
  element.lastIndex = 0;
  while (element.lastIndex < rest.length) {
    const start = element.lastIndex;
    const m = element.exec(rest);
    if (!m || m.index !== start) return null;
    if (m[4]) continue;
    const name = m[1] || m[3];
    if (Object.prototype.hasOwnProperty.call(fields, name)) return null;
    const raw = m[2] || '';
    fields[name] = raw.replace(/<!\[CDATA\[([\s\S]*?)\]\]>|([^<]+)/g, (_, cdata, plain) =>
      cdata !== undefined ? cdata : decodeEntities(plain),
    );
  }
  return fields;
}

/** Writes an object as `<xml>`: numbers bare, strings in CDATA, as WeChat does. */
function buildXml(fields) {
  let out = '<xml>';
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined || v === null) continue;
    const text = String(v);
    out += /^\d+$/.test(text)
      ? `<${k}>${text}</${k}>`
      : `<${k}><![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]></${k}>`;
  }
  return `${out}</xml>`;
}

module.exports = { parseXml, buildXml };
