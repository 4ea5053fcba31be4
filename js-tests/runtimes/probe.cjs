// Matrix harness for Node (CommonJS): require('payquery'), init() as portable code does (it
// resolves at once in Node), run the same checks.
'use strict';
const pq = require('payquery');

const sandbox = process.env.PAYQUERY_PROBE ? JSON.parse(process.env.PAYQUERY_PROBE) : null;
Promise.all([import('./checks.mjs'), pq.init()])
  .then(([{ runChecks }]) => runChecks(pq, sandbox))
  .then((results) => console.log(JSON.stringify(results)))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
