// A loopback stand-in for the WeChat cloud platform behind the real wx-server-sdk: the SDK's
// `cloud.cloudPay.queryOrder` runs unchanged and makes its real HTTP call (a TCB `wx.wxPayApi`
// multipart POST, @cloudbase/node-sdk's transport) to this server via the `serviceUrl` init
// option. By default the platform answers from the sandbox: it signs a v2 service-provider
// order query with node:crypto, verifies the XML answer, and returns it as JSON in the CloudPay
// documentation's field order and types (Int fields as numbers) — written here independently
// of payquery. Answers are memoised per order so that repeated calls see identical JSON.
import http from 'node:http';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { nodeSignV2, nodeBuildXml } from './helpers.mjs';

const require = createRequire(import.meta.url);
const { parseXml } = require('../pkg/sandbox/xml.js');
const { verifyV2 } = require('../pkg/sandbox/wechat_v2/sign.js');

/** The CloudPay documentation's result fields, in its order; `$n` per coupon. */
const DOC = [
  'return_code', 'return_msg', 'appid', 'mch_id', 'sub_appid', 'sub_mch_id', 'nonce_str', 'sign',
  'result_code', 'err_code', 'err_code_des', 'device_info', 'openid', 'is_subscribe', 'sub_openid',
  'sub_is_subscribe', 'trade_type', 'trade_state', 'bank_type', 'total_fee', 'settlement_total_fee',
  'fee_type', 'cash_fee', 'cash_fee_type', 'coupon_fee', 'coupon_count', 'coupon_$n',
  'transaction_id', 'out_trade_no', 'attach', 'time_end', 'trade_state_desc',
];
const INT = /^(total_fee|settlement_total_fee|cash_fee|coupon_fee|coupon_count|coupon_fee_\d+)$/;

function rank(key) {
  const m = /^coupon_(type|id|fee)_(\d+)$/.exec(key);
  if (m) return [DOC.indexOf('coupon_$n'), Number(m[2]), ['type', 'id', 'fee'].indexOf(m[1])];
  const i = DOC.indexOf(key);
  return [i < 0 ? DOC.length : i, 0, 0];
}

/** The v2 XML fields as the platform's JSON: documentation order, Int fields as numbers. */
export function platformJson(fields) {
  const keys = Object.keys(fields).sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
  return Object.fromEntries(keys.map((k) => [k, INT.test(k) && fields[k] !== '' ? Number(fields[k]) : fields[k]]));
}

/** The `requestData` part of a TCB multipart body: the JSON the SDK sends. */
function requestData(body) {
  const m = /name="requestData"\r\nContent-Type: application\/octet-stream\r\n\r\n([\s\S]*?)\r\n--/.exec(body);
  return m ? JSON.parse(m[1]) : undefined;
}

/**
 * Starts the platform. `sb` is a running sandbox. `platform.handler(input)` may be replaced:
 * it returns the JSON object to answer, or `{ tcbError: { code, message } }` for a TCB error.
 * `platform.inputs` records what the SDK sent; `platform.sdk(cloud)` inits a real SDK instance.
 */
export async function startPlatform(sb) {
  const { appid, mchId, apiKey } = sb.credentials.v2;
  const memo = new Map();
  async function fromSandbox(input) {
    const key = JSON.stringify([input.sub_mch_id, input.out_trade_no, input.transaction_id, input.sub_appid]);
    if (memo.has(key)) return memo.get(key);
    const req = { appid, mch_id: mchId, sub_mch_id: input.sub_mch_id, nonce_str: crypto.randomBytes(8).toString('hex'), sign_type: 'MD5' };
    for (const k of ['out_trade_no', 'transaction_id', 'sub_appid']) if (input[k] !== undefined) req[k] = input[k];
    req.sign = nodeSignV2(req, apiKey, 'MD5');
    const res = await fetch(`${sb.url}/pay/orderquery`, { method: 'POST', body: nodeBuildXml(req) });
    const fields = parseXml(await res.text());
    if (fields.return_code === 'SUCCESS' && !verifyV2(fields, apiKey, 'MD5')) throw new Error('bad sandbox signature');
    const json = platformJson(fields);
    memo.set(key, json);
    return json;
  }
  const platform = {
    inputs: [],
    handler: fromSandbox,
    fromSandbox,
  };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const input = requestData(Buffer.concat(chunks).toString());
      platform.inputs.push(input);
      let answer;
      try {
        answer = await platform.handler(input);
      } catch (e) {
        answer = { tcbError: { code: 'SYS_ERR', message: String(e) } };
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answer && answer.tcbError ? answer.tcbError : answer));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  platform.serviceUrl = `http://127.0.0.1:${server.address().port}/admin`;
  /** `cloud.init` options that send the real SDK's calls here. */
  platform.initOptions = { env: 'payquery-test', secretId: 'AKIDpayqueryfake', secretKey: 'fake', serviceUrl: platform.serviceUrl, keepalive: false };
  platform.close = () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); });
  return platform;
}
