// Matrix harness for Node (ESM), Deno and Bun: imports the package by name (or the entry file
// PAYQUERY_ENTRY names), runs the checks, prints one JSON line. The sandbox address comes in
// PAYQUERY_PROBE (JSON), if reachable.
import { runChecks } from './checks.mjs';

const getEnv = (name) => (typeof Deno !== 'undefined' ? Deno.env.get(name) : process.env[name]);
const entry = getEnv('PAYQUERY_ENTRY');
const pq = await import(entry ? new URL(entry, import.meta.url).href : 'payquery');
const env = getEnv('PAYQUERY_PROBE');
const sandbox = env ? JSON.parse(env) : null;
console.log(JSON.stringify(await runChecks(pq, sandbox)));
