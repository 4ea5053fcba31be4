// Matrix harness for Node (ESM), Deno and Bun: imports the package by name (or the entry file
// PAYQUERY_ENTRY names), calls init() as portable code does, runs the checks, prints one JSON
// line. The sandbox address comes in PAYQUERY_PROBE (JSON), if reachable. PAYQUERY_WASM names
// the .wasm to hand to init() as bytes: the browser entry in Node, whose fetch has no file: URLs.
import { readFile } from 'node:fs/promises';
import { runChecks } from './checks.mjs';

const getEnv = (name) => (typeof Deno !== 'undefined' ? Deno.env.get(name) : process.env[name]);
const entry = getEnv('PAYQUERY_ENTRY');
const pq = await import(entry ? new URL(entry, import.meta.url).href : 'payquery');
const wasm = getEnv('PAYQUERY_WASM');
let beforeInit = null;
if (wasm) {
  try {
    pq.signV2({ a: '1' }, 'k');
  } catch (e) {
    beforeInit = { payQueryError: pq.isPayQueryError(e), code: e.code };
  }
  // Bytes that are not a module: init() rejects with NOT_INITIALIZED, and a later init() works.
  await pq.init(new Uint8Array([0, 1, 2, 3])).catch((e) => {
    beforeInit.badBytes = { code: e.code, cause: e.cause instanceof Error };
  });
}
await pq.init(wasm ? await readFile(wasm) : undefined);
const env = getEnv('PAYQUERY_PROBE');
const sandbox = env ? JSON.parse(env) : null;
console.log(JSON.stringify({ ...(await runChecks(pq, sandbox)), beforeInit }));
