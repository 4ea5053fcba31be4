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

/**
 * mulberry32: a tiny seeded generator of numbers in [0, 1), so a chaos run can be replayed (the
 * JS tests pick their generated inputs with it too, through js-tests/prng.mjs).
 */
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

const { BadRequest } = require('./bad-request.js');

/** A fault the sandbox refuses to queue: the control endpoint answers 400 with its message. */
class FaultError extends BadRequest {}

const int = (min, max) => (v) => Number.isInteger(v) && v >= min && v <= max;
const text = (max, pattern) => (v) => typeof v === 'string' && v.length <= max && pattern.test(v);
// Header-safe: printable ASCII, no CR/LF (Node would throw while answering, leaving it hung).
const HEADER_TEXT = /^[\x20-\x7e]*$/;

/**
 * The parameters a fault may carry and what each must be: checked when the fault is queued,
 * so that a bad one is a 400 there, never a 500 or a request left without an answer later.
 */
const PARAMS = {
  api: [(v, apis) => apis === undefined || apis.includes(v), 'one of the emulated APIs'],
  times: [int(1, 100000), 'an integer from 1 to 100000'],
  status: [int(200, 599), 'an integer HTTP status from 200 to 599'],
  ms: [int(0, 60000), 'an integer number of milliseconds from 0 to 60000'],
  // Above payquery's 1 MiB response cap, so tests can serve an oversized answer.
  body: [(v) => typeof v === 'string' && v.length <= 4 * 1024 * 1024, 'a string of at most 4 MiB'],
  retryAfter: [int(0, 86400 * 365), 'an integer number of seconds'],
  state: [text(32, /^[A-Z_]+$/), 'an uppercase trade state such as SUCCESS'],
  seconds: [int(-86400 * 3650, 86400 * 3650), 'an integer number of seconds (at most 10 years)'],
  headers: [(v) => Array.isArray(v) && v.length <= 32 && v.every(text(64, /^[A-Za-z0-9-]+$/)), 'an array of header names'],
  serial: [text(128, HEADER_TEXT), 'printable ASCII of at most 128 characters'],
  url: [text(2048, /^\/[\x21-\x7e]*$/), 'a path starting with /, printable ASCII without spaces'],
  code: [(v) => v === 'FREQUENCY_LIMITED' || v === 'RATELIMIT_EXCEEDED', "'FREQUENCY_LIMITED' or 'RATELIMIT_EXCEEDED'"],
};

/** Checks one fault object: a known kind, known parameters, each well formed. */
function checkFault(fault, kinds, apis, where) {
  if (fault === null || typeof fault !== 'object' || Array.isArray(fault)) throw new FaultError(`${where} must be an object`);
  if (typeof fault.kind !== 'string' || !kinds.has(fault.kind)) {
    throw new FaultError(`${where}.kind must be one of: ${[...kinds].join(', ')}`);
  }
  for (const [key, value] of Object.entries(fault)) {
    if (key === 'kind' || value === undefined) continue;
    const rule = PARAMS[key];
    if (!rule) throw new FaultError(`${where} has an unknown parameter (known: kind, ${Object.keys(PARAMS).join(', ')})`);
    if (!rule[0](value, apis)) throw new FaultError(`${where}.${key} must be ${rule[1]}`);
  }
}

class Faults {
  /**
   * `apiKinds`: the fault kinds the emulated APIs interpret themselves; `apis`: their names,
   * which `fault.api` must be one of (any when omitted).
   */
  constructor(apiKinds = [], apis = undefined) {
    this.kinds = new Set([...GENERIC, ...apiKinds]);
    this.apis = apis;
    this.queue = [];
    this.chaos = null;
    this.injected = 0;
  }

  /**
   * Queues a fault: `{ kind, api?, times?, ...params }`. `api` limits it to one emulated API
   * ('v2', ...); `times` (default 1) is how many requests it applies to.
   */
  add(fault) {
    checkFault(fault, this.kinds, this.apis, 'fault');
    this.queue.push({ ...fault, times: fault.times === undefined ? 1 : fault.times });
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
    if (typeof chaos !== 'object' || Array.isArray(chaos)) throw new FaultError('chaos must be an object or null');
    if (!(typeof chaos.rate === 'number' && chaos.rate >= 0 && chaos.rate <= 1)) throw new FaultError('chaos.rate must be a number within [0, 1]');
    if (!Array.isArray(chaos.faults) || chaos.faults.length > 100) throw new FaultError('chaos.faults must be an array of at most 100 faults');
    chaos.faults.forEach((f, i) => checkFault(f, this.kinds, this.apis, `chaos.faults[${i}]`));
    if (chaos.seed !== undefined && !Number.isInteger(chaos.seed)) throw new FaultError('chaos.seed must be an integer');
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

module.exports = { Faults, FaultError, GENERIC, seeded };
