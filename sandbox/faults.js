'use strict';
// Fault injection: a queue of faults, each consumed by the next matching requests, plus an
// optional seeded "chaos" mode that picks a fault at random for a share of the requests.

/** Faults the server applies itself, for every API. */
const GENERIC = [
  'status', // answer HTTP `status` (default 500) with a short text body; `retryAfter` adds the header
  'delay', // wait `ms` (default 1000) before answering normally
  'reset', // destroy the connection without an answer
  'body', // answer `body` verbatim with HTTP `status` (default 200)
  'refuse', // stop listening for `ms` (default 300): connections are refused meanwhile
];

/** mulberry32: a tiny seeded generator, so a chaos run can be replayed. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Faults {
  /** `apiKinds`: the fault kinds the emulated APIs interpret themselves. */
  constructor(apiKinds = []) {
    this.kinds = new Set([...GENERIC, ...apiKinds]);
    this.queue = [];
    this.chaos = null;
    this.injected = 0;
  }

  /**
   * Queues a fault: `{ kind, api?, times?, ...params }`. `api` limits it to one emulated API
   * ('v2', ...); `times` (default 1) is how many requests it applies to.
   */
  add(fault) {
    if (!fault || !this.kinds.has(fault.kind)) throw new Error(`unknown fault kind: ${fault && fault.kind}`);
    const times = fault.times === undefined ? 1 : fault.times;
    if (!Number.isInteger(times) || times < 1 || times > 100000) throw new Error('fault.times must be a positive integer');
    this.queue.push({ ...fault, times });
  }

  /**
   * Chaos mode: each request without a queued fault gets, with probability `rate`, one of
   * `faults` (fault objects without `times`), chosen by a generator seeded with `seed`.
   * `null` turns it off.
   */
  setChaos(chaos) {
    if (chaos === null) {
      this.chaos = null;
      return;
    }
    if (!(chaos.rate >= 0 && chaos.rate <= 1)) throw new Error('chaos.rate must be within [0, 1]');
    for (const f of chaos.faults) if (!this.kinds.has(f.kind)) throw new Error(`unknown fault kind: ${f.kind}`);
    this.chaos = { ...chaos, random: seeded(chaos.seed === undefined ? 1 : chaos.seed) };
  }

  /** Takes the fault for the next request to `api`, if one is queued (or chaos picks one). */
  take(api) {
    const i = this.queue.findIndex((f) => f.api === undefined || f.api === api);
    if (i >= 0) {
      const fault = this.queue[i];
      fault.times -= 1;
      if (fault.times === 0) this.queue.splice(i, 1);
      this.injected += 1;
      return fault;
    }
    const chaos = this.chaos;
    if (chaos && chaos.random() < chaos.rate) {
      const candidates = chaos.faults.filter((f) => f.api === undefined || f.api === api);
      if (candidates.length > 0) {
        this.injected += 1;
        return candidates[Math.floor(chaos.random() * candidates.length)];
      }
    }
    return undefined;
  }

  clear() {
    this.queue.length = 0;
    this.chaos = null;
  }
}

module.exports = { Faults, GENERIC };
