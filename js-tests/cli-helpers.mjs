// Running the `payquery` command from the built package (pkg/cli/payquery.js) in tests: a child
// process with only PATH from our environment, files in a temporary folder removed after the
// test file, and the documented environment of each provider for a sandbox.
import test from 'node:test';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const BIN = path.join(root, 'pkg', 'cli', 'payquery.js');
export const ALIAS = path.join(root, 'pkg', 'sandbox', 'cli.js');
export const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'payquery-cli-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
/** A fresh file path in the test's temporary folder, optionally written. */
export function file(name, content) {
  const f = path.join(tmp, `${n++}-${name}`);
  if (content !== undefined) fs.writeFileSync(f, content);
  return f;
}

/** Spawns the CLI; `env` is the whole environment besides PATH (nothing leaks in from ours). */
export function spawnCli(args, { env = {}, bin = BIN } = {}) {
  return spawn(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Runs the CLI to completion: `{ code, stdout, stderr }`. */
export function cli(args, { env, input, bin } = {}) {
  const child = spawnCli(args, { env, bin });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  child.stdin.end(input === undefined ? '' : input);
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

/** The first stdout line of a long-running child (sandbox, devtools), parsed as JSON. */
export function firstJsonLine(child) {
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (c) => {
      buf += c;
      const i = buf.indexOf('\n');
      if (i >= 0) resolve(JSON.parse(buf.slice(0, i)));
    });
    child.on('close', (code) => reject(new Error(`exited ${code} before printing`)));
  });
}

/** Stops a long-running child with SIGTERM; resolves to its exit code. */
export function stop(child) {
  return new Promise((resolve) => {
    child.on('close', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

/** The documented environment of each provider for a sandbox (what `payquery sandbox` prints). */
export function envs(sb) {
  const { v2, v3, fubei } = sb.credentials;
  const base = { PAYQUERY_BASE_URL: sb.url };
  return {
    v2: { ...base, WECHAT_APPID: v2.appid, WECHAT_MCH_ID: v2.mchId, WECHAT_API_KEY: v2.apiKey },
    v3: {
      ...base,
      WECHAT_V3_MCHID: v3.mchid,
      WECHAT_V3_SERIAL: v3.merchantSerialNo,
      WECHAT_V3_PRIVATE_KEY: v3.privateKey,
      WECHAT_V3_PUBLIC_KEY_ID: v3.wechatpayPublicKey.id,
      WECHAT_V3_PUBLIC_KEY: v3.wechatpayPublicKey.pem,
      WECHAT_V3_API_V3_KEY: v3.apiV3Key,
    },
    cloudpay: { ...base, CLOUDPAY_APPID: v2.appid, CLOUDPAY_MCH_ID: v2.mchId, CLOUDPAY_API_KEY: v2.apiKey, CLOUDPAY_SUB_MCH_ID: v2.subMchId },
    fubei1: { ...base, FUBEI_API: '1.0', FUBEI_APP_ID: fubei.appId, FUBEI_APP_SECRET: fubei.appSecret },
    fubei2: { ...base, FUBEI_API: '2.0', FUBEI_VENDOR_SN: fubei.vendorSn, FUBEI_APP_SECRET: fubei.vendorSecret, FUBEI_MERCHANT_ID: String(fubei.merchantId) },
  };
}

export const lines = (text) => text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
