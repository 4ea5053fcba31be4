// Writes the seed corpora under fuzz/seeds/<target>/ from the sandbox's seeded orders and the
// test fixtures: `node fuzz/seed.mjs`. Every seed starts with the 4-byte control prefix the
// targets read ([flags, pos_lo, pos_hi, byte], see fuzz/src/lib.rs). The output is checked in;
// rerun after changing the sandbox's orders. Inputs a finding was fixed for are kept next to
// them as `regression-<what>`. Ids match the fixed configs in fuzz/src/lib.rs.
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const { buildXml } = require('../sandbox/xml.js');
const { v2Orders } = require('../sandbox/wechat_v2/orders.js');
const { v3Orders } = require('../sandbox/wechat_v3/orders.js');
const fubeiOrders = require('../sandbox/fubei/orders.js');
const { toJson } = require('../sandbox/fubei/json.js');
const { createCloud } = require('../sandbox/cloudpay.js');

const V2 = { appid: 'wxfuzz0000000001', mch_id: '1900000100' };
const V3 = { mchid: '1900000001', appid: 'wxfuzz0000000001', spMchid: '1900000001', spAppid: 'wxfuzz0000000001', subMchid: '1900000109', subAppid: 'wxfuzzsub0000001' };
const FUBEI_MERCHANT_ID = 1000001;

/** The control prefix: `flags`, a tamper position and a tamper byte. */
function ctl(flags, pos = 7, byte = 1) {
  return Buffer.from([flags, pos & 0xff, (pos >> 8) & 0xff, byte]);
}

const written = {};
function seed(target, name, flags, body, pos, byte) {
  const dir = join(here, 'seeds', target);
  if (!written[target]) {
    // Findings kept as `regression-*` inputs stay; every generated seed is rewritten.
    mkdirSync(dir, { recursive: true });
    for (const f of readdirSync(dir)) if (!f.startsWith('regression-')) rmSync(join(dir, f));
    written[target] = 0;
  }
  writeFileSync(join(dir, name), Buffer.concat([ctl(flags, pos, byte), Buffer.from(body)]));
  written[target] += 1;
}

// WeChat Pay APIv2: answers of both modes, both sign types, a business failure, a refusal.
v2Orders().forEach((order, i) => {
  if (i % 3 !== 0 && !order.out_trade_no.includes('PAID')) return;
  const partner = Boolean(order.sub_mch_id);
  const fields = { return_code: 'SUCCESS', return_msg: 'OK', ...V2, nonce_str: 'fuzz0nonce', result_code: 'SUCCESS', ...order };
  // Bits 2-4: query by transaction_id, and which id the mismatching answer differs in.
  seed('v2_response', order.out_trade_no, (i & 1) | (partner ? 2 : 0) | (((i >> 1) & 7) << 2) | ((i % 4) << 6), buildXml(fields), 40 + i * 13, i + 1);
});
seed('v2_response', 'ORDERNOTEXIST', 0, buildXml({ return_code: 'SUCCESS', ...V2, result_code: 'FAIL', err_code: 'ORDERNOTEXIST', err_code_des: '此交易订单号不存在' }));
seed('v2_response', 'RETURN-FAIL', 0, '<xml><return_code><![CDATA[FAIL]]></return_code><return_msg><![CDATA[签名错误]]></return_msg></xml>');
seed('v2_response', 'ENTITIES', 1, '<?xml version="1.0"?>\n<xml><!-- c --><return_code>SUCCESS</return_code><attach>a&amp;b&#x4e2d;&lt;</attach><empty/></xml>');

// WeChat Pay APIv3: direct, partner, combine; each query kind; both keys.
const v3 = v3Orders(V3);
// The byte's bits 4-5 pick which id the mismatching answer differs in (0x5x: the merchant).
v3.direct.slice(0, 3).forEach((o, i) => seed('v3_response', o.out_trade_no, i === 0 ? 0x20 : 0, JSON.stringify(o), 30 + i, i === 1 ? 0x51 : 0x41));
seed('v3_response', 'BY-TRANSACTION-ID', 1 | (1 << 6), JSON.stringify(v3.direct[0]), 12, 0x22);
v3.partner.forEach((o, i) => seed('v3_response', o.out_trade_no, 0x08, JSON.stringify(o), 7 + i, 0x11 + i * 0x10));
v3.combine.forEach((o, i) => seed('v3_response', o.combine_out_trade_no, 2 | (i ? 0x20 : 0), JSON.stringify(o), 50, 0x30));
const unsignedBody = JSON.stringify(v3.direct[1]);
seed('v3_response', 'UNSIGNED-HEADERS', 0x10, `Wechatpay-Timestamp: 1800000000\nWechatpay-Nonce: n\nWechatpay-Signature: WECHATPAY/SIGNTEST/AAAA\nWechatpay-Serial: PUB_KEY_ID_0114232134912410000000000000\n\n${unsignedBody}`);
seed('v3_response', 'UNSIGNED-CERT', 0x10, `wechatpay-timestamp: 1799999990\nWECHATPAY-NONCE: n\nWechatpay-Signature: c2ln\nWechatpay-Serial: 009a00c0ffee0000000000000000000000000000f1\n\n${unsignedBody}`);

// APIv3 notifications: envelope, NUL, the decrypted resource.
[v3.direct[0], v3.partner[0], v3.combine[1]].forEach((order, i) => {
  const envelope = {
    id: `EV-FUZZ-${i}`,
    create_time: '2027-01-15T16:00:00+08:00',
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: {
      original_type: 'transaction',
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext: Buffer.alloc(48 + i, 0x5a).toString('base64'),
      associated_data: 'transaction',
      nonce: 'fuzz0nonce01',
    },
  };
  seed('v3_notification', `EV-${i}`, i === 1 ? 1 : 0, Buffer.concat([Buffer.from(JSON.stringify(envelope)), Buffer.from([0]), Buffer.from(JSON.stringify(order))]), 20 + i * 30, 0x10);
});

// Fubei responses: 1.0 and 2.0 (merchant and service-provider level), data as an object and
// as a string, a business error.
fubeiOrders.v1Orders().slice(0, 4).forEach((o, i) => {
  // Bits 2-3: the query kind; bit 4: the mismatching query differs in the merchant.
  seed('fubei_response', o.merchant_order_sn, (i % 2) << 2, toJson({ result_code: 200, result_message: '成功', data: o }), 9 + i);
  if (i === 1) seed('fubei_response', `${o.merchant_order_sn}-AS-STRING`, 0, toJson({ result_code: '200', success: true, data: toJson(o) }));
});
fubeiOrders.v2Orders(FUBEI_MERCHANT_ID).slice(0, 4).forEach((o, i) => {
  seed('fubei_response', o.merchant_order_sn, 1 | (i % 2 ? 2 : 0) | ((i % 3) << 2) | (i % 2 ? 0x10 : 0), toJson({ result_code: 200, result_message: '成功', data: o }), 9 + i);
});
seed('fubei_response', 'ERROR', 0, toJson({ result_code: 400, result_message: '订单不存在', sub_code: 'ORDER_NOT_EXIST', success: false }));

// Fubei notifications: form-encoded, data as a JSON string.
const form = (fields) => Object.entries(fields).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
seed('fubei_notification', 'V1-PAID', 0, form({ result_code: '200', result_message: '成功', data: toJson(fubeiOrders.v1Orders()[0]) }), 30, 0x20);
seed('fubei_notification', 'V2-PAID', 1, form({ result_code: '200', result_message: '', data: toJson(fubeiOrders.v2Orders(FUBEI_MERCHANT_ID)[0]), success: 'true' }), 90, 0x01);
seed('fubei_notification', 'V2-STR', 0x40, form({ result_code: '200', data: toJson(fubeiOrders.v2Orders(FUBEI_MERCHANT_ID)[1]) }).replaceAll('%20', '+'), 60, 0x31);
seed('fubei_notification', 'FAILED', 0, form({ result_code: '500', result_message: '系统错误', sub_code: 'X' }));

// CloudPay platform answers, as the sandbox's stand-in wx-server-sdk shapes them.
const queries = [
  { sub_mch_id: '1900000109', out_trade_no: 'PQ-V2-SP-PAID' },
  { subMchId: '1900000109', outTradeNo: 'PQ-V2-SP-COUPON' },
  { sub_mch_id: '1900000109', out_trade_no: 'NO-SUCH-ORDER' },
];
for (const [n, options] of [{}, { numbers: true }, { couponList: true, numbers: true }].entries()) {
  const cloud = createCloud(options);
  for (const [i, q] of queries.entries()) {
    if (n > 0 && i === 2) continue;
    const answer = await cloud.cloudPay.queryOrder(q);
    answer.nonceStr = 'fuzz0nonce'; // random in the sandbox; fixed so the seeds are stable
    // Bit 1: the mismatching query differs in the sub-merchant; bit 2: a numeric colliding field.
    seed('cloudpay_platform', `answer-${n}-${i}`, ((n + i) % 4) << 1, JSON.stringify(answer), 3 + n * 3 + i);
  }
}
seed('cloudpay_platform', 'platform-error', 0, JSON.stringify({ errCode: -1, errMsg: 'cloudPay.queryOrder:fail' }));

// Keys and certificates: the fixtures as PEM text, and their DER for the wrapped modes.
const fixtures = join(root, 'tests/fixtures/v3');
const der = (pem) => Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
for (const [file, choice] of [
  ['fake_merchant_key.pem', 0],
  ['fake_merchant_pub.pem', 1],
  ['fake_wechatpay_pub.pem', 1],
  ['fake_platform_cert.pem', 2],
  ['fake_rsa1024_key.pem', 0],
  ['fake_ec_key.pem', 0],
]) {
  const pem = readFileSync(join(fixtures, file), 'utf8');
  seed('keys', `${file}.der`, choice, der(pem));
  seed('keys', `${file}.pem`, 3, pem);
}
seed('keys', 'fake_merchant_key_pkcs1.pem', 3, readFileSync(join(fixtures, 'fake_merchant_key_pkcs1.pem'), 'utf8'));

// Parameter text and amounts.
for (const [i, text] of [
  'appid=wx2421b1c4370ec43b&mch_id=10000100&body=支付 测试&attach=&sign=XYZ',
  '{"app_id":"fuzzapp","method":"fbpay.order.query","nonce":"n1","biz_content":"{\\"merchant_id\\":1000001}","n":1,"b":true,"z":null}',
  '<xml><appid>wx1</appid><total_fee>101</total_fee></xml>',
  '80.07',
  '0.29',
  '100000.00',
  '9007199254740991',
  '90071992547409.91',
  'result_code=200&data={"a":1}&empty=',
].entries()) {
  seed('params_text', `text-${i}`, i & 1, text);
}

// JSON text for the reader itself: an APIv3 answer and edge cases.
for (const [i, text] of [
  JSON.stringify(v3.direct[0]),
  '{"a":[1,-2,3.5e-7,"x\\u00e9\\ud83d\\ude00",null,true,{"b":{}}],"c":18446744073709551616,"d":-0}',
  '{"a":1,"a":2}',
  '[[[[{"k":[0.1,1e308,2.2250738585072014e-308]}]]]]',
  ' "tab\\t" ',
].entries()) {
  seed('json_value', `text-${i}`, 0, text);
}

for (const [target, count] of Object.entries(written)) console.log(`${target}: ${count} seeds`);
