'use strict';
// Command-line parsing on node:util parseArgs, with errors that name the option and never echo
// a value (a secret pasted into the wrong place must not come back on the terminal).
const { usage } = require('./errors.js');

// Secrets are read from files or the environment only: the command line is visible to other
// users (`ps`). These names get a hint instead of "unknown option".
const SECRET_FLAGS = {
  'api-key': '--api-key-file FILE or WECHAT_API_KEY / CLOUDPAY_API_KEY',
  'app-secret': '--app-secret-file FILE or FUBEI_APP_SECRET',
  'private-key': '--private-key-file FILE or WECHAT_V3_PRIVATE_KEY',
  'api-v3-key': '--api-v3-key-file FILE or WECHAT_V3_API_V3_KEY',
  key: '--api-key-file FILE or the environment',
  secret: '--app-secret-file FILE or the environment',
};

/** Options every subcommand takes. */
const COMMON = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  config: { type: 'string' },
};

/**
 * Parses `argv` against `options` (parseArgs descriptors, merged with COMMON). Resolves to
 * `{ values, positionals }`; throws a USAGE CliError naming the offending option.
 */
function parse(argv, options, { positionals = 0 } = {}) {
  const all = { ...COMMON, ...options };
  let util;
  try {
    util = require('node:util');
  } catch {
    util = {};
  }
  if (typeof util.parseArgs !== 'function') throw usage('this Node.js has no util.parseArgs', 'use Node.js 16.17, 18.3 or later');
  // Checked before parseArgs so that its messages (which can quote a value) are never shown.
  let afterDashes = false;
  for (const arg of argv) {
    if (afterDashes || arg === '-' || !arg.startsWith('-')) continue;
    if (arg === '--') {
      afterDashes = true;
      continue;
    }
    const long = arg.startsWith('--');
    const name = long ? arg.slice(2).split('=')[0] : arg.slice(1, 2);
    const known = long ? Object.hasOwn(all, name) : Object.values(all).some((o) => o.short === name);
    if (known) continue;
    const shown = long ? `--${name}` : `-${name}`;
    if (long && SECRET_FLAGS[name]) {
      throw usage(`${shown} is not accepted: secrets are never read from the command line (other users can see it)`, `use ${SECRET_FLAGS[name]}`);
    }
    throw usage(`unknown option ${shown}`, 'see --help for the options of this command');
  }
  let parsed;
  try {
    parsed = util.parseArgs({ args: argv, options: all, allowPositionals: true, strict: true });
  } catch (e) {
    const named = Object.keys(all).find((n) => typeof e.message === 'string' && e.message.includes(`--${n}`));
    const what = named ? `option --${named}` : 'an option';
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw usage(`${what} ${named && all[named].type === 'boolean' ? 'takes no value' : 'needs a value'}`, 'see --help');
    }
    throw usage(`${what} is malformed`, 'see --help');
  }
  if (parsed.positionals.length > positionals && !parsed.values.help) {
    throw usage(`too many arguments (at most ${positionals} expected)`, 'see --help');
  }
  return parsed;
}

/** A non-negative integer option value, or `fallback` when absent; USAGE otherwise. */
function intOption(values, name, fallback, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}) {
  const v = values[name];
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw usage(`--${name} must be an integer from ${min} to ${max}`, 'see --help');
  return Number(v);
}

module.exports = { parse, intOption, COMMON };
