#!/usr/bin/env node
'use strict';
// `payquery`: the command-line entry. Only the chosen subcommand's module is loaded, and the
// library (the wasm instance) only by commands that use it, so `payquery --help` starts fast.
const { EXIT, exitFor, usage } = require('./errors.js');

/** Subcommand -> module file (each exports `help` text and `run(argv, io)`). */
const COMMANDS = {
  query: './query.js',
  sign: './offline.js',
  verify: './offline.js',
  explain: './offline.js',
  notify: './offline.js',
  certs: './certs.js',
  sandbox: './sandbox.js',
  devtools: './devtools.js',
};

const HELP = `payquery: query payment orders (WeChat Pay APIv2/APIv3, CloudPay, Fubei) from a shell

Usage: payquery <command> [options]      payquery <command> --help

Commands:
  query <provider>      query one order, or a batch with --from FILE
  sign <v2|v3|fubei>    sign parameters (or build a v3 Authorization header)
  verify <v2|v3|fubei>  check the signature of a message or response
  explain <v2|v3|fubei> show the exact signed string, the first difference, the likely cause
  notify <v2|v3|fubei>  verify (and for v3 decrypt) a captured payment notification
  certs <download|check>  APIv3 platform certificates
  sandbox               start the local emulator of the payment APIs
  devtools              serve the offline devtools page on loopback

Providers: wechat-v2 (v2), wechat-v3 (v3), cloudpay, fubei.

Configuration, highest precedence first: flags, environment variables, the JSON config file
named by --config FILE or PAYQUERY_CONFIG ({ "wechat-v2": { "appid": …, "apiKeyFile": … } }).
Secrets (API keys, app secrets, private keys) are never taken on the command line: use
--<name>-file FILE, the environment variable, or <NAME>_FILE.

Output: a short report (coloured on a terminal; NO_COLOR turns colour off), or --json.
Errors print a stable code and a hint (with --json: {"error":{"code",…}} on stdout).

Exit codes:
  0    success (every order of a batch answered)
  1    the operation failed: a query or signature check, an expiring certificate
  2    bad command line (code USAGE)
  3    unusable configuration or input file (CONFIG_MISSING, FILE_UNREADABLE, INVALID_CONFIG…)
  4    not supported by this version of the library (UNSUPPORTED)
  130  interrupted

Example:
  WECHAT_APPID=wx… WECHAT_MCH_ID=1900… WECHAT_API_KEY_FILE=~/.wxkey \\
    payquery query wechat-v2 --out-trade-no 20240101-0001
`;

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
async function main(argv, io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }) {
  const [command, ...rest] = argv;
  const json = rest.includes('--json');
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      if (command === 'help' && rest[0] && COMMANDS[rest[0]]) return main([rest[0], '--help'], io);
      io.stdout.write(HELP);
      return command === undefined ? EXIT.USAGE : EXIT.OK;
    }
    if (command === '--version' || command === '-v') {
      io.stdout.write(`${require('../package.json').version}\n`);
      return EXIT.OK;
    }
    if (!Object.hasOwn(COMMANDS, command)) {
      throw usage(command.startsWith('-') ? 'a command comes first' : 'unknown command', 'payquery --help lists the commands');
    }
    const mod = require(COMMANDS[command]);
    return await mod.run(command, rest, io);
  } catch (err) {
    require('./report.js').printError(err, { json, stdout: io.stdout, stderr: io.stderr });
    return exitFor(err);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

module.exports = { main, EXIT };
