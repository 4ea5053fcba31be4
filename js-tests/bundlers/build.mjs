// Builds js-tests/bundlers/app (copied into `appDir`, where node_modules/payquery is the packed
// package) with one bundler, the way its documentation sets up a browser app, into
// `appDir/dist/<name>/` with an index.html. Run as `node build.mjs <name> <appDir>` from the
// bundlers test, in a child process so that the bundlers resolve from this folder's node_modules.
// Rollup and esbuild leave `new URL('…', import.meta.url)` alone: the page copies the package's
// .wasm beside the bundle and hands its URL to init(), as the README says.
import fs from 'node:fs/promises';
import path from 'node:path';

const [name, appDir] = process.argv.slice(2);
const dist = path.join(appDir, 'dist', name);
const entry = path.join(appDir, 'main.js');
const wasm = path.join(appDir, 'node_modules', 'payquery', 'payquery_bg.wasm');
// The targets of Vite's former default (`modules`), where top-level await and destructuring
// assignment in the glue used to fail.
const TARGETS = ['es2020', 'chrome87', 'safari14'];

/** An index.html loading `script` (a module or a classic script), after `before` (inline JS). */
async function page(script, { module = true, before = '' } = {}) {
  const pre = before ? `<script>${before}</script>` : '';
  const html = `<!doctype html><meta charset="utf-8"><title>loading</title>${pre}<script ${module ? 'type="module" ' : ''}src="./${script}"></script>`;
  await fs.writeFile(path.join(dist, 'index.html'), html);
}

/** The .wasm beside the bundle, its URL for init() set before the app runs. */
async function besideBundle() {
  await fs.copyFile(wasm, path.join(dist, 'payquery_bg.wasm'));
  return "window.PAYQUERY_WASM = new URL('payquery_bg.wasm', document.baseURI);";
}

const builders = {
  async vite() {
    const { build } = await import('vite');
    await fs.writeFile(path.join(appDir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>loading</title><script type="module" src="./main.js"></script>');
    await build({ root: appDir, configFile: false, base: './', logLevel: 'error', build: { outDir: dist, emptyOutDir: true, target: TARGETS } });
  },
  async webpack() {
    const { default: webpack } = await import('webpack');
    const config = { mode: 'production', context: appDir, entry: './main.js', target: ['web', 'es2020'], output: { path: dist, filename: 'main.js' } };
    const stats = await new Promise((resolve, reject) => webpack(config, (err, s) => (err ? reject(err) : resolve(s))));
    if (stats.hasErrors()) throw new Error(stats.toString('errors-only'));
    await page('main.js', { module: false });
  },
  async rollup() {
    const { rollup } = await import('rollup');
    const { nodeResolve } = await import('@rollup/plugin-node-resolve');
    const bundle = await rollup({ input: entry, plugins: [nodeResolve({ browser: true })], logLevel: 'silent' });
    await bundle.write({ file: path.join(dist, 'main.js'), format: 'es' });
    await bundle.close();
    await page('main.js', { before: await besideBundle() });
  },
  async 'rollup-workerd'() {
    // A worker bundled as for workerd (the `workerd` condition, the .wasm left as an import for
    // the platform to compile). It uses only names the entry re-exports: the entry's own
    // statement, initSync(), stays only because `sideEffects` names workerd/.
    const { rollup } = await import('rollup');
    const { nodeResolve } = await import('@rollup/plugin-node-resolve');
    const input = path.join(appDir, 'worker.js');
    await fs.writeFile(input, "import { signV2 } from 'payquery';\nexport default { fetch: () => new Response(signV2({ a: '1' }, 'k')) };\n");
    const plugins = [nodeResolve({ exportConditions: ['workerd', 'worker'] })];
    const bundle = await rollup({ input, external: (id) => id.endsWith('.wasm'), plugins, logLevel: 'silent' });
    await bundle.write({ file: path.join(dist, 'worker.js'), format: 'es' });
    await bundle.close();
  },
  async 'esbuild-esm'() {
    const esbuild = await import('esbuild');
    await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', target: TARGETS, outfile: path.join(dist, 'main.js'), logLevel: 'error' });
    await page('main.js', { before: await besideBundle() });
  },
  async 'esbuild-iife'() {
    const esbuild = await import('esbuild');
    // `import.meta` is empty in an IIFE (esbuild warns about it): the page passes the URL.
    await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'iife', target: TARGETS, outfile: path.join(dist, 'main.js'), logLevel: 'error' });
    await page('main.js', { module: false, before: await besideBundle() });
  },
};

if (!builders[name]) throw new Error(`unknown bundler ${name}: one of ${Object.keys(builders).join(', ')}`);
await fs.mkdir(dist, { recursive: true });
await builders[name]();
// What the bundle consists of, for the test to assert (a .wasm beside it, no stray copies).
const files = (await fs.readdir(dist, { recursive: true })).sort();
console.log(JSON.stringify({ files }));
