// Bundler entry (webpack, Rollup, Vite with WebAssembly ESM integration): the glue imports the
// .wasm as a module and the bundler instantiates it.
export * from './payquery.js';
export { PayQueryError, isPayQueryError } from '__ERROR_MODULE__';
export { queryMany, waitForFinalState } from './resilience.js';
