'use strict';
// Client configuration for every provider from three sources, in this order of precedence:
// command-line flags, environment variables, a JSON config file (--config or PAYQUERY_CONFIG).
// Secrets come from the environment or from files (flag `--x-file`, variable `X_FILE`, or the
// config file), never from the command line.
const fs = require('node:fs');
const { usage, configError } = require('./errors.js');

const PROVIDERS = { 'wechat-v2': 'wechat-v2', v2: 'wechat-v2', 'wechat-v3': 'wechat-v3', v3: 'wechat-v3', cloudpay: 'cloudpay', fubei: 'fubei' };

/**
 * One row per configuration key: the library's key, its flag (without `--`), its environment
 * variable, and `secret` (read from env or a file only). `file: true` for a public value that
 * may also come from a file (a PEM); `int` for numbers.
 */
const BASE = [
  { key: 'baseUrl', flag: 'base-url', env: 'PAYQUERY_BASE_URL' },
  { key: 'backupBaseUrl', flag: 'backup-base-url', env: 'PAYQUERY_BACKUP_BASE_URL' },
  { key: 'timeoutMs', flag: 'timeout', env: 'PAYQUERY_TIMEOUT_MS', int: true },
  { key: 'retries', flag: 'retries', env: 'PAYQUERY_RETRIES', int: true },
];
const FIELDS = {
  'wechat-v2': [
    { key: 'appid', flag: 'appid', env: 'WECHAT_APPID' },
    { key: 'mchId', flag: 'mch-id', env: 'WECHAT_MCH_ID' },
    { key: 'apiKey', flag: 'api-key', env: 'WECHAT_API_KEY', secret: true },
    { key: 'signType', flag: 'sign-type', env: 'WECHAT_SIGN_TYPE' },
    { key: 'subAppid', flag: 'sub-appid', env: 'WECHAT_SUB_APPID' },
    { key: 'subMchId', flag: 'sub-mch-id', env: 'WECHAT_SUB_MCH_ID' },
    ...BASE,
  ],
  cloudpay: [
    { key: 'appid', flag: 'appid', env: 'CLOUDPAY_APPID' },
    { key: 'mchId', flag: 'mch-id', env: 'CLOUDPAY_MCH_ID' },
    { key: 'apiKey', flag: 'api-key', env: 'CLOUDPAY_API_KEY', secret: true },
    { key: 'signType', flag: 'sign-type', env: 'CLOUDPAY_SIGN_TYPE' },
    // Part of each query, not of the client: the sub-merchant asked about.
    { key: 'subMchId', flag: 'sub-mch-id', env: 'CLOUDPAY_SUB_MCH_ID', query: true },
    ...BASE,
  ],
  'wechat-v3': [
    { key: 'mchid', flag: 'mchid', env: 'WECHAT_V3_MCHID' },
    { key: 'spMchid', flag: 'sp-mchid', env: 'WECHAT_V3_SP_MCHID' },
    { key: 'subMchid', flag: 'sub-mchid', env: 'WECHAT_V3_SUB_MCHID' },
    { key: 'merchantSerialNo', flag: 'serial', env: 'WECHAT_V3_SERIAL' },
    { key: 'privateKey', flag: 'private-key', env: 'WECHAT_V3_PRIVATE_KEY', secret: true },
    { key: 'publicKeyId', flag: 'public-key-id', env: 'WECHAT_V3_PUBLIC_KEY_ID' },
    { key: 'publicKey', flag: 'public-key', env: 'WECHAT_V3_PUBLIC_KEY', file: true },
    // Comma-separated PEM files (`certs download` writes them).
    { key: 'platformCertificates', flag: 'platform-certs', env: 'WECHAT_V3_PLATFORM_CERTS' },
    { key: 'apiV3Key', flag: 'api-v3-key', env: 'WECHAT_V3_API_V3_KEY', secret: true },
    { key: 'maxSkewSeconds', flag: 'max-skew-seconds', env: 'WECHAT_V3_MAX_SKEW_SECONDS', int: true },
    ...BASE,
  ],
  fubei: [
    { key: 'api', flag: 'api', env: 'FUBEI_API' },
    { key: 'appId', flag: 'app-id', env: 'FUBEI_APP_ID' },
    { key: 'vendorSn', flag: 'vendor-sn', env: 'FUBEI_VENDOR_SN' },
    { key: 'merchantId', flag: 'merchant-id', env: 'FUBEI_MERCHANT_ID' },
    { key: 'appSecret', flag: 'app-secret', env: 'FUBEI_APP_SECRET', secret: true },
    ...BASE,
  ],
};

/** The canonical provider name for `name` (`v2` -> `wechat-v2`), or a USAGE error. */
function providerName(name, allowed = Object.keys(FIELDS)) {
  const p = PROVIDERS[name];
  if (!p || !allowed.includes(p)) {
    throw usage(name === undefined ? 'which provider?' : 'unknown provider', `one of: ${allowed.join(', ')}`);
  }
  return p;
}

/** parseArgs descriptors for a provider's configuration flags (secrets as `--x-file` only). */
function configOptions(provider) {
  const out = {};
  for (const f of FIELDS[provider]) {
    if (f.secret || f.file) out[`${f.flag}-file`] = { type: 'string' };
    if (!f.secret) out[f.flag] = { type: 'string' };
  }
  return out;
}

/** The text of a file named by a flag, an env variable or the config file; CONFIG error if unreadable. */
function readFileValue(file, source) {
  try {
    // A key file usually ends with a newline the key does not contain.
    return fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (e) {
    throw configError('FILE_UNREADABLE', `cannot read the file given by ${source} (${e.code || 'error'})`, 'check the path and its permissions');
  }
}

/** The config file's section for `provider` (`{}` without a file). */
function fileSection(values, env, provider) {
  const file = values.config || env.PAYQUERY_CONFIG;
  if (!file) return {};
  const source = values.config ? '--config' : 'PAYQUERY_CONFIG';
  let parsed;
  try {
    parsed = JSON.parse(readFileValue(file, source));
  } catch (e) {
    if (e.code === 'FILE_UNREADABLE') throw e;
    throw configError('CONFIG_FILE_INVALID', `the config file (${source}) is not JSON`, 'it holds { "wechat-v2": { … }, "wechat-v3": { … }, "fubei": { … }, "cloudpay": { … } }');
  }
  const section = parsed && typeof parsed === 'object' ? parsed[provider] : undefined;
  if (section === undefined) return {};
  if (!section || typeof section !== 'object' || Array.isArray(section)) {
    throw configError('CONFIG_FILE_INVALID', `the config file's "${provider}" entry is not an object`, 'use { "key": "value", … }');
  }
  return section;
}

/**
 * Resolves every configuration value of `provider`: flag, then environment, then config file.
 * Returns `{ values: { key: value }, sources: { key: 'where' }, unknown }` with only the keys
 * given; `unknown` holds the config file's keys that are none of the provider's (`mch_id`…):
 * handed to the library, which refuses them by name and says which option a near miss means.
 */
function resolve(provider, values, env = process.env) {
  const section = fileSection(values, env, provider);
  const out = {};
  const sources = {};
  const unknown = {};
  for (const key of Object.keys(section)) {
    const known = FIELDS[provider].some((f) => key === f.key || ((f.secret || f.file) && key === `${f.key}File`));
    if (!known) unknown[key] = section[key];
  }
  for (const f of FIELDS[provider]) {
    const candidates = [];
    if (!f.secret && values[f.flag] !== undefined) candidates.push([values[f.flag], `--${f.flag}`]);
    if ((f.secret || f.file) && values[`${f.flag}-file`] !== undefined) candidates.push([{ file: values[`${f.flag}-file`] }, `--${f.flag}-file`]);
    if (env[f.env] !== undefined && env[f.env] !== '') candidates.push([env[f.env], f.env]);
    if ((f.secret || f.file) && env[`${f.env}_FILE`]) candidates.push([{ file: env[`${f.env}_FILE`] }, `${f.env}_FILE`]);
    if (section[f.key] !== undefined) candidates.push([section[f.key], `config file "${f.key}"`]);
    if (section[`${f.key}File`] !== undefined) candidates.push([{ file: section[`${f.key}File`] }, `config file "${f.key}File"`]);
    if (!candidates.length) continue;
    let [value, source] = candidates[0];
    if (value && typeof value === 'object' && typeof value.file === 'string') value = readFileValue(value.file, source);
    if (f.int && typeof value === 'string') {
      if (!/^\d+$/.test(value)) throw configError('INVALID_CONFIG', `${source} must be an integer`, 'see --help');
      value = Number(value);
    }
    out[f.key] = value;
    sources[f.key] = source;
  }
  return { values: out, sources, unknown };
}

/** What a missing value is called, for messages: its flag or file flag and its variable. */
function whereToSet(provider, key) {
  const f = FIELDS[provider].find((x) => x.key === key);
  if (!f) return key;
  return f.secret ? `--${f.flag}-file FILE or ${f.env}` : `--${f.flag} or ${f.env}`;
}

/**
 * The library config for a client of `provider` (v3 keys assembled: public key id + PEM,
 * platform certificate files), plus `query` extras (CloudPay's sub-merchant).
 */
function clientConfig(provider, values, env = process.env) {
  const { values: v, unknown } = resolve(provider, values, env);
  const query = {};
  for (const f of FIELDS[provider]) {
    if (f.query && v[f.key] !== undefined) {
      query[f.key] = v[f.key];
      delete v[f.key];
    }
  }
  if (provider === 'wechat-v3') {
    const { publicKeyId, publicKey, platformCertificates } = v;
    delete v.publicKeyId;
    delete v.publicKey;
    if (publicKeyId !== undefined || publicKey !== undefined) {
      if (publicKeyId === undefined || publicKey === undefined) {
        throw configError('CONFIG_MISSING', 'a WeChat Pay public key needs both its id and its PEM', `set ${whereToSet(provider, 'publicKeyId')} and --public-key-file FILE or WECHAT_V3_PUBLIC_KEY`);
      }
      v.wechatpayPublicKey = { id: publicKeyId, pem: publicKey };
    }
    if (typeof platformCertificates === 'string') {
      v.platformCertificates = platformCertificates
        .split(',')
        .filter(Boolean)
        .map((file) => readFileValue(file, '--platform-certs'));
    }
  }
  if (provider === 'fubei' && typeof v.merchantId === 'string' && /^\d+$/.test(v.merchantId)) v.merchantId = Number(v.merchantId);
  // Never silently ignored: the library refuses them (INVALID_CONFIG, "did you mean …?").
  for (const key of Object.keys(unknown)) if (!(key in v)) v[key] = unknown[key];
  // Explicit "none": the library's null turns failover off.
  if (v.backupBaseUrl === 'none') v.backupBaseUrl = null;
  return { config: v, query };
}

/** Help lines listing a provider's configuration: flag, variable, secret or not. */
function configHelp(provider) {
  return FIELDS[provider]
    .map((f) => {
      const flag = f.secret ? `--${f.flag}-file FILE` : `--${f.flag}${f.file ? ` | --${f.flag}-file FILE` : ''}`;
      const env = f.secret || f.file ? `${f.env} | ${f.env}_FILE` : f.env;
      return `    ${flag.padEnd(40)} ${env}${f.secret ? '  (secret)' : ''}`;
    })
    .join('\n');
}

module.exports = { FIELDS, providerName, configOptions, resolve, clientConfig, configHelp, readFileValue, whereToSet };
