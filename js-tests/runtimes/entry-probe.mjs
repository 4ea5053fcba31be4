// Harness of the per-provider entry checks in Node: the entry PAYQUERY_ENTRY names (by package
// subpath) is required (CommonJS) and imported (ESM), each copy runs the checks; one JSON line.
import { createRequire } from 'node:module';
import { runEntryChecks } from './entry-checks.mjs';

const entry = process.env.PAYQUERY_ENTRY;
const sandbox = JSON.parse(process.env.PAYQUERY_PROBE);
const cjs = createRequire(import.meta.url)(`payquery/${entry}`);
const esm = await import(`payquery/${entry}`);
await esm.init();
console.log(JSON.stringify({ cjs: await runEntryChecks(entry, cjs, sandbox), esm: await runEntryChecks(entry, esm, sandbox) }));
