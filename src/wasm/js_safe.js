// The JavaScript half of src/wasm/js_safe.rs: reads that take one call from the wasm core
// instead of one per field or character. Nothing here keeps a value or a view.

const encoder = new TextEncoder();

// Writes the string `text` as UTF-8 into `view`, a view on wasm memory with room for 3 bytes
// per UTF-16 code unit, and returns the number of bytes written. One native call: the glue's
// own string transfer copies the ASCII prefix one character at a time in JavaScript first.
export function encodeInto(text, view) {
  return encoder.encodeInto(text, view).written;
}

// Reads a flat params object (`Record<string, string | number | boolean | null>`) in one
// call, reading it exactly as the core's field-by-field reader did (src/wasm/args.rs
// `read_params`): `Object.keys`, then each value once, in order, stopping at the first value
// that cannot be signed. Returns
// - `name\0value\0name\0value…` (numbers as their decimal text, booleans as `true`/`false`,
//   `null` and `undefined` left out) when every value reads and no name or value holds `\0`;
// - otherwise an array `[name, value, …]` of what was read, the last value being the one the
//   core refuses (or, when the array has odd length, the last name's getter threw), for the
//   core to check pair by pair;
// - `null` when `Object.keys` threw, the number of keys beyond `maxKeys`, or `false` for a
//   name longer than `maxLength`.
export function flattenParams(value, maxKeys, maxLength) {
  let keys;
  try {
    keys = Object.keys(value);
  } catch {
    return null;
  }
  if (keys.length > maxKeys) return keys.length;
  for (let i = 0; i < keys.length; i++) if (keys[i].length > maxLength) return false;
  const parts = [];
  let joinable = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    let v;
    try {
      v = value[key];
    } catch {
      parts.push(key);
      return parts;
    }
    if (v === undefined || v === null) continue;
    if (typeof v === 'string' && v.length <= maxLength) {
      if (joinable && (key.includes('\0') || v.includes('\0'))) joinable = false;
      parts.push(key, v);
    } else if (typeof v === 'number' && Number.isSafeInteger(v)) {
      parts.push(key, String(v));
    } else if (typeof v === 'boolean') {
      parts.push(key, v ? 'true' : 'false');
    } else {
      parts.push(key, v);
      return parts;
    }
  }
  return joinable ? parts.join('\0') : parts;
}
