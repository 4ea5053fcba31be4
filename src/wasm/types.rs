//! TypeScript declarations shared by every provider (errors, status, options).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const COMMON_TS: &'static str = include_str!("ts/common.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const RESILIENCE_TS: &'static str = include_str!("ts/resilience.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const RATELIMIT_TS: &'static str = include_str!("ts/ratelimit.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const NOTIFY_TS: &'static str = include_str!("ts/notify.d.ts");
