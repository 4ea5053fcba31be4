
/** What {@link init} accepts: where the .wasm is, its bytes, or the compiled module. */
export type InitSource =
  | string
  | URL
  | Request
  | Response
  | BufferSource
  | WebAssembly.Module
  | Promise<Response | BufferSource | WebAssembly.Module>;

/**
 * Loads payquery's WebAssembly module; await it once before the first call in a browser or
 * bundled app (calls before it throw `NOT_INITIALIZED`). Later calls resolve at once. Without
 * `source`, the `payquery_bg.wasm` of the package, located with `import.meta.url` (Vite and
 * webpack emit it; with Rollup or esbuild copy it beside the bundle or pass its URL). In Node,
 * Deno, Bun and workerd the module is ready on import and this resolves at once.
 * Rejects with `NOT_INITIALIZED` when the module cannot be fetched or compiled.
 */
export function init(source?: InitSource): Promise<void>;

/**
 * Instantiates the module synchronously from its bytes or a compiled `WebAssembly.Module`
 * (a worker, or a bundler configured to inline the .wasm). A no-op where it is ready on import.
 */
export function initSync(source: BufferSource | WebAssembly.Module): void;
