// Metrics from payquery's onEvent hook: what a server would export to Prometheus or StatsD,
// kept in memory here. Events carry hosts, durations, codes and request ids only, so they are
// safe to log as they are.

/** Creates `{ onEvent, summary() }`. */
export function createMetrics() {
  const attempts = { ok: 0, failed: 0 };
  const retries = {};
  const refusals = {};
  const failovers = [];
  const durations = [];
  const refreshes = [];
  function onEvent(event) {
    switch (event.type) {
      case 'attempt-end':
        attempts[event.ok ? 'ok' : 'failed']++;
        durations.push(event.durationMs);
        break;
      case 'retry':
        retries[event.reason] = (retries[event.reason] || 0) + 1;
        break;
      case 'failover':
        failovers.push(`${event.from} -> ${event.to}`);
        break;
      case 'verification-failed':
        refusals[event.code] = (refusals[event.code] || 0) + 1;
        break;
      case 'certificates-refreshed':
        refreshes.push(`${event.reason}: ${event.serials.join(', ')}`);
        break;
      default:
        break;
    }
  }
  function summary() {
    const sorted = durations.slice().sort((a, b) => a - b);
    const p = (q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0);
    return { attempts, retries, failovers, refusals, refreshes, latencyMs: { p50: p(0.5), p95: p(0.95), max: p(1) } };
  }
  return { onEvent, summary };
}
