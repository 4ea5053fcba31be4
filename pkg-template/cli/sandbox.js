'use strict';
// `payquery sandbox`: starts the package's emulator of the payment APIs on loopback and prints
// its URL, the environment variables that point each provider of this CLI at it, and the
// seeded orders. `--credentials FILE` keeps the same fake credentials across runs.
const fs = require('node:fs');
const { parse, intOption } = require('./options.js');
const { usage, configError, EXIT } = require('./errors.js');

const help = `Usage: payquery sandbox [--port N] [--host 127.0.0.1|::1|localhost] [--credentials FILE] [--json]

Starts the local emulator of WeChat Pay APIv2/APIv3, CloudPay and Fubei (fake orders, fake keys)
and serves until Ctrl-C.
  --port N              port (default: any free one)
  --host H              loopback address to listen on (default 127.0.0.1); the sandbox never
                        listens on other interfaces
  --credentials FILE    reuse fixed credentials: written there (mode 600) on first use, read afterwards
  --allow-origin URL    a further loopback browser origin allowed to use the sandbox controls
  --json                one JSON line { url, credentials, env, orders } instead of the report

Prints the environment variables for each provider, e.g. for payquery itself:
  eval "$(payquery sandbox --port 8080 | sed -n '/^# wechat-v2/,/^$/p')"   # in another shell

Example:
  payquery sandbox --port 8080 --credentials ~/.payquery-sandbox.json
`;

/** The environment of each provider pointed at a sandbox at `url` with `credentials`. */
function sandboxEnv(url, credentials) {
  const { v2, v3, fubei } = credentials;
  const base = { PAYQUERY_BASE_URL: url };
  return {
    'wechat-v2': { ...base, WECHAT_APPID: v2.appid, WECHAT_MCH_ID: v2.mchId, WECHAT_API_KEY: v2.apiKey },
    'wechat-v3': {
      ...base,
      WECHAT_V3_MCHID: v3.mchid,
      WECHAT_V3_SERIAL: v3.merchantSerialNo,
      WECHAT_V3_PRIVATE_KEY: v3.privateKey,
      WECHAT_V3_PUBLIC_KEY_ID: v3.wechatpayPublicKey.id,
      WECHAT_V3_PUBLIC_KEY: v3.wechatpayPublicKey.pem,
      WECHAT_V3_API_V3_KEY: v3.apiV3Key,
    },
    cloudpay: { ...base, CLOUDPAY_APPID: v2.appid, CLOUDPAY_MCH_ID: v2.mchId, CLOUDPAY_API_KEY: v2.apiKey, CLOUDPAY_SUB_MCH_ID: v2.subMchId },
    'fubei (1.0)': { ...base, FUBEI_API: '1.0', FUBEI_APP_ID: fubei.appId, FUBEI_APP_SECRET: fubei.appSecret },
    'fubei (2.0, service provider)': {
      ...base,
      FUBEI_API: '2.0',
      FUBEI_VENDOR_SN: fubei.vendorSn,
      FUBEI_APP_SECRET: fubei.vendorSecret,
      FUBEI_MERCHANT_ID: String(fubei.merchantId),
    },
  };
}

/** The seeded orders as `{ provider: ['ID (STATE)', …] }`; empty when the sandbox's tables changed shape. */
function seededOrders(credentials) {
  const pick = (list, id, state) => (Array.isArray(list) ? list.map((o) => `${o[id]} (${o[state]})`) : []);
  try {
    const v3 = require('../sandbox/wechat_v3/orders.js').v3Orders(credentials.v3);
    const fubei = require('../sandbox/fubei/orders.js');
    const v2 = require('../sandbox/wechat_v2/orders.js').v2Orders();
    return {
      'wechat-v2 / cloudpay (out trade no)': pick(v2, 'out_trade_no', 'trade_state'),
      'wechat-v3 (out trade no)': [...pick(v3.direct, 'out_trade_no', 'trade_state'), ...pick(v3.partner, 'out_trade_no', 'trade_state')],
      'wechat-v3 (combine out trade no)': pick(v3.combine, 'combine_out_trade_no', 'combine_out_trade_no').map((s) => s.replace(/ \(.*\)$/, '')),
      'fubei 1.0 (merchant order sn)': pick(fubei.v1Orders(), 'merchant_order_sn', 'trade_state'),
      'fubei 2.0 (merchant order sn)': pick(fubei.v2Orders(credentials.fubei.merchantId), 'merchant_order_sn', 'order_status'),
    };
  } catch {
    return {};
  }
}

/** Single-quoted for sh: multi-line PEMs paste as they are. */
const shQuote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

/** Credentials from `file` when it exists, else `undefined` (the sandbox generates them). */
function readCredentials(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (e.code === 'ENOENT') return undefined;
    throw configError('FILE_UNREADABLE', `cannot read --credentials (${e.code || 'error'})`, 'check the path and its permissions');
  }
  try {
    const c = JSON.parse(text);
    if (c && c.v2 && c.v3 && c.fubei) return c;
  } catch {
    // reported below
  }
  throw configError('CONFIG_FILE_INVALID', '--credentials does not hold sandbox credentials', 'remove the file: it is written again on the next start');
}

/** Runs the `sandbox` subcommand until SIGINT/SIGTERM; resolves to the exit code. */
async function run(_command, argv, io) {
  const { values } = parse(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    credentials: { type: 'string' },
    'allow-origin': { type: 'string', multiple: true },
  });
  if (values.help) {
    io.stdout.write(help);
    return EXIT.OK;
  }
  const port = intOption(values, 'port', 0, { max: 65535 });
  const host = values.host || '127.0.0.1';
  if (!['127.0.0.1', '::1', 'localhost'].includes(host)) {
    throw usage('--host must be a loopback address (127.0.0.1, ::1 or localhost)', 'the sandbox holds fake keys and control endpoints: it never listens on other interfaces');
  }
  const stored = values.credentials ? readCredentials(values.credentials) : undefined;
  const { startSandbox } = require('../sandbox/index.js');
  let sb;
  try {
    sb = await startSandbox({ port, host, credentials: stored, allowOrigins: values['allow-origin'] || [] });
  } catch (e) {
    if (e && e.code === 'EADDRINUSE') throw configError('PORT_IN_USE', 'the port is in use', 'choose another --port, or omit it for a free one');
    if (e && typeof e.code === 'string' && e.code.startsWith('E')) throw configError('LISTEN_FAILED', `cannot listen (${e.code})`, 'check --host and --port');
    throw usage(e instanceof Error ? e.message : 'the sandbox refused its options', 'see --help');
  }
  const stopped = require('./signals.js').untilSignal(() => sb.close());
  let credentialsNote = 'generated for this run (--credentials FILE keeps them)';
  if (values.credentials && !stored) {
    fs.writeFileSync(values.credentials, `${JSON.stringify(sb.credentials, null, 2)}\n`, { mode: 0o600 });
    credentialsNote = 'generated and written to --credentials';
  } else if (stored) credentialsNote = 'read from --credentials';
  const env = sandboxEnv(sb.url, sb.credentials);
  const orders = seededOrders(sb.credentials);
  if (values.json) io.stdout.write(`${JSON.stringify({ url: sb.url, credentials: sb.credentials, env, orders })}\n`);
  else {
    let text = `payquery sandbox on ${sb.url}  (fake keys: ${credentialsNote}; Ctrl-C stops it)\n\n`;
    for (const [name, vars] of Object.entries(env)) {
      text += `# ${name}\n${Object.entries(vars).map(([k, v]) => `export ${k}=${shQuote(v)}`).join('\n')}\n\n`;
    }
    text += 'Seeded orders:\n';
    for (const [name, ids] of Object.entries(orders)) text += `  ${name}: ${ids.join(', ')}\n`;
    text += `\nTry: payquery query wechat-v2 --out-trade-no PQ-V2-PAID (with the wechat-v2 variables above)\n`;
    io.stdout.write(text);
  }
  await stopped;
  return EXIT.OK;
}

module.exports = { run, help, sandboxEnv };
