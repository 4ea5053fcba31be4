// Merges pkg-template/ and sandbox/ into pkg/ after wasm-bindgen: points both glues (node/,
// web/) at the package's one module, pkg/payquery_bg.wasm, points the entry shims at the error
// class wasm-bindgen copied into snippets/, makes that snippet CommonJS for the Node target,
// places the runtime module (pkg-template/shared/) beside each glue, writes the Node ESM
// wrapper and the single type declaration file.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const pkg = path.join(root, 'pkg');

function copyTree(from, to, skip = []) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (skip.includes(entry.name)) continue;
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(src, dst);
    else fs.copyFileSync(src, dst);
  }
}

function findSnippet(dir) {
  const snippets = path.join(dir, 'snippets');
  const [crate] = fs.readdirSync(snippets).filter((d) => d.startsWith('payquery-'));
  if (!crate) throw new Error(`no payquery snippet in ${snippets}`);
  return `./snippets/${crate}/src/wasm/error.js`;
}

// Node 16-20.18 cannot require() an ES module, so the modules the Node entry loads (the error
// snippet, the runtime module) are rewritten as CommonJS: top-level `export class|function|const`
// and single-line `import { a, b } from 'x';`, the only forms these files use.
function esmToCommonJs(src) {
  const names = [...src.matchAll(/^export (?:class|function|const) (\w+)/gm)].map((m) => m[1]);
  const body = src
    .replace(/^import \{([^}]*)\} from ('[^']+');$/gm, 'const {$1} = require($2);')
    .replace(/^export (class|function|const) /gm, '$1 ');
  if (/^\s*(import|export)\b/m.test(body)) throw new Error('esmToCommonJs: an import/export form it does not rewrite');
  return `'use strict';\n${body}\nmodule.exports = { ${names.join(', ')} };\n`;
}

// wasm-bindgen copies JS snippets verbatim as ES modules; the nodejs target require()s them.
function snippetToCommonJs(file) {
  fs.writeFileSync(file, esmToCommonJs(fs.readFileSync(file, 'utf8')));
}

// pkg-template/shared/ holds sources placed per glue below, not a folder of the package.
copyTree(path.join(root, 'pkg-template'), pkg, ['shared']);
copyTree(path.join(root, 'sandbox'), path.join(pkg, 'sandbox'));
// The devtools page, served by `payquery devtools`: its import of the browser build points at
// the package's web/ instead of the repository's pkg/web/.
copyTree(path.join(root, 'examples', 'devtools'), path.join(pkg, 'devtools'), ['devtools.test.mjs']);
const devtoolsApp = path.join(pkg, 'devtools', 'app.js');
fs.writeFileSync(devtoolsApp, fs.readFileSync(devtoolsApp, 'utf8').replace("'../../pkg/web/index.js'", "'../web/index.js'"));

// The runtime modules (resilience: queryMany, waitForFinalState; notify: notification
// receivers) beside each glue, importing that glue's error class: CommonJS for Node, ES module
// for web (workerd imports web's).
const runtimeModules = ['resilience', 'notify'].map((name) => [name, fs.readFileSync(path.join(root, 'pkg-template', 'shared', `${name}.js`), 'utf8')]);

/**
 * Replaces each `from` in the generated `file` by its `to`, exactly `count` times: a glue that
 * changed shape (a new wasm-bindgen) stops the build instead of shipping half-patched.
 */
function patchGlue(file, edits) {
  let src = fs.readFileSync(file, 'utf8');
  for (const [from, to, count = 1] of edits) {
    const found = src.split(from).length - 1;
    if (found !== count) throw new Error(`${path.relative(root, file)}: expected ${count}x ${JSON.stringify(from)}, found ${found}`);
    src = src.replaceAll(from, to);
  }
  fs.writeFileSync(file, src);
}

// The Node glue reads the one module synchronously, from the package root.
patchGlue(path.join(pkg, 'node', 'payquery.js'), [
  ['const wasmPath = `${__dirname}/payquery_bg.wasm`;', "const wasmPath = require('node:path').join(__dirname, '..', 'payquery_bg.wasm');"],
]);
patchGlue(path.join(pkg, 'web', 'payquery.js'), [
  // The default location, written as the literal `new URL('…', import.meta.url)` that Vite and
  // webpack recognise and emit as an asset.
  ["new URL('payquery_bg.wasm', import.meta.url)", "new URL('../payquery_bg.wasm', import.meta.url)"],
  // esbuild (0.28) refuses any destructuring for a safari14 target (Vite's former default).
  ['({module} = module)', 'module = module.module'],
  ['({module_or_path} = module_or_path)', 'module_or_path = module_or_path.module_or_path'],
  ['const { instance, module } = await __wbg_load(', 'const loaded = await __wbg_load('],
  ['    return __wbg_finalize_init(instance, module);\n}\n\nexport', '    return __wbg_finalize_init(loaded.instance, loaded.module);\n}\n\nexport'],
  // Until init() ran, any call throws NOT_INITIALIZED instead of a TypeError from inside the glue.
  ['let wasmModule, wasmInstance, wasm;', "import { notInitialised } from './not-initialised.js';\nlet wasmModule, wasmInstance, wasm = notInitialised;"],
  ['if (wasm !== undefined) return wasm;', 'if (wasm !== notInitialised) return wasm;', 2],
]);

// Each entry shim imports the error class from the snippet of the glue beside it.
for (const [dir, files] of [
  ['node', ['index.cjs']],
  ['web', ['index.js', 'not-initialised.js']],
]) {
  const snippet = findSnippet(path.join(pkg, dir));
  // Every snippet of the crate (error.js, js_safe.js), not only the error class.
  if (dir === 'node') for (const file of fs.readdirSync(path.join(pkg, dir, path.dirname(snippet)))) snippetToCommonJs(path.join(pkg, dir, path.dirname(snippet), file));
  for (const entry of files) {
    const file = path.join(pkg, dir, entry);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replaceAll('__ERROR_MODULE__', snippet));
  }
  for (const [name, source] of runtimeModules) {
    const runtime = source.replaceAll('__ERROR_MODULE__', snippet);
    if (dir === 'node') fs.writeFileSync(path.join(pkg, dir, `${name}.cjs`), esmToCommonJs(runtime));
    else fs.writeFileSync(path.join(pkg, dir, `${name}.js`), runtime);
  }
  // wasm-bindgen writes a .gitignore into each output folder; npm pack would honour it.
  fs.rmSync(path.join(pkg, dir, '.gitignore'), { force: true });
}

// Node ESM: named exports of the CommonJS entry, listed at build time so that
// `import { signV2 } from 'payquery'` works on every Node version.
const names = Object.keys(require(path.join(pkg, 'node', 'index.cjs'))).filter((n) => !n.startsWith('__')).sort();
fs.writeFileSync(
  path.join(pkg, 'node', 'index.mjs'),
  `// Node entry (ES module): re-exports the CommonJS entry so both share one wasm instance.\n` +
    `import cjs from './index.cjs';\n\nexport const {\n${names.map((n) => `  ${n},`).join('\n')}\n} = cjs;\nexport default cjs;\n`,
);

// One declaration file for every condition: the nodejs glue's (no wasm-bindgen init types),
// plus what the entry shims add (init, initSync: pkg-template/shared/entry.d.ts). The glues' own
// declaration files are not shipped.
// Classes declare [Symbol.dispose]; the lib reference makes that type-check for consumers whose
// own `lib` setting predates explicit resource management (TypeScript >= 5.2 knows it).
// The same declarations twice: .d.ts is read as CommonJS (the package is "type": "commonjs"),
// .d.mts as ESM, so that each condition's types match the module format it resolves to.
const declarations =
  '/// <reference lib="esnext.disposable" />\n' +
  fs.readFileSync(path.join(pkg, 'node', 'payquery.d.ts'), 'utf8') +
  fs.readFileSync(path.join(root, 'pkg-template', 'shared', 'entry.d.ts'), 'utf8');
fs.writeFileSync(path.join(pkg, 'payquery.d.ts'), declarations);
fs.writeFileSync(path.join(pkg, 'payquery.d.mts'), declarations);
for (const dir of ['node', 'web']) fs.rmSync(path.join(pkg, dir, 'payquery.d.ts'));
