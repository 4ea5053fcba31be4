'use strict';
// A standing rate limit, as the real APIs enforce one: a token bucket of `burst` requests
// refilled at `perSecond`, per emulated API (or for all). Requests over it get that API's
// rate-limit answer (APIv3: 429 FREQUENCY_LIMITED or RATELIMIT_EXCEEDED; the others, which
// document none, a bare 429) until the bucket refills.
const { FaultError } = require('./faults.js');

const CODES = ['FREQUENCY_LIMITED', 'RATELIMIT_EXCEEDED'];

/** Checks `{ perSecond, burst?, api?, code? }`; returns it with defaults filled in. */
function checkLimit(limit, apis) {
  if (limit === null || typeof limit !== 'object' || Array.isArray(limit)) throw new FaultError('the rate limit must be an object or null');
  for (const key of Object.keys(limit)) {
    if (!['perSecond', 'burst', 'api', 'code'].includes(key)) throw new FaultError('the rate limit has an unknown parameter (known: perSecond, burst, api, code)');
  }
  const { perSecond, burst = 1, api, code = 'FREQUENCY_LIMITED' } = limit;
  if (!(typeof perSecond === 'number' && perSecond > 0 && perSecond <= 100000)) throw new FaultError('rate limit perSecond must be a number above 0, at most 100000');
  if (!(Number.isInteger(burst) && burst >= 1 && burst <= 100000)) throw new FaultError('rate limit burst must be an integer from 1 to 100000');
  if (api !== undefined && !apis.includes(api)) throw new FaultError(`rate limit api must be one of: ${apis.join(', ')}`);
  if (!CODES.includes(code)) throw new FaultError(`rate limit code must be one of: ${CODES.join(', ')}`);
  return { perSecond, burst, api, code };
}

class RateLimit {
  constructor(apis) {
    this.apis = apis;
    this.limit = null;
    /** Requests refused so far. */
    this.refused = 0;
  }

  /** Sets the limit (see checkLimit), or lifts it with `null`; the bucket starts full. */
  set(limit) {
    this.limit = limit === null ? null : checkLimit(limit, this.apis);
    if (this.limit) {
      this.tokens = this.limit.burst;
      this.at = Date.now();
    }
  }

  /** Whether a request to `api` is over the limit now (counted as refused if so). */
  exceeded(api) {
    const limit = this.limit;
    if (!limit || (limit.api !== undefined && limit.api !== api)) return false;
    const now = Date.now();
    this.tokens = Math.min(limit.burst, this.tokens + ((now - this.at) / 1000) * limit.perSecond);
    this.at = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return false;
    }
    this.refused += 1;
    return true;
  }
}

module.exports = { RateLimit };
