// Converting a typical order to JavaScript: `parseQueryResponse` of a signed 20-field v2 answer
// (XML parse, HMAC check, typed mapping, then the Rust -> JS conversion of the order) and
// `verifyV2Xml` (the same without the typed mapping). Used to compare JSON writers.
//   node bench/convert.mjs [path/to/pkg]     (after scripts/build; default: ../pkg)
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bench } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkgDir = path.resolve(process.argv[2] || path.join(here, '..', 'pkg'));
const pq = createRequire(import.meta.url)(path.join(pkgDir, 'node', 'index.cjs'));

const KEY = '192006250b4c09247ec02edce69f6a2d';
const response = {
  return_code: 'SUCCESS', return_msg: 'OK', appid: 'wxd930ea5d5a258f4f', mch_id: '10000100',
  nonce_str: 'ibuaiVcKdpRxkhJA', result_code: 'SUCCESS', openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
  is_subscribe: 'N', trade_type: 'JSAPI', bank_type: 'CMC', total_fee: '101', cash_fee: '101',
  fee_type: 'CNY', transaction_id: '4200000000202401010000000001', out_trade_no: 'PQ-BENCH-000001',
  attach: '中文附加数据 "quoted" & <tag>', time_end: '20240101120000', trade_state: 'SUCCESS',
  trade_state_desc: '支付成功', sign_type: 'HMAC-SHA256',
};
const text = `${Object.keys(response).sort().map((k) => `${k}=${response[k]}`).join('&')}&key=${KEY}`;
const sign = crypto.createHmac('sha256', KEY).update(text, 'utf8').digest('hex').toUpperCase();
const xml = `<xml>${Object.entries({ ...response, sign }).map(([k, v]) => `<${k}><![CDATA[${v}]]></${k}>`).join('')}</xml>`;

const client = new pq.WechatPayV2({ appid: response.appid, mchId: response.mch_id, apiKey: KEY, signType: 'HMAC-SHA256' });
const query = { outTradeNo: response.out_trade_no };
// parseQueryResponse takes the query first since issue 10; older builds take the response only.
const parse = client.parseQueryResponse.length >= 2 ? () => client.parseQueryResponse(query, xml) : () => client.parseQueryResponse(xml);
if (parse().status.state !== 'PAID') throw new Error('the fixture does not parse as PAID');

await bench(`Rust -> JS conversion of a typical order (${pkgDir})`, [
  ['WechatPayV2#parseQueryResponse (typed order)', parse],
  ['verifyV2Xml (Record<string, string>)', () => pq.verifyV2Xml(xml, KEY, 'HMAC-SHA256')],
]);
