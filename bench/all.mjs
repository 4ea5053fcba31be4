// Every operation of issue 12 in one run: payquery against hand-written node:crypto code (and
// the regex v2 baseline) and the npm peers wechatpay-axios-plugin, tenpay and wechatpay-node-v3,
// with ratios and the issue's targets, then the module size (raw and gzip) and cold start
// (`require` + first call in a fresh process, beside tenpay's `require`). A program, not a test:
// speed targets live here only.
//   scripts/build && (cd bench && npm ci) && node bench/all.mjs [seconds per sample, default 0.5] [--wall]
// Each sample counts the operations done in that many seconds of this process's CPU time (user +
// system, every thread), not wall time: on a shared machine another process taking the cores
// then stretches a sample without changing its rate. `--wall` measures wall time instead.
//   node bench/all.mjs --only=size,cold    (sections: ops, size, cold)
import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const pkgDir = path.resolve(here, '..', 'pkg');
const pq = require(path.join(pkgDir, 'node', 'index.cjs'));
const Tenpay = require('tenpay');
const { Hash, Transformer, Rsa } = require('wechatpay-axios-plugin');
const WxPay = require('wechatpay-node-v3');
const { makeCredentials } = require(path.join(pkgDir, 'sandbox/wechat_v3/index.js'));
const nodeV3 = require(path.join(pkgDir, 'sandbox/wechat_v3/sign.js'));
const { v3Orders } = require(path.join(pkgDir, 'sandbox/wechat_v3/orders.js'));

const args = process.argv.slice(2);
const WALL = args.includes('--wall');
const SECONDS = Number(args.find((a) => !a.startsWith('--')) || 0.5);
const only = args.find((a) => a.startsWith('--only='));
const sections = new Set(only ? only.slice('--only='.length).split(',') : ['ops', 'size', 'cold']);
const ROUNDS = 5;

// ---- v2 fixtures: 28 fields, MD5, as the issue measured.
const KEY = '192006250b4c09247ec02edce69f6a2d';
const params = {
  appid: 'wxd930ea5d5a258f4f', mch_id: '10000100', out_trade_no: 'PQ-BENCH-000001',
  nonce_str: 'ibuaiVcKdpRxkhJAibuaiVcKdpRxkhJA', body: '测试商品', total_fee: '101',
  spbill_create_ip: '127.0.0.1', notify_url: 'https://example.com/notify', trade_type: 'JSAPI',
};
const response = {
  return_code: 'SUCCESS', return_msg: 'OK', appid: 'wxd930ea5d5a258f4f', mch_id: '10000100',
  device_info: 'WEB', nonce_str: 'ibuaiVcKdpRxkhJA', result_code: 'SUCCESS', openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
  is_subscribe: 'N', trade_type: 'JSAPI', bank_type: 'CMC', total_fee: '101', settlement_total_fee: '101',
  cash_fee: '101', cash_fee_type: 'CNY', fee_type: 'CNY', coupon_fee: '0', coupon_count: '0',
  transaction_id: '4200000000202401010000000001', out_trade_no: 'PQ-BENCH-000001',
  attach: '中文附加数据', time_end: '20240101120000', trade_state: 'SUCCESS', trade_state_desc: '支付成功',
  sub_mch_id: '1900000109', sub_appid: 'wx1234567890abcdef', sub_openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
};
const md5Sign = (fields) => crypto.createHash('md5')
  .update(`${Object.keys(fields).filter((k) => k !== 'sign' && fields[k] !== '').sort().map((k) => `${k}=${fields[k]}`).join('&')}&key=${KEY}`, 'utf8')
  .digest('hex').toUpperCase();
const toXml = (fields) => `<xml>${Object.entries(fields).map(([k, v]) => (/^\d+$/.test(v) ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${v}]]></${k}>`)).join('')}</xml>`;
const xml = toXml({ ...response, sign: md5Sign(response) });
const regexParse = (text) => {
  const out = {};
  for (const m of text.matchAll(/<(\w+)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g)) out[m[1]] = m[2] ?? m[3];
  return out;
};
const tenpay = new Tenpay({ appid: response.appid, mchid: response.mch_id, partnerKey: KEY });
const withoutSign = (f) => Object.fromEntries(Object.entries(f).filter(([k]) => k !== 'sign'));

// ---- v3 fixtures.
const c = makeCredentials();
const client = new pq.WechatPayV3({ mchid: c.mchid, merchantSerialNo: c.merchantSerialNo, privateKey: c.privateKey, wechatpayPublicKey: c.wechatpayPublicKey });
const URL = `https://api.mch.weixin.qq.com/v3/pay/transactions/out-trade-no/PQ-V3-PAID?mchid=${c.mchid}`;
const PATH = URL.slice('https://api.mch.weixin.qq.com'.length);
const TS = Math.floor(Date.now() / 1000);
const NONCE = '593BEC0C930BF1AFEB40B4A08C8FB242';
const body = JSON.stringify(v3Orders(c).direct[0]);
const headers = nodeV3.signedHeaders(body, { privateKey: c.sandboxKeys.publicKeyPrivateKey, serial: c.wechatpayPublicKey.id, timestamp: TS });
const merchantKey = crypto.createPrivateKey(c.privateKey);
const wechatpayKey = crypto.createPublicKey(c.wechatpayPublicKey.pem);
const authHeader = (sig) => `WECHATPAY2-SHA256-RSA2048 mchid="${c.mchid}",nonce_str="${NONCE}",timestamp="${TS}",serial_no="${c.merchantSerialNo}",signature="${sig}"`;
const verifyMessage = () => nodeV3.responseMessage(headers['Wechatpay-Timestamp'], headers['Wechatpay-Nonce'], body);
const signature = Buffer.from(headers['Wechatpay-Signature'], 'base64');
const wxpay = new WxPay({ appid: c.appid, mchid: c.mchid, publicKey: Buffer.from(c.platformCertificate), privateKey: Buffer.from(c.privateKey) });

// Each case: the candidates (payquery first, the baseline second), and the issue's targets as
// [candidate, minimum ratio payquery/candidate].
const cases = [
  {
    name: `v3 verifyResponse (${body.length} B, RSA-2048)`,
    impls: {
      payquery: () => client.verifyResponse({ status: 200, headers, body }, { now: TS }),
      'node:crypto verify': () => {
        if (!crypto.verify('sha256', verifyMessage(), wechatpayKey, signature)) throw new Error('bad');
        return JSON.parse(body);
      },
      'wechatpay-axios-plugin': () => {
        if (!Rsa.verify(verifyMessage().toString(), headers['Wechatpay-Signature'], wechatpayKey)) throw new Error('bad');
        return JSON.parse(body);
      },
    },
    targets: [['node:crypto verify', 0.8]],
  },
  {
    name: 'v3 buildAuthorization',
    impls: {
      payquery: () => client.buildAuthorization('GET', URL, '', { timestamp: TS, nonce: NONCE }),
      'node:crypto sign': () => authHeader(crypto.sign('sha256', Buffer.from(nodeV3.requestMessage('GET', PATH, TS, NONCE, '')), merchantKey).toString('base64')),
      'wechatpay-axios-plugin': () => authHeader(Rsa.sign(nodeV3.requestMessage('GET', PATH, TS, NONCE, ''), merchantKey)),
      'wechatpay-node-v3': () => wxpay.getAuthorization(NONCE, String(TS), wxpay.getSignature('GET', NONCE, String(TS), PATH)),
    },
    targets: [['node:crypto sign', 0.9]],
  },
  {
    name: `v2 verifyV2Xml (${Object.keys(response).length + 1} fields, MD5)`,
    impls: {
      payquery: () => pq.verifyV2Xml(xml, KEY, 'MD5'),
      'regex + md5': () => {
        const f = regexParse(xml);
        if (f.sign !== md5Sign(f)) throw new Error('bad sign');
        return f;
      },
      'wechatpay-axios-plugin': () => {
        const f = Transformer.toObject(xml);
        if (!Hash.equals(f.sign, Hash.sign('MD5', withoutSign(f), KEY))) throw new Error('bad sign');
        return f;
      },
      'tenpay (xml2js)': async () => {
        const f = await require('tenpay/lib/util.js').parseXML(xml);
        if (f.sign !== tenpay._getSign(withoutSign(f), 'MD5')) throw new Error('bad sign');
        return f;
      },
    },
    targets: [['regex + md5', 0.8], ['wechatpay-axios-plugin', 7]],
  },
  {
    name: `v2 signV2 (${Object.keys(params).length} fields, MD5)`,
    impls: {
      payquery: () => pq.signV2(params, KEY, 'MD5'),
      'node:crypto md5': () => md5Sign(params),
      'wechatpay-axios-plugin': () => Hash.sign('MD5', params, KEY),
      tenpay: () => tenpay._getSign(params, 'MD5'),
    },
    targets: [['node:crypto md5', 0.7]],
  },
  {
    name: 'v2 buildV2Xml (MD5)',
    impls: {
      payquery: () => pq.buildV2Xml(params, KEY, 'MD5'),
      'node:crypto + template': () => toXml({ ...params, sign: md5Sign(params) }),
      'wechatpay-axios-plugin': () => Transformer.toXml({ ...params, sign: Hash.sign('MD5', params, KEY) }),
    },
    targets: [['node:crypto + template', 0.6]],
  },
];

/** Microseconds elapsed: CPU time of this process, or wall time with `--wall`. */
const clock = WALL
  ? () => Number(process.hrtime.bigint() / 1000n)
  : () => {
    const { user, system } = process.cpuUsage();
    return user + system;
  };

async function measure(fn) {
  for (let i = 0; i < 200; i++) await fn();
  let n = 0;
  const start = clock();
  const limit = SECONDS * 1e6;
  // The clock is read every 100 calls (reading CPU time is a system call).
  while (clock() - start < limit) {
    for (let i = 0; i < 100; i++) await fn();
    n += 100;
  }
  return n / ((clock() - start) / 1e6);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (sections.has('ops')) console.log(`node ${process.version}; ${ROUNDS} interleaved rounds of ${SECONDS}s ${WALL ? 'wall' : 'CPU'} time per candidate (median); sequential awaits`);
for (const { name, impls, targets } of sections.has('ops') ? cases : []) {
  const samples = Object.fromEntries(Object.keys(impls).map((k) => [k, []]));
  for (let r = 0; r < ROUNDS; r++) for (const [impl, fn] of Object.entries(impls)) samples[impl].push(await measure(fn));
  const ops = Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, median(xs)]));
  console.log(`\n${name}`);
  for (const [impl, n] of Object.entries(ops)) {
    const ratio = ops.payquery / n;
    const target = targets.find(([t]) => t === impl);
    const verdict = target ? `   target >= ${target[1]}x: ${ratio >= target[1] ? 'met' : 'NOT met'}` : '';
    console.log(`  ${impl.padEnd(24)} ${Math.round(n).toLocaleString('en').padStart(9)} ops/s   payquery/this ${ratio.toFixed(2)}x${verdict}`);
  }
}

// ---- Size: every .wasm module the package ships (the full one at the package root, one per
// per-provider entry beside it), raw and gzip -9.
// ---- Size: every .wasm module the package ships (the full one at the package root, one per
// per-provider entry beside it), raw and gzip -9.
if (sections.has('size')) {
  console.log('\nmodule size (target <= 250 KB raw / 100 KB gzip; or per-provider entries each <= 250 KB / 100 KB with the full one <= 400 KB raw)');
  const wasmFiles = fs.readdirSync(pkgDir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.wasm'))
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .filter((f) => !f.includes(`${path.sep}sandbox${path.sep}`))
    .sort();
  if (wasmFiles.length === 0) throw new Error(`no .wasm module in ${pkgDir}: run scripts/build first`);
  for (const file of wasmFiles) {
    const bytes = fs.readFileSync(file);
    const gzip = zlib.gzipSync(bytes, { level: 9 }).length;
    console.log(`  ${path.relative(pkgDir, file).padEnd(36)} ${bytes.length.toLocaleString('en').padStart(9)} B raw  ${gzip.toLocaleString('en').padStart(9)} B gzip`);
  }
}

// ---- Cold start: a fresh process per sample, timed inside it (process start excluded), each
// payquery sample paired with a tenpay sample run right after it, so that the ratio holds when
// the machine's speed drifts; medians of 9 pairs.
if (sections.has('cold')) {
  const run = (code) => Number(execFileSync(process.execPath, ['-e', code], { cwd: here, encoding: 'utf8' }));
  const t0 = 'const t0 = process.hrtime.bigint();';
  const t1 = 'process.stdout.write(String(Number(process.hrtime.bigint() - t0) / 1e6));';
  const tenpayCode = `${t0} require('tenpay'); ${t1}`;
  // Each entry with a first call of its own: the issue's measure is `payquery` and signV2.
  const entries = [
    ['payquery', '', 'signV2', "pq.signV2({ a: '1' }, 'k')"],
    ['payquery/wechat-v2', 'wechat-v2', 'signV2', "pq.signV2({ a: '1' }, 'k')"],
    ['payquery/fubei', 'fubei', 'signFubei', "pq.signFubei({ a: '1' }, 'k')"],
    ['payquery/cloudpay', 'cloudpay', 'new CloudPay', "new pq.CloudPay({ appid: 'wx1', mchId: '1', apiKey: 'k'.repeat(32) })"],
    ['payquery/wechat-v3', 'wechat-v3', 'explainV3', "pq.explainV3({ request: { method: 'GET', url: '/v3/x', timestamp: 1, nonce: 'n', body: '' } })"],
  ];
  console.log('\ncold start (require + a first call in a fresh process, beside tenpay\'s require; median of 9 pairs)');
  for (const [name, dir, label, call] of entries) {
    const file = path.join(pkgDir, dir, 'node', 'index.cjs');
    const pqCode = `${t0} const pq = require(${JSON.stringify(file)}); ${call}; ${t1}`;
    const pairs = [];
    run(pqCode); // warm the file cache
    for (let i = 0; i < 9; i++) {
      const a = run(pqCode);
      const b = run(tenpayCode);
      pairs.push([a, b, a / b]);
    }
    const [pq, tenpay, ratio] = [0, 1, 2].map((k) => median(pairs.map((p) => p[k])));
    console.log(`  ${name.padEnd(20)} ${label.padEnd(13)} ${pq.toFixed(1).padStart(6)} ms   tenpay ${tenpay.toFixed(1).padStart(6)} ms   ratio ${ratio.toFixed(2)}x   target <= 0.15x: ${ratio <= 0.15 ? 'met' : 'NOT met'}`);
  }
}
