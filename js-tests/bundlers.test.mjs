// Bundlers as users run them: the packed package installed into a fresh app, built by Vite,
// webpack 5, Rollup and esbuild (ESM and IIFE, for the es2020/chrome87/safari14 targets) with
// js-tests/bundlers/build.mjs, and each bundle run in Chromium against the sandbox on loopback:
// NOT_INITIALIZED before init(), then the runtime matrix's checks (v2 sign vectors, a v3
// Authorization verified with node:crypto, v2 and v3 queries answering PAID). The bundlers are
// dev dependencies of js-tests/bundlers/ (scripts/test installs them).
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sandbox } from './helpers.mjs';
import { serveStatic } from './static-server.mjs';
import { launchChromium } from './browser.mjs';
import { assertChecks } from './runtimes/assert-checks.mjs';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const here = path.join(root, 'js-tests', 'bundlers');

let app;
let browser;
let wasmBytes;

test.before(async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'payquery-bundlers-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: path.join(root, 'pkg') });
  app = path.join(dir, 'app');
  await fs.mkdir(app);
  await fs.writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--offline', path.join(dir, JSON.parse(stdout)[0].filename)], { cwd: app });
  await fs.copyFile(path.join(here, 'app', 'main.js'), path.join(app, 'main.js'));
  await fs.copyFile(path.join(root, 'js-tests', 'runtimes', 'checks.mjs'), path.join(app, 'checks.mjs'));
  wasmBytes = await fs.readFile(path.join(app, 'node_modules', 'payquery', 'payquery_bg.wasm'));
  browser = await launchChromium();
});

test.after(async () => {
  if (browser) await browser.close();
  if (app) await fs.rm(path.dirname(app), { recursive: true, force: true });
});

for (const name of ['vite', 'webpack', 'rollup', 'esbuild-esm', 'esbuild-iife']) {
  test(`${name}: the bundled app runs in Chromium, init() then sign, authorize and query the sandbox`, async (t) => {
    const built = await run(process.execPath, [path.join(here, 'build.mjs'), name, app], { cwd: here, timeout: 120_000 });
    const { files } = JSON.parse(built.stdout.trim().split('\n').at(-1));
    const dist = path.join(app, 'dist', name);
    // The package's one module, once in the output (emitted by Vite and webpack, copied for the
    // others), byte for byte.
    const wasms = files.filter((f) => f.endsWith('.wasm'));
    assert.equal(wasms.length, 1, files.join(', '));
    assert.ok(wasmBytes.equals(await fs.readFile(path.join(dist, wasms[0]))), `${wasms[0]} differs from the package's .wasm`);

    const sb = await sandbox(t);
    const site = await serveStatic(dist);
    t.after(() => site.close());
    const page = await browser.newPage();
    t.after(() => page.close());
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${site.url}/index.html`);
    await page.waitForFunction(() => document.title !== 'loading', null, { timeout: 30_000 });
    assert.equal(await page.title(), 'ready', errors.join('\n'));
    const results = await page.evaluate((s) => window.runChecks(s), { url: sb.url, credentials: sb.credentials });
    assertChecks(name, results, true, sb.credentials);
    assert.deepEqual(results.beforeInit, { payQueryError: true, code: 'NOT_INITIALIZED' });
    assert.deepEqual(errors, []);
    assert.ok(site.requests.some((r) => r.endsWith('.wasm')), site.requests.join(', '));
  });
}

test('rollup for workerd: the bundle keeps the entry initialisation (sideEffects names workerd/)', async () => {
  await run(process.execPath, [path.join(here, 'build.mjs'), 'rollup-workerd', app], { cwd: here, timeout: 120_000 });
  const bundle = await fs.readFile(path.join(app, 'dist', 'rollup-workerd', 'worker.js'), 'utf8');
  const imported = bundle.match(/^import (\w+) from '[^']*payquery_bg\.wasm';$/m);
  assert.ok(imported, bundle.slice(0, 400));
  assert.match(bundle, new RegExp(`\\binitSync\\w*\\(${imported[1]}\\);`));
});
