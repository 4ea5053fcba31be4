'use strict';
// Minimal reader and writer for the flat <xml> documents of WeChat Pay APIv2. Written
// independently of the Rust core on purpose: the sandbox is a second implementation.

function decodeEntities(text) {
  return text.replace(/&(lt|gt|amp|apos|quot|#\d+|#x[0-9a-fA-F]+);/g, (_, e) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'apos') return "'";
    if (e === 'quot') return '"';
    return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
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
