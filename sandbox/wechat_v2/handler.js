'use strict';
// Emulates WeChat Pay APIv2 POST /pay/orderquery: checks the request signature with the sign
// type the request names, answers from the seeded orders, signs with the same sign type.
const crypto = require('node:crypto');
const { parseXml, buildXml } = require('../xml.js');
const { signV2, verifyV2 } = require('./sign.js');

function fail(msg) {
  return { status: 200, body: buildXml({ return_code: 'FAIL', return_msg: msg }) };
}

/**
 * Handles one request body. `merchant` is `{ appid, mchId, apiKey, subMchIds, subAppid }`,
 * `orders` the seeded orders, `fault` the injected fault for this request, if any.
 */
function handleOrderQuery(body, { merchant, orders, fault }) {
  if (fault && fault.kind === 'returnFail') return fail('系统繁忙，请稍后再试');
  const req = parseXml(body);
  if (!req) return fail('XML格式错误');
  if (req.appid !== merchant.appid || req.mch_id !== merchant.mchId) return fail('appid和mch_id不匹配');
  const signType = req.sign_type || 'MD5';
  if (signType !== 'MD5' && signType !== 'HMAC-SHA256') return fail('sign_type参数错误');
  if (!req.sign || !verifyV2(req, merchant.apiKey, signType)) return fail('签名错误');
  if (!req.nonce_str || req.nonce_str.length > 32) return fail('nonce_str参数错误');
  if (!req.out_trade_no && !req.transaction_id) return fail('out_trade_no和transaction_id不能同时为空');
  const partner = req.sub_mch_id !== undefined;
  if (partner && !merchant.subMchIds.includes(req.sub_mch_id)) return fail('sub_mch_id与mch_id不匹配');

  const head = {
    return_code: 'SUCCESS',
    return_msg: 'OK',
    appid: req.appid,
    mch_id: req.mch_id,
    sub_appid: partner ? req.sub_appid : undefined,
    sub_mch_id: partner ? req.sub_mch_id : undefined,
    nonce_str: crypto.randomBytes(8).toString('hex'),
  };
  const owner = (o) => (o.sub_mch_id || undefined) === (partner ? req.sub_mch_id : undefined);
  // transaction_id wins when both are sent, as WeChat documents.
  const order = orders.find((o) =>
    owner(o) && (req.transaction_id ? o.transaction_id === req.transaction_id : o.out_trade_no === req.out_trade_no),
  );
  let fields;
  if (fault && fault.kind === 'systemError') {
    fields = { ...head, result_code: 'FAIL', err_code: 'SYSTEMERROR', err_code_des: '系统错误' };
  } else if (!order) {
    fields = { ...head, result_code: 'FAIL', err_code: 'ORDERNOTEXIST', err_code_des: '此交易订单号不存在' };
  } else {
    const { sub_mch_id: _owner, ...wire } = order;
    fields = { ...head, result_code: 'SUCCESS', ...wire };
    // A state sequence (USERPAYING, USERPAYING, SUCCESS): the order answers in the injected
    // state; a SUCCESS gets the fields a paid order has.
    if (fault && fault.kind === 'tradeState') {
      fields.trade_state = fault.state;
      if (fault.state === 'SUCCESS') {
        fields.transaction_id = fields.transaction_id || '4200000000202401019999999999';
        fields.total_fee = fields.total_fee || '1';
        fields.cash_fee = fields.cash_fee || fields.total_fee;
        fields.time_end = fields.time_end || '20240101121500';
      }
    }
  }
  fields.sign = signV2(fields, merchant.apiKey, signType);
  if (fault && fault.kind === 'missingSign') delete fields.sign;
  if (fault && fault.kind === 'badSign') fields.sign = fields.sign.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
  return { status: 200, body: buildXml(fields) };
}

module.exports = { handleOrderQuery };
