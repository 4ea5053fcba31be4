'use strict';
// `payquery sign|verify|explain|notify <v2|v3|fubei> [FILE|-]`: the library's offline tools
// over a file or stdin. Keys come from the same configuration as `query` (flags, environment,
// config file); nothing here touches the network.
const fs = require('node:fs');
const { parse } = require('./options.js');
const { usage, configError, CliError, EXIT } = require('./errors.js');
const { providerName, configOptions, clientConfig, whereToSet, configHelp } = require('./config.js');

const INPUTS = {
  sign: {
    'wechat-v2': 'parameters as <xml>…</xml>, JSON or k=v&… (a sign field is ignored)',
    fubei: 'parameters as JSON or k=v&… (biz_content as the exact string sent)',
    'wechat-v3': 'the request body, if any (with --method and --url)',
  },
  verify: {
    'wechat-v2': 'a signed <xml> message (an answer or a notification)',
    fubei: 'signed parameters as JSON or k=v&…',
    'wechat-v3': 'a response as JSON { "status": 200, "headers": { … }, "body": "<raw body>" }',
  },
  explain: {
    'wechat-v2': 'parameters or a signed message as <xml>, JSON or k=v&…',
    fubei: 'parameters or signed parameters as JSON or k=v&…',
    'wechat-v3': 'JSON { "request": { method, url, body?, timestamp?, nonce? }, "wechatMessage"? } or { "response": { status, headers, body } } (no keys needed)',
  },
  notify: {
    'wechat-v2': 'the notification body (<xml>) as received',
    fubei: 'the notification as received (form-encoded body or JSON fields)',
    'wechat-v3': 'JSON { "headers": { "Wechatpay-Signature": …, … }, "body": "<raw body>" }',
  },
};

const DOES = {
  sign: 'signs parameters (v3: prints the Authorization header for --method and --url)',
  verify: 'checks a signature; exit 1 when it does not verify',
  explain: 'shows the exact signed string (invisible characters visible), the signature, and for a signed input the first difference and the likely cause',
  notify: 'verifies a captured payment notification (v3: also decrypts it with the APIv3 key) and prints the order',
};

function help(command, provider) {
  const providers = provider ? [provider] : ['wechat-v2', 'wechat-v3', 'fubei'];
  const example = {
    sign: "echo 'appid=wx1&mch_id=10&nonce_str=abc&body=test' | WECHAT_API_KEY_FILE=key.txt payquery sign v2",
    verify: 'WECHAT_API_KEY_FILE=key.txt payquery verify v2 answer.xml',
    explain: 'WECHAT_API_KEY_FILE=key.txt payquery explain v2 request.xml',
    notify: 'payquery notify v3 captured.json   # with WECHAT_V3_* set, WECHAT_V3_API_V3_KEY included',
  }[command];
  return `Usage: payquery ${command} <v2|v3|fubei> [FILE|-] [options]

${DOES[command]}. Input from FILE, or stdin when FILE is - or absent:
${providers.map((p) => `  ${p}: ${INPUTS[command][p]}`).join('\n')}
${command === 'sign' ? '  --method M --url URL     v3: the request to sign (URL as sent: path and query)\n  --xml                    v2: print the whole <xml> with sign instead of the signature\n' : ''}  --json                   JSON output
Keys (flag | environment variable; also the --config FILE section):
${provider ? configHelp(provider) : '  see payquery ' + command + ' <v2|v3|fubei> --help'}

Example:
  ${example}
`;
}

/** The input text: FILE, or stdin for `-` or no FILE (not from a terminal). */
function readInput(file, io) {
  if (file === undefined && io.stdin && io.stdin.isTTY) throw usage('no input', 'give a FILE, or pipe the input to stdin');
  try {
    return fs.readFileSync(file === undefined || file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw configError('FILE_UNREADABLE', `cannot read the input (${e.code || 'error'})`, 'check the path');
  }
}

/** Parses JSON input of a v3 tool; the text is never quoted in the error. */
function jsonInput(text, what) {
  try {
    const v = JSON.parse(text);
    if (v && typeof v === 'object') return v;
  } catch {
    // reported below
  }
  throw configError('INPUT_INVALID', `the input is not ${what}`, 'see --help for the expected JSON');
}

/** One secret of a provider's configuration, or CONFIG_MISSING naming where to set it. */
function secretOf(provider, key, values, env) {
  const { config } = clientConfig(provider, values, env);
  if (config[key] === undefined) throw configError('CONFIG_MISSING', `no ${key} configured for ${provider}`, `set ${whereToSet(provider, key)}`);
  return config;
}

/** An explanation (v2 or Fubei) as readable lines. */
function explanationText(x, p, { showInvisible }) {
  const lines = [];
  if (x.signType) lines.push(`${p.bold('sign type')}        ${x.signType}`);
  lines.push(`${p.bold('string to sign')}   ${showInvisible(x.stringToSign)}`);
  lines.push(`${p.bold('signature')}        ${x.signature}`);
  if (x.receivedSign !== undefined) {
    lines.push(`${p.bold('received sign')}    ${showInvisible(x.receivedSign)}`);
    lines.push(`${p.bold('matches')}          ${x.matches ? p.green('yes') : p.red('no')}`);
  }
  if (x.differingField) lines.push(`${p.bold('differing field')}  ${x.differingField}`);
  if (x.hint) lines.push(`${p.bold('likely cause')}     ${x.hint}`);
  return `${lines.join('\n')}\n`;
}

/** A v3 explanation as readable lines. */
function explanationV3Text(x, p, { showInvisible }) {
  const lines = [];
  if (x.message !== null && x.message !== undefined) lines.push(`${p.bold('message')} (${x.kind === 'request' ? 'signed' : 'verified'}), line by line:`, ...x.message.split('\n').slice(0, -1).map((l, i) => `  ${i + 1}  ${showInvisible(l)}`));
  if (x.kind === 'request') {
    if (x.matches !== undefined) lines.push(`${p.bold('matches WeChat Pay')}  ${x.matches ? p.green('yes') : p.red('no')}`);
    if (x.firstDifference) {
      const d = x.firstDifference;
      lines.push(`${p.bold('first difference')}    line ${d.line} (${d.name})`, `  ours:   ${showInvisible(d.ours)}`, `  wechat: ${showInvisible(d.wechat)}`);
    }
  } else {
    if (x.missing && x.missing.length) lines.push(`${p.bold('missing headers')}     ${x.missing.join(', ')}`);
    if (x.serial) lines.push(`${p.bold('serial')}              ${x.serial}`);
    if (x.probe) lines.push(`${p.bold('probe signature')}     yes`);
    if (x.skewSeconds !== null && x.skewSeconds !== undefined) lines.push(`${p.bold('clock skew')}          ${x.skewSeconds}s${x.withinSkew === false ? p.red(' (too large)') : ''}`);
  }
  if (x.hint) lines.push(`${p.bold('likely cause')}        ${x.hint}`);
  return `${lines.join('\n')}\n`;
}

/** Runs sign, verify, explain or notify. */
async function run(command, argv, io) {
  if (argv[0] === undefined || argv[0].startsWith('-')) {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.stdout.write(help(command));
      return EXIT.OK;
    }
    throw usage('which provider?', `payquery ${command} <v2|v3|fubei>; see payquery ${command} --help`);
  }
  const provider = providerName(argv[0], ['wechat-v2', 'wechat-v3', 'fubei']);
  const extra = command === 'sign' ? { method: { type: 'string' }, url: { type: 'string' }, xml: { type: 'boolean' } } : {};
  const { values, positionals } = parse(argv.slice(1), { ...configOptions(provider), ...extra }, { positionals: 1 });
  if (values.help) {
    io.stdout.write(help(command, provider));
    return EXIT.OK;
  }
  const report = require('./report.js');
  const p = report.painter(report.colourFor(io.stdout, io.env));
  const env = io.env;
  const text = readInput(positionals[0], io);
  const lib = require('./client.js').library();
  const out = (value, human) => io.stdout.write(values.json ? `${JSON.stringify(value)}\n` : human);
  const v2 = provider === 'wechat-v2';
  const fubei = provider === 'fubei';

  if (command === 'sign') {
    if (v2) {
      const c = secretOf(provider, 'apiKey', values, env);
      if (values.xml) {
        const xml = lib.buildV2Xml(text, c.apiKey, c.signType || 'MD5');
        return out({ xml }, `${xml}\n`), EXIT.OK;
      }
      const signature = lib.signV2(text, c.apiKey, c.signType || 'MD5');
      return out({ signature }, `${signature}\n`), EXIT.OK;
    }
    if (fubei) {
      const c = secretOf(provider, 'appSecret', values, env);
      const signature = lib.signFubei(text, c.appSecret);
      return out({ signature }, `${signature}\n`), EXIT.OK;
    }
    if (!values.method || !values.url) throw usage('v3 signing needs --method and --url', 'e.g. --method GET --url "/v3/pay/transactions/out-trade-no/X?mchid=Y"');
    const { client } = require('./client.js').makeClient(provider, values, env);
    const authorization = await client.buildAuthorization(values.method, values.url, text === '' ? null : text);
    return out({ authorization }, `${authorization}\n`), EXIT.OK;
  }

  if (command === 'explain') {
    if (provider === 'wechat-v3') {
      const x = lib.explainV3(jsonInput(text, 'a JSON { request } or { response } object'));
      return out(x, explanationV3Text(x, p, report)), EXIT.OK;
    }
    const c = secretOf(provider, v2 ? 'apiKey' : 'appSecret', values, env);
    const x = v2 ? lib.explainV2(text, c.apiKey, c.signType || 'MD5') : lib.explainFubei(text, c.appSecret);
    return out(x, explanationText(x, p, report)), EXIT.OK;
  }

  if (command === 'verify') {
    if (v2) {
      const c = secretOf(provider, 'apiKey', values, env);
      const fields = lib.verifyV2Xml(text, c.apiKey, c.signType || 'MD5');
      return out({ verified: true, fields }, `${p.green('signature valid')}\n${fieldsText(fields)}`), EXIT.OK;
    }
    if (fubei) {
      const c = secretOf(provider, 'appSecret', values, env);
      const x = lib.explainFubei(text, c.appSecret);
      if (x.receivedSign === undefined) throw new CliError('SIGNATURE_MISSING', 'the input carries no sign', { exit: EXIT.FAILED, hint: 'verify needs signed parameters; payquery sign fubei computes one' });
      if (!x.matches) throw new CliError('SIGNATURE_INVALID', 'the sign does not match the parameters', { exit: EXIT.FAILED, hint: x.hint || 'try payquery explain fubei' });
      return out({ verified: true }, `${p.green('signature valid')}\n`), EXIT.OK;
    }
    const { client } = require('./client.js').makeClient(provider, values, env);
    const body = await client.verifyResponse(jsonInput(text, 'a JSON { status, headers, body } object'));
    return out({ verified: true, body }, `${p.green('signature valid')}\n${JSON.stringify(body, null, 2)}\n`), EXIT.OK;
  }

  // notify
  let order;
  if (v2) {
    const c = secretOf(provider, 'apiKey', values, env);
    const fields = lib.verifyV2Xml(text, c.apiKey, c.signType || 'MD5');
    return out({ verified: true, fields }, `${p.green('notification verified')}\n${fieldsText(fields)}`), EXIT.OK;
  }
  if (fubei) {
    const c = secretOf(provider, 'appSecret', values, env);
    order = lib.verifyFubeiNotification(text.replace(/\r?\n$/, ''), c.appSecret);
  } else {
    const { client } = require('./client.js').makeClient(provider, values, env);
    const input = jsonInput(text, 'a JSON { headers, body } object');
    if (typeof client.parseNotification === 'function') order = await client.parseNotification(input);
    else order = (await client.handleNotification(input)).notification;
  }
  return out(report.orderJson(order), `${p.green('notification verified')}\n${report.orderText(order, p)}`), EXIT.OK;
}

/** `k  v` lines of verified fields. */
function fieldsText(fields) {
  const width = Math.max(0, ...Object.keys(fields).map((k) => k.length));
  return `${Object.entries(fields).map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n')}\n`;
}

module.exports = { run, help };
