// The tiny app every bundler builds: named imports from 'payquery' (so that tree-shaking and
// `sideEffects` are exercised), a call before init() (NOT_INITIALIZED), then init() and the
// runtime matrix's checks, which the test drives through window.runChecks. The page may set
// window.PAYQUERY_WASM: the .wasm URL for bundlers that do not emit it (Rollup, esbuild).
import { init, signV2, WechatPayV2, WechatPayV3, queryMany, waitForFinalState, isPayQueryError } from 'payquery';
import { runChecks } from './checks.mjs';

const pq = { signV2, WechatPayV2, WechatPayV3, queryMany, waitForFinalState, isPayQueryError };

let beforeInit = null;
try {
  signV2({ a: '1' }, 'k');
} catch (e) {
  beforeInit = { payQueryError: isPayQueryError(e), code: e.code };
}

init(window.PAYQUERY_WASM).then(
  () => {
    window.runChecks = async (sandbox) => ({ ...(await runChecks(pq, sandbox)), beforeInit });
    document.title = 'ready';
  },
  (e) => {
    document.title = `init failed: ${e.code} ${e.cause}`;
  },
);
