//! The JavaScript binding layer (wasm32 only).
