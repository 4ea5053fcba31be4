// What the web glue's `wasm` holds until init() has run (scripts/assemble.js points the glue at
// it): any use throws a PayQueryError that says what to do, instead of the glue's TypeError
// about a missing `__wbindgen_…` export.
import { PayQueryError } from '__ERROR_MODULE__';

export const notInitialised = new Proxy(
  {},
  {
    get() {
      throw new PayQueryError('NOT_INITIALIZED', 'payquery is not initialised: `await init()` once before the first call (the browser entry loads its .wasm asynchronously)');
    },
  },
);
