// Renames a module's imports and exports to short names, in the .wasm and in both of its glues
// (issue 12).
//
// wasm-bindgen names each import `__wbg_<name>_<16 hex digits>` under the module name
// `./payquery_bg.js`: about 50 bytes an import, some hundred imports, and the hex digits do not
// compress. The glues (node/, web/) only ever use these names as the keys of the object
// `__wbg_get_imports()` returns, so both the module and its keys can be renamed, as long as every
// name is renamed everywhere: each import's key must occur exactly once in each glue, as a key,
// and nowhere else, or the build stops (a new wasm-bindgen that uses the names otherwise must be
// looked at, not shipped half-renamed). wasm-bindgen's own exports (`__wbindgen_export2`,
// `__wasm_bindgen_func_elem_1601`, …) are read by the glue only as `wasm.<name>`, its private
// object of the instance's exports (init() does not hand it out): each such use is renamed, and
// the build stops if `wasm` is indexed by a computed name or read for an export the module does
// not have. The public exports (`wechatpayv3_new`, `explainV3`) keep their names.
//
// Why not binaryen's own passes (wasm-opt is already a dependency): --minify-imports leaves the
// exports and the module name as they are, and --minify-imports-and-exports renames every export,
// the public ones (`wechatpayv3_new`, `explainV3`, which tools and the size test read) included;
// neither renames the glues, whose side would be written here anyway.
//
// Usage: node scripts/short_names.js <module.wasm> <glue.js>...
'use strict';
const fs = require('node:fs');

/** The module name wasm-bindgen gives every import, and the short one that replaces it. */
const MODULE = './payquery_bg.js';
const SHORT_MODULE = 'a';

/** Reads an unsigned LEB128 at `pos`: [value, position after it]. */
function readU32(bytes, pos) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[pos++];
    if (byte === undefined) throw new Error('short_names: truncated LEB128');
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return [value, pos];
  }
}

/** An unsigned LEB128. */
function u32(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return Buffer.from(out);
}

/** A length-prefixed UTF-8 name. */
function name(text) {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([u32(bytes.length), bytes]);
}

/** The n-th short name: a…z, A…Z, then two letters (never a JavaScript keyword). */
function shortName(n) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const keywords = new Set(['do', 'if', 'in']);
  const names = [];
  for (let i = 0; names.length <= n; i++) {
    const candidate = i < letters.length ? letters[i] : letters[Math.floor(i / letters.length) - 1] + letters[i % letters.length];
    if (!keywords.has(candidate)) names.push(candidate);
  }
  return names[n];
}

/** Reads a length-prefixed UTF-8 name at `pos`: [text, position after it]. */
function readName(bytes, pos) {
  const [len, p] = readU32(bytes, pos);
  if (p + len > bytes.length) throw new Error('short_names: truncated name');
  return [bytes.toString('utf8', p, p + len), p + len];
}

/**
 * The import section's body with every import's module name SHORT_MODULE and its field name
 * the next short name; `map` gets old field name -> new.
 */
function renameImportSection(bytes, body, end, map) {
  let [count, p] = readU32(bytes, body);
  const parts = [u32(count)];
  for (let i = 0; i < count; i++) {
    let module;
    let field;
    [module, p] = readName(bytes, p);
    [field, p] = readName(bytes, p);
    if (module !== MODULE) throw new Error(`short_names: an import from ${JSON.stringify(module)}, not ${MODULE}`);
    if (map.has(field)) throw new Error(`short_names: ${field} imported twice`);
    map.set(field, shortName(map.size));
    // The import's description (a function and its type) is kept as it is.
    const descStart = p;
    const kind = bytes[p++];
    if (kind !== 0) throw new Error(`short_names: ${field} is not a function import (kind ${kind})`);
    [, p] = readU32(bytes, p);
    parts.push(name(SHORT_MODULE), name(map.get(field)), bytes.subarray(descStart, p));
  }
  if (p !== end) throw new Error('short_names: the import section has trailing bytes');
  return Buffer.concat(parts);
}

/**
 * Whether an export is wasm-bindgen's own (`__wbindgen_export2`, `__wasm_bindgen_func_elem_1601`,
 * `__wbg_wechatpayv3_free`): the public ones (`wechatpayv3_new`, `explainV3`, …) keep their
 * names, which say what a module holds.
 */
const isBindgenExport = (name) => /^__(wbindgen_|wasm_bindgen_|wbg_)/.test(name);

/** The export section's body with each of wasm-bindgen's own exports given the next short name. */
function renameExportSection(bytes, body, end, map) {
  let [count, p] = readU32(bytes, body);
  const parts = [u32(count)];
  for (let i = 0; i < count; i++) {
    let field;
    [field, p] = readName(bytes, p);
    const descStart = p;
    p++;
    [, p] = readU32(bytes, p);
    if (map.has(field)) throw new Error(`short_names: ${field} exported twice`);
    map.set(field, isBindgenExport(field) ? shortName(map.size) : field);
    parts.push(name(map.get(field)), bytes.subarray(descStart, p));
  }
  if (p !== end) throw new Error('short_names: the export section has trailing bytes');
  return Buffer.concat(parts);
}

/**
 * The module with its import and export sections rewritten, and the maps old name -> new of
 * the imports and of the exports.
 */
function renameModule(bytes) {
  if (bytes.readUInt32LE(0) !== 0x6d736100 || bytes.readUInt32LE(4) !== 1) throw new Error('short_names: not a wasm module (version 1)');
  const imports = new Map();
  const exports = new Map();
  const parts = [bytes.subarray(0, 8)];
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos];
    const [size, body] = readU32(bytes, pos + 1);
    const end = body + size;
    if (end > bytes.length) throw new Error('short_names: truncated section');
    const rename = { 2: renameImportSection, 7: renameExportSection }[id];
    if (rename) {
      const section = rename(bytes, body, end, id === 2 ? imports : exports);
      parts.push(Buffer.from([id]), u32(section.length), section);
    } else {
      parts.push(bytes.subarray(pos, end));
    }
    pos = end;
  }
  if (imports.size === 0 || exports.size === 0) throw new Error('short_names: the module has no imports or no exports');
  return { bytes: Buffer.concat(parts), imports, exports };
}

/** The glue with its import object's keys, its module name and its `wasm.<export>` renamed. */
function renameGlue(file, src, imports, exports) {
  for (const [from, to] of imports) {
    const uses = src.split(from).length - 1;
    const key = `\n        ${from}: function(`;
    if (uses !== 1 || !src.includes(key)) {
      throw new Error(`short_names: ${file}: expected ${from} once, as an import key; found ${uses} uses`);
    }
    src = src.replace(key, `\n        ${to}: function(`);
  }
  const moduleKey = `        ${JSON.stringify(MODULE)}: import0,\n`;
  if (src.split(MODULE).length - 1 !== 1 || !src.includes(moduleKey)) throw new Error(`short_names: ${file}: expected ${MODULE} once, as the imports' module`);
  src = src.replace(moduleKey, `        ${JSON.stringify(SHORT_MODULE)}: import0,\n`);
  if (/\bwasm\s*\[/.test(src)) throw new Error(`short_names: ${file}: indexes \`wasm\` (an export by a computed name)`);
  src = src.replace(/\bwasm\.([A-Za-z_$][\w$]*)/g, (use, export_) => {
    const to = exports.get(export_);
    if (to === undefined) throw new Error(`short_names: ${file}: uses wasm.${export_}, which the module does not export`);
    return `wasm.${to}`;
  });
  // wasm-bindgen's own names read as a property any other way than `wasm.<name>` would be a use
  // not renamed. (Its JS wrappers of the closure exports share their names, as plain functions.)
  for (const from of exports.keys()) {
    if (isBindgenExport(from) && new RegExp(`[.'"\`]${from}(?![\\w$])`).test(src)) {
      throw new Error(`short_names: ${file}: ${from} is read other than as wasm.${from}`);
    }
  }
  return src;
}

function main() {
  const [wasmFile, ...glues] = process.argv.slice(2);
  if (!wasmFile || glues.length === 0) throw new Error('usage: node scripts/short_names.js <module.wasm> <glue.js>...');
  const { bytes, imports, exports } = renameModule(fs.readFileSync(wasmFile));
  // Every glue is checked before any file is written.
  const renamed = glues.map((file) => [file, renameGlue(file, fs.readFileSync(file, 'utf8'), imports, exports)]);
  if (!WebAssembly.validate(bytes)) throw new Error(`short_names: ${wasmFile} does not validate after renaming`);
  fs.writeFileSync(wasmFile, bytes);
  for (const [file, src] of renamed) fs.writeFileSync(file, src);
}

main();
