// Cloudflare workerd entry: the package's one .wasm is imported as a WebAssembly.Module
// (workerd and wrangler compile it ahead of time; code generation from bytes is not allowed
// there) and instantiated synchronously, so init() is already done when this module has loaded.
import wasmModule from '../payquery_bg.wasm';
import { initSync } from '../web/index.js';

initSync(wasmModule);

export * from '../web/index.js';
