'use strict';
// The CLI's own failures and its exit codes. Library failures stay PayQueryErrors (their
// messages are already free of secrets and caller values); the CLI adds only errors about its
// own arguments, files and configuration, whose messages name options and files, never values.

/** Stable exit codes: documented in `payquery --help` and the README. */
const EXIT = Object.freeze({
  /** Everything succeeded (every order of a batch was answered). */
  OK: 0,
  /** The operation ran and failed: a query, a signature check, a notification, an expiring certificate. */
  FAILED: 1,
  /** Bad command line: unknown subcommand or option, missing or malformed value. */
  USAGE: 2,
  /** Configuration or input unusable: a missing credential, an unreadable file, INVALID_CONFIG. */
  CONFIG: 3,
  /** The installed library cannot do this yet (code UNSUPPORTED). */
  UNSUPPORTED: 4,
  /** Interrupted by SIGINT/SIGTERM (a batch writes what finished first). */
  INTERRUPTED: 130,
});

/** An error of the CLI itself, with a stable code, a one-line hint and its exit code. */
class CliError extends Error {
  /** `code` is a stable SCREAMING_SNAKE name; `hint` says what to do; `exit` is from EXIT. */
  constructor(code, message, { hint, exit } = {}) {
    super(message);
    this.name = 'CliError';
    this.code = code;
    this.hint = hint;
    this.exit = exit === undefined ? EXIT.USAGE : exit;
  }
}

/** A command-line mistake (exit 2, code USAGE). */
function usage(message, hint) {
  return new CliError('USAGE', message, { hint, exit: EXIT.USAGE });
}

/** A missing or unusable configuration value or file (exit 3). */
function configError(code, message, hint) {
  return new CliError(code, message, { hint, exit: EXIT.CONFIG });
}

// Hints for library codes: what a terminal user most likely does next.
const HINTS = {
  INVALID_CONFIG: 'check the configuration values (payquery <command> --help lists flags and environment variables)',
  INVALID_ARGUMENT: 'check the order id or the input file',
  SIGNATURE_INVALID: 'the key or the signed fields differ: try `payquery explain`',
  SIGNATURE_MISSING: 'the answer carried no signature: is the base URL right?',
  SIGNATURE_PROBE: 'WeChat Pay sent a probe signature on purpose: verification works as intended',
  TIMESTAMP_SKEW: 'check the local clock (or --max-skew-seconds)',
  UNKNOWN_SERIAL: 'configure the current platform certificate or public key (payquery certs)',
  RESPONSE_MISMATCH: 'the answer is about another order or merchant: check ids and base URL',
  REQUEST_REJECTED: 'the provider refused the request: check merchant ids and keys',
  REQUEST_SIGNATURE_REJECTED: 'the provider rejected our signature: check the key (and v3 serial); `payquery explain` shows what was signed',
  ORDER_NOT_FOUND: 'no such order: check the order id, the merchant ids and the host (sandbox or production)',
  PROVIDER_ERROR: 'the provider answered with an error code (providerCode)',
  HTTP_ERROR: 'the provider answered with an HTTP error',
  NETWORK_ERROR: 'the provider could not be reached: check the network or --base-url',
  TIMEOUT: 'no answer in time: try --timeout with a larger value',
  DECRYPT_FAILED: 'check the APIv3 key (WECHAT_V3_API_V3_KEY)',
  MALFORMED_RESPONSE: 'the answer could not be read: is the base URL right?',
  UNSUPPORTED: 'this installed version of payquery cannot do this yet',
};

/** The exit code for an error thrown by a command. */
function exitFor(err) {
  if (err instanceof CliError) return err.exit;
  if (err && err.code === 'INVALID_CONFIG') return EXIT.CONFIG;
  if (err && err.code === 'UNSUPPORTED') return EXIT.UNSUPPORTED;
  return EXIT.FAILED;
}

/**
 * The printable fields of an error: code, message, hint and the PayQueryError extras. An error
 * that is neither ours nor the library's is reported by code INTERNAL with its message bounded.
 */
function describeError(err) {
  if (err && typeof err.code === 'string' && (err instanceof CliError || err.name === 'PayQueryError')) {
    const out = { code: err.code, message: err.message, hint: err.hint || HINTS[err.code] };
    for (const k of ['providerCode', 'httpStatus', 'requestId', 'retryable', 'attempts', 'host']) {
      if (err[k] !== undefined && err[k] !== null) out[k] = err[k];
    }
    return out;
  }
  // Not ours, not the library's: its message might quote input (JSON.parse does), so only
  // its kind is named.
  const kind = err instanceof Error ? `${err.name}${typeof err.code === 'string' ? ` ${err.code}` : ''}` : typeof err;
  return { code: 'INTERNAL', message: `unexpected failure (${kind})`, hint: 'please report this with the command you ran (without secrets)' };
}

module.exports = { EXIT, CliError, HINTS, usage, configError, exitFor, describeError };
