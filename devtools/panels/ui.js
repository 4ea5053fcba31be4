// DOM helpers shared by the panels: elements, labelled fields, and the renderings every output
// uses — a verdict with its hint first, then the details (strings with their invisible
// characters shown, key/value tables, side-by-side lines). Everything is put into the page with
// textContent / append, never as HTML: pasted data is shown, not interpreted.

/** Creates an element: `attrs` are attributes (`on…` are listeners, `testid` is data-testid). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'testid') node.dataset.testid = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  node.append(...children.filter((c) => c !== undefined && c !== null && c !== false));
  return node;
}

/** A labelled control; `note` is a short explanation under the label. */
export function field(label, control, note) {
  // The label names its control for assistive technology (and clicking it focuses the control).
  if (control.dataset.testid && !control.id) control.id = control.dataset.testid;
  return el('div', { class: 'field' }, el('label', { for: control.id || undefined }, label, note ? el('small', {}, note) : null), control);
}

export const input = (testid, placeholder, type = 'text') => el('input', { testid, placeholder, type, autocomplete: 'off', spellcheck: 'false' });
export const area = (testid, placeholder, rows = 4) => el('textarea', { testid, placeholder, rows, spellcheck: 'false' });
export const select = (testid, options) => el('select', { testid }, ...options.map(([value, label]) => el('option', { value }, label ?? value)));
export const button = (testid, label, onclick, kind) => el('button', { testid, type: 'button', class: kind, onclick }, label);

/** An output area: starts with a placeholder line, later holds one rendering. */
export function output(testid, placeholder) {
  return el('div', { class: 'output', testid, 'aria-live': 'polite', 'data-placeholder': placeholder }, el('p', { class: 'empty' }, placeholder));
}

/** Empties outputs again (their inputs changed under them). */
export function clear(...outs) {
  for (const out of outs) render(out, el('p', { class: 'empty' }, out.dataset.placeholder));
}

/** Replaces what `out` shows. */
export function render(out, ...nodes) {
  out.replaceChildren(...nodes.flat(Infinity).filter(Boolean));
}

/**
 * The first thing every result shows: `ok` (green), `bad` (red) or `info` (neutral), a
 * headline, and the hint that says what to do.
 */
export function verdict(kind, headline, hint) {
  const mark = { ok: '✓', bad: '✗', info: 'ℹ' }[kind];
  return el('div', { class: `verdict ${kind}`, 'data-verdict': kind, role: 'status' }, el('strong', {}, `${mark} ${headline}`), hint ? el('p', { class: 'hint' }, hint) : null);
}

/** A small heading inside an output. */
export const heading = (text) => el('h4', {}, text);

// Characters that print as nothing, or as something that looks like another character:
// controls, format characters (zero-width spaces, BOM, direction marks), unassigned and private
// use code points, and separators other than the plain space (NBSP, ideographic space…).
const INVISIBLE = /^[\p{C}\p{Z}]$/u;
const NAMED = { '\n': '↵', '\r': '␍', '\t': '⇥' };

/**
 * `text` in a <pre> with every invisible character marked, the character itself kept (copying
 * the text copies the exact string): line feeds as ↵ before the break, spaces with a faint dot,
 * others as their code point (U+00A0). The marks are CSS, not text.
 */
export function showInvisibles(text, testid) {
  return appendInvisibles(el('pre', { class: 'signed', testid }), text);
}

/** Appends `text` to `node` with its invisible characters marked (see showInvisibles). */
function appendInvisibles(node, text) {
  let plain = '';
  const flush = () => {
    if (plain) node.append(plain);
    plain = '';
  };
  for (const ch of text) {
    if (ch === ' ') {
      flush();
      node.append(el('span', { class: 'sp', title: 'space' }, ch));
    } else if (NAMED[ch] || INVISIBLE.test(ch)) {
      flush();
      const code = `U+${ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      node.append(el('span', { class: 'mark', 'data-mark': NAMED[ch] || code, title: code }, ch));
    } else plain += ch;
  }
  flush();
  return node;
}

/** A two-column table: `[label, value]` rows; a value is text or a node; empty values are left out. */
export function table(rows, testid) {
  const body = rows
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => el('tr', {}, el('th', { scope: 'row' }, k), el('td', {}, v instanceof Node ? v : typeof v === 'string' ? v : JSON.stringify(v))));
  return el('table', { class: 'kv', testid }, el('tbody', {}, ...body));
}

/** `value` as indented JSON, in a <pre>. */
export const json = (value, testid) => el('pre', { class: 'json', testid }, JSON.stringify(value, null, 2));

/** A collapsed section. */
export const details = (summary, ...content) => el('details', {}, el('summary', {}, summary), ...content);

/**
 * Two messages line by line, side by side: `rows` are `[name, ours, theirs, note?, same?]`
 * (`same` overrides the comparison, e.g. for a body the other side shows cut short). A row whose
 * two sides differ is marked, and in it everything from the first differing character on.
 */
export function sideBySide(titles, rows, testid) {
  const cell = (text, from) => {
    if (text === null || text === undefined) return el('td', { class: 'absent' }, '(none)');
    if (text === '') return el('td', { class: 'absent' }, '(empty)');
    if (from < 0) return el('td', {}, showInvisibles(text));
    const pre = showInvisibles(text.slice(0, from));
    pre.append(appendInvisibles(el('mark'), text.slice(from)));
    return el('td', {}, pre);
  };
  const body = rows.map(([name, ours, theirs, note, sameOverride]) => {
    const same = sameOverride ?? ours === theirs;
    let from = -1;
    if (!same && typeof ours === 'string' && typeof theirs === 'string') {
      from = 0;
      while (from < ours.length && ours[from] === theirs[from]) from++;
    }
    return el(
      'tr',
      { class: same ? 'same' : 'differs' },
      el('th', { scope: 'row' }, name, note ? el('small', {}, note) : null),
      cell(ours, same ? -1 : from),
      cell(theirs, same ? -1 : from),
    );
  });
  return el('table', { class: 'diff', testid }, el('thead', {}, el('tr', {}, el('th', {}, ''), ...titles.map((t) => el('th', {}, t)))), el('tbody', {}, ...body));
}

/**
 * A PayQueryError (or anything thrown) for people: its code as the verdict, its message, then
 * what it carries (provider code and text, HTTP status, whether a retry can help, detail).
 */
export function errorView(e, hint) {
  if (!e || typeof e.code !== 'string') return [verdict('bad', 'Error', hint), el('p', {}, String(e && e.message ? e.message : e))];
  const detail = e.detail && typeof e.detail === 'object' ? details('detail', json(e.detail)) : null;
  return [
    verdict('bad', e.code, hint || e.message),
    table([
      ['message', hint ? e.message : null],
      ['provider code', e.providerCode],
      ['provider message', e.providerMessage],
      ['HTTP status', e.httpStatus === undefined ? null : String(e.httpStatus)],
      ['retryable', e.retryable ? 'yes: the same query may succeed later' : 'no'],
    ]),
    detail,
  ];
}

/** Runs `fn` and renders what it returns (nodes), or the error it throws. */
export async function attempt(out, fn) {
  out.classList.add('busy');
  try {
    render(out, await fn());
  } catch (e) {
    render(out, errorView(e));
  } finally {
    out.classList.remove('busy');
  }
}

/** Response headers as JSON (`{"Wechatpay-Nonce": "…"}`) or `Name: value` lines, as a record. */
export function parseHeaders(text) {
  const trimmed = text.trim();
  if (!trimmed) return {};
  if (trimmed.startsWith('{')) return JSON.parse(trimmed);
  const headers = {};
  for (const line of trimmed.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return headers;
}

/** A record of headers as `Name: value` lines. */
export const headerLines = (headers) => Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\n');

/** Shows or hides a node. */
export function toggle(node, visible) {
  node.hidden = !visible;
}
