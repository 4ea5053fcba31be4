// Helpers of the v3 suites: client configs from the sandbox's credentials, and the sandbox's
// independent node:crypto implementation of the v3 signatures.
import { createRequire } from 'node:module';
import { pq } from './helpers.mjs';

const require = createRequire(import.meta.url);

/** node:crypto signing, verification and AES-GCM for v3 (the sandbox's own, not Rust's). */
export const nodeV3 = require('../pkg/sandbox/wechat_v3/sign.js');

/** A direct-merchant config (public-key mode) for the sandbox, with `extra` merged in. */
export function directConfig(sb, extra = {}) {
  const c = sb.credentials.v3;
  return {
    mchid: c.mchid,
    merchantSerialNo: c.merchantSerialNo,
    privateKey: c.privateKey,
    wechatpayPublicKey: c.wechatpayPublicKey,
    apiV3Key: c.apiV3Key,
    baseUrl: sb.url,
    ...extra,
  };
}

/** A service-provider config for the sandbox's sub-merchant. */
export function partnerConfig(sb, extra = {}) {
  const { mchid: _direct, ...rest } = directConfig(sb);
  const c = sb.credentials.v3;
  return { ...rest, spMchid: c.spMchid, subMchid: c.subMchid, ...extra };
}

/** A direct client. */
export function direct(sb, extra) {
  return new pq.WechatPayV3(directConfig(sb, extra));
}

let cached;
/** Sandbox-generated v3 credentials (once per test file), for tests that need no server. */
export function v3Credentials() {
  cached ||= require('../pkg/sandbox/wechat_v3/index.js').makeCredentials();
  return cached;
}
