// The JavaScript half of src/wasm/js_safe.rs: reads that take one call from the wasm core
// instead of one per field or character. Nothing here keeps a value or a view.

const encoder = new TextEncoder();

// Writes the string `text` as UTF-8 into `view`, a view on wasm memory with room for 3 bytes
// per UTF-16 code unit, and returns the number of bytes written. One native call: the glue's
// own string transfer copies the ASCII prefix one character at a time in JavaScript first.
export function encodeInto(text, view) {
  return encoder.encodeInto(text, view).written;
}
