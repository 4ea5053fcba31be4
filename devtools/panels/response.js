// "Paste an answer, see the typed result or exactly what failed", for every provider: the
// pasted answer is handed to a client as what its `fetch` returned, so that it goes through
// every check `queryOrder` makes (signature, timestamp, the order and merchant it must be
// about, amounts) and comes out typed — or as the error a query would throw, with the
// explanation of the signature check.
import { el, field, input, area, select, button, output, attempt, render, verdict, heading, showInvisibles, table, parseHeaders, headerLines, errorView, toggle, clear } from './ui.js';
import { orderView } from './order.js';
import { rsaPair } from '../keys.js';
import { FAKE_V3, SANDBOX_ORDERS, v2OrderFields, cloudAnswer, fubeiAnswer, signedV3Answer, v3OrderBody } from '../samples.js';

const SAMPLE_KEY = 'fake0v2key0for0devtools0samples0';
const STAND_IN_SIGNATURE = btoa('\0'.repeat(256));

/** A `fetch` that answers every request with `answer` (`{ status, headers, body }`): nothing is sent. */
const replay = (answer) => async () => new Response(answer.body, { status: answer.status, headers: answer.headers });

/** Every PEM certificate block of a text. */
const certificates = (text) => text.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) || [];

export function responsePanel(pq) {
  const f = {
    appid: input('response-appid', 'appid the request used'),
    mchId: input('response-mch-id', 'mch_id the request used'),
    key: input('response-key', 'the 32-character APIv2 key', 'password'),
    signType: select('response-sign-type', [['MD5'], ['HMAC-SHA256']]),
    subMchId: input('response-sub-mch-id', 'sub_mch_id the request used'),
    mchid: input('response-mchid', 'mchid (sp_mchid for a service provider)'),
    subMchid: input('response-sub-mchid', 'sub_mchid (service provider only)'),
    keyId: input('response-public-key-id', 'PUB_KEY_ID_…'),
    publicKey: area('response-public-key', '-----BEGIN PUBLIC KEY-----', 2),
    platformCerts: area('response-platform-certs', '-----BEGIN CERTIFICATE-----   (certificate mode)', 2),
    maxSkew: input('response-max-skew', '300', 'number'),
    fubeiApi: select('response-fubei-api', [['1.0', '1.0 (merchant, /gateway)'], ['2.0', '2.0 (/gateway/agent)']]),
    appId: input('response-app-id', 'app_id (a merchant app)'),
    vendorSn: input('response-vendor-sn', 'vendor_sn (a service provider, 2.0)'),
    merchantId: input('response-merchant-id', 'merchant_id queried for (with vendor_sn)'),
  };
  const PROVIDERS = {
    v2: { label: 'WeChat Pay APIv2 — XML', fields: ['appid', 'mchId', 'key', 'signType'], ids: ['outTradeNo', 'transactionId'] },
    v3: { label: 'WeChat Pay APIv3 — JSON with Wechatpay-* headers', fields: ['mchid', 'subMchid', 'keyId', 'publicKey', 'platformCerts', 'maxSkew'], ids: ['outTradeNo', 'transactionId', 'combineOutTradeNo'], headers: true },
    cloudpay: { label: 'CloudPay — signing backend, XML', fields: ['appid', 'mchId', 'key', 'signType', 'subMchId'], ids: ['out_trade_no', 'transaction_id'] },
    cloud: { label: 'CloudPay — what cloud.cloudPay.queryOrder resolved to, JSON', fields: ['subMchId'], ids: ['out_trade_no', 'transaction_id'], offline: true },
    fubei: { label: 'Fubei 付呗 — JSON', fields: ['fubeiApi', 'appId', 'vendorSn', 'merchantId'], ids: ['merchantOrderSn', 'orderSn', 'insOrderSn'] },
  };
  const provider = select('response-provider', Object.entries(PROVIDERS).map(([k, p]) => [k, p.label]));
  const idKind = select('response-id-kind', []);
  const id = input('response-id', 'the order id the request asked for');
  const status = input('response-status', '200', 'number');
  const headers = area('response-headers', 'Wechatpay-Timestamp: …\nWechatpay-Nonce: …\nWechatpay-Signature: …\nWechatpay-Serial: …', 4);
  const body = area('response-body', 'the answer body, exactly as received', 8);
  const out = output('response-output', 'Verify and type: the typed order, or the error a query would throw and why.');
  const labels = { appid: 'appid', mchId: 'mch_id', key: 'API key', signType: 'Sign type of the request', subMchId: 'sub_mch_id', mchid: 'mchid', subMchid: 'sub_mchid', keyId: 'WeChat Pay public key id', publicKey: 'WeChat Pay public key', platformCerts: 'Platform certificates', maxSkew: 'Allowed clock skew, s (at most 86400)', fubeiApi: 'API', appId: 'app_id', vendorSn: 'vendor_sn', merchantId: 'merchant_id' };
  const wrappers = Object.fromEntries(Object.entries(f).map(([k, control]) => [k, field(labels[k], control)]));
  const headersField = field('Answer headers', headers, 'Name: value lines, or JSON');
  let sandbox = null;
  const fetchButton = button('response-fetch', 'Fetch from the sandbox', () => fetchFromSandbox().catch((e) => render(out, errorView(e))));

  const show = () => {
    const p = PROVIDERS[provider.value];
    for (const [k, w] of Object.entries(wrappers)) toggle(w, p.fields.includes(k));
    toggle(headersField, Boolean(p.headers));
    const kept = idKind.value;
    idKind.replaceChildren(...p.ids.map((k) => el('option', { value: k }, k)));
    if (p.ids.includes(kept)) idKind.value = kept;
    toggle(fetchButton, Boolean(sandbox) && !p.offline);
  };
  provider.addEventListener('change', show);

  const v = (k) => f[k].value.trim();
  const answer = () => ({ status: Number(status.value || 200), headers: PROVIDERS[provider.value].headers ? parseHeaders(headers.value) : {}, body: body.value });
  const noFailover = { retries: 0, backupBaseUrl: null };
  const v3Keys = () => {
    const keys = {};
    if (v('publicKey')) keys.wechatpayPublicKey = { id: v('keyId'), pem: f.publicKey.value };
    const certs = certificates(f.platformCerts.value);
    if (certs.length) keys.platformCertificates = certs;
    return keys;
  };

  /** A client of the selected provider whose fetch returns `reply`, and the query to make with it. */
  const clients = {
    v2: (reply) => [new pq.WechatPayV2({ appid: v('appid'), mchId: v('mchId'), apiKey: v('key'), signType: v('signType'), fetch: reply, ...noFailover }), (c, q) => c.queryOrder(q)],
    cloudpay: (reply) => [
      new pq.CloudPay({ appid: v('appid'), mchId: v('mchId'), apiKey: v('key'), signType: v('signType'), fetch: reply, ...noFailover }),
      (c, q) => c.queryOrder({ sub_mch_id: v('subMchId'), ...q }),
    ],
    cloud: () => [
      new pq.CloudPay({ cloud: { cloudPay: { queryOrder: async () => JSON.parse(body.value) } } }),
      (c, q) => c.queryOrder({ sub_mch_id: v('subMchId'), ...q }, { retries: 0 }),
    ],
    v3: (reply) => [
      // Verifying needs no private key: the request is "signed" by a stand-in (a signature of
      // RSA-2048's length, as payquery checks) and never sent.
      new pq.WechatPayV3({
        ...(v('subMchid') ? { spMchid: v('mchid'), subMchid: v('subMchid') } : { mchid: v('mchid') }),
        merchantSerialNo: '00000000',
        signer: () => STAND_IN_SIGNATURE,
        ...v3Keys(),
        maxSkewSeconds: Number(v('maxSkew') || 300),
        fetch: reply,
        ...noFailover,
      }),
      (c, q) => ('combineOutTradeNo' in q ? c.queryCombineOrder(q) : c.queryOrder(q)),
    ],
    fubei: (reply) => [
      new pq.Fubei({
        ...(v('vendorSn') ? { vendorSn: v('vendorSn'), merchantId: v('merchantId') } : { appId: v('appId') }),
        api: v('fubeiApi'),
        // Answers are unsigned (Fubei signs notifications only): the secret plays no part here.
        appSecret: 'not-used-to-read-answers',
        fetch: reply,
        ...noFailover,
      }),
      (c, q) => c.queryOrder(q),
    ],
  };

  /** Why a v2 answer's sign did not verify: explainV2 over the pasted XML. */
  const v2Why = () => {
    const explained = pq.explainV2(body.value, v('key'), v('signType'));
    return { hint: explained.hint, more: [table([['sign received', explained.receivedSign], ['computed', explained.signature], ['field at fault', explained.differingField]]), heading('The exact string signed (the key shown as ***)'), showInvisibles(explained.stringToSign)] };
  };

  /** What explainV3 says about the answer, and whether its signature holds at its own time. */
  const v3Why = async (e, a) => {
    const explained = pq.explainV3({ response: a, maxSkewSeconds: Number(v('maxSkew') || 300) });
    const more = [table([['Wechatpay-Serial', explained.serial], ['Wechatpay-Timestamp', explained.timestamp === null ? null : `${explained.timestamp} (${explained.skewSeconds} s ago)`], ['missing', explained.missing.join(', ')]])];
    let hint = explained.hint;
    if (e.code === 'TIMESTAMP_SKEW' && explained.timestamp !== null) {
      const [client] = clients.v3(replay(a));
      try {
        await client.verifyResponse(a, { now: Number(explained.timestamp) });
        hint = `The signature is valid at the answer’s own time: it is an old answer (replayed, or pasted from logs). To read it anyway, raise the allowed skew to ${Math.abs(explained.skewSeconds)} s (at most 86400).`;
      } catch (inner) {
        hint = `And its signature does not verify at its own time either (${inner.code}).`;
      } finally {
        client.free();
      }
    }
    if (explained.message !== null) more.push(heading('The exact message verified'), showInvisibles(explained.message));
    return { hint, more };
  };

  const parse = async () => {
    const kind = provider.value;
    const a = answer();
    const [client, query] = clients[kind](replay(a));
    try {
      const result = await query(client, { [idKind.value]: id.value.trim() });
      if (result.resultCode === 'FAIL' || result.returnCode === 'FAIL') {
        return [verdict('info', `Resolved as data: ${result.returnCode === 'FAIL' ? `returnCode FAIL (${result.returnMsg})` : `resultCode FAIL, ${result.resultErrCode || 'no code'}`}`, 'CloudPay resolves business failures as wx-server-sdk does: branch on resultErrCode.'), ...orderView(result)];
      }
      return orderView(result, 'Verified');
    } catch (e) {
      if (!e || typeof e.code !== 'string') throw e;
      if (e.code === 'SIGNATURE_INVALID' && (kind === 'v2' || kind === 'cloudpay')) {
        const why = v2Why();
        return [...errorView(e, why.hint), ...why.more];
      }
      if (kind === 'v3' && ['SIGNATURE_INVALID', 'SIGNATURE_MISSING', 'SIGNATURE_PROBE', 'TIMESTAMP_SKEW', 'UNKNOWN_SERIAL'].includes(e.code)) {
        const why = await v3Why(e, a);
        return [...errorView(e, why.hint), ...why.more];
      }
      return errorView(e);
    } finally {
      client.free();
    }
  };

  const sample = async () => {
    const kind = provider.value;
    status.value = '200';
    if (kind === 'v2' || kind === 'cloudpay') {
      f.appid.value = 'wxd678efh567hg6787';
      f.mchId.value = '1900000100';
      f.key.value = SAMPLE_KEY;
      f.signType.value = 'HMAC-SHA256';
      f.subMchId.value = kind === 'cloudpay' ? '1900000109' : '';
      idKind.value = kind === 'v2' ? 'outTradeNo' : 'out_trade_no';
      id.value = 'ORDER-1001';
      body.value = pq.buildV2Xml(v2OrderFields({ appid: v('appid'), mchId: v('mchId'), subMchId: v('subMchId'), outTradeNo: 'ORDER-1001' }), SAMPLE_KEY, 'HMAC-SHA256');
    } else if (kind === 'cloud') {
      f.subMchId.value = '1900000109';
      idKind.value = 'out_trade_no';
      id.value = 'ORDER-1001';
      body.value = JSON.stringify(cloudAnswer({ subMchId: '1900000109', outTradeNo: 'ORDER-1001' }), null, 2);
    } else if (kind === 'v3') {
      const wechat = await rsaPair();
      f.mchid.value = FAKE_V3.mchid;
      f.subMchid.value = '';
      f.keyId.value = FAKE_V3.publicKeyId;
      f.publicKey.value = wechat.publicPem;
      f.platformCerts.value = '';
      f.maxSkew.value = '';
      idKind.value = 'outTradeNo';
      id.value = 'ORDER-1001';
      const a = await signedV3Answer(wechat.privateKey, FAKE_V3.publicKeyId, v3OrderBody(FAKE_V3.mchid, 'ORDER-1001'));
      headers.value = headerLines(a.headers);
      body.value = a.body;
    } else {
      f.fubeiApi.value = '1.0';
      f.appId.value = '20190101000000000001';
      f.vendorSn.value = '';
      f.merchantId.value = '';
      idKind.value = 'merchantOrderSn';
      id.value = 'ORDER-1001';
      body.value = JSON.stringify(JSON.parse(fubeiAnswer('ORDER-1001')), null, 2);
    }
    await attempt(out, parse);
  };

  /** Queries a seeded order of the sandbox with its credentials and pastes the answer as received. */
  const fetchFromSandbox = async () => {
    const kind = provider.value;
    const c = sandbox.credentials;
    let request;
    status.value = '200';
    headers.value = '';
    if (kind === 'v2' || kind === 'cloudpay') {
      const sp = kind === 'cloudpay';
      f.appid.value = c.v2.appid;
      f.mchId.value = c.v2.mchId;
      f.key.value = c.v2.apiKey;
      f.signType.value = 'MD5';
      f.subMchId.value = sp ? c.v2.subMchId : '';
      idKind.value = sp ? 'out_trade_no' : 'outTradeNo';
      id.value = sp ? SANDBOX_ORDERS.cloudpay : SANDBOX_ORDERS.v2;
      // The signing backend of CloudPay sends an APIv2 service-provider query: the same request.
      const client = new pq.WechatPayV2({ appid: c.v2.appid, mchId: c.v2.mchId, apiKey: c.v2.apiKey, baseUrl: sandbox.url, ...(sp ? { subMchId: c.v2.subMchId } : {}) });
      try {
        request = client.buildQueryRequest({ outTradeNo: id.value });
      } finally {
        client.free();
      }
    } else if (kind === 'v3') {
      const v3 = c.v3;
      f.mchid.value = v3.mchid;
      f.subMchid.value = '';
      f.keyId.value = v3.wechatpayPublicKey.id;
      f.publicKey.value = v3.wechatpayPublicKey.pem;
      f.platformCerts.value = '';
      idKind.value = 'outTradeNo';
      id.value = SANDBOX_ORDERS.v3;
      const path = `/v3/pay/transactions/out-trade-no/${id.value}?mchid=${v3.mchid}`;
      const client = new pq.WechatPayV3({ mchid: v3.mchid, merchantSerialNo: v3.merchantSerialNo, privateKey: v3.privateKey, wechatpayPublicKey: v3.wechatpayPublicKey, baseUrl: sandbox.url });
      try {
        const authorization = await client.buildAuthorization('GET', path);
        request = { method: 'GET', url: `${sandbox.url}${path}`, headers: { Authorization: authorization, Accept: 'application/json', 'Wechatpay-Serial': v3.wechatpayPublicKey.id }, body: '' };
      } finally {
        client.free();
      }
    } else {
      f.fubeiApi.value = '1.0';
      f.appId.value = c.fubei.appId;
      f.vendorSn.value = '';
      f.merchantId.value = '';
      idKind.value = 'merchantOrderSn';
      id.value = SANDBOX_ORDERS.fubei1;
      const client = new pq.Fubei({ appId: c.fubei.appId, appSecret: c.fubei.appSecret, api: '1.0', baseUrl: sandbox.url });
      try {
        request = client.buildQueryRequest({ merchantOrderSn: id.value });
      } finally {
        client.free();
      }
    }
    const a = await sandbox.send(request);
    status.value = String(a.status);
    if (PROVIDERS[kind].headers) headers.value = headerLines(Object.fromEntries(Object.entries(a.headers).filter(([k]) => k.startsWith('wechatpay-'))));
    body.value = a.body;
    await attempt(out, parse);
  };

  const node = el(
    'section',
    { testid: 'response-panel', class: 'wide' },
    el('h2', {}, 'Paste an answer ', el('span', {}, 'the typed result, or exactly what failed')),
    el(
      'div',
      { class: 'columns two' },
      el(
        'div',
        {},
        field('Provider', provider),
        el('div', { class: 'grid-fields' }, ...Object.values(wrappers)),
        el('div', { class: 'row' }, field('Order id kind', idKind), field('Order id', id, 'what the request asked for')),
        el('div', { class: 'row narrow-first' }, field('Status', status), headersField),
        field('Answer body', body),
        el(
          'div',
          { class: 'buttons' },
          button('response-parse', 'Verify and type', () => attempt(out, parse)),
          fetchButton,
          button('response-sample', 'Sample', () => sample().catch((e) => render(out, errorView(e))), 'secondary'),
        ),
      ),
      el('div', {}, el('h3', {}, 'Result'), out),
    ),
  );
  show();

  const useSandbox = (sb) => {
    sandbox = sb;
    clear(out);
    show();
  };
  return {
    node,
    useSandbox,
    /** Selects a provider, then fetches a seeded order of the sandbox for it. */
    async fetchSandbox(kind) {
      provider.value = kind;
      show();
      await fetchFromSandbox();
    },
  };
}
