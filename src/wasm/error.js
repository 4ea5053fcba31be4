// PayQueryError: the one error class every payquery failure is thrown as.
// It lives in JavaScript so that it is a real Error subclass (stack, instanceof Error, name);
// Rust constructs it through wasm-bindgen. The brand is a registered symbol so that
// isPayQueryError and instanceof also recognise errors from a second copy of the package
// (an ESM and a CJS import of payquery in one process).
const BRAND = Symbol.for('payquery.PayQueryError');

export class PayQueryError extends Error {
  constructor(code, message, extra) {
    super(message);
    this.name = 'PayQueryError';
    this.code = code;
    this.providerCode = extra && extra.providerCode !== undefined ? extra.providerCode : undefined;
    this.httpStatus = extra && extra.httpStatus !== undefined ? extra.httpStatus : undefined;
    this.requestId = extra && extra.requestId !== undefined ? extra.requestId : undefined;
    this.retryable = Boolean(extra && extra.retryable);
    if (extra && extra.detail !== undefined) this.detail = extra.detail;
    if (extra && extra.attempts !== undefined) this.attempts = extra.attempts;
    if (extra && extra.host !== undefined) this.host = extra.host;
    // The provider's own text, whole and unescaped: data from the network, never part of the
    // message except as the bounded, escaped quote Rust already put there.
    if (extra && extra.providerMessage !== undefined) this.providerMessage = extra.providerMessage;
    Object.defineProperty(this, BRAND, { value: true });
  }

  static [Symbol.hasInstance](value) {
    return isPayQueryError(value);
  }
}

export function isPayQueryError(value) {
  return typeof value === 'object' && value !== null && value[BRAND] === true;
}
