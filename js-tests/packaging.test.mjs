// The package as users get it: `npm pack`, installed into a fresh project, then required from
// CommonJS, imported from ESM, type-checked by tsc through the exports map; one .wasm shared by
// every condition of an entry (the full package and each per-provider entry), `sideEffects`
// naming the entries that initialise on load, node:http loaded only when needed; publint and
// arethetypeswrong must be clean. Bundled apps (and what `sideEffects`
// keeps in them): js-tests/bundlers.test.mjs.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const MD5 = '9A0A8659F005D6984697E2CA0A9CF3B7';
const OFFICIAL = `{ appid: 'wxd930ea5d5a258f4f', mch_id: '10000100', device_info: '1000', body: 'test', nonce_str: 'ibuaiVcKdpRxkhJA' }`;
const KEY = `'192006250b4c09247ec02edce69f6a2d'`;
/** The per-provider entries (package subpaths) and the client each exports. */
const ENTRIES = { 'wechat-v2': 'WechatPayV2', 'wechat-v3': 'WechatPayV3', cloudpay: 'CloudPay', fubei: 'Fubei' };

let project;
let tarball;

test.before(async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'payquery-pack-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: path.join(root, 'pkg') });
  tarball = path.join(dir, JSON.parse(stdout)[0].filename);
  project = path.join(dir, 'consumer');
  await fs.mkdir(project);
  await fs.writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball], { cwd: project });
});

test.after(async () => {
  if (project) await fs.rm(path.dirname(project), { recursive: true, force: true });
});

test('the tarball ships the entries and no stray files, with zero dependencies', async () => {
  const { stdout } = await run('tar', ['-tzf', tarball]);
  const files = stdout.trim().split('\n').map((f) => f.replace(/^package\//, ''));
  const entryFiles = ['payquery.d.ts', 'payquery.d.mts', 'payquery_bg.wasm', 'node/index.cjs', 'node/index.mjs', 'web/index.js', 'workerd/index.js'];
  for (const f of ['package.json', 'README.md', 'sandbox/index.js', 'sandbox/cli.js', 'devtools/index.html', 'devtools/app.js', 'cli/devtools.js', ...entryFiles, ...Object.keys(ENTRIES).flatMap((e) => entryFiles.map((f) => `${e}/${f}`))]) {
    assert.ok(files.includes(f), `missing ${f}`);
  }
  assert.ok(!files.some((f) => f.includes('.gitignore') || f.endsWith('.rs')), files.join('\n'));
  // One module per entry, not a copy per wasm-bindgen target.
  assert.deepEqual(files.filter((f) => f.endsWith('.wasm')).sort(), ['payquery_bg.wasm', ...Object.keys(ENTRIES).map((e) => `${e}/payquery_bg.wasm`)].sort());
  const manifest = JSON.parse(await fs.readFile(path.join(project, 'node_modules', 'payquery', 'package.json'), 'utf8'));
  assert.equal(manifest.dependencies, undefined);
  // The entries that instantiate the module when loaded; web/ initialises in init() only.
  assert.deepEqual(manifest.sideEffects, ['./node/*', './workerd/*', './*/node/*', './*/workerd/*']);
  assert.ok(manifest.engines.node);
});

test('require() from CommonJS and import from ESM, one wasm instance each', async () => {
  await fs.writeFile(path.join(project, 'cjs.cjs'), `const pq = require('payquery'); console.log(pq.signV2(${OFFICIAL}, ${KEY}), typeof pq.WechatPayV2, typeof pq.PayQueryError);`);
  await fs.writeFile(path.join(project, 'esm.mjs'), `import { signV2, WechatPayV2, PayQueryError } from 'payquery'; import * as all from 'payquery'; console.log(signV2(${OFFICIAL}, ${KEY}), typeof WechatPayV2, typeof PayQueryError, Object.keys(all).some((k) => k.startsWith('__')));`);
  assert.equal((await run(process.execPath, ['cjs.cjs'], { cwd: project })).stdout.trim(), `${MD5} function function`);
  assert.equal((await run(process.execPath, ['esm.mjs'], { cwd: project })).stdout.trim(), `${MD5} function function false`);
  // Both copies in one process: errors from one are recognised by the other.
  await fs.writeFile(path.join(project, 'dual.mjs'), `import { createRequire } from 'node:module'; import * as esm from 'payquery';
const cjs = createRequire(import.meta.url)('payquery');
try { cjs.signV2(null, 'k'); } catch (e) { console.log(esm.isPayQueryError(e), e instanceof esm.PayQueryError); }`);
  assert.equal((await run(process.execPath, ['dual.mjs'], { cwd: project })).stdout.trim(), 'true true');
  const { stdout } = await run(process.execPath, [path.join(project, 'node_modules', 'payquery', 'sandbox', 'cli.js'), '--port', '0'], { cwd: project, timeout: 5000 }).catch((e) => e);
  assert.match(stdout, /"url":"http:\/\/127\.0\.0\.1:\d+"/);
  // The devtools page, located through the exports map (to serve it with any static server).
  await fs.writeFile(path.join(project, 'devtools.cjs'), `console.log(require.resolve('payquery/devtools/index.html'));`);
  assert.equal((await run(process.execPath, ['devtools.cjs'], { cwd: project })).stdout.trim(), path.join(project, 'node_modules', 'payquery', 'devtools', 'index.html'));
});

test('each per-provider entry by its subpath: require() and import, its own client only, errors recognised across entries', async () => {
  const clients = JSON.stringify(Object.values(ENTRIES));
  for (const [entry, client] of Object.entries(ENTRIES)) {
    const script = (load) => `${load}
const found = ${clients}.filter((c) => typeof pq[c] === 'function');
let code;
try { new pq.${client}(null); } catch (e) { code = [e.code, pq.isPayQueryError(e), full.isPayQueryError(e)].join(' '); }
console.log(JSON.stringify({ found, code, md5: pq.signV2 ? pq.signV2(${OFFICIAL}, ${KEY}) : null }));`;
    await fs.writeFile(path.join(project, `entry-${entry}.cjs`), script(`const pq = require('payquery/${entry}'); const full = require('payquery');`));
    await fs.writeFile(path.join(project, `entry-${entry}.mjs`), script(`import * as pq from 'payquery/${entry}'; import * as full from 'payquery';`));
    const expected = { found: [client], code: 'INVALID_CONFIG true true', md5: entry === 'wechat-v2' ? MD5 : null };
    for (const file of [`entry-${entry}.cjs`, `entry-${entry}.mjs`]) {
      assert.deepEqual(JSON.parse((await run(process.execPath, [file], { cwd: project })).stdout), expected, file);
    }
  }
});

for (const resolution of ['node16', 'bundler']) {
  test(`tsc --noEmit on a TypeScript consumer (moduleResolution ${resolution})`, async () => {
    await fs.copyFile(path.join(root, 'js-tests', 'types', 'consumer.ts'), path.join(project, 'consumer.ts'));
    await fs.copyFile(path.join(root, 'js-tests', 'types', 'entries.ts'), path.join(project, 'entries.ts'));
    const tsconfig = {
      compilerOptions: {
        target: 'ES2022',
        module: resolution === 'node16' ? 'Node16' : 'ESNext',
        moduleResolution: resolution === 'node16' ? 'Node16' : 'Bundler',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        lib: ['ES2022', 'DOM'],
        types: [],
      },
      files: ['consumer.ts', 'entries.ts'],
    };
    await fs.writeFile(path.join(project, `tsconfig.${resolution}.json`), JSON.stringify(tsconfig));
    await run(bin('tsc'), ['-p', `tsconfig.${resolution}.json`], { cwd: project });
  });
}

test('node:http and node:https are not loaded by require on a Node with fetch', async () => {
  // Node 16 requires them on its first request: js-tests/runtimes.test.mjs.
  await fs.writeFile(path.join(project, 'lazy.cjs'), `const pq = require('payquery'); pq.signV2(${OFFICIAL}, ${KEY});
console.log(JSON.stringify(process.moduleLoadList.filter((m) => /^NativeModule (http|https)$/.test(m))));`);
  assert.equal((await run(process.execPath, ['lazy.cjs'], { cwd: project })).stdout.trim(), '[]');
});

test('publint and arethetypeswrong find nothing', async () => {
  const lint = await run(process.execPath, [path.join(root, 'node_modules', 'publint', 'src', 'cli.js'), path.join(root, 'pkg')]);
  assert.match(lint.stdout, /All good!/);
  const attw = await run(bin('attw'), [tarball, '--format', 'json']).catch((e) => e);
  const report = JSON.parse(attw.stdout);
  assert.deepEqual(report.analysis.problems, [], JSON.stringify(report.analysis.problems));
});
