// Browser entry: a self-initialising ES module (top-level await), so that browser code uses
// payquery exactly like Node code, with no init() call.
import init from './payquery.js';

await init({ module_or_path: new URL('./payquery_bg.wasm', import.meta.url) });

export * from './payquery.js';
export { PayQueryError, isPayQueryError } from '__ERROR_MODULE__';
export { queryMany, waitForFinalState } from './resilience.js';

// handleNotification also takes a Web Request or Node IncomingMessage; framework adapters.
import { WechatPayV2 as V2, WechatPayV3 as V3, Fubei as FB } from './payquery.js';
import { installNotificationReaders } from './notify.js';
installNotificationReaders([V2, V3, FB]);
export {
  readNotificationRequest,
  expressNotificationHandler,
  koaNotificationHandler,
  fastifyNotificationHandler,
  webNotificationHandler,
  cloudFunctionNotificationHandler,
} from './notify.js';
