// What the test process asserts on the results of js-tests/runtimes/checks.mjs, whichever
// harness ran them (a runtime of the matrix, a bundled app in Chromium). The v3 Authorization
// is verified here with node:crypto, independently of the Rust core.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { AUTH_URL, AUTH_AT } from './checks.mjs';
import { ENTRY_AUTH, ENTRY_CLIENTS } from './entry-checks.mjs';

/**
 * The v3 Authorization a runtime built for `GET url` at `timestamp` with `nonce`, verified with
 * node:crypto and the merchant public key.
 */
function assertV3Authorization(name, header, credentials, { url, timestamp, nonce } = { url: AUTH_URL, ...AUTH_AT }) {
  const parts = Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  assert.match(header, /^WECHATPAY2-SHA256-RSA2048 /, name);
  assert.equal(parts.mchid, credentials.mchid, name);
  assert.equal(parts.serial_no, credentials.merchantSerialNo, name);
  assert.equal(parts.timestamp, String(timestamp), name);
  assert.equal(parts.nonce_str, nonce, name);
  const message = `GET\n${url}\n${timestamp}\n${nonce}\n\n`;
  const ok = crypto.verify('RSA-SHA256', Buffer.from(message), credentials.merchantPublicKey, Buffer.from(parts.signature, 'base64'));
  assert.ok(ok, `${name}: the Authorization signature does not verify`);
}

/** Asserts every check of `runChecks`; the sandbox parts when `reachedSandbox`. */
export function assertChecks(name, r, reachedSandbox, credentials) {
  assert.equal(r.md5, '9A0A8659F005D6984697E2CA0A9CF3B7', name);
  assert.equal(r.hmac, '6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6', name);
  assert.deepEqual(r.badArgument, { thrown: true, payQueryError: true, isError: true, code: 'INVALID_ARGUMENT' }, name);
  assert.deepEqual(r.batch, [2, 4, 6], name);
  assert.deepEqual(r.badBatch, { thrown: true, payQueryError: true, isError: true, code: 'INVALID_ARGUMENT' }, name);
  assert.equal(r.waited, 'PAID', name);
  if (reachedSandbox) {
    assert.deepEqual(r.v2.state, 'PAID', name);
    assert.equal(r.v2.amountFen, 101, name);
    assert.equal(r.v2.attach, '中文附加数据 & <标记>', name);
    assert.equal(r.v2Missing.code, 'ORDER_NOT_FOUND', name);
    assert.equal(r.v2Missing.providerCode, 'ORDERNOTEXIST', name);
    assert.equal(r.v2Missing.payQueryError, true, name);
    assertV3Authorization(name, r.v3Authorization, credentials.v3);
    assert.deepEqual(r.v3, { state: 'PAID', amountFen: 101 }, name);
    assert.equal(r.v3Missing.code, 'ORDER_NOT_FOUND', name);
    assert.equal(r.v3Missing.providerCode, 'ORDER_NOT_EXIST', name);
  }
}

/** Each entry's sandbox order, as its checks report it. */
const ENTRY_ORDERS = {
  'wechat-v2': { state: 'PAID', amountFen: 101 },
  'wechat-v3': { state: 'PAID', amountFen: 101 },
  cloudpay: { state: 'PAID', amountFen: 2000, errMsg: 'cloudPay.queryOrder:ok' },
  fubei: { state: 'PAID', amountFen: 8007 },
};

/** Asserts the results of js-tests/runtimes/entry-checks.mjs for `entry`. */
export function assertEntryChecks(name, entry, r, credentials) {
  assert.deepEqual(r.clients, [ENTRY_CLIENTS[entry]], `${name}: the entry exports its own client only`);
  assert.deepEqual(r.badConfig, { thrown: true, payQueryError: true, isError: true, code: 'INVALID_CONFIG' }, name);
  assert.deepEqual(r.batch, [2, 4], name);
  assert.deepEqual(r.order, ENTRY_ORDERS[entry], name);
  if (entry === 'wechat-v2') assert.equal(r.md5, '9A0A8659F005D6984697E2CA0A9CF3B7', name);
  if (entry === 'wechat-v3') assertV3Authorization(name, r.authorization, credentials.v3, ENTRY_AUTH);
}
