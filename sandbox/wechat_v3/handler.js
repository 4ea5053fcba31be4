'use strict';
// Emulates the five APIv3 order-query paths: checks Accept, User-Agent and the Authorization
// signature with the merchant public key, answers from the seeded orders, and signs the answer
// with the platform certificate's key or the WeChat Pay public key, as Wechatpay-Serial asks.
const crypto = require('node:crypto');
const { requestMessage, parseAuthorization, verify, signedHeaders, nonce } = require('./sign.js');
const { certificatesBody } = require('./certificates.js');

const MAX_CLOCK_DRIFT = 300;

function requestId() {
  return `08${crypto.randomBytes(12).toString('hex').toUpperCase()}`;
}

/** A WeChat Pay error answer: `{ code, message, detail? }`. */
function error(status, code, message, detail) {
  return {
    status,
    headers: { 'Content-Type': 'application/json', 'Request-ID': requestId() },
    body: JSON.stringify(detail === undefined ? { code, message } : { code, message, detail }),
  };
}

/** WeChat Pay's answer to too many requests: 429 with `code` (default FREQUENCY_LIMITED). */
function rateLimited(code = 'FREQUENCY_LIMITED') {
  return error(429, code, '请求频率超过限制');
}

/** 401 SIGN_ERROR with the message WeChat Pay reconstructed (body truncated, as it does). */
function signError(method, url, message) {
  const head = `${message.split('\n').slice(0, 4).join('\n')}\n`;
  const body = message.slice(head.length, -1);
  const truncated = `${head}${body.slice(0, 8)}\n`;
  return error(401, 'SIGN_ERROR', '签名错误，请检查后再试', {
    field: 'signature',
    issue: 'sign not match',
    location: 'authorization',
    sign_information: { method, url, sign_message_length: Buffer.byteLength(message), truncated_sign_message: truncated },
  });
}

const ROUTES = [
  [/^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/, 'direct', 'out_trade_no'],
  [/^\/v3\/pay\/transactions\/id\/([^/]+)$/, 'direct', 'transaction_id'],
  [/^\/v3\/pay\/partner\/transactions\/out-trade-no\/([^/]+)$/, 'partner', 'out_trade_no'],
  [/^\/v3\/pay\/partner\/transactions\/id\/([^/]+)$/, 'partner', 'transaction_id'],
  [/^\/v3\/combine-transactions\/out-trade-no\/([^/]+)$/, 'combine', 'combine_out_trade_no'],
];

/** Checks the request; returns an error answer, or null when it is properly signed. */
function checkRequest(req, merchant) {
  if (!req.headers.accept || !req.headers['user-agent']) {
    return error(400, 'INVALID_REQUEST', 'Http头缺少Accept或User-Agent');
  }
  const auth = parseAuthorization(req.headers.authorization);
  if (!auth) return error(401, 'SIGN_ERROR', 'Http头Authorization值格式错误，请参考《微信支付商户REST API签名规则》');
  if (![merchant.mchid, merchant.spMchid].includes(auth.mchid)) return error(401, 'SIGN_ERROR', '商户号不存在');
  if (auth.serial_no.toUpperCase() !== merchant.merchantSerialNo.toUpperCase()) {
    return error(401, 'SIGN_ERROR', '商户证书序列号有误。请使用签名私钥匹配的证书序列号');
  }
  if (Math.abs(Math.floor(Date.now() / 1000) - Number(auth.timestamp)) > MAX_CLOCK_DRIFT) {
    return error(401, 'SIGN_ERROR', 'Http头Authorization中的timestamp与发起请求的时间不得超过5分钟');
  }
  const message = requestMessage(req.method, req.url, auth.timestamp, auth.nonce_str, req.body);
  if (!verify(message, auth.signature, merchant.publicKey)) return signError(req.method, req.url, message);
  req.auth = auth;
  return null;
}

function find(orders, kind, field, value, query, auth, merchant) {
  if (kind === 'direct') {
    if (query.get('mchid') !== auth.mchid || auth.mchid !== merchant.mchid) return 'NO_AUTH';
    return orders.direct.find((o) => o[field] === value);
  }
  if (kind === 'partner') {
    if (query.get('sp_mchid') !== auth.mchid || auth.mchid !== merchant.spMchid) return 'NO_AUTH';
    return orders.partner.find((o) => o.sub_mchid === query.get('sub_mchid') && o[field] === value);
  }
  return orders.combine.find((o) => o.combine_mchid === auth.mchid && o[field] === value);
}

/** The key that signs the answer: the one the request's Wechatpay-Serial names. */
function signingKey(req, keys, fault) {
  const asked = fault && fault.kind === 'platformSigned' ? keys.platformSerial : req.headers['wechatpay-serial'];
  if (asked === keys.publicKeyId) return { privateKey: keys.publicKeyPrivate, serial: keys.publicKeyId };
  return { privateKey: keys.platformPrivate, serial: keys.platformSerial };
}

/** A signed 200 answer, with the response faults applied; `key` defaults to the one asked for. */
function signedAnswer(req, body, keys, fault, key = signingKey(req, keys, fault)) {
  const kind = fault && fault.kind;
  const now = Math.floor(Date.now() / 1000);
  const timestamp = kind === 'skewTimestamp' ? now - (fault.seconds === undefined ? 600 : fault.seconds) : now;
  if (kind === 'signedBody') body = fault.body;
  const headers = signedHeaders(body, { ...key, timestamp, nonceStr: nonce() });
  if (kind === 'probeSignature') headers['Wechatpay-Signature'] = `WECHATPAY/SIGNTEST/${crypto.randomBytes(48).toString('base64')}`;
  if (kind === 'wrongSerial') headers['Wechatpay-Serial'] = fault.serial || 'PUB_KEY_ID_0000000000000000000000000099';
  if (kind === 'dropHeaders') for (const h of fault.headers || ['Wechatpay-Signature']) delete headers[h];
  // After signing: what an attacker or a broken proxy would do to the body.
  if (kind === 'tamperBody') {
    const raised = body.replace(/"total":(\d+)/, (_, n) => `"total":${Number(n) + 1}`);
    body = raised !== body ? raised : body.replace(/\d/, (d) => String((Number(d) + 1) % 10));
  }
  if (kind === 'reserializeBody') body = JSON.stringify(JSON.parse(body), null, 2);
  return { status: 200, headers: { 'Content-Type': 'application/json', 'Request-ID': requestId(), ...headers }, body };
}

/** Handles one request to a /v3/ path. */
function handleQuery(req, { merchant, keys, orders, fault, apiV3Key }) {
  const kind = fault && fault.kind;
  if (kind === 'rateLimited') return rateLimited(fault.code);
  if (kind === 'serverError') return error(500, 'SYSTEM_ERROR', '系统错误');
  if (req.method !== 'GET') return error(404, 'NOT_FOUND', '请求的资源不存在');
  const denied = checkRequest(req, merchant);
  if (denied) return denied;
  if (kind === 'signError') {
    // WeChat Pay's copy of the message, optionally as a proxy that rewrote the URL or the body
    // would leave it.
    const url = fault.url || req.url;
    const body = fault.body === undefined ? req.body : fault.body;
    return signError(req.method, url, requestMessage(req.method, url, req.auth.timestamp, req.auth.nonce_str, body));
  }
  if (req.path === '/v3/certificates') {
    // Always signed by the active platform key, one of the certificates the answer carries.
    const platform = { privateKey: keys.platformPrivate, serial: keys.platformSerial };
    return signedAnswer(req, certificatesBody(keys, apiV3Key, fault), keys, fault, platform);
  }
  const route = ROUTES.map(([re, k, field]) => [req.path.match(re), k, field]).find(([m]) => m);
  if (!route) return error(404, 'NOT_FOUND', '请求的资源不存在');
  const [match, routeKind, field] = route;
  let value;
  try {
    value = decodeURIComponent(match[1]);
  } catch {
    return error(400, 'PARAM_ERROR', '参数格式错误');
  }
  const order = find(orders, routeKind, field, value, req.query, req.auth, merchant);
  if (order === 'NO_AUTH') return error(403, 'NO_AUTH', '商户无权限');
  if (!order) return error(404, 'ORDER_NOT_EXIST', '订单不存在');
  return signedAnswer(req, JSON.stringify(order), keys, fault);
}

module.exports = { handleQuery, signingKey, rateLimited };
