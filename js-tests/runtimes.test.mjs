// The runtime matrix: the built package in Node 16, 18, 20, 22 and 24 (CommonJS and ESM),
// Deno, Bun, workerd and headless Chromium. Each runs js-tests/runtimes/checks.mjs: the official
// v2 vectors, error classes across the boundary and, where the runtime reaches loopback, queries
// against the sandbox. The README's support table is what this file proves.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs/promises';
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sandbox } from './helpers.mjs';
import { serveStatic } from './static-server.mjs';
import { launchChromium } from './browser.mjs';
import { nodeV3 } from './v3-helpers.mjs';
import { AUTH_URL, AUTH_AT } from './runtimes/checks.mjs';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const here = path.join(root, 'js-tests', 'runtimes');
const bin = (...p) => path.join(root, 'node_modules', ...p);

/** The v3 Authorization a runtime built, verified with node:crypto and the merchant public key. */
function assertV3Authorization(name, header, credentials) {
  const parts = Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  assert.match(header, /^WECHATPAY2-SHA256-RSA2048 /, name);
  assert.equal(parts.mchid, credentials.mchid, name);
  assert.equal(parts.serial_no, credentials.merchantSerialNo, name);
  assert.equal(parts.timestamp, String(AUTH_AT.timestamp), name);
  assert.equal(parts.nonce_str, AUTH_AT.nonce, name);
  const message = `GET\n${AUTH_URL}\n${AUTH_AT.timestamp}\n${AUTH_AT.nonce}\n\n`;
  const ok = crypto.verify('RSA-SHA256', Buffer.from(message), credentials.merchantPublicKey, Buffer.from(parts.signature, 'base64'));
  assert.ok(ok, `${name}: the Authorization signature does not verify`);
}

function assertChecks(name, r, reachedSandbox, credentials) {
  assert.equal(r.md5, '9A0A8659F005D6984697E2CA0A9CF3B7', name);
  assert.equal(r.hmac, '6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6', name);
  assert.deepEqual(r.badArgument, { thrown: true, payQueryError: true, isError: true, code: 'INVALID_ARGUMENT' }, name);
  assert.deepEqual(r.batch, [2, 4, 6], name);
  assert.deepEqual(r.badBatch, { thrown: true, payQueryError: true, isError: true, code: 'INVALID_ARGUMENT' }, name);
  assert.equal(r.waited, 'PAID', name);
  if (reachedSandbox) {
    assert.deepEqual(r.v2.state, 'PAID', name);
    assert.equal(r.v2.amountFen, 101, name);
    assert.equal(r.v2.attach, '中文附加数据 & <标记>', name);
    assert.equal(r.v2Missing.code, 'PROVIDER_ERROR', name);
    assert.equal(r.v2Missing.providerCode, 'ORDERNOTEXIST', name);
    assert.equal(r.v2Missing.payQueryError, true, name);
    assertV3Authorization(name, r.v3Authorization, credentials.v3);
    assert.deepEqual(r.v3, { state: 'PAID', amountFen: 101 }, name);
    assert.equal(r.v3Missing.providerCode, 'ORDER_NOT_EXIST', name);
  }
}

async function probe(t, name, command, args, extraEnv = {}) {
  const sb = await sandbox(t);
  const env = { ...process.env, ...extraEnv, PAYQUERY_PROBE: JSON.stringify({ url: sb.url, credentials: sb.credentials }) };
  const { stdout } = await run(command, args, { cwd: here, env, timeout: 120_000 });
  const results = JSON.parse(stdout.trim().split('\n').at(-1));
  assertChecks(name, results, true, sb.credentials);
}

// Older and newer Node versions live in js-tests/runtimes/node_modules (see its package.json).
const otherNode = (major) => path.join(here, 'node_modules', `node${major}`, 'bin', 'node');
const nodes = { 16: otherNode(16), 18: otherNode(18), 20: process.execPath, 22: otherNode(22), 24: otherNode(24) };

for (const [major, node] of Object.entries(nodes)) {
  test(`Node ${major}: require and import, vectors and sandbox queries`, async (t) => {
    const { stdout } = await run(node, ['--version']);
    assert.match(stdout, new RegExp(`^v${major}\\.`));
    await probe(t, `node ${major} esm`, node, ['probe.mjs']);
    await probe(t, `node ${major} cjs`, node, ['probe.cjs']);
  });
}

test('the default (bundler) entry, through the WebAssembly ESM integration bundlers implement', async (t) => {
  // Node 24's --experimental-wasm-modules imports the .wasm as a module, as webpack and Rollup do.
  await probe(t, 'bundler entry', nodes[24], ['--experimental-wasm-modules', '--no-warnings', 'probe.mjs'], {
    PAYQUERY_ENTRY: '../../pkg/bundler/index.js',
  });
});

test('Deno', async (t) => {
  // A fresh DENO_DIR: Deno's code cache has been seen serving a stale compile of a glue file
  // that scripts/build rewrote in place.
  const denoDir = await fs.mkdtemp(path.join(os.tmpdir(), 'payquery-deno-'));
  t.after(() => fs.rm(denoDir, { recursive: true, force: true }));
  await probe(t, 'deno', bin('.bin', 'deno'), [
    'run',
    '--no-lock',
    '--allow-net=127.0.0.1',
    '--allow-read',
    '--allow-env=PAYQUERY_PROBE,PAYQUERY_ENTRY',
    'probe.mjs',
  ], { DENO_DIR: denoDir });
});

test('Bun', async (t) => {
  await probe(t, 'bun', bin('.bin', 'bun'), ['probe.mjs']);
});

test('workerd (the workerd export condition, .wasm imported as a module)', async (t) => {
  const sb = await sandbox(t);
  const dir = path.join(root, 'js-tests', '.artifacts', 'workerd');
  await fs.mkdir(dir, { recursive: true });
  const rel = (p) => path.relative(dir, p);
  const pkg = path.join(root, 'pkg');
  const snippet = (await fs.readFile(path.join(pkg, 'workerd', 'index.js'), 'utf8')).match(/'\.\.\/(web\/snippets\/[^']+)'/)[1];
  // Module names mirror the package layout so the entry's relative imports resolve as in npm.
  const modules = [
    ['worker.mjs', 'esModule', path.join(here, 'worker.mjs')],
    ['checks.mjs', 'esModule', path.join(here, 'checks.mjs')],
    ['node_modules/payquery/workerd/index.js', 'esModule', path.join(pkg, 'workerd', 'index.js')],
    ['node_modules/payquery/web/payquery.js', 'esModule', path.join(pkg, 'web', 'payquery.js')],
    ['node_modules/payquery/web/payquery_bg.wasm', 'wasm', path.join(pkg, 'web', 'payquery_bg.wasm')],
    ['node_modules/payquery/web/resilience.js', 'esModule', path.join(pkg, 'web', 'resilience.js')],
    [`node_modules/payquery/${snippet}`, 'esModule', path.join(pkg, snippet)],
  ];
  const probePort = 20000 + Math.floor(Math.random() * 20000);
  const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .probe),
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${probePort}", http = (), service = "main")],
);
const probe :Workerd.Worker = (
  modules = [
${modules.map(([name, kind, file]) => `    (name = "${name}", ${kind} = embed "${rel(file)}"),`).join('\n')}
    (name = "payquery", esModule = "export * from './node_modules/payquery/workerd/index.js';"),
  ],
  compatibilityDate = "2025-01-01",
);
`;
  await fs.writeFile(path.join(dir, 'config.capnp'), config);
  const child = spawn(bin('.bin', 'workerd'), ['serve', 'config.capnp'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  t.after(() => child.kill());
  let response;
  for (let i = 0; i < 100 && !response; i++) {
    try {
      response = await fetch(`http://127.0.0.1:${probePort}/`, { method: 'POST', body: JSON.stringify({ url: sb.url, credentials: sb.credentials }) });
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  assert.ok(response, `workerd did not start:\n${log}`);
  const text = await response.text();
  assert.equal(response.status, 200, text);
  assertChecks('workerd', JSON.parse(text), true, sb.credentials);
});

test('headless Chromium (the browser entry, self-initialising)', async (t) => {
  const sb = await sandbox(t);
  const site = await serveStatic(root);
  t.after(() => site.close());
  const browser = await launchChromium();
  t.after(() => browser.close());
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${site.url}/js-tests/runtimes/browser.html`);
  await page.waitForFunction(() => document.title === 'ready', null, { timeout: 30_000 });
  // Bounded: a check that never settles in the page fails the test instead of hanging the run.
  let timer;
  const stuck = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the checks did not settle in 120 s (page errors: ${errors.join('; ')})`)), 120_000);
  });
  const results = await Promise.race([
    page.evaluate((s) => window.runChecks(s), { url: sb.url, credentials: sb.credentials }),
    stuck,
  ]).finally(() => clearTimeout(timer));
  assertChecks('chromium', results, true, sb.credentials);
  assert.deepEqual(errors, []);
});
