'use strict';
// Node entry (CommonJS). The wasm-bindgen glue instantiates the module synchronously on require.
const glue = require('./payquery.js');
const errors = require('__ERROR_MODULE__');

module.exports = Object.assign({}, glue, {
  PayQueryError: errors.PayQueryError,
  isPayQueryError: errors.isPayQueryError,
});
