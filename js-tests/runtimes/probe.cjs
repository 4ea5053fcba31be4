// Matrix harness for Node (CommonJS): require('payquery'), run the same checks.
'use strict';
const pq = require('payquery');

const sandbox = process.env.PAYQUERY_PROBE ? JSON.parse(process.env.PAYQUERY_PROBE) : null;
import('./checks.mjs')
  .then(({ runChecks }) => runChecks(pq, sandbox))
  .then((results) => console.log(JSON.stringify(results)))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
