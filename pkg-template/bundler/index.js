// Bundler entry (webpack, Rollup, Vite with WebAssembly ESM integration): the glue imports the
// .wasm as a module and the bundler instantiates it.
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
