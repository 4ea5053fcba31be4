#!/usr/bin/env node
'use strict';
// payquery-sandbox: the old name of `payquery sandbox --json` (one JSON line with the URL and
// the generated credentials, then serves until interrupted). Kept as an alias.
const { main } = require('../cli/payquery.js');

main(['sandbox', '--json', ...process.argv.slice(2)]).then((code) => {
  process.exitCode = code;
});
