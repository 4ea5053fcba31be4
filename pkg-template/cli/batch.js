'use strict';
// `payquery query <provider> --from FILE`: the reconciliation batch. Orders are read whole
// (CSV or JSON lines), queried with bounded concurrency and a start rate, and each result is
// written as one line the moment it finishes, so that an interrupted run loses nothing and
// `--resume` continues from the output file without querying an order twice.
const fs = require('node:fs');
const { usage, configError, EXIT } = require('./errors.js');
const { intOption } = require('./options.js');
const { IDS } = require('./query.js');

/** Normalised column or key name -> the library's id key. */
const ID_NAMES = {
  outtradeno: 'outTradeNo',
  transactionid: 'transactionId',
  combineouttradeno: 'combineOutTradeNo',
  merchantordersn: 'merchantOrderSn',
  ordersn: 'orderSn',
  insordersn: 'insOrderSn',
};
const norm = (name) => String(name).toLowerCase().replace(/[^a-z]/g, '');

const CSV_COLUMNS = ['id_kind', 'id', 'ok', 'state', 'final', 'provider_state', 'amount_fen', 'paid_at', 'transaction_id', 'attempts', 'error_code', 'provider_code', 'error_message'];

/** Splits CSV text into rows of fields (RFC 4180 quoting; CRLF or LF). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

/** One CSV field, quoted when needed; a leading formula character is neutralised for spreadsheets. */
function csvField(value) {
  let s = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@]/.test(s) && !/^-?\d/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A bad input line: exit 3, the line number named, its content not echoed. */
function badInput(line, why) {
  return configError('INPUT_INVALID', `input line ${line}: ${why}`, 'CSV with a header naming the id column, or one JSON object per line');
}

/**
 * The orders of `text`: `[{ key, id, query }]` where `key` is the library's id key. `jsonl`
 * selects JSON lines; CSV otherwise (a header naming an id column, or one id per line).
 */
function parseOrders(text, jsonl, provider) {
  const allowed = Object.values(IDS[provider]);
  const defaultKey = allowed[0];
  const out = [];
  const take = (line, fields) => {
    const keys = Object.keys(fields).filter((k) => fields[k] !== undefined && fields[k] !== '');
    const idKeys = keys.filter((k) => allowed.includes(k));
    if (idKeys.length !== 1) throw badInput(line, `exactly one order id expected (${allowed.join(', ')})`);
    const key = idKeys[0];
    const id = String(fields[key]);
    const query = { [key]: id };
    if (provider === 'cloudpay' && fields.subMchId !== undefined) query.subMchId = String(fields.subMchId);
    out.push({ key, id, query });
  };
  if (jsonl) {
    text.split(/\r?\n/).forEach((raw, i) => {
      if (raw.trim() === '') return;
      let obj;
      try {
        obj = JSON.parse(raw);
      } catch {
        throw badInput(i + 1, 'not JSON');
      }
      if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw badInput(i + 1, 'not a JSON object');
      const fields = {};
      for (const [k, v] of Object.entries(obj)) fields[ID_NAMES[norm(k)] || (norm(k) === 'submchid' ? 'subMchId' : k)] = v;
      take(i + 1, fields);
    });
    return out;
  }
  const rows = parseCsv(text);
  if (!rows.length) return out;
  const header = rows[0].map((h) => ID_NAMES[norm(h)] || (norm(h) === 'submchid' ? 'subMchId' : null));
  const hasHeader = header.some((h) => h && h !== 'subMchId');
  rows.slice(hasHeader ? 1 : 0).forEach((row, i) => {
    const line = i + (hasHeader ? 2 : 1);
    if (!hasHeader) return take(line, { [defaultKey]: row[0].trim() });
    const fields = {};
    header.forEach((k, j) => {
      if (k && row[j] !== undefined) fields[k] = row[j].trim();
    });
    take(line, fields);
  });
  return out;
}

/** Keys (`key:id`) of orders already in an output file, after dropping a torn last line. */
function alreadyDone(file, format) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (e.code === 'ENOENT') return new Set();
    throw configError('FILE_UNREADABLE', `cannot read --out for --resume (${e.code || 'error'})`, 'check the path');
  }
  // A run killed mid-write may leave a partial last line: cut it, its order runs again.
  const end = text.lastIndexOf('\n') + 1;
  if (end < text.length) {
    fs.truncateSync(file, Buffer.byteLength(text.slice(0, end)));
    text = text.slice(0, end);
  }
  const done = new Set();
  if (format === 'csv') {
    for (const row of parseCsv(text).slice(1)) if (row.length >= 2) done.add(`${row[0]}:${row[1]}`);
  } else {
    for (const raw of text.split('\n')) {
      if (!raw.trim()) continue;
      try {
        const r = JSON.parse(raw);
        if (r && typeof r.key === 'string' && typeof r.id === 'string') done.add(`${r.key}:${r.id}`);
      } catch {
        // Not one of ours: left as is, never counted as done.
      }
    }
  }
  return done;
}

/** `20`, `20/s`, `300/m` -> queries per second; USAGE otherwise. */
function parseRate(text) {
  const m = /^(\d+(?:\.\d+)?)(?:\/(s|sec|second|m|min|minute))?$/.exec(text);
  const n = m ? Number(m[1]) / (m[2] && m[2].startsWith('m') ? 60 : 1) : NaN;
  if (!(n > 0) || n > 10000) throw usage('--rate must look like 20, 20/s or 300/m (more than 0, at most 10000/s)', 'see --help');
  return n;
}

/** The output line of one finished order. */
function resultLine(format, entry, order, err) {
  const s = order ? order.status || {} : {};
  const d = err ? require('./errors.js').describeError(err) : null;
  if (format === 'csv') {
    const cells = [entry.key, entry.id, order ? 'true' : 'false', s.state, s.final, s.providerState, s.amountFen, s.paidAt, s.transactionId, order ? order.attempts : err && err.attempts, d && d.code, d && d.providerCode, d && d.message];
    return `${cells.map(csvField).join(',')}\n`;
  }
  const line = { key: entry.key, id: entry.id, ok: Boolean(order) };
  if (order) Object.assign(line, { status: s, attempts: order.attempts, host: order.host });
  else line.error = { code: d.code, message: d.message, providerCode: d.providerCode, retryable: d.retryable, attempts: d.attempts };
  return `${JSON.stringify(line)}\n`;
}

/** `83s` -> `1m23s`. */
function duration(seconds) {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** Runs a batch; resolves to the exit code. */
async function runBatch(provider, values, io) {
  const concurrency = intOption(values, 'concurrency', 8, { min: 1, max: 64 });
  const rate = values.rate === undefined ? null : parseRate(values.rate);
  const out = values.out;
  const format = values.json ? 'jsonl' : values.format || (out && /\.csv$/i.test(out) ? 'csv' : 'jsonl');
  if (!['jsonl', 'csv'].includes(format)) throw usage('--format must be jsonl or csv', 'see --help');
  if (values.resume && !out) throw usage('--resume needs --out FILE', 'resume reads the orders already done from the output file');

  // Read and check everything before the first query.
  let text;
  try {
    text = values.from === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(values.from, 'utf8');
  } catch (e) {
    throw configError('FILE_UNREADABLE', `cannot read --from (${e.code || 'error'})`, 'check the path');
  }
  const jsonl = /\.(jsonl|ndjson|json)$/i.test(values.from) || (values.from === '-' && text.trimStart().startsWith('{'));
  const orders = parseOrders(text, jsonl, provider);
  const seen = new Set();
  const todo = [];
  let duplicates = 0;
  const done = values.resume ? alreadyDone(out, format) : new Set();
  let skipped = 0;
  for (const o of orders) {
    const k = `${o.key}:${o.id}`;
    if (seen.has(k)) duplicates++;
    else if (done.has(k)) skipped++;
    else todo.push(o);
    seen.add(k);
  }
  if (out && !values.resume && fs.existsSync(out) && fs.statSync(out).size > 0) {
    throw usage('--out names a file that is not empty', 'add --resume to continue that run, or remove the file');
  }
  const { makeClient } = require('./client.js');
  const { queryOne } = require('./query.js');
  const made = makeClient(provider, values, io.env);

  let fd = null;
  if (out) {
    try {
      fd = fs.openSync(out, 'a');
    } catch (e) {
      throw configError('FILE_UNWRITABLE', `cannot write --out (${e.code || 'error'})`, 'check the path and its permissions');
    }
    if (format === 'csv' && fs.fstatSync(fd).size === 0) fs.writeSync(fd, `${CSV_COLUMNS.join(',')}\n`);
  } else if (format === 'csv') io.stdout.write(`${CSV_COLUMNS.join(',')}\n`);
  const write = (line) => (fd === null ? io.stdout.write(line) : fs.writeSync(fd, line));

  const stats = { answered: 0, failed: 0, states: {}, errors: {} };
  const started = Date.now();
  const showProgress = Boolean(io.stderr.isTTY) || Boolean(values.progress);
  const progressLine = () => {
    const finished = stats.answered + stats.failed;
    const secs = (Date.now() - started) / 1000;
    const perSec = secs > 0 ? finished / secs : 0;
    const eta = perSec > 0 ? (todo.length - finished) / perSec : NaN;
    return `done ${finished}/${todo.length}  failed ${stats.failed}  ${perSec.toFixed(1)}/s  ETA ${duration(eta)}`;
  };
  const progress = showProgress
    ? setInterval(() => io.stderr.write(io.stderr.isTTY ? `\r\x1b[K${progressLine()}` : `${progressLine()}\n`), io.stderr.isTTY ? 200 : 1000)
    : null;

  let stopping = false;
  let signalled = false;
  const onSignal = () => {
    if (stopping) process.exit(EXIT.INTERRUPTED);
    stopping = true;
    signalled = true;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let next = 0;
  let slot = Date.now();
  const gap = rate ? 1000 / rate : 0;
  async function worker() {
    while (!stopping && next < todo.length) {
      const entry = todo[next++];
      if (gap) {
        const wait = slot - Date.now();
        slot = Math.max(slot, Date.now()) + gap;
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      try {
        const order = await queryOne(provider, made, entry.query);
        stats.answered++;
        const state = (order.status && order.status.state) || 'UNKNOWN';
        stats.states[state] = (stats.states[state] || 0) + 1;
        write(resultLine(format, entry, order, null));
      } catch (err) {
        stats.failed++;
        const code = require('./errors.js').describeError(err).code;
        const label = err && err.providerCode ? `${code}/${err.providerCode}` : code;
        stats.errors[label] = (stats.errors[label] || 0) + 1;
        write(resultLine(format, entry, null, err));
      }
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, todo.length) }, worker));
  } finally {
    if (progress) clearInterval(progress);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (fd !== null) fs.closeSync(fd);
  }
  if (showProgress) io.stderr.write(io.stderr.isTTY ? `\r\x1b[K${progressLine()}\n` : `${progressLine()}\n`);

  const summary = {
    total: orders.length - duplicates,
    answered: stats.answered,
    failed: stats.failed,
    skipped,
    duplicates,
    notStarted: todo.length - stats.answered - stats.failed,
    states: stats.states,
    errors: stats.errors,
    interrupted: signalled,
  };
  if (values.json) io.stderr.write(`${JSON.stringify({ summary })}\n`);
  else {
    const list = (o) => Object.entries(o).map(([k, v]) => `${k} ${v}`).join(', ');
    io.stderr.write(
      `${summary.total} orders: ${summary.answered} answered${summary.answered ? ` (${list(summary.states)})` : ''}, ` +
        `${summary.failed} failed${summary.failed ? ` (${list(summary.errors)})` : ''}` +
        `${skipped ? `, ${skipped} already done (--resume)` : ''}${duplicates ? `, ${duplicates} duplicate lines ignored` : ''}` +
        `${signalled ? `, interrupted with ${summary.notStarted} not started (run again with --resume)` : ''}\n`,
    );
  }
  if (signalled) return EXIT.INTERRUPTED;
  return stats.failed ? EXIT.FAILED : EXIT.OK;
}

module.exports = { runBatch, parseOrders, parseCsv, parseRate };
