// Environments that point the order-status service at a running sandbox, one per provider,
// with an order of each kind to ask for. Used by the service's test and by the demo.

/**
 * `[{ env, paid, unpaid, unpaidState, notify }]` for `sandbox` (from `payquery/sandbox`);
 * `notify` names the sandbox tool that sends that provider's notifications and its options
 * (`null` for CloudPay, which has none).
 */
export function sandboxEnvs(sandbox) {
  const { v2, v3, fubei } = sandbox.credentials;
  const base = { PAYQUERY_BASE_URL: sandbox.url };
  return [
    {
      env: { ...base, PAYQUERY_PROVIDER: 'wechat-v2', WECHAT_APPID: v2.appid, WECHAT_MCH_ID: v2.mchId, WECHAT_API_KEY: v2.apiKey },
      paid: 'PQ-V2-PAID',
      unpaid: 'PQ-V2-NOTPAY',
      unpaidState: 'NOT_PAID',
      notify: { tool: 'v2', options: { outTradeNo: 'PQ-V2-PAID' } },
    },
    {
      env: {
        ...base,
        PAYQUERY_PROVIDER: 'wechat-v3',
        WECHAT_V3_MCHID: v3.mchid,
        WECHAT_V3_SERIAL: v3.merchantSerialNo,
        WECHAT_V3_PRIVATE_KEY: v3.privateKey,
        WECHAT_V3_PUBLIC_KEY_ID: v3.wechatpayPublicKey.id,
        WECHAT_V3_PUBLIC_KEY: v3.wechatpayPublicKey.pem,
        WECHAT_V3_API_V3_KEY: v3.apiV3Key,
      },
      paid: 'PQ-V3-PAID',
      unpaid: 'PQ-V3-NOTPAY',
      unpaidState: 'NOT_PAID',
      notify: { tool: 'v3', options: { outTradeNo: 'PQ-V3-PAID' } },
    },
    {
      env: { ...base, PAYQUERY_PROVIDER: 'cloudpay', CLOUDPAY_APPID: v2.appid, CLOUDPAY_MCH_ID: v2.mchId, CLOUDPAY_API_KEY: v2.apiKey, CLOUDPAY_SUB_MCH_ID: v2.subMchId },
      paid: 'PQ-V2-SP-PAID',
      unpaid: 'PQ-V2-SP-NOTPAY',
      unpaidState: 'NOT_PAID',
      notify: null,
    },
    {
      env: { ...base, PAYQUERY_PROVIDER: 'fubei', FUBEI_API: '1.0', FUBEI_APP_ID: fubei.appId, FUBEI_APP_SECRET: fubei.appSecret },
      paid: 'PQ-FB1-PAID',
      unpaid: 'PQ-FB1-USERPAYING',
      unpaidState: 'PAYING',
      notify: { tool: 'fubei', options: { api: '1.0', merchantOrderSn: 'PQ-FB1-PAID' } },
    },
    {
      env: { ...base, PAYQUERY_PROVIDER: 'fubei', FUBEI_API: '2.0', FUBEI_VENDOR_SN: fubei.vendorSn, FUBEI_APP_SECRET: fubei.vendorSecret, FUBEI_MERCHANT_ID: String(fubei.merchantId) },
      paid: 'PQ-FB2-PAID',
      unpaid: 'PQ-FB2-USERPAYING',
      unpaidState: 'PAYING',
      notify: { tool: 'fubei', options: { api: '2.0', merchantOrderSn: 'PQ-FB2-PAID' } },
    },
  ];
}
