// `payquery query --batch` from the built package against the sandbox on 127.0.0.1: 10 000
// orders under injected faults written exactly once, --resume after a kill, stdin JSON lines,
// CSV output, progress and a clean stop on SIGINT.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { sandbox } from './helpers.mjs';
import { cli, envs, file, lines, spawnCli } from './cli-helpers.mjs';

test('cli: a batch of 10 000 orders under injected faults writes every order exactly once', async (t) => {
  const sb = await sandbox(t);
  const seeded = ['PQ-V2-PAID', 'PQ-V2-NOTPAY', 'PQ-V2-CLOSED', 'PQ-V2-REFUND'];
  const ids = [...seeded, ...Array.from({ length: 10_000 - seeded.length }, (_, i) => `BATCH-${i}`)];
  // A header row, ids in quotes or not, and one duplicate (ignored).
  const from = file('orders.csv', `out_trade_no\n${ids.map((id, i) => (i % 2 ? id : `"${id}"`)).join('\n')}\nPQ-V2-PAID\n`);
  const out = file('results.jsonl');
  sb.chaos({ rate: 0.05, seed: 7, faults: [{ kind: 'status', status: 500 }, { kind: 'reset' }, { kind: 'delay', ms: 20 }] });
  const r = await cli(['query', 'wechat-v2', '--from', from, '--out', out, '--concurrency', '32', '--json', '--retries', '3'], { env: envs(sb).v2 });
  assert.equal(r.code, 1, r.stderr); // the BATCH-* orders do not exist
  assert.ok(sb.faultsInjected > 100);
  const results = lines(fs.readFileSync(out, 'utf8'));
  assert.equal(results.length, ids.length);
  assert.deepEqual(new Set(results.map((x) => x.id)), new Set(ids));
  for (const x of results) {
    if (seeded.includes(x.id)) assert.equal(x.ok, true, JSON.stringify(x));
    else assert.equal(typeof x.error.code, 'string', JSON.stringify(x));
  }
  assert.equal(results.find((x) => x.id === 'PQ-V2-PAID').status.state, 'PAID');
  assert.equal(results.find((x) => x.id === 'PQ-V2-REFUND').status.state, 'REFUNDED');
  // Most unknown orders get WeChat's answer; the rest a coded transport failure after retries.
  assert.ok(results.filter((x) => !x.ok && x.error.providerCode === 'ORDERNOTEXIST').length > 9000);
  const { summary } = JSON.parse(r.stderr.trim().split('\n').pop());
  assert.equal(summary.total, ids.length);
  assert.equal(summary.duplicates, 1);
  assert.equal(summary.answered + summary.failed, ids.length);
  assert.equal(summary.answered, results.filter((x) => x.ok).length);
  assert.deepEqual(summary.states, { PAID: 1, NOT_PAID: 1, CLOSED: 1, REFUNDED: 1 });
});

test('cli: --resume after the batch was killed finishes the remaining orders, none twice', async (t) => {
  const sb = await sandbox(t);
  const ids = Array.from({ length: 400 }, (_, i) => (i % 100 === 0 ? 'PQ-V2-PAID' : `RESUME-${i}`)).map((id, i) => (id === 'PQ-V2-PAID' && i ? `RESUME-${i}` : id));
  const from = file('orders.csv', `${ids.join('\n')}\n`); // no header: one id per line
  const out = file('results.jsonl');
  const args = ['query', 'wechat-v2', '--from', from, '--out', out, '--rate', '100/s', '--concurrency', '4'];
  const child = spawnCli(args, { env: envs(sb).v2 });
  child.stdin.end();
  // Kill it once some results are on disk (bounded wait).
  for (let i = 0; i < 200 && (!fs.existsSync(out) || fs.readFileSync(out, 'utf8').split('\n').length < 40); i++) await new Promise((r) => setTimeout(r, 50));
  const killed = new Promise((resolve) => child.on('close', (code, signal) => resolve(signal)));
  child.kill('SIGKILL');
  assert.equal(await killed, 'SIGKILL');
  const before = lines(fs.readFileSync(out, 'utf8').replace(/[^\n]*$/, '')).length;
  assert.ok(before >= 39 && before < ids.length, `${before} lines before the kill`);
  // Without --resume a non-empty output is refused.
  const refused = await cli(args, { env: envs(sb).v2 });
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--out names a file that is not empty/);
  const resumed = await cli([...args.filter((a) => a !== '100/s' && a !== '--rate'), '--resume', '--json'], { env: envs(sb).v2 });
  assert.equal(resumed.code, 1);
  const results = lines(fs.readFileSync(out, 'utf8'));
  assert.equal(results.length, ids.length);
  assert.equal(new Set(results.map((x) => x.id)).size, ids.length);
  const { summary } = JSON.parse(resumed.stderr.trim().split('\n').pop());
  assert.ok(summary.skipped >= before, `${summary.skipped} skipped, ${before} before`);
  assert.equal(summary.skipped + summary.answered + summary.failed, ids.length);
  assert.equal(results.find((x) => x.id === 'PQ-V2-PAID').ok, true);
});

test('cli: batch input from stdin as JSON lines, CSV output, progress, and SIGINT stops cleanly', async (t) => {
  const sb = await sandbox(t);
  const e = envs(sb);
  const jsonl = ['PQ-FB1-PAID', 'PQ-FB1-CLOSED', 'PQ-FB1-USERPAYING'].map((id) => JSON.stringify({ merchant_order_sn: id })).join('\n');
  const out = file('results.csv');
  const r = await cli(['query', 'fubei', '--from', '-', '--out', out, '--progress'], { env: e.fubei1, input: `${jsonl}\n` });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /done 3\/3 {2}failed 0 {2}[\d.]+\/s {2}ETA 0s\n/);
  assert.match(r.stderr, /3 orders: 3 answered \(/);
  const [header, ...rows] = fs.readFileSync(out, 'utf8').trim().split('\n');
  assert.equal(header, 'id_kind,id,ok,state,final,provider_state,amount_fen,paid_at,transaction_id,attempts,error_code,provider_code,error_message');
  const byId = Object.fromEntries(rows.map((row) => [row.split(',')[1], row.split(',')]));
  assert.deepEqual(byId['PQ-FB1-PAID'].slice(0, 7), ['merchantOrderSn', 'PQ-FB1-PAID', 'true', 'PAID', 'true', 'SUCCESS', '8007']);
  assert.equal(byId['PQ-FB1-CLOSED'][3], 'CLOSED');
  const bad = await cli(['query', 'fubei', '--from', '-'], { env: e.fubei1, input: '{"merchant_order_sn":"A"}\nnot json\n' });
  assert.equal(bad.code, 3);
  assert.match(bad.stderr, /^error INPUT_INVALID: input line 2: not JSON/);

  // SIGINT: in-flight queries finish, the summary says how many were not started, exit 130.
  sb.inject({ kind: 'delay', ms: 300, times: 1000 });
  const out2 = file('results.jsonl');
  const child = spawnCli(['query', 'wechat-v2', '--from', file('ids.csv', Array.from({ length: 50 }, (_, i) => `INT-${i}`).join('\n')), '--out', out2, '--concurrency', '2'], { env: e.v2 });
  child.stdin.end();
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  for (let i = 0; i < 200 && (!fs.existsSync(out2) || fs.readFileSync(out2, 'utf8') === ''); i++) await new Promise((r) => setTimeout(r, 50));
  const done = new Promise((resolve) => child.on('close', (code) => resolve(code)));
  child.kill('SIGINT');
  assert.equal(await done, 130);
  assert.match(stderr, /interrupted with \d+ not started \(run again with --resume\)/);
  const written = lines(fs.readFileSync(out2, 'utf8'));
  assert.ok(written.length > 0 && written.length < 50);
});
