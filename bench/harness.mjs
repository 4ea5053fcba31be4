// A minimal benchmark harness: runs each candidate for a fixed time after a warm-up, reports
// operations per second and the ratio to the first (payquery) candidate. Async candidates are
// awaited one at a time, as a caller would.

const WARMUP_MS = 300;
const RUN_MS = 1500;

async function measure(fn) {
  const deadline = (ms) => performance.now() + ms;
  for (let end = deadline(WARMUP_MS); performance.now() < end; ) await fn();
  let ops = 0;
  const start = performance.now();
  for (let end = start + RUN_MS; performance.now() < end; ops++) await fn();
  return (ops * 1000) / (performance.now() - start);
}

/** Runs `candidates` ([name, fn] pairs; the first is the reference) and prints a table. */
export async function bench(title, candidates) {
  console.log(`\n${title}`);
  let reference;
  for (const [name, fn] of candidates) {
    const opsPerSec = await measure(fn);
    reference ??= opsPerSec;
    console.log(`  ${name.padEnd(44)} ${Math.round(opsPerSec).toLocaleString('en').padStart(10)} ops/s   x${(opsPerSec / reference).toFixed(2)}`);
  }
}
