'use strict';
// JSON text written by hand so that amounts appear exactly as Fubei writes them: `num('80.07')`
// is emitted as the token 80.07 and `num('100000.00')` as 100000.00 (JSON.stringify would
// print 100000), which is what payquery must parse without going through floating point.

class Num {
  constructor(text) {
    if (!/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) throw new Error(`not a JSON number token: ${text}`);
    this.text = text;
  }
}

/** A JSON number written exactly as `text`. */
const num = (text) => new Num(String(text));

/** Serialises `value` like JSON.stringify, with `num()` tokens verbatim and undefined left out. */
function toJson(value) {
  if (value instanceof Num) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const parts = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value);
}

module.exports = { num, toJson, Num };
