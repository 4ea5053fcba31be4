// Browser and bundler entry (Vite, webpack, Rollup, esbuild, Parcel, a <script type="module">):
// no top-level await, so every bundler target and output format (IIFE included) takes it.
// `await init()` once loads the package's one module, ../payquery_bg.wasm, through
// `new URL('../payquery_bg.wasm', import.meta.url)` in the glue: Vite and webpack emit the file
// themselves; with Rollup or esbuild copy it beside the bundle or pass its URL to init().
// Calls before init() throw NOT_INITIALIZED (see ./not-initialised.js).
// The clients with a handleNotification are filled in by scripts/assemble.js for each entry.
import initGlue, { initSync as initSyncGlue, __RECEIVERS__ } from './payquery.js';
import * as glueExports from './payquery.js';
import { guardClients } from './guard.js';
import { installNotificationReaders } from './readers.js';
import { readNotificationRequest } from './notify.js';
import { PayQueryError } from '__ERROR_MODULE__';
import { fastV2 } from './fast_v2.js';

export * from './payquery.js';
export { PayQueryError, isPayQueryError } from '__ERROR_MODULE__';
export { queryMany, waitForFinalState } from './resilience.js';

/**
 * Loads and instantiates the module once; later calls resolve at once. `source` is where the
 * .wasm is (URL, string, Request, Response, bytes or a compiled WebAssembly.Module); without it,
 * the file next to this package's glue.
 */
export async function init(source) {
  try {
    await initGlue(source === undefined ? undefined : { module_or_path: source });
    initialised = true;
  } catch (cause) {
    // The fetch or compile failure is kept as `cause`; the message never repeats the caller's URL.
    const error = new PayQueryError('NOT_INITIALIZED', 'init() could not load payquery_bg.wasm: pass its URL to init() if the bundler did not emit it beside the bundle');
    error.cause = cause;
    throw error;
  }
}

/** Instantiates the module synchronously from its bytes or a compiled WebAssembly.Module. */
export function initSync(source) {
  initSyncGlue({ module: source });
  initialised = true;
}

/** Whether init() or initSync() has instantiated the module (the fast APIv2 calls need it). */
let initialised = false;

// signV2, buildV2Xml and verifyV2Xml in one crossing each (see fast_v2.js), exported in place of
// the glue's by the entries whose module has them (filled in by scripts/assemble.js).
// __FAST_V2_EXPORTS__

// A freed client or a detached method is refused here, before it reaches wasm (see guard.js).
// The clients are those this entry's module exports.
const clientClasses = ['CloudPay', 'Fubei', 'WechatPayV2', 'WechatPayV3'].filter((n) => glueExports[n]).map((n) => [n, glueExports[n]]);
guardClients(clientClasses);

// handleNotification also takes a Web Request or Node IncomingMessage (no wasm needed to
// install the readers, so this runs before init()); framework adapters.
installNotificationReaders([__RECEIVERS__], readNotificationRequest);
guardClients(clientClasses, ['handleNotification']);
export {
  readNotificationRequest,
  expressNotificationHandler,
  koaNotificationHandler,
  fastifyNotificationHandler,
  webNotificationHandler,
  cloudFunctionNotificationHandler,
} from './notify.js';
