// Soak: 10 000 queries through queryMany at concurrency 32 against the sandbox with 5 % of the
// requests faulted (seeded chaos). Every query is accounted for, nothing is rejected unhandled,
// and the wasm memory does not grow after the first 1 000 queries.
import test from 'node:test';
import assert from 'node:assert/strict';
import { pq, sandbox, v2Client } from './helpers.mjs';

test('10 000 queries, 5 % faults: all accounted for, no leak', { timeout: 600_000 }, async (t) => {
  const unhandled = [];
  const onUnhandled = (reason) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  t.after(() => process.off('unhandledRejection', onUnhandled));

  const sb = await sandbox(t);
  sb.chaos({
    rate: 0.05,
    seed: 20261122,
    faults: [
      { kind: 'status', status: 500 },
      { kind: 'status', status: 429 },
      { kind: 'reset' },
      { kind: 'delay', ms: 50 },
      { kind: 'systemError', api: 'v2' },
      { kind: 'badSign', api: 'v2' },
    ],
  });
  const client = v2Client(sb, { timeoutMs: 5000 });
  const ids = ['PQ-V2-PAID', 'PQ-V2-NOTPAY', 'PQ-V2-CLOSED', 'PQ-V2-MISSING'];
  const queries = Array.from({ length: 10_000 }, (_, i) => ids[i % ids.length]);
  const run = (batch) => pq.queryMany(batch, (outTradeNo) => client.queryOrder({ outTradeNo }), { concurrency: 32 });

  const warm = await run(queries.slice(0, 1000));
  const memoryAfterWarmup = pq.wasmMemoryBytes();
  const rest = await run(queries.slice(1000));
  const results = [...warm, ...rest];

  assert.equal(results.length, 10_000);
  const ok = results.filter((r) => r.status === 'fulfilled');
  const failed = results.filter((r) => r.status === 'rejected');
  assert.equal(ok.length + failed.length, 10_000, 'none lost');
  for (const [i, r] of results.entries()) {
    if (queries[i] === 'PQ-V2-MISSING') {
      assert.equal(r.status, 'rejected');
    } else if (r.status === 'fulfilled') {
      assert.equal(r.value.outTradeNo, queries[i]);
    }
    if (r.status === 'rejected') assert.ok(pq.isPayQueryError(r.reason), String(r.reason));
  }
  // Missing orders fail by design; of the rest only the never-retried bad signatures may fail.
  const unexpected = failed.filter((r) => !['ORDERNOTEXIST'].includes(r.reason.providerCode) && r.reason.code !== 'SIGNATURE_INVALID');
  assert.deepEqual(unexpected.map((r) => `${r.reason.code}: ${r.reason.message}`), []);
  assert.ok(sb.faultsInjected > 300, `faults injected: ${sb.faultsInjected}`);
  assert.deepEqual(unhandled, []);
  assert.equal(pq.wasmMemoryBytes(), memoryAfterWarmup, 'wasm memory grew after the first 1 000 queries');
  t.diagnostic(`succeeded ${ok.length}, failed ${failed.length}, faults ${sb.faultsInjected}, wasm memory ${memoryAfterWarmup} bytes`);
});
