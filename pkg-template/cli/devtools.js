'use strict';
// `payquery devtools`: serves the package's devtools page (devtools/ and the browser build in
// web/) on loopback. The page performs no network request beyond its own files, except to the
// sandbox that `--sandbox` starts beside it (named in the page URL as `?sandbox=`), once the
// user presses "Try with the sandbox".
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const { parse, intOption } = require('./options.js');
const { usage, configError, EXIT } = require('./errors.js');

const help = `Usage: payquery devtools [--port N] [--host 127.0.0.1|::1|localhost] [--sandbox] [--json]

Serves the devtools page on loopback until Ctrl-C and prints its URL: sign, verify and explain
WeChat Pay APIv2/APIv3 and Fubei payloads, compare a v3 SIGN_ERROR with what was signed, and
paste any provider's answer to see it typed or why it fails. Keys never leave the page.
  --port N      port (default: any free one)
  --host H      loopback address to listen on (default 127.0.0.1)
  --sandbox     also start a sandbox (fake APIs, fake keys) on 127.0.0.1, which the page's
                "Try with the sandbox" button fills in and queries
  --json        one JSON line { url, sandbox? } instead of the sentence

Any static server rooted at the installed package serves the same page at /devtools/.

Example:
  payquery devtools --sandbox --port 8081    # then open the URL it prints
`;

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml' };
// Only these folders of the package are served, and the package's one module, which the web
// glue loads from the package root.
const SERVED = ['devtools', 'web'];
const SERVED_FILES = ['payquery_bg.wasm'];

async function run(_command, argv, io) {
  const { values } = parse(argv, { port: { type: 'string' }, host: { type: 'string' }, sandbox: { type: 'boolean' } });
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
  let sandbox = null;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://devtools');
    if (url.pathname === '/') {
      res.writeHead(302, { Location: `/devtools/${sandbox ? `?sandbox=${sandbox.url}` : ''}` }).end();
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
  const listening = server.address().port;
  // The sandbox answers its credentials only to the origins it is told: this page's, under any
  // loopback name it may be opened with.
  if (values.sandbox) {
    const { startSandbox } = require('../sandbox/index.js');
    const allowOrigins = ['127.0.0.1', 'localhost', '[::1]'].map((h) => `http://${h}:${listening}`);
    try {
      sandbox = await startSandbox({ host: '127.0.0.1', allowOrigins });
    } catch (e) {
      server.close();
      throw configError('LISTEN_FAILED', `cannot start the sandbox (${(e && e.code) || 'error'})`, 'run without --sandbox, or start `payquery sandbox` separately');
    }
  }
  const stopped = require('./signals.js').untilSignal(
    () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        if (server.closeAllConnections) server.closeAllConnections();
      }).then(() => sandbox && sandbox.close()),
  );
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const page = `http://${urlHost}:${listening}/devtools/${sandbox ? `?sandbox=${sandbox.url}` : ''}`;
  if (values.json) io.stdout.write(`${JSON.stringify(sandbox ? { url: page, sandbox: sandbox.url } : { url: page })}\n`);
  else io.stdout.write(`payquery devtools on ${page}${sandbox ? `  (sandbox on ${sandbox.url})` : ''}  (Ctrl-C stops it)\n`);
  await stopped;
  return EXIT.OK;
}

module.exports = { run, help };
