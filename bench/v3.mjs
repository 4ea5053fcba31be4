// Benchmark (a program, not a test): payquery's v3 buildAuthorization and verifyResponse
// against node:crypto doing the same work, synchronously (crypto.sign/verify) and through
// WebCrypto (crypto.subtle, which payquery itself uses), and against the npm peers
// wechatpay-node-v3 and wechatpay-axios-plugin. Prints ops/sec and ratios.
//   scripts/build && node bench/v3.mjs [seconds per case, default 2]
import { createRequire } from 'node:module';
import crypto from 'node:crypto';
import { WechatPayV3 } from 'payquery';

const require = createRequire(import.meta.url);
const { makeCredentials } = require('../pkg/sandbox/wechat_v3/index.js');
const nodeV3 = require('../pkg/sandbox/wechat_v3/sign.js');
const WxPay = require('wechatpay-node-v3');
const { Rsa } = require('wechatpay-axios-plugin');

const seconds = Number(process.argv[2] || 2);
const c = makeCredentials();
const client = new WechatPayV3({ mchid: c.mchid, merchantSerialNo: c.merchantSerialNo, privateKey: c.privateKey, wechatpayPublicKey: c.wechatpayPublicKey });
const URL = `https://api.mch.weixin.qq.com/v3/pay/transactions/out-trade-no/PQ-V3-PAID?mchid=${c.mchid}`;
const PATH = URL.slice('https://api.mch.weixin.qq.com'.length);
const TS = Math.floor(Date.now() / 1000);
const NONCE = '593BEC0C930BF1AFEB40B4A08C8FB242';

const body = JSON.stringify(require('../pkg/sandbox/wechat_v3/orders.js').v3Orders(c).direct[0]);
const headers = nodeV3.signedHeaders(body, { privateKey: c.sandboxKeys.publicKeyPrivateKey, serial: c.wechatpayPublicKey.id, timestamp: TS });

const merchantKey = crypto.createPrivateKey(c.privateKey);
const wechatpayKey = crypto.createPublicKey(c.wechatpayPublicKey.pem);
const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
const subtleSignKey = await crypto.subtle.importKey('pkcs8', merchantKey.export({ type: 'pkcs8', format: 'der' }), RSA, false, ['sign']);
const subtleVerifyKey = await crypto.subtle.importKey('spki', wechatpayKey.export({ type: 'spki', format: 'der' }), RSA, false, ['verify']);
const header = (sig) => `WECHATPAY2-SHA256-RSA2048 mchid="${c.mchid}",nonce_str="${NONCE}",timestamp="${TS}",serial_no="${c.merchantSerialNo}",signature="${sig}"`;
const verifyMessage = () => nodeV3.responseMessage(headers['Wechatpay-Timestamp'], headers['Wechatpay-Nonce'], body);
const signature = Buffer.from(headers['Wechatpay-Signature'], 'base64');
// wechatpay-node-v3 reads its serial from a certificate; any valid one serves for the benchmark.
const wxpay = new WxPay({ appid: c.appid, mchid: c.mchid, publicKey: Buffer.from(c.platformCertificate), privateKey: Buffer.from(c.privateKey) });

const cases = {
  buildAuthorization: {
    payquery: () => client.buildAuthorization('GET', URL, '', { timestamp: TS, nonce: NONCE }),
    'node:crypto sign': () => header(crypto.sign('sha256', Buffer.from(nodeV3.requestMessage('GET', PATH, TS, NONCE, '')), merchantKey).toString('base64')),
    'node crypto.subtle': async () =>
      header(Buffer.from(await crypto.subtle.sign(RSA, subtleSignKey, Buffer.from(nodeV3.requestMessage('GET', PATH, TS, NONCE, '')))).toString('base64')),
    'wechatpay-node-v3': () => wxpay.getAuthorization(NONCE, String(TS), wxpay.getSignature('GET', NONCE, String(TS), PATH)),
    'wechatpay-axios-plugin Rsa.sign': () => header(Rsa.sign(nodeV3.requestMessage('GET', PATH, TS, NONCE, ''), merchantKey)),
  },
  verifyResponse: {
    payquery: () => client.verifyResponse({ status: 200, headers, body }, { now: TS }),
    'node:crypto verify': () => {
      if (!crypto.verify('sha256', verifyMessage(), wechatpayKey, signature)) throw new Error('bad');
      return JSON.parse(body);
    },
    'node crypto.subtle': async () => {
      if (!(await crypto.subtle.verify(RSA, subtleVerifyKey, signature, verifyMessage()))) throw new Error('bad');
      return JSON.parse(body);
    },
    'wechatpay-axios-plugin Rsa.verify': () => {
      if (!Rsa.verify(verifyMessage().toString(), headers['Wechatpay-Signature'], wechatpayKey)) throw new Error('bad');
      return JSON.parse(body);
    },
  },
};

async function measure(fn) {
  for (let i = 0; i < 20; i++) await fn();
  let n = 0;
  const start = process.hrtime.bigint();
  const limit = BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() - start < limit) {
    await fn();
    n++;
  }
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

const ROUNDS = 3;
console.log(`node ${process.version}, ${ROUNDS} interleaved rounds of ${seconds}s per case (median), sequential awaits, RSA-2048, body ${body.length} bytes\n`);
for (const [name, impls] of Object.entries(cases)) {
  const samples = Object.fromEntries(Object.keys(impls).map((k) => [k, []]));
  // Interleaved rounds, so that a noisy neighbour affects every implementation alike.
  for (let r = 0; r < ROUNDS; r++) for (const [impl, fn] of Object.entries(impls)) samples[impl].push(await measure(fn));
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const results = Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, median(xs)]));
  console.log(name);
  for (const [impl, ops] of Object.entries(results)) {
    const ratio = ops / results.payquery;
    console.log(`  ${impl.padEnd(20)} ${ops.toFixed(0).padStart(8)} ops/s   ${ratio.toFixed(2)}x payquery`);
  }
  console.log();
}
