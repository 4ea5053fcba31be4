'use strict';
// `payquery devtools`: serves the package's offline devtools page (devtools/ and the browser
// build in web/) on loopback. The page performs no network request beyond its own files.
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const { parse, intOption } = require('./options.js');
const { usage, configError, EXIT } = require('./errors.js');

const help = `Usage: payquery devtools [--port N] [--host 127.0.0.1|::1|localhost] [--json]

Serves the devtools page (sign, verify and explain v2, v3 and Fubei payloads in the browser;
keys never leave the page) on loopback until Ctrl-C, and prints its URL.

Example:
  payquery devtools --port 8081    # then open http://127.0.0.1:8081/
`;

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml' };
// Only these folders of the package are served, and the package's one module, which the web
// glue loads from the package root.
const SERVED = ['devtools', 'web'];
const SERVED_FILES = ['payquery_bg.wasm'];

async function run(_command, argv, io) {
  const { values } = parse(argv, { port: { type: 'string' }, host: { type: 'string' } });
  if (values.help) {
    io.stdout.write(help);
    return EXIT.OK;
  }
  const port = intOption(values, 'port', 0, { max: 65535 });
  const host = values.host || '127.0.0.1';
  if (!['127.0.0.1', '::1', 'localhost'].includes(host)) throw usage('--host must be a loopback address', 'the devtools page is served on loopback only');
  const root = path.resolve(__dirname, '..');
  if (!fs.existsSync(path.join(root, 'devtools', 'index.html'))) {
    throw configError('UNSUPPORTED', 'this package has no devtools page', 'reinstall payquery');
  }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://devtools');
    if (url.pathname === '/') {
      res.writeHead(302, { Location: '/devtools/' }).end();
      return;
    }
    let rel;
    try {
      rel = path.normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (!(SERVED.includes(rel.split(/[/\\]/)[0]) || SERVED_FILES.includes(rel)) || rel.includes('..')) {
      res.writeHead(404).end('not found');
      return;
    }
    let file = path.join(root, rel);
    fs.stat(file, (err, st) => {
      if (!err && st.isDirectory()) file = path.join(file, 'index.html');
      fs.readFile(file, (err2, body) => {
        if (err2) {
          res.writeHead(404).end('not found');
          return;
        }
        res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'X-Content-Type-Options': 'nosniff' });
        res.end(body);
      });
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', (e) => reject(configError(e.code === 'EADDRINUSE' ? 'PORT_IN_USE' : 'LISTEN_FAILED', `cannot listen (${e.code || 'error'})`, 'choose another --port')));
    server.listen(port, host, resolve);
  });
  const stopped = require('./signals.js').untilSignal(
    () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        if (server.closeAllConnections) server.closeAllConnections();
      }),
  );
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${server.address().port}/devtools/`;
  io.stdout.write(values.json ? `${JSON.stringify({ url })}\n` : `payquery devtools on ${url}  (Ctrl-C stops it)\n`);
  await stopped;
  return EXIT.OK;
}

module.exports = { run, help };
