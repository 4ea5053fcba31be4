//! Facts about the JavaScript runtime: the clock and a name for the User-Agent.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// The local clock in Unix seconds.
pub fn now_seconds() -> i64 {
    // Date.now() is integral milliseconds well inside f64's exact range.
    (js_sys::Date::now() / 1000.0).floor() as i64
}

fn path(keys: &[&str]) -> Option<String> {
    let mut v: JsValue = js_sys::global().into();
    for k in keys {
        v = Reflect::get(&v, &JsValue::from_str(k)).ok()?;
        if v.is_undefined() || v.is_null() {
            return None;
        }
    }
    v.as_string()
}

/// `node/20.11.0`, `deno/2.1.4`, `bun/1.1.0`, `workerd` or `web`. Deno and Bun also expose
/// `process.versions.node`, so they are asked first.
pub fn name() -> String {
    let clean = |v: String| -> String {
        v.chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
            .take(32)
            .collect()
    };
    if let Some(v) = path(&["Deno", "version", "deno"]) {
        return format!("deno/{}", clean(v));
    }
    if let Some(v) = path(&["Bun", "version"]) {
        return format!("bun/{}", clean(v));
    }
    if let Some(v) = path(&["process", "versions", "node"]) {
        return format!("node/{}", clean(v));
    }
    if path(&["navigator", "userAgent"]).as_deref() == Some("Cloudflare-Workers") {
        return "workerd".to_owned();
    }
    "web".to_owned()
}
