// Sample data for the "Sample" buttons: WeChat Pay's own APIv2 signing example, and keys
// generated in this page with WebCrypto (clearly fake, never stored) for the APIv3 and
// "paste a response" samples. Also the sandbox's seeded orders used by "Try with the sandbox".
import { rsaSign, nonce } from './keys.js';

/** The parameters and key of WeChat Pay's official APIv2 signing example. */
export const V2_OFFICIAL = {
  params: { appid: 'wxd930ea5d5a258f4f', mch_id: '10000100', device_info: '1000', body: 'test', nonce_str: 'ibuaiVcKdpRxkhJA' },
  key: '192006250b4c09247ec02edce69f6a2d',
};

/** A Fubei 1.0 order query as sent (biz_content is the exact JSON string), with a fake secret. */
export const FUBEI_SAMPLE = {
  params: {
    app_id: '20190101000000000001',
    method: 'openapi.payment.order.query',
    format: 'json',
    sign_method: 'md5',
    nonce: 'AbCdEfGhIjKlMnOpQrStUvWxYz012345',
    version: '1.0',
    biz_content: '{"merchant_order_sn":"PQ-FB1-PAID"}',
  },
  secret: 'fake0fubei0secret0not0real000000',
};

/** A fake merchant, for samples: ids shaped like real ones, keys made on demand. */
export const FAKE_V3 = {
  mchid: '1900000001',
  serial: '5157F09EFDC096DE15EBE81A47057A7200000001',
  publicKeyId: 'PUB_KEY_ID_0114232134912410000000000000000001',
  url: '/v3/pay/transactions/out-trade-no/ORDER%201001?mchid=1900000001',
};

/** The seeded orders "Try with the sandbox" queries (see `payquery sandbox`). */
export const SANDBOX_ORDERS = { v2: 'PQ-V2-PAID', cloudpay: 'PQ-V2-SP-PAID', v3: 'PQ-V3-PAID', fubei1: 'PQ-FB1-PAID', fubei2: 'PQ-FB2-PAID' };

/** An APIv3 answer signed as WeChat Pay signs it: `{ status, headers, body }`. */
export async function signedV3Answer(wechatKey, serial, body) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const n = nonce();
  const signature = await rsaSign(wechatKey, `${timestamp}\n${n}\n${body}\n`);
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json', 'Wechatpay-Timestamp': timestamp, 'Wechatpay-Nonce': n, 'Wechatpay-Signature': signature, 'Wechatpay-Serial': serial },
    body,
  };
}

/** A paid APIv3 order of the fake merchant, as WeChat Pay's JSON answer. */
export function v3OrderBody(mchid, outTradeNo) {
  return JSON.stringify({
    appid: 'wxd678efh567hg6787',
    mchid,
    out_trade_no: outTradeNo,
    transaction_id: '1217752501201407033233368018',
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'CMC',
    success_time: '2024-06-01T10:34:56+08:00',
    payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    amount: { total: 2999, payer_total: 2999, currency: 'CNY', payer_currency: 'CNY' },
  });
}

/** A paid APIv2 order answer (fields as WeChat Pay sends them), to be signed with buildV2Xml. */
export function v2OrderFields({ appid, mchId, subMchId, outTradeNo }) {
  return {
    return_code: 'SUCCESS',
    return_msg: 'OK',
    appid,
    mch_id: mchId,
    ...(subMchId ? { sub_mch_id: subMchId } : {}),
    nonce_str: nonce().slice(0, 16),
    result_code: 'SUCCESS',
    out_trade_no: outTradeNo,
    transaction_id: '4200000000202406010000000001',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    trade_type: 'JSAPI',
    bank_type: 'CMC',
    total_fee: '2999',
    cash_fee: '2999',
    fee_type: 'CNY',
    time_end: '20240601103456',
    openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
    is_subscribe: 'N',
  };
}

/** What wx-server-sdk's `cloud.cloudPay.queryOrder` resolves to for a paid order. */
export function cloudAnswer({ subMchId, outTradeNo }) {
  return {
    returnCode: 'SUCCESS',
    returnMsg: 'OK',
    appid: 'wxd678efh567hg6787',
    mchId: '1900000100',
    subMchId,
    nonceStr: nonce().slice(0, 16),
    resultCode: 'SUCCESS',
    outTradeNo,
    tradeState: 'SUCCESS',
    tradeStateDesc: '支付成功',
    tradeType: 'JSAPI',
    bankType: 'CMC',
    totalFee: 2999,
    cashFee: 2999,
    feeType: 'CNY',
    transactionId: '4200000000202406010000000002',
    timeEnd: '20240601103456',
    errCode: 0,
    errMsg: 'cloudPay.queryOrder:ok',
  };
}

/** A paid Fubei 1.0 order answer (unsigned: Fubei signs only notifications). */
export function fubeiAnswer(merchantOrderSn) {
  return JSON.stringify({
    result_code: 200,
    result_message: '成功',
    success: true,
    data: {
      merchant_order_sn: merchantOrderSn,
      order_sn: '20240601103456000001',
      trade_state: 'SUCCESS',
      trade_no: '420000000020240601103456',
      pay_time: 1717209296,
      type: 1,
      total_fee: 29.99,
      net_money: 29.88,
      fee: 0.11,
      body: '付呗示例商品',
    },
  });
}

/**
 * The body of WeChat Pay's 401 SIGN_ERROR for `message`, as it sends it: its own copy of the
 * message in `detail.sign_information`, the body cut short.
 */
export function signErrorBody(method, url, message) {
  const lines = message.split('\n');
  const head = `${lines.slice(0, 4).join('\n')}\n`;
  const truncated = `${head}${message.slice(head.length, -1).slice(0, 8)}\n`;
  return JSON.stringify(
    {
      code: 'SIGN_ERROR',
      message: '签名错误，请检查后再试',
      detail: {
        field: 'signature',
        issue: 'sign not match',
        location: 'authorization',
        sign_information: { method, url, sign_message_length: new TextEncoder().encode(message).length, truncated_sign_message: truncated },
      },
    },
    null,
    2,
  );
}
