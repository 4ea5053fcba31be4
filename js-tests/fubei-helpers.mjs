// Helpers for the Fubei suites: clients bound to a sandbox run, and the sandbox's own
// node:crypto signing (independent of the Rust core) to check what payquery sends and accepts.
import { createRequire } from 'node:module';
import { pq } from './helpers.mjs';

const require = createRequire(import.meta.url);

/** Independent node:crypto Fubei signing (the sandbox's own). */
export const { signFubei: nodeSignFubei, stringToSign: nodeStringToSign } = require('../pkg/sandbox/fubei/sign.js');

/** 1.0 merchant client (`/gateway`, `app_id`). */
export function merchantV1(sb, extra = {}) {
  const { appId, appSecret } = sb.credentials.fubei;
  return new pq.Fubei({ appId, appSecret, api: '1.0', baseUrl: sb.url, ...extra });
}

/** 2.0 service-provider client (`/gateway/agent`, `vendor_sn` + `merchant_id`). */
export function vendorV2(sb, extra = {}) {
  const { vendorSn, vendorSecret, merchantId } = sb.credentials.fubei;
  return new pq.Fubei({ vendorSn, appSecret: vendorSecret, api: '2.0', merchantId, baseUrl: sb.url, ...extra });
}

/** 2.0 merchant-level client (`/gateway/agent`, `app_id`). */
export function merchantV2(sb, extra = {}) {
  const { appId, appSecret } = sb.credentials.fubei;
  return new pq.Fubei({ appId, appSecret, api: '2.0', baseUrl: sb.url, ...extra });
}

/** The JSON body of the sandbox's last request, and its path. */
export function lastRequest(sb) {
  const r = sb.requests.at(-1);
  return { path: r.url, headers: r.headers, fields: JSON.parse(r.body) };
}
