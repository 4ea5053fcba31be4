// Merges pkg-template/ and sandbox/ into pkg/ after wasm-bindgen. For each entry — the full
// package in pkg/ and each per-provider entry in pkg/<entry>/ (every folder scripts/build left
// a payquery_bg.wasm in) — it points both glues (node/, web/) at that entry's one module,
// points the entry shims at the error class wasm-bindgen copied into snippets/ and at the
// clients whose handleNotification reads requests, makes that snippet CommonJS for the Node
// target, places the runtime modules (pkg-template/shared/) beside each glue, writes the Node
// ESM wrapper and the entry's type declaration files.
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
// snippet, the runtime modules) are rewritten as CommonJS: top-level `export class|function|const`
// and single-line `import { a, b } from 'x';`, the only forms these files use. A runtime module
// importing another by its name beside it (`'./pace.js'`) requires that one's CommonJS file
// (`'./pace.cjs'`); `siblings` lists the names it may import so.
function esmToCommonJs(src, siblings = []) {
  const names = [...src.matchAll(/^export (?:class|function|const) (\w+)/gm)].map((m) => m[1]);
  const body = src
    .replace(/^import \{([^}]*)\} from '([^']+)';$/gm, (_, bindings, from) => {
      const sibling = /^\.\/([\w-]+)\.js$/.exec(from);
      if (sibling && !siblings.includes(sibling[1])) throw new Error(`esmToCommonJs: ${from} is not a runtime module`);
      return `const {${bindings}} = require('${sibling ? `./${sibling[1]}.cjs` : from}');`;
    })
    .replace(/^export (class|function|const) /gm, '$1 ');
  if (/^\s*(import|export)\b/m.test(body)) throw new Error('esmToCommonJs: an import/export form it does not rewrite');
  return `'use strict';\n${body}\nmodule.exports = { ${names.join(', ')} };\n`;
}

// wasm-bindgen copies JS snippets verbatim as ES modules; the nodejs target require()s them.
function snippetToCommonJs(file) {
  fs.writeFileSync(file, esmToCommonJs(fs.readFileSync(file, 'utf8')));
}

/** The entry shims' folders, copied into every entry. */
const ENTRY_DIRS = ['node', 'web', 'workerd'];
// pkg-template/shared/ holds sources placed per glue below, not a folder of the package.
copyTree(path.join(root, 'pkg-template'), pkg, ['shared', ...ENTRY_DIRS]);
copyTree(path.join(root, 'sandbox'), path.join(pkg, 'sandbox'));
// The devtools page (devtools/ of the repository), shipped as the package's devtools/: a static
// page that imports the browser build beside it (../web/index.js), served by `payquery devtools`
// or any static server rooted at the package.
copyTree(path.join(root, 'devtools'), path.join(pkg, 'devtools'));

// The runtime modules (resilience: queryMany, waitForFinalState, with pace: their rate gate and
// options: their argument readers; notify: notification receivers; readers: handleNotification
// reading a request first; guard: the receiver check of every client method) beside each glue,
// importing that glue's error class: CommonJS for Node, ES module for web (workerd imports web's).
// fast_v2: signV2, buildV2Xml and verifyV2Xml in one crossing, calling the glue's js_safe.js
// snippet's readFlat.
const runtimeModules = ['resilience', 'pace', 'options', 'notify', 'readers', 'guard', 'fast_v2'].map((name) => [name, fs.readFileSync(path.join(root, 'pkg-template', 'shared', `${name}.js`), 'utf8')]);

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

/**
 * Speed edits of both glues (issue 12, measured on the APIv2 entry, Node 20, CPU time per call):
 * - a string longer than 64 code units is written into wasm memory by one native `encodeInto`
 *   instead of the glue's loop over its ASCII prefix (signV2 4.35 -> 3.90 µs: its params cross
 *   as one string of ~250 characters; verifyV2Xml of a 1.2 KB document 19.3 -> 17.3 µs); the
 *   bytes are the same (`encodeInto` writes lone surrogates as U+FFFD, as the glue's does);
 * - the words an export returns through `retptr` are read through the view the first read
 *   refreshed: nothing between consecutive reads can grow memory, and each refresh asks the
 *   memory's `buffer` getter two or three times (signV2 3.90 -> 3.79 µs).
 * (Decoding short ASCII results with String.fromCharCode instead of TextDecoder was measured and
 * not kept: no gain on Node 20.)
 */
function patchGlueSpeed(file) {
  patchGlue(file, [
    [
      '    let len = arg.length;\n    let ptr = malloc(len, 1) >>> 0;\n',
      '    let len = arg.length;\n' +
        '    if (len > 64) {\n' +
        '        const cap = len * 3;\n' +
        '        let long = malloc(cap, 1) >>> 0;\n' +
        '        const written = cachedTextEncoder.encodeInto(arg, getUint8ArrayMemory0().subarray(long, long + cap)).written;\n' +
        '        long = realloc(long, cap, written, 1) >>> 0;\n' +
        '        WASM_VECTOR_LEN = written;\n' +
        '        return long;\n' +
        '    }\n' +
        '    let ptr = malloc(len, 1) >>> 0;\n',
    ],
  ]);
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const read = /^(\s*var r(\d+) = )getDataViewMemory0\(\)(\.get\w+\(retptr \+ \d+ \* (\d+), true\);)$/;
  let reused = 0;
  for (let i = 1; i < lines.length; i++) {
    const m = read.exec(lines[i]);
    if (!m || m[4] === '0') continue;
    // Only a read that directly follows another read of the same result.
    if (!new RegExp(`^\\s*var r${Number(m[2]) - 1} = (getDataViewMemory0\\(\\)|cachedDataViewMemory0)\\.get\\w+\\(retptr \\+ \\d+ \\* ${Number(m[4]) - 1}, true\\);$`).test(lines[i - 1])) continue;
    lines[i] = `${m[1]}cachedDataViewMemory0${m[3]}`;
    reused++;
  }
  if (reused === 0) throw new Error(`${path.relative(root, file)}: no result read through getDataViewMemory0() to reuse`);
  fs.writeFileSync(file, lines.join('\n'));
}

/**
 * Rewrites each import the glue wraps in `handleError` (the `catch` imports) as one function
 * with its own `try`/`catch` (issue 12). wasm-bindgen writes
 * `function() { return handleError(function (a, b) { BODY }, arguments); }`: every call then
 * allocates a closure and an `arguments` object and goes through `apply`, about 1.3 KB of
 * garbage per APIv3 verifyResponse (a dozen such calls: Reflect.get, readFlat, encodeInto,
 * rsaVerify…; V8's sampling heap profiler, JS allocations per call 4.5 KB -> 2.9 KB), which the
 * young generation then scavenges on V8's helper threads. The rewrite is
 * `function(a, b) { try { BODY } catch (e) { <handleError's catch> } }`: the same body, the same
 * exception handed to wasm, and a `length` equal to the wasm parameter count, so that V8 shares
 * one wasm-to-JS wrapper per signature at instantiation (wechat-v2: 21 -> 15 wrappers; CPU ms
 * of require + first signV2, median of 31 fresh processes, 7.11 -> 6.63).
 */
function patchCatchImports(file) {
  const src = fs.readFileSync(file, 'utf8');
  const handler = /\nfunction handleError\(f, args\) \{\n    try \{\n        return f\.apply\(this, args\);\n    \} catch \(e\) \{\n        ([^\n]*)\n    \}\n\}\n/.exec(src);
  if (!handler) throw new Error(`${path.relative(root, file)}: handleError is not the expected try/apply/catch`);
  let patched = 0;
  const out = src.replace(
    /: function\(\) \{ return handleError\(function \(([^)]*)\) \{\n([\s\S]*?)\n        \}, arguments\); \}/g,
    (_, params, body) => {
      if (/handleError|\barguments\b|\bthis\b/.test(body)) {
        throw new Error(`${path.relative(root, file)}: a catch import's body uses handleError, arguments or this:\n${body}`);
      }
      patched++;
      return `: function(${params}) { try {\n${body}\n        } catch (e) { ${handler[1]} } }`;
    },
  );
  // handleError itself has no caller left: dropped.
  const final = out.replace(handler[0], '\n');
  const left = final.split('handleError').length - 1;
  if (patched === 0 || left !== 0) throw new Error(`${path.relative(root, file)}: ${patched} catch imports rewritten, handleError still named ${left}x`);
  fs.writeFileSync(file, final);
}

/**
 * The entry's modules it loads on first use (see pkg-template/node/index.cjs): left out of the
 * bundle, required from the files beside it. pace and options are loaded by resilience.
 */
const LATER = ['./resilience.cjs', './pace.cjs', './options.cjs', './notify.cjs', './fallbacks.cjs', './crypto.cjs'];

// A module the Node entry loads later may import only other such modules: one the entry bundles
// would be loaded a second time beside it, with the snippet's PayQueryError instead of the
// entry's.
for (const [name, source] of runtimeModules) {
  if (!LATER.includes(`./${name}.cjs`)) continue;
  for (const m of source.matchAll(/^import \{[^}]*\} from '\.\/([\w-]+)\.js';$/gm)) {
    if (!LATER.includes(`./${m[1]}.cjs`)) throw new Error(`${name}.js imports ${m[1]}.js, which the Node entry does not load later`);
  }
}

/**
 * Rewrites the CommonJS entry `file` as one file with everything it requires at once inlined
 * (the LATER modules stay separate files).
 */
function bundleNodeEntry(file) {
  require('esbuild').buildSync({
    external: LATER,
    entryPoints: [file],
    outfile: file,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // The oldest Node the package supports (WeChat cloud functions): no syntax is lowered.
    target: 'node16',
    logLevel: 'warning',
  });
}

/** Assembles one entry in `dir`: pkg/ (the full package) or pkg/<entry>/ (one provider). */
function assembleEntry(dir) {
  for (const sub of ENTRY_DIRS) copyTree(path.join(root, 'pkg-template', sub), path.join(dir, sub));
  // The Node glue reads the entry's one module synchronously, from the entry's folder.
  patchGlue(path.join(dir, 'node', 'payquery.js'), [
    ['const wasmPath = `${__dirname}/payquery_bg.wasm`;', "const wasmPath = require('node:path').join(__dirname, '..', 'payquery_bg.wasm');"],
  ]);
  for (const sub of ['node', 'web']) {
    patchGlueSpeed(path.join(dir, sub, 'payquery.js'));
    patchCatchImports(path.join(dir, sub, 'payquery.js'));
  }
  // The snippets are required through String.raw templates, which a bundler (esbuild, below)
  // cannot follow: written as plain string literals (each snippet once).
  const nodeGlue = path.join(dir, 'node', 'payquery.js');
  const snippetRequires = /require\(String\.raw`(\.\/snippets\/[^`\\'"]+)`\)/g;
  const glueSource = fs.readFileSync(nodeGlue, 'utf8');
  if ((glueSource.match(snippetRequires) || []).length !== 2) throw new Error('node glue: expected 2 snippet requires');
  fs.writeFileSync(nodeGlue, glueSource.replace(snippetRequires, (_, file) => `require(${JSON.stringify(file)})`));
  patchGlue(path.join(dir, 'web', 'payquery.js'), [
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

  // The clients this entry's module exports whose handleNotification the runtime module wraps
  // to read a Web Request or Node IncomingMessage first (read from the Node glue, once its
  // snippet is CommonJS).
  // Every snippet of the crate (error.js, js_safe.js), not only the error class.
  const snippetDir = path.join(dir, 'node', path.dirname(findSnippet(path.join(dir, 'node'))));
  for (const file of fs.readdirSync(snippetDir)) snippetToCommonJs(path.join(snippetDir, file));
  const glue = require(path.join(dir, 'node', 'payquery.js'));
  const receivers = Object.keys(glue).filter((n) => typeof glue[n] === 'function' && typeof glue[n].prototype?.handleNotification === 'function').sort();
  // The web entry exports the fast APIv2 functions in place of the glue's where the module has
  // them (an ES module's export names are fixed, so they are written per entry).
  const fastExports = typeof glue.__v2Joined === 'function'
    ? ['const fast = fastV2(glueExports, () => initialised);', ...['signV2', 'buildV2Xml', 'verifyV2Xml'].map((n) => `export const ${n} = fast.${n};`)].join('\n')
    : '';
  const shimEdits = {
    node: [['__RECEIVERS__', receivers.map((n) => `glue.${n}`).join(', ')]],
    web: [[', __RECEIVERS__ }', `${receivers.map((n) => `, ${n}`).join('')} }`], ['__RECEIVERS__', receivers.join(', ')], ['// __FAST_V2_EXPORTS__', fastExports]],
  };
  // Each entry shim imports the error class from the snippet of the glue beside it.
  for (const [sub, files] of [
    ['node', ['index.cjs']],
    ['web', ['index.js', 'not-initialised.js']],
  ]) {
    const snippet = findSnippet(path.join(dir, sub));
    for (const entry of files) {
      const file = path.join(dir, sub, entry);
      let src = fs.readFileSync(file, 'utf8').replaceAll('__ERROR_MODULE__', snippet);
      for (const [from, to] of shimEdits[sub]) src = src.replaceAll(from, to);
      fs.writeFileSync(file, src);
    }
    for (const [name, source] of runtimeModules) {
      // A module the Node entry loads later takes the error class from the entry (the bundle's
      // own copy of the snippet), so that errors it raises are the entry's PayQueryError.
      const errorModule = sub === 'node' && LATER.includes(`./${name}.cjs`) ? './index.cjs' : snippet;
      const runtime = source.replaceAll('__ERROR_MODULE__', errorModule).replaceAll('__JS_SAFE_MODULE__', snippet.replace(/error\.js$/, 'js_safe.js'));
      if (sub === 'node') fs.writeFileSync(path.join(dir, sub, `${name}.cjs`), esmToCommonJs(runtime, runtimeModules.map((m) => m[0])));
      else fs.writeFileSync(path.join(dir, sub, `${name}.js`), runtime);
    }
    // wasm-bindgen writes a .gitignore into each output folder; npm pack would honour it.
    fs.rmSync(path.join(dir, sub, '.gitignore'), { force: true });
  }

  // Node ESM: named exports of the CommonJS entry, listed at build time so that
  // `import { signV2 } from 'payquery'` works on every Node version.
  const names = Object.keys(require(path.join(dir, 'node', 'index.cjs'))).filter((n) => !n.startsWith('__')).sort();
  fs.writeFileSync(
    path.join(dir, 'node', 'index.mjs'),
    `// Node entry (ES module): re-exports the CommonJS entry so both share one wasm instance.\n` +
      `import cjs from './index.cjs';\n\nexport const {\n${names.map((n) => `  ${n},`).join('\n')}\n} = cjs;\nexport default cjs;\n`,
  );

  // The Node entry as one file: the glue, its snippets and the runtime modules inlined, so that
  // `require` reads and compiles one file instead of eight (measured on wechat-v2, CPU time of
  // require + first signV2: 12.0 -> 10.0 ms). Node built-ins stay external and lazy. The separate
  // files stay in the package for tools that load one alone (each is self-contained), but the
  // entry never loads them.
  bundleNodeEntry(path.join(dir, 'node', 'index.cjs'));

  // One declaration file for every condition: the nodejs glue's (no wasm-bindgen init types),
  // plus what the entry shims add (init, initSync: pkg-template/shared/entry.d.ts). The glues' own
  // declaration files are not shipped.
  // Classes declare [Symbol.dispose]; the lib reference makes that type-check for consumers whose
  // own `lib` setting predates explicit resource management (TypeScript >= 5.2 knows it).
  // The same declarations twice: .d.ts is read as CommonJS (the package is "type": "commonjs"),
  // .d.mts as ESM, so that each condition's types match the module format it resolves to.
  const declarations =
    '/// <reference lib="esnext.disposable" />\n' +
    fs.readFileSync(path.join(dir, 'node', 'payquery.d.ts'), 'utf8') +
    fs.readFileSync(path.join(root, 'pkg-template', 'shared', 'entry.d.ts'), 'utf8');
  fs.writeFileSync(path.join(dir, 'payquery.d.ts'), declarations);
  fs.writeFileSync(path.join(dir, 'payquery.d.mts'), declarations);
  for (const sub of ['node', 'web']) fs.rmSync(path.join(dir, sub, 'payquery.d.ts'));
}

const entries = [pkg, ...fs.readdirSync(pkg, { withFileTypes: true })
  .filter((e) => e.isDirectory() && fs.existsSync(path.join(pkg, e.name, 'payquery_bg.wasm')))
  .map((e) => path.join(pkg, e.name))];
for (const dir of entries) assembleEntry(dir);
