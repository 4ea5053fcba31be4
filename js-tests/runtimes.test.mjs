// The runtime matrix: the built package in Node 16, 18, 20, 22 and 24 (CommonJS and ESM),
// Deno, Bun, workerd and headless Chromium, all loading the package's one .wasm. Each runs
// js-tests/runtimes/checks.mjs: the official v2 vectors, error classes across the boundary and,
// where the runtime reaches loopback, queries against the sandbox. The README's support table is what this file proves.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sandbox } from './helpers.mjs';
import { serveStatic } from './static-server.mjs';
import { launchChromium } from './browser.mjs';
import { assertChecks, assertEntryChecks } from './runtimes/assert-checks.mjs';
import { ENTRY_CLIENTS } from './runtimes/entry-checks.mjs';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const here = path.join(root, 'js-tests', 'runtimes');
const bin = (...p) => path.join(root, 'node_modules', ...p);

async function probe(t, name, command, args, extraEnv = {}) {
  const sb = await sandbox(t);
  const env = { ...process.env, ...extraEnv, PAYQUERY_PROBE: JSON.stringify({ url: sb.url, credentials: sb.credentials }) };
  const { stdout } = await run(command, args, { cwd: here, env, timeout: 120_000 });
  const results = JSON.parse(stdout.trim().split('\n').at(-1));
  assertChecks(name, results, true, sb.credentials);
  return results;
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

test('Node 16 loads node:http for its fallback fetch on the first request, not on require', async (t) => {
  const sb = await sandbox(t);
  const script = `const pq = require('payquery');
const loaded = () => process.moduleLoadList.filter((m) => /^NativeModule (http|https)$/.test(m));
const atRequire = loaded();
const { appid, mchId, apiKey } = ${JSON.stringify(sb.credentials.v2)};
new pq.WechatPayV2({ appid, mchId, apiKey, baseUrl: ${JSON.stringify(sb.url)} }).queryOrder({ outTradeNo: 'PQ-V2-PAID' })
  .then((order) => console.log(JSON.stringify({ atRequire, state: order.status.state, afterQuery: loaded() })));`;
  const { stdout } = await run(nodes[16], ['-e', script], { cwd: here, timeout: 60_000 });
  assert.deepEqual(JSON.parse(stdout), { atRequire: [], state: 'PAID', afterQuery: ['NativeModule http'] });
});

for (const major of [16, 18, 20]) {
  test(`Node ${major} loads WebCrypto (and node:crypto) on the first nonce, not on require or an offline signature`, async (t) => {
    const sb = await sandbox(t);
    // What Node loaded before payquery (Node 20 starts with node:crypto in its snapshot) does not count.
    const script = `const before = new Set(process.moduleLoadList);
const pq = require('payquery');
const loaded = () => process.moduleLoadList.some((m) => !before.has(m) && /crypto/.test(m));
const atRequire = loaded();
const signature = pq.signV2({ appid: 'wxd930ea5d5a258f4f', mch_id: '10000100', device_info: '1000', body: 'test', nonce_str: 'ibuaiVcKdpRxkhJA' }, '192006250b4c09247ec02edce69f6a2d');
const afterSign = loaded();
const { appid, mchId, apiKey } = ${JSON.stringify(sb.credentials.v2)};
new pq.WechatPayV2({ appid, mchId, apiKey, baseUrl: ${JSON.stringify(sb.url)} }).queryOrder({ outTradeNo: 'PQ-V2-PAID' })
  .then((order) => console.log(JSON.stringify({ atRequire, signature, afterSign, state: order.status.state, afterQuery: loaded() })));`;
    const { stdout } = await run(nodes[major], ['-e', script], { cwd: here, timeout: 60_000 });
    assert.deepEqual(JSON.parse(stdout), {
      atRequire: false,
      // The official APIv2 signature example.
      signature: '9A0A8659F005D6984697E2CA0A9CF3B7',
      afterSign: false,
      state: 'PAID',
      afterQuery: true,
    });
  });
}

// The per-provider entries (payquery/wechat-v2, …), each with its own smaller module: Node 16
// (the oldest a WeChat cloud function offers) and 20, CommonJS and ESM.
for (const major of [16, 20]) {
  test(`Node ${major}: each per-provider entry, required and imported, queries the sandbox`, async (t) => {
    const sb = await sandbox(t);
    for (const entry of Object.keys(ENTRY_CLIENTS)) {
      const env = { ...process.env, PAYQUERY_ENTRY: entry, PAYQUERY_PROBE: JSON.stringify({ url: sb.url, credentials: sb.credentials }) };
      const { stdout } = await run(nodes[major], ['entry-probe.mjs'], { cwd: here, env, timeout: 60_000 });
      const results = JSON.parse(stdout.trim().split('\n').at(-1));
      assertEntryChecks(`node ${major} cjs payquery/${entry}`, entry, results.cjs, sb.credentials);
      assertEntryChecks(`node ${major} esm payquery/${entry}`, entry, results.esm, sb.credentials);
    }
  });
}

test('the browser and bundler entry in Node 24: NOT_INITIALIZED before init(), then the checks', async (t) => {
  // The entry every bundler resolves (the `default` condition), run outside a browser: init()
  // takes the package's one .wasm as bytes (Node's fetch has no file: URLs).
  const results = await probe(t, 'web entry', nodes[24], ['probe.mjs'], {
    PAYQUERY_ENTRY: '../../pkg/web/index.js',
    PAYQUERY_WASM: path.join(root, 'pkg', 'payquery_bg.wasm'),
  });
  assert.deepEqual(results.beforeInit, { payQueryError: true, code: 'NOT_INITIALIZED', badBytes: { code: 'NOT_INITIALIZED', cause: true } });
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
    '--allow-env=PAYQUERY_PROBE,PAYQUERY_ENTRY,PAYQUERY_WASM',
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
  // Module names mirror the package layout so the entry's relative imports resolve as in npm:
  // the workerd entry, every ES module of web/ it builds on, and the package's one .wasm.
  const webModules = (await fs.readdir(path.join(pkg, 'web'), { recursive: true })).filter((f) => f.endsWith('.js'));
  const modules = [
    ['worker.mjs', 'esModule', path.join(here, 'worker.mjs')],
    ['checks.mjs', 'esModule', path.join(here, 'checks.mjs')],
    ['node_modules/payquery/workerd/index.js', 'esModule', path.join(pkg, 'workerd', 'index.js')],
    ...webModules.map((f) => [`node_modules/payquery/web/${f}`, 'esModule', path.join(pkg, 'web', f)]),
    ['node_modules/payquery/payquery_bg.wasm', 'wasm', path.join(pkg, 'payquery_bg.wasm')],
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

test('headless Chromium (the browser entry, after init())', async (t) => {
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

test('headless Chromium: each per-provider entry (its browser build, after init()) queries the sandbox', async (t) => {
  const sb = await sandbox(t);
  const site = await serveStatic(root);
  t.after(() => site.close());
  const browser = await launchChromium();
  t.after(() => browser.close());
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${site.url}/js-tests/runtimes/entries.html`);
  await page.waitForFunction(() => document.title === 'ready', null, { timeout: 30_000 });
  const results = await page.evaluate((s) => window.runEntryChecks(s), { url: sb.url, credentials: sb.credentials });
  for (const entry of Object.keys(ENTRY_CLIENTS)) assertEntryChecks(`chromium payquery/${entry}`, entry, results[entry], sb.credentials);
  assert.deepEqual(errors, []);
});
