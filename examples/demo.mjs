// The demo: starts the bundled sandbox on loopback, queries a paid, an unpaid and a missing
// order through every provider payquery supports, printing the typed results, then runs the
// examples (the order-status service and the cloud function) against the same sandbox.
//   node examples/demo.mjs            (after scripts/build; scripts/demo does both)
import { WechatPayV2, WechatPayV3, CloudPay, Fubei, isPayQueryError } from 'payquery';
import { startSandbox } from 'payquery/sandbox';
import { createRequire } from 'node:module';
import { createServer } from './node-server/server.mjs';
import { sandboxEnvs } from './node-server/sandbox-env.mjs';

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
    // CloudPay's additions are non-enumerable (JSON.stringify shows exactly wx-server-sdk's
    // result), so they are picked explicitly; other results have them as members already.
    const added = Object.fromEntries(['resultErrCode', 'coupons', 'status'].filter((k) => k in order).map((k) => [k, order[k]]));
    show(title, { ...typed, ...added, raw: `{ …${Object.keys(raw).length} wire fields }` });
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

  // examples/node-server: GET /orders/:outTradeNo answers the neutral status, whatever the provider.
  for (const { env, paid } of sandboxEnvs(sandbox)) {
    const server = createServer(env);
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const res = await fetch(`http://127.0.0.1:${server.address().port}/orders/${paid}`);
    show(`examples/node-server (${env.PAYQUERY_PROVIDER}${env.FUBEI_API ? ` ${env.FUBEI_API}` : ''}): GET /orders/${paid} -> ${res.status}`, await res.json());
    await new Promise((resolve) => server.close(resolve));
  }

  // examples/cloud-function: exports.main, here with the signing backend configured by env.
  Object.assign(process.env, { PAYQUERY_APPID: appid, PAYQUERY_MCH_ID: mchId, PAYQUERY_API_KEY: apiKey, PAYQUERY_BASE_URL: sandbox.url });
  const cloudFunction = createRequire(import.meta.url)('./cloud-function/index.js');
  show("examples/cloud-function: main({ outTradeNo: 'PQ-V2-SP-PAID' })", await cloudFunction.main({ outTradeNo: 'PQ-V2-SP-PAID', subMchId }, {}));
  console.log('The devtools page: node pkg/cli/payquery.js devtools --sandbox (npx payquery devtools --sandbox once installed), then open the URL it prints.');
} finally {
  await sandbox.close();
}
