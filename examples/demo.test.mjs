// Runs the demo as a user would and checks what it prints.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);

test('the demo queries paid, unpaid and missing orders against the sandbox', async () => {
  const demo = fileURLToPath(new URL('./demo.mjs', import.meta.url));
  const { stdout } = await run(process.execPath, [demo], { timeout: 60_000 });
  assert.match(stdout, /sandbox listening on http:\/\/127\.0\.0\.1:\d+/);
  assert.match(stdout, /APIv2: paid order\n\{\n {2}"tradeState": "SUCCESS"/);
  assert.match(stdout, /"state": "PAID"/);
  assert.match(stdout, /"state": "NOT_PAID"/);
  assert.match(stdout, /APIv2: missing order -> PayQueryError\n\{\n {2}"code": "ORDER_NOT_FOUND",\n {2}"providerCode": "ORDERNOTEXIST"/);
  assert.match(stdout, /CloudPay: paid order\n\{[^─]*"errCode": 0,\n {2}"errMsg": "cloudPay\.queryOrder:ok"[^─]*"state": "PAID"/);
  assert.match(stdout, /CloudPay: paid order\n\{[^─]*"totalFee": 2000,/);
  assert.match(stdout, /CloudPay: unpaid order\n\{[^─]*"tradeState": "NOTPAY"[^─]*"state": "NOT_PAID"/);
  assert.match(stdout, /CloudPay: missing order\n\{[^─]*"resultCode": "FAIL"[^─]*"resultErrCode": "ORDERNOTEXIST"/);
  assert.match(stdout, /Fubei 2\.0: paid order\n\{\n {2}"api": "2\.0",\n {2}"orderStatus": "SUCCESS"[\s\S]*?"totalAmountFen": 8007/);
  assert.match(stdout, /Fubei 2\.0: unpaid order\n[\s\S]*?"state": "PAYING"/);
  for (const provider of ['wechat-v2', 'wechat-v3', 'cloudpay', 'fubei 1.0', 'fubei 2.0']) {
    assert.match(stdout, new RegExp(`examples/node-server \\(${provider}\\): GET /orders/\\S+ -> 200\\n\\{[^─]*"state": "PAID"`), provider);
  }
  assert.match(stdout, /examples\/cloud-function: main[^\n]*\n\{\n {2}"ok": true,\n {2}"paid": true/);
  assert.match(stdout, /Fubei 2\.0: missing order -> PayQueryError\n\{\n {2}"code": "ORDER_NOT_FOUND",\n {2}"providerCode": "ORDER_NOT_EXIST"/);
  assert.match(stdout, /APIv3: paid order\n\{[\s\S]*?"tradeState": "SUCCESS"[\s\S]*?"state": "PAID"/);
  assert.match(stdout, /APIv3: unpaid order\n\{[\s\S]*?"tradeState": "NOTPAY"[\s\S]*?"state": "NOT_PAID"/);
  assert.match(stdout, /APIv3: missing order -> PayQueryError\n\{\n {2}"code": "ORDER_NOT_FOUND",\n {2}"providerCode": "ORDER_NOT_EXIST"/);
});
