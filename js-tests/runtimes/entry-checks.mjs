// Smoke checks of the per-provider entries (`payquery/wechat-v2`, `payquery/wechat-v3`,
// `payquery/cloudpay`, `payquery/fubei`), whatever the harness (Node CommonJS or ESM, a
// Chromium page): each entry exports its provider's client and no other, refuses a bad config
// with a PayQueryError, and queries the sandbox. Plain ES module, no imports: the harness passes
// the entry in.

/** Each entry and the client it exports. */
export const ENTRY_CLIENTS = { 'wechat-v2': 'WechatPayV2', 'wechat-v3': 'WechatPayV3', cloudpay: 'CloudPay', fubei: 'Fubei' };

/** The request the v3 Authorization check signs (verified by the test process). */
export const ENTRY_AUTH = { url: '/v3/pay/transactions/out-trade-no/PQ-V3-PAID?mchid=1900000100', timestamp: 1700000000, nonce: 'EntryCheckNonce00000000000000001' };

async function caught(pq, fn) {
  try {
    await fn();
    return { thrown: false };
  } catch (e) {
    return { thrown: true, payQueryError: pq.isPayQueryError(e), isError: e instanceof Error, code: e && e.code };
  }
}

/** Runs the checks of `entry` on its module `pq`; `sandbox` is `{ url, credentials }`. */
export async function runEntryChecks(entry, pq, sandbox) {
  const client = ENTRY_CLIENTS[entry];
  const out = {
    clients: Object.values(ENTRY_CLIENTS).filter((name) => typeof pq[name] === 'function'),
    badConfig: await caught(pq, () => new pq[client](null)),
    batch: (await pq.queryMany([1, 2], async (q) => q * 2)).map((r) => r.value),
  };
  if (entry === 'wechat-v2') {
    out.md5 = pq.signV2({ appid: 'wxd930ea5d5a258f4f', mch_id: '10000100', device_info: '1000', body: 'test', nonce_str: 'ibuaiVcKdpRxkhJA' }, '192006250b4c09247ec02edce69f6a2d');
    const c = sandbox.credentials.v2;
    const order = await new pq.WechatPayV2({ appid: c.appid, mchId: c.mchId, apiKey: c.apiKey, baseUrl: sandbox.url }).queryOrder({ outTradeNo: 'PQ-V2-PAID' });
    out.order = { state: order.status.state, amountFen: order.status.amountFen };
  } else if (entry === 'wechat-v3') {
    const c = sandbox.credentials.v3;
    const v3 = new pq.WechatPayV3({ mchid: c.mchid, merchantSerialNo: c.merchantSerialNo, privateKey: c.privateKey, wechatpayPublicKey: c.wechatpayPublicKey, baseUrl: sandbox.url });
    out.authorization = await v3.buildAuthorization('GET', ENTRY_AUTH.url, '', { timestamp: ENTRY_AUTH.timestamp, nonce: ENTRY_AUTH.nonce });
    const order = await v3.queryOrder({ outTradeNo: 'PQ-V3-PAID' });
    out.order = { state: order.status.state, amountFen: order.status.amountFen };
  } else if (entry === 'cloudpay') {
    const c = sandbox.credentials.v2;
    const res = await new pq.CloudPay({ appid: c.appid, mchId: c.mchId, apiKey: c.apiKey, baseUrl: sandbox.url }).queryOrder({ sub_mch_id: c.subMchId, out_trade_no: 'PQ-V2-SP-COUPON' });
    out.order = { state: res.status.state, amountFen: res.status.amountFen, errMsg: res.errMsg };
  } else if (entry === 'fubei') {
    const c = sandbox.credentials.fubei;
    const order = await new pq.Fubei({ appId: c.appId, appSecret: c.appSecret, api: '1.0', baseUrl: sandbox.url }).queryOrder({ merchantOrderSn: 'PQ-FB1-PAID' });
    out.order = { state: order.status.state, amountFen: order.status.amountFen };
  }
  return out;
}
