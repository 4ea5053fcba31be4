'use strict';
// A stand-in for wx-server-sdk's `cloud` object, to run CloudPay-style cloud functions outside
// WeChat cloud (tests, local development). `cloud.cloudPay.queryOrder(input)` answers from the
// same seeded APIv2 service-provider orders as the HTTP sandbox and shapes the answer the way
// wx-server-sdk does — written here independently of payquery's Rust core.
const crypto = require('node:crypto');
const { v2Orders, SUB_MCH_ID } = require('./wechat_v2/orders.js');

/** wx-server-sdk's rule for answer keys: `_` followed by a lowercase letter -> that letter uppercased. */
function toCamel(key) {
  return key.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
}

/** wx-server-sdk's rule for input keys: an uppercase letter -> `_` and the letter lowercased. */
function toSnake(key) {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

const NUMBER_FIELD = /^(total_fee|cash_fee|settlement_total_fee|coupon_fee|coupon_count|coupon_fee_\d+)$/;
const COUPON_ITEM = /^coupon_(id|type|fee)_(\d+)$/;

/** The error wx-server-sdk throws (its CloudSDKError carries `errCode` and `errMsg`). */
class CloudSDKError extends Error {
  constructor(errCode, errMsg) {
    super(`errCode: ${errCode} | errMsg: ${errMsg}`);
    this.errCode = errCode;
    this.errMsg = errMsg;
  }
}

/**
 * Creates a stand-in `cloud`. Options:
 * - `appid`, `mchId`: the service provider (default: the sandbox's fixed fake ids);
 * - `subMchIds`: sub-merchants it serves (default: the sandbox's);
 * - `numbers`: amounts and counts as JSON numbers instead of strings (both are seen);
 * - `couponList`: coupons as `couponList: [{ couponId, couponType, couponFee }]` instead of
 *   `couponId_0`-style fields;
 * - `throws`: `{ errCode, errMsg }` to throw as a platform error instead of answering.
 * `cloud.calls` records every input, as received.
 */
function createCloud(options = {}) {
  const appid = options.appid || 'wxsandbox00000001';
  const mchId = options.mchId || '1900000100';
  const subMchIds = options.subMchIds || [SUB_MCH_ID];
  const orders = v2Orders().filter((o) => o.sub_mch_id);
  const calls = [];

  function answer(input) {
    const req = Object.fromEntries(Object.entries(input).map(([k, v]) => [toSnake(k), v]));
    const head = {
      return_code: 'SUCCESS',
      return_msg: 'OK',
      appid,
      mch_id: mchId,
      sub_mch_id: req.sub_mch_id,
      nonce_str: crypto.randomBytes(8).toString('hex'),
    };
    if (req.sub_appid) head.sub_appid = req.sub_appid;
    const order = subMchIds.includes(req.sub_mch_id)
      ? orders.find((o) =>
          o.sub_mch_id === req.sub_mch_id &&
          (req.transaction_id ? o.transaction_id === req.transaction_id : o.out_trade_no === req.out_trade_no),
        )
      : undefined;
    if (!order) {
      return { ...head, result_code: 'FAIL', err_code: 'ORDERNOTEXIST', err_code_des: '此交易订单号不存在' };
    }
    const { sub_mch_id: _owner, ...wire } = order;
    const fields = { ...head, result_code: 'SUCCESS', ...wire };
    if (options.couponList && fields.coupon_count) {
      const list = [];
      for (const [key, value] of Object.entries(fields)) {
        const m = COUPON_ITEM.exec(key);
        if (!m) continue;
        delete fields[key];
        list[Number(m[2])] = { ...list[Number(m[2])], [`coupon_${m[1]}`]: value };
      }
      fields.coupon_list = list;
    }
    return fields;
  }

  function shape(fields) {
    const out = {};
    for (const [key, value] of Object.entries(fields)) {
      const v = options.numbers && NUMBER_FIELD.test(key) ? Number(value) : value;
      out[toCamel(key)] = Array.isArray(v)
        ? v.map((item) => Object.fromEntries(Object.entries(item).map(([k, x]) => [toCamel(k), x])))
        : v;
    }
    // As wx-server-sdk does: this overwrites WeChat's own err_code (now errCode).
    return { ...out, errCode: 0, errMsg: 'cloudPay.queryOrder:ok' };
  }

  return {
    calls,
    cloudPay: {
      async queryOrder(input) {
        calls.push({ ...input });
        if (options.throws) throw new CloudSDKError(options.throws.errCode, options.throws.errMsg);
        return shape(answer(input));
      },
    },
  };
}

module.exports = { createCloud, CloudSDKError };
