// One client per provider, configured from environment variables. Each returns `{ lookup,
// client }`: `lookup(outTradeNo, { signal }) => Promise<order>` (every order carries the neutral
// `status`), and the client itself, whose `handleNotification` receives payment notifications
// (`null` for CloudPay, which has none). `onEvent`, when given, receives the clients' events.
import { WechatPayV2, WechatPayV3, CloudPay, Fubei } from 'payquery';

function required(env, name) {
  const value = env[name];
  if (!value) throw new Error(`missing environment variable ${name}`);
  return value;
}

const optional = (env, name, key) => (env[name] ? { [key]: env[name] } : {});

export const providers = {
  /** WECHAT_APPID, WECHAT_MCH_ID, WECHAT_API_KEY, WECHAT_SIGN_TYPE?, WECHAT_SUB_MCH_ID?, PAYQUERY_BASE_URL? */
  'wechat-v2'(env, onEvent) {
    const client = new WechatPayV2({
      appid: required(env, 'WECHAT_APPID'),
      mchId: required(env, 'WECHAT_MCH_ID'),
      apiKey: required(env, 'WECHAT_API_KEY'),
      ...optional(env, 'WECHAT_SIGN_TYPE', 'signType'),
      ...optional(env, 'WECHAT_SUB_MCH_ID', 'subMchId'),
      ...optional(env, 'PAYQUERY_BASE_URL', 'baseUrl'),
      onEvent,
    });
    return { client, lookup: (outTradeNo, options) => client.queryOrder({ outTradeNo }, options) };
  },

  /**
   * WECHAT_V3_MCHID (or WECHAT_V3_SP_MCHID + WECHAT_V3_SUB_MCHID), WECHAT_V3_SERIAL,
   * WECHAT_V3_PRIVATE_KEY (PEM), WECHAT_V3_PUBLIC_KEY_ID + WECHAT_V3_PUBLIC_KEY (PEM),
   * WECHAT_V3_API_V3_KEY? (for notifications), PAYQUERY_BASE_URL?
   */
  'wechat-v3'(env, onEvent) {
    const identity = env.WECHAT_V3_SP_MCHID
      ? { spMchid: env.WECHAT_V3_SP_MCHID, subMchid: required(env, 'WECHAT_V3_SUB_MCHID') }
      : { mchid: required(env, 'WECHAT_V3_MCHID') };
    const client = new WechatPayV3({
      ...identity,
      merchantSerialNo: required(env, 'WECHAT_V3_SERIAL'),
      privateKey: required(env, 'WECHAT_V3_PRIVATE_KEY'),
      wechatpayPublicKey: { id: required(env, 'WECHAT_V3_PUBLIC_KEY_ID'), pem: required(env, 'WECHAT_V3_PUBLIC_KEY') },
      ...optional(env, 'WECHAT_V3_API_V3_KEY', 'apiV3Key'),
      ...optional(env, 'PAYQUERY_BASE_URL', 'baseUrl'),
      onEvent,
    });
    return { client, lookup: (outTradeNo, options) => client.queryOrder({ outTradeNo }, options) };
  },

  /** FUBEI_API (1.0 | 2.0), FUBEI_APP_ID or FUBEI_VENDOR_SN, FUBEI_APP_SECRET, FUBEI_MERCHANT_ID?, PAYQUERY_BASE_URL? */
  fubei(env, onEvent) {
    const identity = env.FUBEI_VENDOR_SN ? { vendorSn: env.FUBEI_VENDOR_SN } : { appId: required(env, 'FUBEI_APP_ID') };
    const client = new Fubei({
      ...identity,
      appSecret: required(env, 'FUBEI_APP_SECRET'),
      api: env.FUBEI_API || '1.0',
      ...(env.FUBEI_MERCHANT_ID ? { merchantId: Number(env.FUBEI_MERCHANT_ID) } : {}),
      ...optional(env, 'PAYQUERY_BASE_URL', 'baseUrl'),
      onEvent,
    });
    return { client, lookup: (outTradeNo, options) => client.queryOrder({ merchantOrderSn: outTradeNo }, options) };
  },

  /** CLOUDPAY_APPID, CLOUDPAY_MCH_ID, CLOUDPAY_API_KEY, CLOUDPAY_SUB_MCH_ID, PAYQUERY_BASE_URL? */
  cloudpay(env, onEvent) {
    const client = new CloudPay({
      appid: required(env, 'CLOUDPAY_APPID'),
      mchId: required(env, 'CLOUDPAY_MCH_ID'),
      apiKey: required(env, 'CLOUDPAY_API_KEY'),
      ...optional(env, 'PAYQUERY_BASE_URL', 'baseUrl'),
      onEvent,
    });
    const subMchId = required(env, 'CLOUDPAY_SUB_MCH_ID');
    const lookup = async (outTradeNo, options) => {
      const res = await client.queryOrder({ sub_mch_id: subMchId, out_trade_no: outTradeNo }, options);
      // CloudPay returns business failures as data, as wx-server-sdk does; this service answers
      // them as errors, with the code the other clients throw for the same answer.
      if (res.resultCode !== 'SUCCESS') {
        const code = res.resultErrCode === 'ORDERNOTEXIST' ? 'ORDER_NOT_FOUND' : 'PROVIDER_ERROR';
        throw Object.assign(new Error(res.errCodeDes || 'order query failed'), { code, providerCode: res.resultErrCode });
      }
      return res;
    };
    return { client: null, lookup };
  },
};
