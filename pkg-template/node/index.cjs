'use strict';
// Node entry (CommonJS). The wasm-bindgen glue instantiates the module synchronously on require;
// then the fallbacks for older Node versions (no global fetch or crypto) are handed over, and
// the runtime module's functions (plain JavaScript) join the glue's exports.
const glue = require('./payquery.js');
const errors = require('__ERROR_MODULE__');
const { installNotificationReaders } = require('./readers.cjs');
const { guardClients } = require('./guard.cjs');
const { fastV2 } = require('./fast_v2.cjs');

// Loaded on first use from the files beside this one, not bundled into it (scripts/assemble.js):
// V8 would parse them on every require, about 0.3 ms of each cold start for code that a process
// may never run. resilience.cjs and notify.cjs take the error class from this entry, once it is
// loaded. Each export below has the name and length of the function it calls.
let resilience;
let notify;
const loadResilience = () => (resilience ??= require('./resilience.cjs'));
const loadNotify = () => (notify ??= require('./notify.cjs'));
/** See resilience.cjs. */
function queryMany(queries, fn, options) {
  return loadResilience().queryMany.apply(this, arguments);
}
/** See resilience.cjs. */
function waitForFinalState(fn, options) {
  return loadResilience().waitForFinalState.apply(this, arguments);
}
/** See notify.cjs. */
function readNotificationRequest(request, options) {
  return loadNotify().readNotificationRequest.apply(this, arguments);
}
/** See notify.cjs. */
function expressNotificationHandler(client, onNotification, options) {
  return loadNotify().expressNotificationHandler.apply(this, arguments);
}
/** See notify.cjs. */
function koaNotificationHandler(client, onNotification, options) {
  return loadNotify().koaNotificationHandler.apply(this, arguments);
}
/** See notify.cjs. */
function fastifyNotificationHandler(client, onNotification, options) {
  return loadNotify().fastifyNotificationHandler.apply(this, arguments);
}
/** See notify.cjs. */
function webNotificationHandler(client, onNotification, options) {
  return loadNotify().webNotificationHandler.apply(this, arguments);
}
/** See notify.cjs. */
function cloudFunctionNotificationHandler(client, onNotification, options) {
  return loadNotify().cloudFunctionNotificationHandler.apply(this, arguments);
}

// Handed over only where they can be needed: Node 16 has no global fetch, before Node 19
// `globalThis.crypto` is not WebCrypto, and a flag can remove either global. The descriptor is
// asked, not the value, which would load Node's WebCrypto. Elsewhere the call would be a wasm
// call on every cold start (about 0.7 ms of `require`) for nothing.
const nodeMajor = Number(String(process.versions.node).split('.')[0]);
if (!(nodeMajor >= 19) || typeof globalThis.fetch !== 'function' || !Object.getOwnPropertyDescriptor(globalThis, 'crypto')) {
  glue.__setRuntimeFallbacks(require('./fallbacks.cjs').runtimeFallbacks());
}
// A freed client or a detached method is refused here, before it reaches wasm (see guard.cjs);
// the clients are those this entry's module exports.
const clientClasses = ['CloudPay', 'Fubei', 'WechatPayV2', 'WechatPayV3'].filter((n) => glue[n]).map((n) => [n, glue[n]]);
guardClients(clientClasses);
// handleNotification also takes a Web Request or Node IncomingMessage (the clients of this
// entry that have one, filled in by scripts/assemble.js).
installNotificationReaders([__RECEIVERS__], readNotificationRequest);
guardClients(clientClasses, ['handleNotification']);
// node:crypto signs, verifies and decrypts here: synchronous and fastest in Node (for the
// entries whose module uses RSA or AES-GCM: the full one and payquery/wechat-v3). Handed over
// as a function the core calls on the first key import: checking the provider object now would
// compile the core's object reader on every cold start (about 1 ms of `require`).
if (glue.__setCryptoProvider) glue.__setCryptoProvider(() => require('./crypto.cjs'));

const api = Object.assign({}, glue, {
  PayQueryError: errors.PayQueryError,
  isPayQueryError: errors.isPayQueryError,
  queryMany,
  waitForFinalState,
  readNotificationRequest,
  expressNotificationHandler,
  koaNotificationHandler,
  fastifyNotificationHandler,
  webNotificationHandler,
  cloudFunctionNotificationHandler,
  // The module is instantiated on require; these exist so that code written for the browser
  // entry (`await init()`) runs unchanged in Node.
  init: async () => {},
  initSync: () => {},
});
delete api.__setRuntimeFallbacks;
delete api.__setCryptoProvider;
// signV2, buildV2Xml and verifyV2Xml in one crossing each (see fast_v2.cjs), in the entries whose
// module has APIv2; the hidden exports they call are not exports of the package.
Object.assign(api, fastV2(glue, () => true));
delete api.__v2Joined;
delete api.__v2Read;
delete api.__verifyV2Text;
// Kept reachable but not enumerable (not an export, not in the types): the entry is one bundled
// file, so this is how js-tests/crypto-provider.test.mjs switches providers on this instance.
if (glue.__setCryptoProvider) Object.defineProperty(api, '__setCryptoProvider', { value: glue.__setCryptoProvider });
module.exports = api;
