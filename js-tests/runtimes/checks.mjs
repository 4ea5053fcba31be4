// The checks every runtime of the matrix runs on the built package, whatever its harness
// (a Node/Deno/Bun process, a workerd worker, a Chromium page). Plain ES module, no imports:
// the harness passes the package in, and the sandbox's address when the runtime can reach it.

const OFFICIAL = {
  params: { appid: 'wxd930ea5d5a258f4f', mch_id: '10000100', device_info: '1000', body: 'test', nonce_str: 'ibuaiVcKdpRxkhJA' },
  key: '192006250b4c09247ec02edce69f6a2d',
};

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
  };
  if (sandbox) {
    const { appid, mchId, apiKey } = sandbox.credentials.v2;
    const v2 = new pq.WechatPayV2({ appid, mchId, apiKey, baseUrl: sandbox.url, signType: 'HMAC-SHA256' });
    const order = await v2.queryOrder({ outTradeNo: 'PQ-V2-PAID' });
    results.v2 = { state: order.status.state, amountFen: order.status.amountFen, attach: order.attach, host: order.host };
    results.v2Missing = await caught(pq, () => v2.queryOrder({ outTradeNo: 'PQ-V2-MISSING' }));
  }
  return results;
}
