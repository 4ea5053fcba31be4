// The `payquery` command, run as a child process from the built package (pkg/cli/payquery.js)
// against the sandbox on 127.0.0.1: every subcommand, --json output parsed, documented exit
// codes and messages for bad command lines, and a secret canary that must never appear on
// stdout or stderr (batches: cli-batch.test.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { OFFICIAL, nodeSignV2, nodeBuildXml, sandbox } from './helpers.mjs';
import { nodeSignFubei } from './fubei-helpers.mjs';
import { ALIAS, cli, envs, file, firstJsonLine, lines, root, spawnCli, stop, tmp } from './cli-helpers.mjs';

test('cli: --help for every command and subcommand, with usage and an example; no command is a usage error', async () => {
  const top = await cli(['--help']);
  assert.equal(top.code, 0);
  assert.match(top.stdout, /Usage: payquery <command>/);
  assert.match(top.stdout, /Exit codes:\n {2}0 /);
  for (const args of [
    ['query', '--help'],
    ['query', 'wechat-v2', '--help'],
    ['query', 'wechat-v3', '--help'],
    ['query', 'cloudpay', '--help'],
    ['query', 'fubei', '--help'],
    ['sign', '--help'],
    ['sign', 'v3', '--help'],
    ['verify', 'v2', '--help'],
    ['explain', 'fubei', '--help'],
    ['notify', 'v3', '--help'],
    ['certs', '--help'],
    ['certs', 'check', '--help'],
    ['sandbox', '--help'],
    ['devtools', '--help'],
    ['help', 'query'],
  ]) {
    const r = await cli(args);
    assert.equal(r.code, 0, args.join(' '));
    assert.match(r.stdout, /Usage: payquery/, args.join(' '));
    assert.match(r.stdout, /Example/, args.join(' '));
    assert.equal(r.stderr, '', args.join(' '));
  }
  // The sandbox alias used to start a server on --help.
  const alias = await cli(['--help'], { bin: ALIAS });
  assert.equal(alias.code, 0);
  assert.match(alias.stdout, /Usage: payquery sandbox/);
  const none = await cli([]);
  assert.equal(none.code, 2);
});

test('cli: bad command lines exit 2 with code USAGE and a hint; a bad configuration exits 3', async () => {
  const cases = [
    [['bogus'], /unknown command/],
    [['query', 'paypal', '--out-trade-no', 'X'], /unknown provider/],
    [['query', 'wechat-v2', '--bogus'], /unknown option --bogus/],
    [['query', 'wechat-v2', '--bogus=value'], /unknown option --bogus$/m],
    [['query', 'wechat-v2'], /which order\?/],
    [['query', 'wechat-v2', '--out-trade-no', 'A', '--transaction-id', 'B'], /one order id flag/],
    [['query', 'wechat-v2', '--out-trade-no'], /option --out-trade-no needs a value/],
    [['query', 'wechat-v2', '--from', 'x.csv', '--concurrency', '0'], /--concurrency must be an integer from 1 to 64/],
    [['query', 'wechat-v2', '--from', 'x.csv', '--rate', 'fast'], /--rate must look like/],
    [['query', 'wechat-v2', '--out-trade-no', 'A', '--resume'], /--resume needs --from/],
    [['sign', 'v2', '--api-key', 'k'], /--api-key is not accepted: secrets are never read from the command line/],
    [['sandbox', '--host', '0.0.0.0'], /--host must be a loopback address/],
    [['sandbox', '--port', '70000'], /--port must be an integer from 0 to 65535/],
    [['certs', 'renew'], /unknown certs action/],
  ];
  for (const [args, message] of cases) {
    const r = await cli(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, /^error USAGE: /, args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
    assert.match(r.stderr, /\nhint: .+\n$/, args.join(' '));
    assert.equal(r.stdout, '');
    const j = await cli([...args, '--json']);
    assert.equal(j.code, 2);
    const { error } = JSON.parse(j.stdout);
    assert.equal(error.code, 'USAGE');
    assert.match(error.message, message);
    assert.equal(typeof error.hint, 'string');
  }
  const missing = await cli(['query', 'wechat-v2', '--out-trade-no', 'A', '--json'], { env: { WECHAT_APPID: 'wx1', WECHAT_MCH_ID: '1' } });
  assert.equal(missing.code, 3);
  assert.deepEqual(JSON.parse(missing.stdout).error, { code: 'CONFIG_MISSING', message: 'no apiKey configured for wechat-v2', hint: 'set --api-key-file FILE or WECHAT_API_KEY' });
  const unreadable = await cli(['query', 'wechat-v2', '--out-trade-no', 'A', '--api-key-file', path.join(tmp, 'absent')]);
  assert.equal(unreadable.code, 3);
  assert.match(unreadable.stderr, /^error FILE_UNREADABLE: cannot read the file given by --api-key-file \(ENOENT\)/);
  const invalid = await cli(['query', 'wechat-v2', '--out-trade-no', 'A', '--json'], { env: { WECHAT_API_KEY: 'k' } });
  assert.equal(invalid.code, 3);
  assert.equal(JSON.parse(invalid.stdout).error.code, 'INVALID_CONFIG');
});

test('cli: query every provider against the sandbox, as a report and as --json; a failed query exits 1 with its code', async (t) => {
  const sb = await sandbox(t);
  const e = envs(sb);
  const cases = [
    ['wechat-v2', e.v2, ['--out-trade-no', 'PQ-V2-PAID'], 101],
    ['v3', e.v3, ['--out-trade-no', 'PQ-V3-PAID'], 101],
    ['wechat-v3', e.v3, ['--combine-out-trade-no', 'PQ-V3-COMBINE-PAID'], 1000],
    ['cloudpay', e.cloudpay, ['--out-trade-no', 'PQ-V2-SP-PAID'], 8007],
    ['fubei', e.fubei1, ['--merchant-order-sn', 'PQ-FB1-PAID'], 8007],
    ['fubei', e.fubei2, ['--merchant-order-sn', 'PQ-FB2-PAID'], 8007],
  ];
  for (const [provider, env, ids, amountFen] of cases) {
    const j = await cli(['query', provider, ...ids, '--json'], { env });
    assert.equal(j.code, 0, `${provider} ${j.stdout}${j.stderr}`);
    const order = JSON.parse(j.stdout);
    assert.equal(order.status.state, 'PAID');
    assert.equal(order.status.amountFen, amountFen);
    assert.equal(order.attempts, 1);
    const human = await cli(['query', provider, ...ids], { env });
    assert.equal(human.code, 0);
    assert.match(human.stdout, /^state {10}PAID {2}provider: SUCCESS\n/);
    assert.match(human.stdout, new RegExp(`amount {9}${(amountFen / 100).toFixed(2)} CNY \\(${amountFen} fen\\)`));
    assert.ok(!human.stdout.includes('\x1b['), 'no colour when piped');
  }
  const coloured = await cli(['query', 'v2', '--out-trade-no', 'PQ-V2-NOTPAY'], { env: { ...e.v2, FORCE_COLOR: '1' } });
  assert.match(coloured.stdout, /\x1b\[33mNOT_PAID\x1b\[0m/);

  const missing = await cli(['query', 'wechat-v2', '--out-trade-no', 'PQ-NO-SUCH-ORDER', '--json'], { env: e.v2 });
  assert.equal(missing.code, 1);
  const { error } = JSON.parse(missing.stdout);
  assert.equal(error.code, 'ORDER_NOT_FOUND');
  assert.equal(error.providerCode, 'ORDERNOTEXIST');
  const cpMissing = await cli(['query', 'cloudpay', '--out-trade-no', 'PQ-NO-SUCH-ORDER'], { env: e.cloudpay });
  assert.equal(cpMissing.code, 1);
  assert.match(cpMissing.stderr, /^error ORDER_NOT_FOUND: CloudPay answered resultCode FAIL \(provider code ORDERNOTEXIST\)\nhint: no such order/);
  const wrongKey = await cli(['query', 'wechat-v2', '--out-trade-no', 'PQ-V2-PAID', '--json'], { env: { ...e.v2, WECHAT_API_KEY: 'x'.repeat(32) } });
  assert.equal(wrongKey.code, 1);
  assert.equal(JSON.parse(wrongKey.stdout).error.code, 'REQUEST_SIGNATURE_REJECTED');
});

test('cli: configuration precedence is flag, then environment, then config file; secrets from files', async (t) => {
  const sb = await sandbox(t);
  const { v2 } = sb.credentials;
  const keyFile = file('v2.key', `${v2.apiKey}\n`);
  const config = file('config.json', JSON.stringify({ 'wechat-v2': { appid: v2.appid, mchId: v2.mchId, apiKeyFile: keyFile, baseUrl: sb.url } }));
  const q = ['query', 'wechat-v2', '--out-trade-no', 'PQ-V2-PAID', '--json'];
  const fromFile = await cli([...q, '--config', config]);
  assert.equal(fromFile.code, 0, fromFile.stdout);
  const fromEnvVar = await cli(q, { env: { PAYQUERY_CONFIG: config } });
  assert.equal(fromEnvVar.code, 0);
  // The environment overrides the file: a wrong merchant id fails.
  const envWins = await cli([...q, '--config', config], { env: { WECHAT_MCH_ID: '1999999999' } });
  assert.equal(envWins.code, 1);
  // A flag overrides the environment.
  const flagWins = await cli([...q, '--config', config, '--mch-id', v2.mchId], { env: { WECHAT_MCH_ID: '1999999999' } });
  assert.equal(flagWins.code, 0);
  // A secret from a *_FILE variable, the rest from flags.
  const viaFileVar = await cli([...q, '--appid', v2.appid, '--mch-id', v2.mchId, '--base-url', sb.url], { env: { WECHAT_API_KEY_FILE: keyFile } });
  assert.equal(viaFileVar.code, 0);
  const badConfig = await cli([...q, '--config', file('bad.json', '{ not json')]);
  assert.equal(badConfig.code, 3);
  assert.equal(JSON.parse(badConfig.stdout).error.code, 'CONFIG_FILE_INVALID');
  // A key the config file spells as another SDK does is never ignored: the library names it.
  const misspelled = file('misspelled.json', JSON.stringify({ 'wechat-v2': { appid: v2.appid, mch_id: v2.mchId, apiKeyFile: keyFile, baseUrl: sb.url } }));
  const refused = await cli([...q, '--config', misspelled]);
  assert.equal(refused.code, 3, refused.stdout);
  const error = JSON.parse(refused.stdout).error;
  assert.equal(error.code, 'INVALID_CONFIG');
  assert.equal(error.message, 'config.mch_id is not a known option: did you mean mchId?');
});

test('cli: sign, verify and explain v2 and Fubei over files and stdin, checked with node:crypto', async () => {
  const env = { WECHAT_API_KEY: OFFICIAL.key };
  const kv = Object.entries(OFFICIAL.params).map(([k, v]) => `${k}=${v}`).join('&');
  const signed = await cli(['sign', 'v2'], { env, input: kv });
  assert.deepEqual(signed, { code: 0, signal: null, stdout: `${OFFICIAL.md5}\n`, stderr: '' });
  const hmac = await cli(['sign', 'v2', file('p.json', JSON.stringify(OFFICIAL.params)), '--sign-type', 'HMAC-SHA256', '--json'], { env });
  assert.deepEqual(JSON.parse(hmac.stdout), { signature: OFFICIAL.hmac });
  const xml = await cli(['sign', 'v2', '--xml'], { env, input: kv });
  assert.match(xml.stdout, new RegExp(`^<xml>.*<sign>${nodeSignV2(OFFICIAL.params, OFFICIAL.key, 'MD5')}</sign></xml>\n$`));
  assert.match(xml.stdout, /<nonce_str>ibuaiVcKdpRxkhJA<\/nonce_str>/);

  const good = file('good.xml', nodeBuildXml({ ...OFFICIAL.params, sign: OFFICIAL.md5 }));
  const ok = await cli(['verify', 'v2', good, '--json'], { env });
  assert.equal(ok.code, 0);
  assert.equal(JSON.parse(ok.stdout).fields.mch_id, '10000100');
  const tampered = file('bad.xml', nodeBuildXml({ ...OFFICIAL.params, body: 'tes\u200bt', sign: OFFICIAL.md5 }));
  const bad = await cli(['verify', 'v2', tampered], { env });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^error SIGNATURE_INVALID: .*\nhint: .*payquery explain/);
  const explained = await cli(['explain', 'v2', tampered], { env });
  assert.equal(explained.code, 0);
  assert.match(explained.stdout, /string to sign {3}appid=wxd930ea5d5a258f4f&body=tes⟨U\+200B⟩t&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA&key=\*\*\*\n/);
  assert.match(explained.stdout, /matches {10}no\n/);
  assert.match(explained.stdout, /likely cause {5}\S/);
  const explainedJson = JSON.parse((await cli(['explain', 'v2', '-', '--json'], { env, input: fs.readFileSync(good) })).stdout);
  assert.equal(explainedJson.matches, true);

  const secret = 'fubei-secret-for-cli-test';
  const params = { app_id: 'A1', method: 'fbpay.order.query', format: 'json', sign_method: 'md5', nonce: 'n1', version: '1.0', biz_content: '{"merchant_order_sn":"M1"}' };
  const fenv = { FUBEI_APP_SECRET: secret };
  const fsig = await cli(['sign', 'fubei', file('f.json', JSON.stringify(params))], { env: fenv });
  assert.equal(fsig.stdout, `${nodeSignFubei(params, secret)}\n`);
  const fok = await cli(['verify', 'fubei', '--json'], { env: fenv, input: JSON.stringify({ ...params, sign: nodeSignFubei(params, secret) }) });
  assert.equal(fok.code, 0);
  const fbad = await cli(['verify', 'fubei', '--json'], { env: fenv, input: JSON.stringify({ ...params, sign: nodeSignFubei(params, 'other') }) });
  assert.equal(fbad.code, 1);
  assert.equal(JSON.parse(fbad.stdout).error.code, 'SIGNATURE_INVALID');
  const fex = await cli(['explain', 'fubei', '--json'], { env: fenv, input: JSON.stringify({ ...params, extra: 'x', sign: nodeSignFubei(params, secret) }) });
  assert.equal(JSON.parse(fex.stdout).differingField, 'extra');
});

test('cli: v3 sign, verify and explain with the sandbox: an Authorization it accepts, its signed answer verified', async (t) => {
  const sb = await sandbox(t);
  const e = envs(sb).v3;
  const url = `/v3/pay/transactions/out-trade-no/PQ-V3-PAID?mchid=${sb.credentials.v3.mchid}`;
  const auth = await cli(['sign', 'v3', '--method', 'GET', '--url', url], { env: e });
  assert.equal(auth.code, 0, auth.stderr);
  const authorization = auth.stdout.trim();
  // Checked independently: the signature over the v3 message with the merchant's public key.
  const fields = Object.fromEntries([...authorization.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const message = `GET\n${url}\n${fields.timestamp}\n${fields.nonce_str}\n\n`;
  assert.ok(crypto.verify('sha256', Buffer.from(message), sb.credentials.v3.merchantPublicKey, Buffer.from(fields.signature, 'base64')));
  // Wechatpay-Serial asks for answers signed with the WeChat Pay public key, as the client does.
  const res = await fetch(sb.url + url, { headers: { Authorization: authorization, Accept: 'application/json', 'Wechatpay-Serial': sb.credentials.v3.wechatpayPublicKey.id } });
  assert.equal(res.status, 200);
  const response = { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
  const ok = await cli(['verify', 'v3', '--json'], { env: e, input: JSON.stringify(response) });
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.equal(JSON.parse(ok.stdout).body.out_trade_no, 'PQ-V3-PAID');
  const tampered = await cli(['verify', 'v3', '--json'], { env: e, input: JSON.stringify({ ...response, body: response.body.replace('PQ-V3-PAID', 'PQ-V3-PAIE') }) });
  assert.equal(tampered.code, 1);
  assert.equal(JSON.parse(tampered.stdout).error.code, 'SIGNATURE_INVALID');
  const ex = await cli(['explain', 'v3'], {
    input: JSON.stringify({ request: { method: 'GET', url, timestamp: 1700000000, nonce: 'abc' }, wechatMessage: `GET\n${url.replace('PAID', 'PAYED')}\n1700000000\nabc\n\n` }),
  });
  assert.equal(ex.code, 0);
  assert.match(ex.stdout, /first difference {4}line 2 \(URL\)\n {2}ours: {3}\/v3\/pay\/transactions\/out-trade-no\/PQ-V3-PAID/);
  const noJson = await cli(['explain', 'v3'], { input: 'GET /v3' });
  assert.equal(noJson.code, 3);
  assert.match(noJson.stderr, /^error INPUT_INVALID: the input is not/);
  assert.ok(!noJson.stderr.includes('GET /v3'));
});

test('cli: notify verifies v3 (decrypting), v2 and Fubei notifications', async (t) => {
  const sb = await sandbox(t);
  const e = envs(sb);
  const v3 = sb.tools.v3.buildNotification({ outTradeNo: 'PQ-V3-PAID' });
  const ok = await cli(['notify', 'v3', file('n.json', JSON.stringify(v3)), '--json'], { env: e.v3 });
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.equal(JSON.parse(ok.stdout).status.state, 'PAID');
  const human = await cli(['notify', 'v3', '-'], { env: e.v3, input: JSON.stringify(v3) });
  assert.match(human.stdout, /^notification verified\nstate {10}PAID/);
  const wrongKey = sb.tools.v3.buildNotification({ outTradeNo: 'PQ-V3-PAID', apiV3Key: 'k'.repeat(32) });
  const failed = await cli(['notify', 'v3', '--json'], { env: e.v3, input: JSON.stringify(wrongKey) });
  assert.equal(failed.code, 1);
  assert.equal(JSON.parse(failed.stdout).error.code, 'DECRYPT_FAILED');

  const v2fields = { appid: 'wx1', mch_id: '10', nonce_str: 'n', result_code: 'SUCCESS', return_code: 'SUCCESS', out_trade_no: 'O1', total_fee: '101', transaction_id: 'T1' };
  const v2xml = nodeBuildXml({ ...v2fields, sign: nodeSignV2(v2fields, 'k2', 'MD5') });
  const v2ok = await cli(['notify', 'v2', '--json'], { env: { WECHAT_API_KEY: 'k2' }, input: v2xml });
  assert.equal(v2ok.code, 0);
  assert.equal(JSON.parse(v2ok.stdout).fields.out_trade_no, 'O1');
  assert.equal((await cli(['notify', 'v2'], { env: { WECHAT_API_KEY: 'k3' }, input: v2xml })).code, 1);

  const data = '{"order_status":"SUCCESS","order_sn":"F1","merchant_order_sn":"M1","total_amount":80.07,"fee":"0.29","finish_time":"20240101120000","pay_type":"alipay"}';
  const fb = { result_code: '200', result_message: '成功', data };
  const body = new URLSearchParams({ ...fb, sign: nodeSignFubei(fb, 'fs') }).toString();
  const fok = await cli(['notify', 'fubei', '--json'], { env: { FUBEI_APP_SECRET: 'fs' }, input: body });
  assert.equal(fok.code, 0, fok.stdout);
  assert.equal(JSON.parse(fok.stdout).status.amountFen, 8007);
});

test('cli: certs check names expired and expiring certificates; certs download needs library support', async (t) => {
  const sb = await sandbox(t);
  const current = file('current.pem', sb.credentials.v3.platformCertificate);
  const expired = file('expired.pem', sb.credentials.v3.expiredPlatformCertificate);
  const ok = await cli(['certs', 'check', '--json'], { env: { WECHAT_V3_PLATFORM_CERTS: current } });
  assert.equal(ok.code, 0);
  const [cert] = JSON.parse(ok.stdout).certificates;
  assert.equal(cert.serial, sb.credentials.v3.platformSerial);
  assert.equal(cert.state, 'OK');
  const bad = await cli(['certs', 'check', expired, '--platform-certs', current]);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /^EXPIRED {2}[0-9A-F]+ {2}expires /m);
  assert.match(bad.stdout, /^OK {7}/m);
  assert.match(bad.stderr, /1 certificate\(s\) expired or expiring within 30 days/);
  // A certificate valid for years is "expiring" within a longer horizon.
  assert.equal((await cli(['certs', 'check', current, '--days', '3650'])).code, 1);
  assert.equal((await cli(['certs', 'check'])).code, 3);

  const { WechatPayV3 } = (await import('payquery')).default;
  const outDir = path.join(tmp, 'certs');
  const dl = await cli(['certs', 'download', '--out-dir', outDir, '--json'], { env: envs(sb).v3 });
  if (typeof WechatPayV3.prototype.downloadPlatformCertificates === 'function') {
    assert.equal(dl.code, 0, dl.stdout);
    const { certificates } = JSON.parse(dl.stdout);
    assert.ok(certificates.length >= 1);
    for (const c of certificates) assert.ok(fs.readFileSync(c.file, 'utf8').includes('BEGIN CERTIFICATE'));
  } else {
    assert.equal(dl.code, 4);
    assert.equal(JSON.parse(dl.stdout).error.code, 'UNSUPPORTED');
  }
});

test('cli: payquery sandbox serves, prints its environment and seeded orders, keeps --credentials; the alias prints JSON', async () => {
  const creds = path.join(tmp, 'sandbox-credentials.json');
  const first = spawnCli(['sandbox', '--credentials', creds, '--json']);
  const info = await firstJsonLine(first);
  assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(info.orders['wechat-v2 / cloudpay (out trade no)'].includes('PQ-V2-PAID (SUCCESS)'));
  const q = await cli(['query', 'wechat-v2', '--out-trade-no', 'PQ-V2-PAID', '--json'], { env: info.env['wechat-v2'] });
  assert.equal(q.code, 0, q.stdout);
  const q3 = await cli(['query', 'wechat-v3', '--out-trade-no', 'PQ-V3-PAID', '--json'], { env: info.env['wechat-v3'] });
  assert.equal(q3.code, 0, q3.stdout);
  assert.equal(await stop(first), 0);
  assert.equal(fs.statSync(creds).mode & 0o777, 0o600);

  // The same credentials on the next run, and a fixed port.
  const port = String(20000 + (process.pid % 20000));
  const second = spawnCli(['sandbox', '--credentials', creds, '--port', port]);
  let text = '';
  await new Promise((resolve) => second.stdout.on('data', (c) => ((text += c), text.includes('Try:') && resolve())));
  assert.match(text, new RegExp(`^payquery sandbox on http://127\\.0\\.0\\.1:${port} {2}\\(fake keys: read from --credentials`));
  assert.ok(text.includes(`export WECHAT_API_KEY='${info.credentials.v2.apiKey}'`));
  assert.match(text, /^# fubei \(2\.0, service provider\)\nexport PAYQUERY_BASE_URL=/m);
  assert.match(text, /PQ-FB1-PAID \(SUCCESS\)/);
  assert.equal(await stop(second), 0);

  const alias = spawnCli([], { bin: ALIAS });
  const legacy = await firstJsonLine(alias);
  assert.match(legacy.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(typeof legacy.credentials.v2.apiKey, 'string');
  assert.equal(await stop(alias), 0);
});

test('cli: payquery devtools serves the page and the browser build on loopback, nothing else', async () => {
  const child = spawnCli(['devtools', '--json']);
  const { url } = await firstJsonLine(child);
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/devtools\/$/);
  const page = await fetch(url);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<script type="module" src="\.\/app\.js">/);
  const app = await (await fetch(`${url}app.js`)).text();
  assert.match(app, /from '\.\.\/web\/index\.js'/);
  const wasm = await fetch(new URL('../payquery_bg.wasm', url));
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  for (const p of ['../cli/config.js', '../package.json', '../node/index.cjs']) assert.equal((await fetch(new URL(p, url))).status, 404, p);
  assert.equal(await stop(child), 0);
});

test('cli: payquery devtools --sandbox starts a sandbox that answers the page, and stops it too', async () => {
  const child = spawnCli(['devtools', '--sandbox', '--json']);
  const { url, sandbox } = await firstJsonLine(child);
  const page = new URL(url);
  assert.equal(page.searchParams.get('sandbox'), sandbox);
  assert.match(sandbox, /^http:\/\/127\.0\.0\.1:\d+$/);
  // The sandbox shows its credentials to the page's origin (under each loopback name), no other.
  for (const origin of [page.origin, page.origin.replace('127.0.0.1', 'localhost')]) {
    const res = await fetch(`${sandbox}/__sandbox/credentials`, { headers: { Origin: origin } });
    assert.equal(res.status, 200, origin);
    assert.equal(res.headers.get('access-control-allow-origin'), origin);
    assert.equal(typeof (await res.json()).v2.apiKey, 'string');
  }
  assert.equal((await fetch(`${sandbox}/__sandbox/credentials`, { headers: { Origin: 'http://127.0.0.1:1' } })).status, 403);
  const root = await fetch(new URL('/', url), { redirect: 'manual' });
  assert.equal(root.headers.get('location'), `/devtools/?sandbox=${sandbox}`);
  assert.equal(await stop(child), 0);
  await assert.rejects(fetch(`${sandbox}/__sandbox/credentials`), 'the sandbox stopped with the page');
});

test('cli: a secret canary in every secret position never reaches stdout or stderr', async (t) => {
  const sb = await sandbox(t);
  const CANARY = 'CANARY-7f3a9c-DO-NOT-PRINT';
  const e = envs(sb);
  const keyFile = file('canary.key', CANARY);
  const pkFile = file('pk.pem', sb.credentials.v3.privateKey);
  const pkBody = sb.credentials.v3.privateKey.split('\n')[1];
  const runs = [
    [['query', 'wechat-v2', '--out-trade-no', 'PQ-V2-PAID'], { ...e.v2, WECHAT_API_KEY: CANARY }],
    [['query', 'wechat-v2', '--out-trade-no', 'PQ-V2-PAID', '--json'], { ...e.v2, WECHAT_API_KEY: undefined, WECHAT_API_KEY_FILE: keyFile }],
    [['query', 'cloudpay', '--out-trade-no', CANARY], { ...e.cloudpay, CLOUDPAY_API_KEY: CANARY }],
    [['query', 'fubei', '--merchant-order-sn', 'PQ-FB1-PAID'], { ...e.fubei1, FUBEI_APP_SECRET: CANARY }],
    [['query', 'wechat-v3', '--out-trade-no', 'PQ-V3-PAID'], { ...e.v3, WECHAT_V3_PRIVATE_KEY: undefined, WECHAT_V3_PRIVATE_KEY_FILE: pkFile }],
    [['query', 'wechat-v3', '--out-trade-no', 'PQ-V3-PAID', '--json'], { ...e.v3, WECHAT_V3_PRIVATE_KEY: CANARY }],
    [['query', 'wechat-v3', '--out-trade-no', 'PQ-V3-PAID', '--json'], { ...e.v3, WECHAT_V3_API_V3_KEY: CANARY }],
    [['query', 'wechat-v2', '--api-key', CANARY], e.v2],
    [['query', 'wechat-v2', `--api-key=${CANARY}`], e.v2],
    [['query', 'wechat-v2', `--bogus=${CANARY}`], e.v2],
    [['query', 'wechat-v2', '--out-trade-no', 'A', '--timeout', CANARY], e.v2],
    [['query', 'wechat-v2', '--out-trade-no', 'A', '--config', file('c.json', `{"wechat-v2": "${CANARY}"`)], e.v2],
    [['sign', 'v2'], { WECHAT_API_KEY: CANARY }, 'appid=wx&nonce_str=n'],
    [['explain', 'v2'], { WECHAT_API_KEY: CANARY }, 'appid=wx&nonce_str=n&sign=AB12'],
    [['verify', 'v2'], { WECHAT_API_KEY: CANARY }, '<xml><appid>wx</appid><sign>AA</sign></xml>'],
    [['explain', 'fubei'], { FUBEI_APP_SECRET: CANARY }, '{"a":"1","sign":"X"}'],
    [['verify', 'fubei'], { FUBEI_APP_SECRET: CANARY }, '{"a":"1","sign":"X"}'],
    [['notify', 'fubei'], { FUBEI_APP_SECRET: CANARY }, 'result_code=200&data=%7B%7D&sign=X'],
    [['notify', 'v3'], { ...e.v3, WECHAT_V3_API_V3_KEY: CANARY }, JSON.stringify(sb.tools.v3.buildNotification({ outTradeNo: 'PQ-V3-PAID' }))],
    [['sign', 'v3', '--method', 'GET', '--url', '/v3/x'], { ...e.v3, WECHAT_V3_PRIVATE_KEY: CANARY }],
    [['sign', 'v3', '--method', 'GET', '--url', '/v3/x'], { ...e.v3, WECHAT_V3_PRIVATE_KEY: undefined, WECHAT_V3_PRIVATE_KEY_FILE: pkFile }],
    [['certs', 'check', keyFile], {}],
    [['certs', 'download'], { ...e.v3, WECHAT_V3_API_V3_KEY: CANARY }],
  ];
  for (const [args, rawEnv, input] of runs) {
    const env = Object.fromEntries(Object.entries(rawEnv).filter(([, v]) => v !== undefined));
    const r = await cli(args, { env, input });
    const all = r.stdout + r.stderr;
    assert.ok(!all.includes(CANARY), `${args.join(' ')} printed the canary`);
    assert.ok(!all.includes(pkBody), `${args.join(' ')} printed the private key`);
    assert.ok(r.code !== null && all.length > 0, args.join(' '));
  }
});
