// Shared helpers for the node:test suites. They exercise the built package in pkg/ (run
// scripts/build first) and sign or verify independently with node:crypto through the sandbox.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The built package, loaded through its Node ESM entry. */
export const pq = await import('payquery');
/** The sandbox shipped in the package. */
export const { startSandbox } = require('payquery/sandbox');
/** Independent node:crypto APIv2 signing (the sandbox's own). */
export const { signV2: nodeSignV2 } = require('../pkg/sandbox/wechat_v2/sign.js');
export const { buildXml: nodeBuildXml, parseXml: nodeParseXml } = require('../pkg/sandbox/xml.js');

/** The parameters and key of WeChat's official APIv2 signing example. */
export const OFFICIAL = {
  params: {
    appid: 'wxd930ea5d5a258f4f',
    mch_id: '10000100',
    device_info: '1000',
    body: 'test',
    nonce_str: 'ibuaiVcKdpRxkhJA',
  },
  key: '192006250b4c09247ec02edce69f6a2d',
  md5: '9A0A8659F005D6984697E2CA0A9CF3B7',
  hmac: '6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6',
};

/** Starts a sandbox that the test context closes afterwards. */
export async function sandbox(t) {
  const sb = await startSandbox();
  t.after(() => sb.close());
  return sb;
}

/** Asserts that `fn` (sync or async) throws a PayQueryError with `code`; returns the error. */
export async function expectCode(fn, code, seen) {
  let error;
  try {
    await fn();
  } catch (e) {
    error = e;
  }
  assert.ok(error, `expected ${code}, but nothing was thrown`);
  assert.ok(pq.isPayQueryError(error), `expected a PayQueryError, got ${error && error.stack}`);
  assert.ok(error instanceof Error && error instanceof pq.PayQueryError);
  assert.equal(error.code, code, `${error.code}: ${error.message}`);
  if (seen) seen.add(code);
  return error;
}

/** A loopback URL nothing listens on: connections to it are refused. */
export async function deadUrl() {
  const net = await import('node:net');
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

/** The APIv2 client for the sandbox's direct-mode merchant. */
export function v2Client(sb, extra = {}) {
  const { appid, mchId, apiKey } = sb.credentials.v2;
  return new pq.WechatPayV2({ appid, mchId, apiKey, baseUrl: sb.url, ...extra });
}
