'use strict';
// Builds library clients from the resolved configuration; the library (and its wasm instance)
// is loaded here, on first use, not when the CLI starts.
const { configError } = require('./errors.js');
const { clientConfig, whereToSet } = require('./config.js');

let lib;
/** The payquery library of this package (Node entry). */
function library() {
  if (!lib) lib = require('../node/index.cjs');
  return lib;
}

// The secret each client cannot work without: named with where to set it when missing.
const REQUIRED_SECRET = { 'wechat-v2': 'apiKey', cloudpay: 'apiKey', 'wechat-v3': 'privateKey', fubei: 'appSecret' };

/**
 * `{ client, query }` for `provider` from flags, environment and config file: `query` holds
 * per-query extras (CloudPay's sub-merchant). Library validation errors (INVALID_CONFIG)
 * propagate with their messages.
 */
function makeClient(provider, values, env) {
  const { config, query } = clientConfig(provider, values, env);
  const secret = REQUIRED_SECRET[provider];
  if (config[secret] === undefined) {
    throw configError('CONFIG_MISSING', `no ${secret} configured for ${provider}`, `set ${whereToSet(provider, secret)}`);
  }
  const { WechatPayV2, WechatPayV3, CloudPay, Fubei } = library();
  const Class = { 'wechat-v2': WechatPayV2, 'wechat-v3': WechatPayV3, cloudpay: CloudPay, fubei: Fubei }[provider];
  return { client: new Class(config), query, config };
}

module.exports = { library, makeClient };
