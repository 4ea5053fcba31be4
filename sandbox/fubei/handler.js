'use strict';
// Emulates the Fubei gateways: 1.0 POST /gateway (openapi.payment.order.query, app_id) and
// 2.0 POST /gateway/agent (fbpay.order.query, vendor_sn + merchant_id, or app_id). Checks the
// MD5 signature over the body exactly as received, then answers from the seeded orders.
// The sub_code values are the sandbox's own: Fubei publishes no complete list.
const { verifyFubei } = require('./sign.js');
const { toJson } = require('./json.js');

const METHODS = { '1.0': 'openapi.payment.order.query', '2.0': 'fbpay.order.query' };

function envelope(resultCode, message, extra = {}) {
  return { status: 200, headers: { 'Content-Type': 'application/json;charset=UTF-8' }, body: toJson({ result_code: resultCode, result_message: message, ...extra }) };
}

const fail = (subCode, message) => envelope(400, message, { sub_code: subCode, success: false });

/**
 * Handles one request. `api` is '1.0' or '2.0', `creds` the run's credentials, `orders` the
 * seeded data objects of that API, `fault` the injected fault for this request, if any.
 */
function handleQuery(api, body, { creds, orders, fault }) {
  if (fault && fault.kind === 'systemError') return envelope(500, '系统繁忙，请稍后再试', { sub_code: 'SYSTEM_ERROR', success: false });
  let req;
  try {
    req = JSON.parse(body);
  } catch {
    return fail('PARAM_ERROR', '请求体不是合法的JSON');
  }
  if (!req || typeof req !== 'object' || Array.isArray(req)) return fail('PARAM_ERROR', '请求体不是JSON对象');
  for (const [k, v] of Object.entries(req)) {
    if (typeof v !== 'string') return fail('PARAM_ERROR', `参数${k}必须是字符串`);
    // payquery promises never to send an empty value: whether Fubei signs them is unsettled.
    if (v === '') return fail('PARAM_ERROR', `参数${k}不能为空`);
  }
  for (const k of ['method', 'format', 'sign_method', 'nonce', 'version', 'biz_content', 'sign']) {
    if (req[k] === undefined) return fail('PARAM_ERROR', `缺少参数${k}`);
  }
  if (req.format !== 'json' || req.sign_method !== 'md5') return fail('PARAM_ERROR', 'format或sign_method错误');
  if (req.version !== '1.0' && !(api === '2.0' && req.version === '2.0')) return fail('PARAM_ERROR', 'version错误');
  if (!/^[A-Za-z0-9]{1,32}$/.test(req.nonce)) return fail('PARAM_ERROR', 'nonce错误');

  let secret;
  let merchantLevel;
  if (req.app_id !== undefined && req.vendor_sn === undefined) {
    if (req.app_id !== creds.appId) return fail('APP_NOT_EXIST', 'app_id不存在');
    secret = creds.appSecret;
    merchantLevel = true;
  } else if (api === '2.0' && req.vendor_sn !== undefined && req.app_id === undefined) {
    if (req.vendor_sn !== creds.vendorSn) return fail('VENDOR_NOT_EXIST', 'vendor_sn不存在');
    secret = creds.vendorSecret;
    merchantLevel = false;
  } else {
    return fail('PARAM_ERROR', api === '1.0' ? '缺少参数app_id' : 'app_id与vendor_sn必须二选一');
  }
  if (!verifyFubei(req, secret)) return fail('SIGN_ERROR', '签名错误');
  if (req.method !== METHODS[api]) return fail('METHOD_NOT_EXIST', '接口方法不存在');

  let biz;
  try {
    biz = JSON.parse(req.biz_content);
  } catch {
    return fail('PARAM_ERROR', 'biz_content不是合法的JSON');
  }
  if (!biz || typeof biz !== 'object' || Array.isArray(biz)) return fail('PARAM_ERROR', 'biz_content不是JSON对象');
  if (api === '2.0' && !merchantLevel) {
    if (biz.merchant_id === undefined) return fail('PARAM_ERROR', '服务商级调用merchant_id必传');
    if (biz.merchant_id !== creds.merchantId) return fail('MERCHANT_NOT_EXIST', '商户不存在或不属于该服务商');
  }
  if (api === '1.0' && biz.ins_order_sn !== undefined) return fail('PARAM_ERROR', '参数ins_order_sn不支持');
  // 2.0 priority: order_sn > ins_order_sn > merchant_order_sn (1.0 has no ins_order_sn).
  const key = ['order_sn', 'ins_order_sn', 'merchant_order_sn'].find((k) => biz[k] !== undefined);
  if (!key) return fail('PARAM_ERROR', '订单号不能同时为空');
  const order = orders.find((o) => o[key] === biz[key]);
  if (!order) return fail('ORDER_NOT_EXIST', '订单不存在');
  return envelope(200, '成功', { success: true, data: order });
}

module.exports = { handleQuery, METHODS };
