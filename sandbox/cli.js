#!/usr/bin/env node
'use strict';
// payquery-sandbox [--port N]: starts the sandbox on 127.0.0.1 and prints its URL and the
// generated credentials as one JSON line, then serves until interrupted.
const { startSandbox } = require('./index.js');

const i = process.argv.indexOf('--port');
const port = i > 0 ? Number(process.argv[i + 1]) : 0;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('usage: payquery-sandbox [--port N]');
  process.exit(2);
}
startSandbox({ port }).then((sb) => {
  console.log(JSON.stringify({ url: sb.url, credentials: sb.credentials }));
  const stop = () => sb.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
});
