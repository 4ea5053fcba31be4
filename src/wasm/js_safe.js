// The JavaScript half of src/wasm/js_safe.rs: reads that take one call from the wasm core
// instead of one per field or character. Nothing here keeps a value or a view.

const encoder = new TextEncoder();

// Writes the string `text` as UTF-8 into `view`, a view on wasm memory with room for 3 bytes
// per UTF-16 code unit, and returns the number of bytes written. One native call: the glue's
// own string transfer copies the ASCII prefix one character at a time in JavaScript first.
export function encodeInto(text, view) {
  return encoder.encodeInto(text, view).written;
}

// The length of `value` in UTF-16 code units when it is a string, else -1: the type check and
// the length in one call (a primitive string's length cannot throw).
export function stringLength(value) {
  return typeof value === 'string' ? value.length : -1;
}

// What kind of value `value` is for the core's object reader: 0 not an object it reads field by
// field (a primitive, a function, an array), 1 one it reads, 2 `Array.isArray` threw (a revoked
// Proxy), 3 `undefined` or `null`. One call instead of three.
export function recordKind(value) {
  if (value === undefined || value === null) return 3;
  if (typeof value !== 'object') return 0;
  try {
    return Array.isArray(value) ? 0 : 1;
  } catch {
    return 2;
  }
}

// How the core reads `value` as headers: 0 none (undefined, null), 1 not an object, 2 a
// `Headers` or anything with `forEach` and `get` methods (`get` is read only when `forEach` is
// a function), 3 a plain record, 4 reading `forEach` or `get` threw.
export function headersKind(value) {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'object') return 1;
  try {
    if (typeof value.forEach === 'function' && typeof value.get === 'function') return 2;
  } catch {
    return 4;
  }
  return 3;
}

// `Object.keys(value)` in one call: the names joined by `\0`, or, when that would be ambiguous
// or one of them needs the core's checks (more than `maxKeys` names, an empty name, a name
// holding `\0` or longer than `maxLength`), the array itself, which the core reads name by
// name. Throws what `Object.keys` throws.
export function joinedKeys(value, maxKeys, maxLength) {
  const keys = Object.keys(value);
  if (keys.length > maxKeys) return keys;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key === '' || key.length > maxLength || key.includes('\0')) return keys;
  }
  return keys.join('\0');
}

// Reads a flat record in one call, exactly as the core's field-by-field readers did
// (src/wasm/args.rs `read_params` and `headers`): `Object.keys`, then each value once, in
// order, stopping at the first value the core refuses. A params object
// (`Record<string, string | number | boolean | null>`) leaves `null` and `undefined` out and
// writes numbers as their decimal text and booleans as `true`/`false`; without `record`
// (headers) every value must be a string, and reading also stops once names and values add up
// to more than `maxTotal` UTF-16 code units (their UTF-8, which the core measures, is at
// least as long). Five integer parameters, as several other imports take: V8 compiles one
// wasm-to-JS wrapper per import signature on every cold start. Returns
// - `name\0value\0name\0value…` when every value reads and no name or value holds `\0`;
// - otherwise an array `[name, value, …]` of what was read, the last value being the one the
//   core refuses (or, when the array has odd length, the last name's getter threw), for the
//   core to check pair by pair;
// - `null` when `Object.keys` threw, the number of keys beyond `maxKeys`, or `false` for a
//   name longer than `maxLength`;
// - with `record` (params), first: `undefined` when `value` is not an object the core reads
//   field by field (a primitive, `null`, a function, an array), `true` when `Array.isArray`
//   threw (a revoked Proxy).
export function readFlat(value, maxKeys, maxLength, maxTotal, record) {
  if (record) {
    if (typeof value !== 'object' || value === null) return undefined;
    try {
      if (Array.isArray(value)) return undefined;
    } catch {
      return true;
    }
  }
  let keys;
  try {
    keys = Object.keys(value);
  } catch {
    return null;
  }
  if (keys.length > maxKeys) return keys.length;
  for (let i = 0; i < keys.length; i++) if (keys[i].length > maxLength) return false;
  // The pairs are concatenated as they come (cheaper than an array and a join); from the first
  // name or value holding \0 on, they are kept in an array instead, which the concatenation so
  // far splits back into exactly (it holds no \0 but the separators).
  let joined = '';
  let count = 0;
  let parts = null;
  let total = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    let v;
    try {
      v = value[key];
    } catch {
      parts = parts ?? unjoin(joined, count);
      parts.push(key);
      return parts;
    }
    let text;
    if (typeof v === 'string' && v.length <= maxLength) {
      text = v;
    } else if (!record) {
      parts = parts ?? unjoin(joined, count);
      parts.push(key, v);
      return parts;
    } else if (v === undefined || v === null) {
      continue;
    } else if (typeof v === 'number' && Number.isSafeInteger(v)) {
      text = String(v);
    } else if (typeof v === 'boolean') {
      text = v ? 'true' : 'false';
    } else {
      parts = parts ?? unjoin(joined, count);
      parts.push(key, v);
      return parts;
    }
    if (parts === null && (key.includes('\0') || text.includes('\0'))) parts = unjoin(joined, count);
    if (parts !== null) parts.push(key, text);
    else joined = count === 0 ? key + '\0' + text : joined + '\0' + key + '\0' + text;
    count++;
    total += key.length + text.length;
    if (!record && total > maxTotal) return parts ?? unjoin(joined, count);
  }
  return parts !== null ? parts : joined;
}

// The pairs `readFlat` concatenated so far, as an array: exact while no name or value holds \0.
function unjoin(joined, count) {
  return count === 0 ? [] : joined.split('\0');
}
