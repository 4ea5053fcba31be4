'use strict';
// Fault injection: a queue of faults, each consumed by the next matching requests.

/** Faults the server applies itself, for every API. */
const GENERIC = [
  'status', // answer HTTP `status` (default 500) with a short text body
  'delay', // wait `ms` (default 1000) before answering normally
  'reset', // destroy the connection without an answer
  'body', // answer `body` verbatim with HTTP `status` (default 200)
];

class Faults {
  /** `apiKinds`: the fault kinds the emulated APIs interpret themselves. */
  constructor(apiKinds = []) {
    this.kinds = new Set([...GENERIC, ...apiKinds]);
    this.queue = [];
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

  /** Takes the fault for the next request to `api`, if one is queued. */
  take(api) {
    const i = this.queue.findIndex((f) => f.api === undefined || f.api === api);
    if (i < 0) return undefined;
    const fault = this.queue[i];
    fault.times -= 1;
    if (fault.times === 0) this.queue.splice(i, 1);
    return fault;
  }

  clear() {
    this.queue.length = 0;
  }
}

module.exports = { Faults, GENERIC };
