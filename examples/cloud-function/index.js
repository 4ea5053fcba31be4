'use strict';
// A WeChat cloud function in the CloudPay style: query an order, then branch on tradeState.
//
// Inside WeChat cloud it is a drop-in for wx-server-sdk's `cloud.cloudPay`: `new CloudPay({ cloud })`
// over `require('wx-server-sdk')` itself, and the platform signs. The code below is what it would
// be with `cloud.cloudPay.queryOrder`, plus payquery's non-enumerable `status`, `coupons` and
// `resultErrCode`.
// Anywhere else (a Node service, a local run) the same code signs a WeChat Pay APIv2
// service-provider query itself when PAYQUERY_APPID, PAYQUERY_MCH_ID and PAYQUERY_API_KEY are
// set (PAYQUERY_BASE_URL optional). The sub-merchant comes from the event or SUB_MCH_ID.
//
// Event: { outTradeNo } or { transactionId }, optionally { subMchId }.
const { CloudPay, isPayQueryError } = require('payquery');

/** The CloudPay client for this environment. */
function createPay(env = process.env) {
  if (env.PAYQUERY_APPID) {
    return new CloudPay({
      appid: env.PAYQUERY_APPID,
      mchId: env.PAYQUERY_MCH_ID,
      apiKey: env.PAYQUERY_API_KEY,
      ...(env.PAYQUERY_BASE_URL ? { baseUrl: env.PAYQUERY_BASE_URL } : {}),
    });
  }
  // Only inside WeChat cloud, where it is installed: payquery never loads or bundles it.
  const cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  return new CloudPay({ cloud });
}

exports.main = async (event, context) => {
  // Made on the first call and kept while the instance stays warm; tests set exports.pay.
  const pay = exports.pay || (exports.pay = createPay());
  const order = event.transactionId ? { transaction_id: event.transactionId } : { out_trade_no: event.outTradeNo };
  let res;
  try {
    res = await pay.queryOrder({ sub_mch_id: event.subMchId || process.env.SUB_MCH_ID, ...order });
  } catch (e) {
    if (!isPayQueryError(e)) throw e;
    // Bad input, a platform error, a forged answer, a timeout: nothing is known about the order.
    // errCode/errMsg are wx-server-sdk's (the platform's own, or -1 for payquery's refusals).
    return {
      ok: false,
      error: e.code,
      errCode: e.errCode,
      providerCode: e.providerCode,
      retryable: e.retryable,
      message: e.errMsg,
    };
  }
  if (res.returnCode !== 'SUCCESS') {
    // The call was refused (a sub-merchant not bound to this environment...): resolved, as
    // wx-server-sdk resolves it.
    return { ok: false, error: 'REFUSED', retryable: false, message: res.returnMsg };
  }
  if (res.resultCode !== 'SUCCESS') {
    // A business failure, returned as CloudPay returns it (ORDERNOTEXIST, SYSTEMERROR...).
    return { ok: false, error: res.resultErrCode || 'FAIL', retryable: res.resultErrCode === 'SYSTEMERROR', message: res.errCodeDes };
  }
  switch (res.tradeState) {
    case 'SUCCESS':
      return {
        ok: true,
        paid: true,
        outTradeNo: res.outTradeNo,
        transactionId: res.transactionId,
        amountFen: res.status.amountFen, // a number whatever type the platform sent totalFee as
        paidAt: res.status.paidAt,
        coupons: res.coupons,
      };
    case 'NOTPAY':
    case 'USERPAYING':
    case 'ACCEPT':
      return { ok: true, paid: false, pending: true, tradeState: res.tradeState, message: res.tradeStateDesc };
    default: // CLOSED, REVOKED, REFUND, PAYERROR: settled without (or no longer with) a payment.
      return { ok: true, paid: false, pending: false, tradeState: res.tradeState, message: res.tradeStateDesc };
  }
};

exports.createPay = createPay;
