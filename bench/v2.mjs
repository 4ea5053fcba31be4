// WeChat Pay APIv2: signing a request and verifying a response (parse + sign check), payquery
// against node:crypto by hand and the npm peers tenpay and wechatpay-axios-plugin.
//   cd bench && npm ci && node v2.mjs      (after scripts/build)
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { signV2, verifyV2Xml } from 'payquery';
import { bench } from './harness.mjs';

const require = createRequire(import.meta.url);
const Tenpay = require('tenpay');
const tenpayUtil = require('tenpay/lib/util.js');
const { Hash, Transformer } = require('wechatpay-axios-plugin');

const KEY = '192006250b4c09247ec02edce69f6a2d';
const params = {
  appid: 'wxd930ea5d5a258f4f', mch_id: '10000100', out_trade_no: 'PQ-BENCH-000001',
  nonce_str: 'ibuaiVcKdpRxkhJAibuaiVcKdpRxkhJA', sign_type: 'HMAC-SHA256',
};
const response = {
  return_code: 'SUCCESS', return_msg: 'OK', appid: 'wxd930ea5d5a258f4f', mch_id: '10000100',
  nonce_str: 'ibuaiVcKdpRxkhJA', result_code: 'SUCCESS', openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
  is_subscribe: 'N', trade_type: 'JSAPI', bank_type: 'CMC', total_fee: '101', cash_fee: '101',
  fee_type: 'CNY', transaction_id: '4200000000202401010000000001', out_trade_no: 'PQ-BENCH-000001',
  attach: '中文附加数据', time_end: '20240101120000', trade_state: 'SUCCESS', trade_state_desc: '支付成功',
};

function nodeSign(fields, type) {
  const text = `${Object.keys(fields).filter((k) => k !== 'sign' && fields[k] !== '').sort().map((k) => `${k}=${fields[k]}`).join('&')}&key=${KEY}`;
  const h = type === 'HMAC-SHA256' ? crypto.createHmac('sha256', KEY) : crypto.createHash('md5');
  return h.update(text, 'utf8').digest('hex').toUpperCase();
}
const xml = `<xml>${Object.entries({ ...response, sign: nodeSign(response, 'HMAC-SHA256') })
  .map(([k, v]) => (/^\d+$/.test(v) ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${v}]]></${k}>`)).join('')}</xml>`;

function nodeParse(text) {
  const out = {};
  for (const m of text.matchAll(/<(\w+)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g)) out[m[1]] = m[2] ?? m[3];
  return out;
}

const tenpay = new Tenpay({ appid: response.appid, mchid: response.mch_id, partnerKey: KEY });

await bench('v2 sign (HMAC-SHA256, 5 fields)', [
  ['payquery signV2', () => signV2(params, KEY, 'HMAC-SHA256')],
  ['node:crypto by hand', () => nodeSign(params, 'HMAC-SHA256')],
  ['wechatpay-axios-plugin Hash.sign', () => Hash.sign('HMAC-SHA256', params, KEY)],
  ['tenpay _getSign', () => tenpay._getSign(params, 'HMAC-SHA256')],
]);

await bench('v2 response: parse XML + verify HMAC-SHA256 (20 fields)', [
  ['payquery verifyV2Xml', () => verifyV2Xml(xml, KEY, 'HMAC-SHA256')],
  ['node:crypto + regex by hand', () => {
    const f = nodeParse(xml);
    if (f.sign !== nodeSign(f, 'HMAC-SHA256')) throw new Error('bad sign');
  }],
  ['wechatpay-axios-plugin Transformer + Hash', () => {
    const f = Transformer.toObject(xml);
    if (!Hash.equals(f.sign, Hash.sign('HMAC-SHA256', Object.fromEntries(Object.entries(f).filter(([k]) => k !== 'sign')), KEY))) throw new Error('bad sign');
  }],
  ['tenpay parseXML (xml2js) + _getSign', async () => {
    const f = await tenpayUtil.parseXML(xml);
    if (f.sign !== tenpay._getSign(Object.fromEntries(Object.entries(f).filter(([k]) => k !== 'sign')), 'HMAC-SHA256')) throw new Error('bad sign');
  }],
]);
