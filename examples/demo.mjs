// The demo: starts the bundled sandbox on loopback and queries a paid, an unpaid and a missing
// order through every provider payquery supports, printing the typed results.
//   node examples/demo.mjs            (after scripts/build; scripts/demo does both)
import { WechatPayV2, WechatPayV3, CloudPay, Fubei, isPayQueryError } from 'payquery';
import { startSandbox } from 'payquery/sandbox';

const sandbox = await startSandbox();
console.log(`sandbox listening on ${sandbox.url}\n`);

function show(title, value) {
  console.log(`── ${title}`);
  console.log(JSON.stringify(value, null, 2));
  console.log();
}

async function attempt(title, query) {
  try {
    const order = await query();
    const { raw, ...typed } = order;
    show(title, { ...typed, raw: `{ …${Object.keys(raw).length} wire fields }` });
  } catch (e) {
    if (!isPayQueryError(e)) throw e;
    show(`${title} -> PayQueryError`, { code: e.code, providerCode: e.providerCode, retryable: e.retryable, message: e.message });
  }
}

try {
  const { appid, mchId, apiKey } = sandbox.credentials.v2;
  const v2 = new WechatPayV2({ appid, mchId, apiKey, signType: 'HMAC-SHA256', baseUrl: sandbox.url });
  await attempt('WeChat Pay APIv2: paid order', () => v2.queryOrder({ outTradeNo: 'PQ-V2-PAID' }));
  await attempt('WeChat Pay APIv2: unpaid order', () => v2.queryOrder({ outTradeNo: 'PQ-V2-NOTPAY' }));
  await attempt('WeChat Pay APIv2: missing order', () => v2.queryOrder({ outTradeNo: 'PQ-V2-MISSING' }));

  // APIv3: RSA-signed request, response verified with the WeChat Pay public key.
  const { mchid, merchantSerialNo, privateKey, wechatpayPublicKey } = sandbox.credentials.v3;
  const v3 = new WechatPayV3({ mchid, merchantSerialNo, privateKey, wechatpayPublicKey, baseUrl: sandbox.url });
  await attempt('WeChat Pay APIv3: paid order', () => v3.queryOrder({ outTradeNo: 'PQ-V3-PAID' }));
  await attempt('WeChat Pay APIv3: unpaid order', () => v3.queryOrder({ outTradeNo: 'PQ-V3-NOTPAY' }));
  await attempt('WeChat Pay APIv3: missing order', () => v3.queryOrder({ outTradeNo: 'PQ-V3-MISSING' }));

  // CloudPay outside WeChat cloud: the cloud function's call, signed as a v2 partner query.
  const { subMchId } = sandbox.credentials.v2;
  const cloudPay = new CloudPay({ appid, mchId, apiKey, baseUrl: sandbox.url });
  await attempt('CloudPay: paid order', () => cloudPay.queryOrder({ sub_mch_id: subMchId, out_trade_no: 'PQ-V2-SP-COUPON' }));
  await attempt('CloudPay: unpaid order', () => cloudPay.queryOrder({ sub_mch_id: subMchId, out_trade_no: 'PQ-V2-SP-NOTPAY' }));
  await attempt('CloudPay: missing order', () => cloudPay.queryOrder({ sub_mch_id: subMchId, out_trade_no: 'PQ-V2-MISSING' }));

  // Fubei 2.0 at service-provider level.
  const { vendorSn, vendorSecret, merchantId } = sandbox.credentials.fubei;
  const fubei = new Fubei({ vendorSn, appSecret: vendorSecret, api: '2.0', merchantId, baseUrl: sandbox.url });
  await attempt('Fubei 2.0: paid order', () => fubei.queryOrder({ merchantOrderSn: 'PQ-FB2-PAID' }));
  await attempt('Fubei 2.0: unpaid order', () => fubei.queryOrder({ merchantOrderSn: 'PQ-FB2-USERPAYING' }));
  await attempt('Fubei 2.0: missing order', () => fubei.queryOrder({ merchantOrderSn: 'PQ-FB2-MISSING' }));
} finally {
  await sandbox.close();
}
