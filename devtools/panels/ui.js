// Tiny DOM helpers shared by the panels.

/** Creates an element with attributes and children. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'testid') node.dataset.testid = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

/** A labelled field. */
export function field(label, control) {
  return el('div', {}, el('label', {}, label), control);
}

/** Shows `value` (or a PayQueryError with its code and detail) in `out`. */
export function show(out, value) {
  out.className = '';
  out.textContent = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

export function showError(out, e) {
  out.className = 'error';
  const detail = e && e.detail !== undefined ? `\n${JSON.stringify(e.detail, null, 2)}` : '';
  out.textContent = e && e.code ? `${e.code}: ${e.message}${detail}` : String(e);
}

/** Runs `fn`, showing its result or its error in `out`. */
export async function attempt(out, fn) {
  try {
    show(out, await fn());
  } catch (e) {
    showError(out, e);
  }
}
