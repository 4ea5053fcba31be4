// The argument readers queryMany and waitForFinalState (resilience.js) and their rate options
// (pace.js) share: options objects read as strictly as the Rust binding reads them, with its
// wording in every message, and the caller's AbortSignal.
//
// Shipped beside each wasm-bindgen glue by scripts/assemble.js (as CommonJS for Node, loaded with
// resilience.cjs), which points the error-module placeholder of the import below at that glue's
// PayQueryError class. No destructuring: esbuild refuses it for a Safari 14 target (Vite's
// former default), and js-tests/bundlers.test.mjs builds for that target.
import { PayQueryError } from '__ERROR_MODULE__';

/** The INVALID_ARGUMENT error of a caller's argument, with `message` as is. */
export function invalidArgument(message) {
  return new PayQueryError('INVALID_ARGUMENT', message, { retryable: false });
}

/** The JavaScript type of `value`, for messages (as the Rust binding names it). */
export function typeName(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'function':
      return 'a function';
    case 'undefined':
      return 'undefined';
    default:
      return typeof value === 'object' ? 'an object' : typeof value;
  }
}

/**
 * A caller's key name as messages may show it: as is when it is short and plain (it cannot be a
 * key or password then), otherwise only its length — the same rule as the core's
 * `error::describe_name`, since a secret pasted in the wrong place may arrive as a key.
 */
function describeName(name) {
  return /^[A-Za-z0-9_]{1,24}$/.test(name) ? name : `[a name of ${name.length} characters]`;
}

/**
 * The known option `name` most likely stands for: the same name in another case or with `_`,
 * or the one a typo or two away (one for names of five characters or fewer) when exactly one
 * is — the core's `names::near_miss` rule for these few option names.
 */
function nearMiss(name, known) {
  const norm = (s) => s.replace(/[-_ ]/g, '').toLowerCase();
  const a = norm(name);
  let best;
  let bestDistance = Infinity;
  let tied = false;
  for (const k of known) {
    const b = norm(k);
    // Optimal string alignment distance: edits and swaps of two neighbours.
    const d = [];
    for (let i = 0; i <= a.length; i++) {
      d.push([i]);
      for (let j = 1; j <= b.length; j++) {
        if (i === 0) {
          d[0].push(j);
          continue;
        }
        let v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2][j - 2] + 1);
        d[i].push(v);
      }
    }
    const distance = d[a.length][b.length];
    if (!a || distance > (b.length <= 5 ? 1 : 2) || distance > bestDistance) continue;
    tied = distance === bestDistance;
    if (!tied) {
      best = k;
      bestDistance = distance;
    }
  }
  return tied ? undefined : best;
}

/**
 * Reads `options` strictly, as the Rust binding reads every options object: `undefined`/`null`
 * read as `{}`, every field typed, unknown keys refused. `fields` maps a key to a reader; a
 * getter, trap or reader that throws anything but a PayQueryError is INVALID_ARGUMENT too.
 * `what` names the object in messages (`options`, `options.rate`).
 */
export function readOptions(options, fields, what = 'options') {
  const known = Object.keys(fields);
  const out = {};
  try {
    if (options === undefined || options === null) options = {};
    if (typeof options !== 'object' || Array.isArray(options)) {
      throw invalidArgument(`${what} must be an object, got ${typeName(options)}`);
    }
    for (const key of known) out[key] = fields[key](options[key], `${what}.${key}`);
    for (const key of Object.keys(options)) {
      if (!known.includes(key)) {
        const meant = nearMiss(key, known);
        throw invalidArgument(
          meant
            ? `${what}.${describeName(key)} is not a known option: did you mean ${meant}?`
            : `${what}.${describeName(key)} is not a known option (known: ${known.slice().sort().join(', ')})`,
        );
      }
    }
  } catch (e) {
    throw e instanceof PayQueryError ? e : invalidArgument(`${what} could not be read (a getter or Proxy trap threw)`);
  }
  return out;
}

/** A reader of an optional integer from `min` (default 0) to `max`. */
export function uint(max, fallback, min = 0) {
  return (value, name) => {
    if (value === undefined) return fallback;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    throw invalidArgument(`${name} must be an integer from ${min} to ${max}, got ${typeName(value)}`);
  };
}

/**
 * Reads `options.signal` into `{ aborted(), listen(onAbort) -> detach }`, or null when absent.
 * An AbortSignal-like object is accepted (as by the queries); one whose `aborted` cannot be read
 * counts as aborted, so a broken signal stops work rather than being ignored.
 */
export function signalReader(value, name) {
  if (value === undefined) return null;
  if (typeof value !== 'object' || value === null || !('aborted' in value) || !('addEventListener' in value)) {
    throw invalidArgument(`${name} must be an AbortSignal, got ${typeName(value)}`);
  }
  const signal = value;
  return {
    aborted() {
      try {
        return Boolean(signal.aborted);
      } catch {
        return true;
      }
    },
    /** Calls `onAbort` once when the signal fires; returns the detach function. */
    listen(onAbort) {
      const handler = () => onAbort();
      try {
        signal.addEventListener('abort', handler, { once: true });
      } catch {
        throw invalidArgument(`${name} could not be listened to (its addEventListener threw)`);
      }
      return () => {
        try {
          signal.removeEventListener('abort', handler);
        } catch {
          // A signal that cannot detach keeps a handler that does nothing once settled.
        }
      };
    },
  };
}
