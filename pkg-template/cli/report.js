'use strict';
// What the CLI prints: orders as a short human report (coloured on a terminal, plain when
// piped or NO_COLOR is set) or JSON, and errors as code, message and a one-line hint.
const { describeError } = require('./errors.js');

/** Whether `stream` gets ANSI colour: a TTY, NO_COLOR unset (https://no-color.org), or FORCE_COLOR. */
function colourFor(stream, env = process.env) {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

/** Paint functions that are identity without colour. */
function painter(on) {
  const wrap = (code) => (s) => (on ? `\x1b[${code}m${s}\x1b[0m` : String(s));
  return { green: wrap(32), red: wrap(31), yellow: wrap(33), dim: wrap(2), bold: wrap(1) };
}

/** Colour for a neutral trade state: paid green, failed or closed red, pending yellow. */
function stateColour(p, state) {
  if (state === 'PAID') return p.green;
  if (['NOT_PAID', 'PAYING', 'REVOKING', 'UNKNOWN'].includes(state)) return p.yellow;
  return p.red;
}

/** Shows invisible and control characters of `text` so a signed string can be compared by eye. */
function showInvisible(text) {
  return String(text).replace(/[\u0000-\u001f\u007f-\u00a0\u00ad\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\ufeff]/g, (c) => {
    const named = { '\n': '\\n', '\r': '\\r', '\t': '\\t', ' ': '·' };
    return named[c] || `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`;
  });
}

/** `12345` fen -> `123.45`. */
function yuan(fen) {
  if (typeof fen !== 'number') return '?';
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** The human report of one order's neutral status. */
function orderText(order, p) {
  const s = order.status || {};
  const lines = [
    `${p.bold('state')}          ${stateColour(p, s.state)(s.state)}${s.final ? '' : p.dim(' (not final)')}  ${p.dim(`provider: ${s.providerState}`)}`,
    `${p.bold('amount')}         ${s.amountFen === null || s.amountFen === undefined ? '-' : `${yuan(s.amountFen)} CNY (${s.amountFen} fen)`}`,
    `${p.bold('paid at')}        ${s.paidAt || '-'}`,
    `${p.bold('out trade no')}   ${s.outTradeNo || '-'}`,
    `${p.bold('transaction id')} ${s.transactionId || '-'}`,
  ];
  if (order.attempts !== undefined) lines.push(p.dim(`answered by ${order.host} after ${order.attempts} attempt(s)`));
  return `${lines.join('\n')}\n`;
}

/**
 * The printable order: every own property, the non-enumerable ones included — `attempts` and
 * `host` on every result, and CloudPay's additions (`status`, `coupons`, `raw`, …), which the
 * drop-in result hides from `JSON.stringify` to match wx-server-sdk's shape.
 */
function orderJson(order) {
  const out = {};
  for (const key of Object.getOwnPropertyNames(order)) out[key] = order[key];
  return out;
}

/** Prints an error: `{ error }` JSON on stdout with --json, else two lines on stderr. */
function printError(err, { json, stdout = process.stdout, stderr = process.stderr } = {}) {
  const d = describeError(err);
  if (json) {
    stdout.write(`${JSON.stringify({ error: d })}\n`);
    return;
  }
  const p = painter(colourFor(stderr));
  let line = `${p.red(`error ${d.code}`)}: ${d.message}`;
  if (d.providerCode) line += ` (provider code ${d.providerCode})`;
  if (d.requestId) line += ` [request id ${d.requestId}]`;
  stderr.write(`${line}\n`);
  if (d.hint) stderr.write(`${p.dim(`hint: ${d.hint}`)}\n`);
}

module.exports = { colourFor, painter, showInvisible, orderText, orderJson, printError, yuan };
