'use strict';
// Node entry (CommonJS). The wasm-bindgen glue instantiates the module synchronously on require;
// then the fallbacks for older Node versions (no global fetch or crypto) are handed over, and
// the runtime module's functions (plain JavaScript) join the glue's exports.
const glue = require('./payquery.js');
const errors = require('__ERROR_MODULE__');
const { runtimeFallbacks } = require('./fallbacks.cjs');
const { queryMany, waitForFinalState } = require('./resilience.cjs');
const notify = require('./notify.cjs');

glue.__setRuntimeFallbacks(runtimeFallbacks());
// handleNotification also takes a Web Request or Node IncomingMessage.
notify.installNotificationReaders([glue.WechatPayV2, glue.WechatPayV3, glue.Fubei]);

const api = Object.assign({}, glue, {
  PayQueryError: errors.PayQueryError,
  isPayQueryError: errors.isPayQueryError,
  queryMany,
  waitForFinalState,
  readNotificationRequest: notify.readNotificationRequest,
  expressNotificationHandler: notify.expressNotificationHandler,
  koaNotificationHandler: notify.koaNotificationHandler,
  fastifyNotificationHandler: notify.fastifyNotificationHandler,
  webNotificationHandler: notify.webNotificationHandler,
  cloudFunctionNotificationHandler: notify.cloudFunctionNotificationHandler,
});
delete api.__setRuntimeFallbacks;
module.exports = api;
