'use strict';
// Node entry (CommonJS). The wasm-bindgen glue instantiates the module synchronously on require;
// then the fallbacks for older Node versions (no global fetch or crypto) are handed over.
const glue = require('./payquery.js');
const errors = require('__ERROR_MODULE__');
const { runtimeFallbacks } = require('./fallbacks.cjs');

glue.__setRuntimeFallbacks(runtimeFallbacks());

const api = Object.assign({}, glue, {
  PayQueryError: errors.PayQueryError,
  isPayQueryError: errors.isPayQueryError,
});
delete api.__setRuntimeFallbacks;
module.exports = api;
