//! TypeScript declarations shared by every provider (errors, status, options).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const COMMON_TS: &'static str = include_str!("ts/common.d.ts");

/// Generated from the Rust types (results, vocabularies, error codes and details): see
/// `src/typescript/`.
#[wasm_bindgen(typescript_custom_section)]
const GENERATED_TS: &'static str = include_str!("ts/generated.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const VOCABULARY_TS: &'static str = include_str!("ts/vocabulary.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const RESILIENCE_TS: &'static str = include_str!("ts/resilience.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const RATELIMIT_TS: &'static str = include_str!("ts/ratelimit.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const NOTIFY_TS: &'static str = include_str!("ts/notify.d.ts");
