// Orders a module's functions so that similar ones sit next to each other, which makes the
// module smaller under gzip (issue 12): deflate finds repeats only within its 32 KB window, and
// the functions rustc and wasm-opt emit come in families (drop glue, closure shims, state
// machines of the same shape) scattered across the code section. What runs is unchanged: only
// the order of the function bodies (and so their indices) changes.
//
// How: each function's text (binaryen's printer) is cut into 4-token shingles, and the functions
// are chained greedily, each followed by the one left whose shingles overlap its own most
// (Jaccard similarity), starting from the smallest. The order is deterministic (ties go to the
// first). A 64-value MinHash in place of the exact overlap ran no faster here (the printing and
// parsing dominate) and chose worse: wechat-v2 grew 428 bytes instead of shrinking 305. The module is printed and parsed back through binaryen, whose parser numbers the
// functions in the order they are written; the build runs wasm-opt -Oz after this (the round
// trip alone leaves a few hundred bytes a pass takes back).
//
// Measured on the modules of 9f775eb, gzip -9 (this step plus the -Oz after it): wechat-v3
// 112,565 -> 111,193, wechat-v2 88,431 -> 88,126, full 184,127 -> 181,093; raw sizes within
// ±150 bytes.
//
// Usage: node scripts/order_functions.mjs <in.wasm> <out.wasm> <the build's wasm-opt --enable-* flags>...
import fs from 'node:fs';
import binaryen from 'binaryen';

const [input, output, ...flags] = process.argv.slice(2);
if (!input || !output) throw new Error('usage: node scripts/order_functions.mjs <in.wasm> <out.wasm> <wasm-opt --enable-* flags>...');

/** binaryen's feature for each `--enable-*` flag scripts/build passes wasm-opt (binaryen's
 * command line turns bulk-memory-opt on with bulk-memory). The build hands its own list over,
 * so the list lives in one place; a flag missing here stops the build. */
const FEATURE_OF_FLAG = {
  '--enable-bulk-memory': binaryen.Features.BulkMemory | binaryen.Features.BulkMemoryOpt,
  '--enable-nontrapping-float-to-int': binaryen.Features.NontrappingFPToInt,
  '--enable-sign-ext': binaryen.Features.SignExt,
  '--enable-mutable-globals': binaryen.Features.MutableGlobals,
  '--enable-multivalue': binaryen.Features.Multivalue,
};
let FEATURES = 0;
for (const flag of flags) {
  if (!(flag in FEATURE_OF_FLAG)) throw new Error(`order_functions: unknown feature flag ${flag}`);
  FEATURES |= FEATURE_OF_FLAG[flag];
}

/** 32-bit FNV-1a of a string. */
function fnv(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A function body's 4-token shingles, hashed, sorted and without repeats. */
function shingles(body) {
  const tokens = body.match(/[a-z0-9_.]+(?:=\d+)?|\$\d+|-?\d+/g) ?? [];
  const hashes = new Uint32Array(Math.max(0, tokens.length - 3));
  for (let i = 0; i < hashes.length; i++) hashes[i] = fnv(`${tokens[i]} ${tokens[i + 1]} ${tokens[i + 2]} ${tokens[i + 3]}`);
  hashes.sort();
  let n = 0;
  for (let i = 0; i < hashes.length; i++) if (i === 0 || hashes[i] !== hashes[i - 1]) hashes[n++] = hashes[i];
  return hashes.subarray(0, n);
}

/** Jaccard similarity of two sorted sets. */
function jaccard(a, b) {
  let i = 0;
  let j = 0;
  let same = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      same++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return same / (a.length + b.length - same || 1);
}

/** Indices of `sets` in greedy nearest-neighbour order by Jaccard similarity. */
function chain(sets) {
  const n = sets.length;
  const left = new Uint8Array(n).fill(1);
  const order = [];
  let current = 0;
  for (let i = 1; i < n; i++) if (sets[i].length < sets[current].length) current = i;
  for (let step = 0; step < n; step++) {
    left[current] = 0;
    order.push(current);
    let best = -1;
    let bestScore = -1;
    for (let j = 0; j < n; j++) {
      if (!left[j]) continue;
      const same = jaccard(sets[current], sets[j]);
      if (same > bestScore) {
        bestScore = same;
        best = j;
      }
    }
    current = best;
  }
  return order;
}

const module = binaryen.readBinary(fs.readFileSync(input));
module.setFeatures(FEATURES);
binaryen.setDebugInfo(false);
const lines = module.emitText().replace(/\n$/, '').split('\n');
module.dispose();
if (lines[0] !== '(module' || lines.at(-1) !== ')') throw new Error('order_functions: unexpected printed module');

// The printer writes one module field per line at one space of indentation, its body below.
const fields = [];
for (const line of lines.slice(1, -1)) {
  if (line.startsWith(' (')) fields.push([line]);
  else if (fields.length > 0) fields.at(-1).push(line);
  else throw new Error('order_functions: text before the first field');
}
const text = (field) => field.join('\n');
const isFunction = (field) => field[0].startsWith(' (func ');
// Imported functions come first in the index space and are printed as imports, not functions.
const functions = fields.filter(isFunction);
const others = fields.filter((field) => !isFunction(field));
const order = chain(functions.map((field) => shingles(field.slice(1).join('\n'))));

const reordered = binaryen.parseText(['(module', ...others.map(text), ...order.map((i) => text(functions[i])), ')'].join('\n'));
reordered.setFeatures(FEATURES);
if (!reordered.validate()) throw new Error('order_functions: the reordered module does not validate');
fs.writeFileSync(output, reordered.emitBinary());
reordered.dispose();
