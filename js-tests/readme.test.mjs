// The READMEs' code, as a reader copies it. Every fenced block whose info string says `run`
// (```js run, ```ts run) is a whole ES module: it is type-checked with tsc (strict,
// exactOptionalPropertyTypes) against the built package, then run with Node (most start their
// own sandbox), and each `// → text` comment in it must be a line of what it printed, in order.
// Blocks marked `check` are type-checked only. The npm README (pkg/README.md, from
// pkg-template/README.md) must also show every topic a newcomer needs and list exactly the
// sandbox's seeded orders.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const READMES = ['README.md', 'pkg/README.md'];
const WORK = path.join(root, 'js-tests', '.artifacts', 'readme');

/** The fenced blocks of a Markdown text: `{ line (of the first code line), lang, modes, code }`. */
function fencedBlocks(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*(.*)$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    assert.ok(end > i, `unclosed code block at line ${i + 1}`);
    blocks.push({ line: i + 2, lang: open[1], modes: open[2].split(/\s+/).filter(Boolean), code: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return blocks;
}

/** Every block of every README marked `run` or `check`, with a file name that says where it is. */
async function markedBlocks() {
  const all = [];
  for (const readme of READMES) {
    const text = await fs.readFile(path.join(root, readme), 'utf8');
    for (const b of fencedBlocks(text)) {
      const mode = b.modes.find((m) => m === 'run' || m === 'check');
      if (!mode) continue;
      assert.ok(['js', 'ts'].includes(b.lang), `${readme}:${b.line}: only js and ts blocks can be marked ${mode}`);
      all.push({ ...b, readme, mode, name: `${readme.replace(/\W+/g, '_')}_L${b.line}` });
    }
  }
  return all;
}

/** The `// → text` expectations of a block, in order. */
const expectations = (code) => [...code.matchAll(/\/\/ → (.*)$/gm)].map((m) => m[1].trim());

test('README code blocks type-check (tsc --strict --exactOptionalPropertyTypes) and run as written against the sandbox', async () => {
  const blocks = await markedBlocks();
  const npm = blocks.filter((b) => b.readme === 'pkg/README.md');
  assert.ok(npm.filter((b) => b.mode === 'run').length >= 10, 'the npm README shows runnable code for every topic');
  assert.ok(blocks.some((b) => b.readme === 'README.md' && b.mode === 'run'), 'the repository README starts with runnable code');

  await fs.rm(WORK, { recursive: true, force: true });
  await fs.mkdir(path.join(WORK, 'src'), { recursive: true });
  for (const b of blocks) await fs.writeFile(path.join(WORK, 'src', `${b.name}.mts`), `${b.code}\n`);
  await fs.writeFile(
    path.join(WORK, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        exactOptionalPropertyTypes: true,
        lib: ['ES2022', 'DOM', 'esnext.disposable'],
        types: ['node'],
        rootDir: 'src',
        outDir: 'out',
        skipLibCheck: false,
      },
      include: ['src/*.mts'],
    }),
  );
  // tsc: one program for all blocks; a diagnostic is reported at its README line.
  const tsc = await run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', WORK], { cwd: WORK }).then(
    () => '',
    (e) => e.stdout + e.stderr,
  );
  const located = tsc.replace(/src\/(\w+)\.mts\((\d+),(\d+)\)/g, (_, name, line, col) => {
    const b = blocks.find((x) => x.name === name);
    return b ? `${b.readme}:${b.line + Number(line) - 1}:${col}` : `${name}(${line},${col})`;
  });
  assert.equal(located, '', `README code does not type-check:\n${located}`);

  for (const b of blocks.filter((x) => x.mode === 'run')) {
    const where = `${b.readme}:${b.line}`;
    const { stdout } = await run(process.execPath, [path.join(WORK, 'out', `${b.name}.mjs`)], { cwd: WORK, timeout: 120_000, env: { PATH: process.env.PATH } }).catch((e) => {
      throw new Error(`${where}: the block failed (${e.code ?? e.signal}):\n${e.stderr || e.message}`);
    });
    const printed = stdout.split('\n').map((l) => l.trim());
    let at = 0;
    for (const expected of expectations(b.code)) {
      const found = printed.indexOf(expected, at);
      assert.ok(found >= 0, `${where}: expected the line ${JSON.stringify(expected)} (in order) in what it printed:\n${stdout}`);
      at = found + 1;
    }
  }
});

test('the npm README covers every topic in runnable code, and lists exactly the seeded sandbox orders', async () => {
  const text = await fs.readFile(path.join(root, 'pkg', 'README.md'), 'utf8');
  assert.equal(text, await fs.readFile(path.join(root, 'pkg-template', 'README.md'), 'utf8'), 'pkg/ ships pkg-template/README.md');
  const code = (await markedBlocks()).filter((b) => b.readme === 'pkg/README.md').map((b) => b.code).join('\n');
  for (const topic of [
    'new WechatPayV2(',
    'new WechatPayV3(',
    'queryCombineOrder(',
    'new CloudPay(',
    'new Fubei(',
    'startSandbox(',
    "'ORDER_NOT_FOUND'",
    "'REQUEST_SIGNATURE_REJECTED'",
    "'RESPONSE_MISMATCH'",
    '.retryable',
    'signV2(',
    'buildV2Xml(',
    'verifyV2Xml(',
    'explainV2(',
    'explainV3(',
    'signFubei(',
    'explainFubei(',
    'handleNotification(',
    'init(',
    '.free()',
    'using ',
    'waitForFinalState(',
    'queryMany(',
  ]) {
    assert.ok(code.includes(topic), `no runnable example uses ${topic}`);
  }
  assert.match(text, /npx payquery devtools --sandbox/);
  assert.match(text, /npx payquery sandbox/);

  // The seeded orders named anywhere in the README are exactly the sandbox's.
  const v3 = require('../pkg/sandbox/wechat_v3/orders.js').v3Orders(require('../pkg/sandbox/wechat_v3/index.js').makeCredentials());
  const fubei = require('../pkg/sandbox/fubei/orders.js');
  const seeded = new Set([
    ...require('../pkg/sandbox/wechat_v2/orders.js').v2Orders().map((o) => o.out_trade_no),
    ...[...v3.direct, ...v3.partner].map((o) => o.out_trade_no),
    ...v3.combine.map((o) => o.combine_out_trade_no),
    ...fubei.v1Orders().map((o) => o.merchant_order_sn),
    ...fubei.v2Orders(1).map((o) => o.merchant_order_sn),
  ]);
  const named = new Set(text.match(/\bPQ-[A-Z0-9-]*[A-Z0-9]\b/g));
  assert.deepEqual([...named].filter((id) => !seeded.has(id)), [], 'ids the sandbox does not seed');
  assert.deepEqual([...seeded].filter((id) => !named.has(id)), [], 'seeded orders the README does not list');
});
