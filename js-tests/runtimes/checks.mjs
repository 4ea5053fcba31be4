// The checks every runtime of the matrix runs on the built package, whatever its harness
// (a Node/Deno/Bun process, a workerd worker, a Chromium page). Plain ES module, no imports:
// the harness passes the package in, and the sandbox's address when the runtime can reach it.
// Also bundled into the app of js-tests/bundlers.test.mjs for a Safari 14 target: no
// destructuring, which esbuild refuses for that target.

const OFFICIAL = {
  params: { appid: 'wxd930ea5d5a258f4f', mch_id: '10000100', device_info: '1000', body: 'test', nonce_str: 'ibuaiVcKdpRxkhJA' },
  key: '192006250b4c09247ec02edce69f6a2d',
};

/** The request the v3 Authorization check signs: the test rebuilds its message. */
export const AUTH_URL = '/v3/pay/transactions/out-trade-no/PQ-V3-PAID?mchid=1900000100';
export const AUTH_AT = { timestamp: 1700000000, nonce: 'RuntimeMatrixNonce00000000000001' };

/** What `fn` threw, as JSON: whether it was a real Error and a PayQueryError, and its codes. */
async function caught(pq, fn) {
  try {
    await fn();
    return { thrown: false };
  } catch (e) {
    const out = { thrown: true, payQueryError: pq.isPayQueryError(e), isError: e instanceof Error, code: e && e.code };
    if (e && e.providerCode !== undefined) out.providerCode = e.providerCode;
    return out;
  }
}

/**
 * Runs the checks. `sandbox` is `{ url, credentials }` or null (no loopback access).
 * Resolves to plain JSON-able results; the test process asserts on them.
 */
export async function runChecks(pq, sandbox) {
  const results = {
    md5: pq.signV2(OFFICIAL.params, OFFICIAL.key),
    hmac: pq.signV2(OFFICIAL.params, OFFICIAL.key, 'HMAC-SHA256'),
    badArgument: await caught(pq, () => pq.signV2(null, OFFICIAL.key)),
    // The runtime module (plain JavaScript beside the glue) is exported by this entry too.
    batch: (await pq.queryMany([1, 2, 3], async (q) => q * 2, { concurrency: 2 })).map((r) => r.value),
    badBatch: await caught(pq, () => pq.queryMany({ length: 1 }, () => null)),
    waited: (await pq.waitForFinalState(async () => ({ status: { state: 'PAID', final: true } }), { intervalMs: 1 })).status.state,
  };
  if (sandbox) {
    const c2 = sandbox.credentials.v2;
    const v2 = new pq.WechatPayV2({ appid: c2.appid, mchId: c2.mchId, apiKey: c2.apiKey, baseUrl: sandbox.url, signType: 'HMAC-SHA256' });
    const order = await v2.queryOrder({ outTradeNo: 'PQ-V2-PAID' });
    results.v2 = { state: order.status.state, amountFen: order.status.amountFen, attach: order.attach, host: order.host };
    results.v2Missing = await caught(pq, () => v2.queryOrder({ outTradeNo: 'PQ-V2-MISSING' }));

    // APIv3: an Authorization with a fixed timestamp and nonce (the test process verifies it
    // with node:crypto), then a query whose response is verified with the WeChat Pay public key.
    const c = sandbox.credentials.v3;
    const v3 = new pq.WechatPayV3({
      mchid: c.mchid,
      merchantSerialNo: c.merchantSerialNo,
      privateKey: c.privateKey,
      wechatpayPublicKey: c.wechatpayPublicKey,
      baseUrl: sandbox.url,
    });
    results.v3Authorization = await v3.buildAuthorization('GET', AUTH_URL, '', AUTH_AT);
    const v3order = await v3.queryOrder({ outTradeNo: 'PQ-V3-PAID' });
    results.v3 = { state: v3order.status.state, amountFen: v3order.status.amountFen };
    results.v3Missing = await caught(pq, () => v3.queryOrder({ outTradeNo: 'PQ-V3-MISSING' }));
  }
  return results;
}
