// Cloudflare workerd entry: the .wasm is imported as a WebAssembly.Module (workerd and
// wrangler compile it ahead of time; code generation from bytes is not allowed there) and
// instantiated synchronously.
import wasmModule from '../web/payquery_bg.wasm';
import { initSync } from '../web/payquery.js';

initSync({ module: wasmModule });

export * from '../web/payquery.js';
export { PayQueryError, isPayQueryError } from '__ERROR_MODULE__';
export { queryMany, waitForFinalState } from '../web/resilience.js';

// handleNotification also takes a Web Request or Node IncomingMessage; framework adapters.
import { WechatPayV2 as V2, WechatPayV3 as V3, Fubei as FB } from '../web/payquery.js';
import { installNotificationReaders } from '../web/notify.js';
installNotificationReaders([V2, V3, FB]);
export {
  readNotificationRequest,
  expressNotificationHandler,
  koaNotificationHandler,
  fastifyNotificationHandler,
  webNotificationHandler,
  cloudFunctionNotificationHandler,
} from '../web/notify.js';
