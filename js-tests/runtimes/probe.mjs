// Matrix harness for Node (ESM), Deno and Bun: imports the package by name, runs the checks,
// prints one JSON line. The sandbox address comes in PAYQUERY_PROBE (JSON), if reachable.
import * as pq from 'payquery';
import { runChecks } from './checks.mjs';

const env = typeof Deno !== 'undefined' ? Deno.env.get('PAYQUERY_PROBE') : process.env.PAYQUERY_PROBE;
const sandbox = env ? JSON.parse(env) : null;
console.log(JSON.stringify(await runChecks(pq, sandbox)));
