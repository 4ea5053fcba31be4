// Every query answer is checked against the query: a correctly signed answer (node:crypto, the
// sandbox's own signing) about another order or merchant is RESPONSE_MISMATCH in every provider,
// for every id kind, through queryOrder and parseQueryResponse alike; wire fields named like
// typed members never replace them; attempts and host are non-enumerable metadata.
import test from 'node:test';
import assert from 'node:assert/strict';
import { pq, sandbox, expectCode, nodeSignV2, nodeBuildXml } from './helpers.mjs';
import { direct as v3Direct, partnerConfig } from './v3-helpers.mjs';
import { merchantV1, vendorV2, merchantV2 } from './fubei-helpers.mjs';

/** A v2 answer signed by node:crypto with the sandbox merchant's key. */
function signedV2(sb, fields, signType = 'MD5') {
  const { appid, mchId, apiKey } = sb.credentials.v2;
  const all = { return_code: 'SUCCESS', return_msg: 'OK', appid, mch_id: mchId, nonce_str: 'n0nce', ...fields };
  for (const [k, v] of Object.entries(all)) if (v === undefined) delete all[k];
  return nodeBuildXml({ ...all, sign: nodeSignV2(all, apiKey, signType) });
}

const PAID_V2 = { result_code: 'SUCCESS', trade_state: 'SUCCESS', out_trade_no: 'PQ-V2-PAID', transaction_id: '4200T1', total_fee: '101', time_end: '20240101120000' };

/** Each id kind of a WeChat query, the wire field that must answer it, and its value. */
const V2_KINDS = [
  [{ outTradeNo: 'PQ-V2-PAID' }, 'out_trade_no', 'PQ-V2-PAID'],
  [{ transactionId: '4200T1' }, 'transaction_id', '4200T1'],
];

test('v2: a signed PAID answer about another order is RESPONSE_MISMATCH, for each id kind, in queryOrder and parseQueryResponse', async (t) => {
  const sb = await sandbox(t);
  const { appid, mchId, apiKey } = sb.credentials.v2;
  const client = new pq.WechatPayV2({ appid, mchId, apiKey, baseUrl: sb.url, retries: 0 });
  for (const [query, field] of V2_KINDS) {
    const good = signedV2(sb, PAID_V2);
    assert.equal(client.parseQueryResponse(query, good).status.state, 'PAID');
    const other = signedV2(sb, { ...PAID_V2, [field]: 'OTHER9' });
    sb.inject({ kind: 'body', body: other });
    let e = await expectCode(() => client.queryOrder(query), 'RESPONSE_MISMATCH');
    assert.match(e.message, new RegExp(field));
    assert.ok(!e.message.includes('OTHER9'));
    assert.equal(e.retryable, false);
    await expectCode(() => client.parseQueryResponse(query, other), 'RESPONSE_MISMATCH');
    await expectCode(() => client.parseQueryResponse(client.buildQueryRequest(query), other), 'RESPONSE_MISMATCH');
    // Asked for, but not in the answer: it cannot be shown to be about this order.
    const missing = signedV2(sb, { ...PAID_V2, [field]: undefined });
    sb.inject({ kind: 'body', body: missing });
    e = await expectCode(() => client.queryOrder(query), 'RESPONSE_MISMATCH');
    assert.match(e.message, /does not name/);
    await expectCode(() => client.parseQueryResponse(query, missing), 'RESPONSE_MISMATCH');
  }
});

test('v2: another merchant, app or sub-merchant in a signed answer is RESPONSE_MISMATCH', async (t) => {
  const sb = await sandbox(t);
  const { appid, mchId, apiKey, subMchId, subAppid } = sb.credentials.v2;
  const sp = new pq.WechatPayV2({ appid, mchId, apiKey, subMchId, subAppid, baseUrl: sb.url });
  const q = { outTradeNo: 'PQ-V2-PAID' };
  const ok = { ...PAID_V2, sub_mch_id: subMchId, sub_appid: subAppid };
  assert.equal(sp.parseQueryResponse(q, signedV2(sb, ok)).totalFee, 101);
  for (const field of ['appid', 'mch_id', 'sub_mch_id', 'sub_appid']) {
    const e = await expectCode(() => sp.parseQueryResponse(q, signedV2(sb, { ...ok, [field]: 'other9' })), 'RESPONSE_MISMATCH');
    assert.match(e.message, new RegExp(field));
  }
  // sub_appid may be left out by WeChat; the others may not.
  assert.equal(sp.parseQueryResponse(q, signedV2(sb, { ...ok, sub_appid: undefined })).totalFee, 101);
  await expectCode(() => sp.parseQueryResponse(q, signedV2(sb, { ...ok, sub_mch_id: undefined })), 'RESPONSE_MISMATCH');
});

test('CloudPay signing backend: a signed PAID answer about another order or sub-merchant is RESPONSE_MISMATCH', async (t) => {
  const sb = await sandbox(t);
  const { appid, mchId, apiKey, subMchId } = sb.credentials.v2;
  const cloudPay = new pq.CloudPay({ appid, mchId, apiKey, baseUrl: sb.url, retries: 0 });
  for (const [input, field] of [
    [{ sub_mch_id: subMchId, out_trade_no: 'PQ-V2-PAID' }, 'out_trade_no'],
    [{ subMchId, transactionId: '4200T1' }, 'transaction_id'],
  ]) {
    sb.inject({ kind: 'body', body: signedV2(sb, { ...PAID_V2, sub_mch_id: subMchId }) });
    assert.equal((await cloudPay.queryOrder(input)).status.state, 'PAID');
    sb.inject({ kind: 'body', body: signedV2(sb, { ...PAID_V2, sub_mch_id: subMchId, [field]: 'OTHER9' }) });
    const e = await expectCode(() => cloudPay.queryOrder(input), 'RESPONSE_MISMATCH');
    assert.match(e.message, new RegExp(field));
    sb.inject({ kind: 'body', body: signedV2(sb, { ...PAID_V2, sub_mch_id: subMchId, [field]: undefined }) });
    await expectCode(() => cloudPay.queryOrder(input), 'RESPONSE_MISMATCH');
    sb.inject({ kind: 'body', body: signedV2(sb, { ...PAID_V2, sub_mch_id: '1900000999' }) });
    await expectCode(() => cloudPay.queryOrder(input), 'RESPONSE_MISMATCH');
  }
  // A business failure names no order and is still returned as data.
  sb.inject({ kind: 'body', body: signedV2(sb, { sub_mch_id: subMchId, result_code: 'FAIL', err_code: 'ORDERNOTEXIST', err_code_des: '此交易订单号不存在' }) });
  const res = await cloudPay.queryOrder({ sub_mch_id: subMchId, out_trade_no: 'PQ-V2-PAID' });
  assert.equal(res.resultErrCode, 'ORDERNOTEXIST');
});

test('v3: a signed answer about another order or merchant is RESPONSE_MISMATCH for direct, partner and combine', async (t) => {
  const sb = await sandbox(t);
  const c = sb.credentials.v3;
  const client = v3Direct(sb, { retries: 0 });
  const paid = await client.queryOrder({ outTradeNo: 'PQ-V3-PAID' });
  const wire = paid.raw;
  for (const [query, field] of [
    [{ outTradeNo: 'PQ-V3-PAID' }, 'out_trade_no'],
    [{ transactionId: wire.transaction_id }, 'transaction_id'],
    [{ outTradeNo: 'PQ-V3-PAID' }, 'mchid'],
  ]) {
    sb.inject({ kind: 'signedBody', body: JSON.stringify({ ...wire, [field]: '1900000999' }) });
    const e = await expectCode(() => client.queryOrder(query), 'RESPONSE_MISMATCH');
    assert.match(e.message, new RegExp(field));
    const { [field]: _dropped, ...missing } = wire;
    sb.inject({ kind: 'signedBody', body: JSON.stringify(missing) });
    await expectCode(() => client.queryOrder(query), 'RESPONSE_MISMATCH');
  }
  const partner = new pq.WechatPayV3(partnerConfig(sb, { retries: 0 }));
  const spWire = (await partner.queryOrder({ outTradeNo: 'PQ-V3-SP-PAID' })).raw;
  for (const field of ['sp_mchid', 'sub_mchid', 'out_trade_no']) {
    sb.inject({ kind: 'signedBody', body: JSON.stringify({ ...spWire, [field]: '1900000999' }) });
    const e = await expectCode(() => partner.queryOrder({ outTradeNo: 'PQ-V3-SP-PAID' }), 'RESPONSE_MISMATCH');
    assert.match(e.message, new RegExp(field));
  }
  const combineWire = (await client.queryCombineOrder({ combineOutTradeNo: 'PQ-V3-COMBINE-PAID' })).raw;
  const { out_trade_no: _n, ...unnamedSub } = combineWire.sub_orders[0];
  for (const [body, field] of [
    [{ ...combineWire, combine_out_trade_no: 'PQ-V3-OTHER' }, 'combine_out_trade_no'],
    [{ ...combineWire, combine_mchid: c.spMchid }, 'combine_mchid'],
    [{ ...combineWire, sub_orders: [unnamedSub, combineWire.sub_orders[1]] }, 'sub_orders'],
  ]) {
    sb.inject({ kind: 'signedBody', body: JSON.stringify(body) });
    const e = await expectCode(() => client.queryCombineOrder({ combineOutTradeNo: 'PQ-V3-COMBINE-PAID' }), 'RESPONSE_MISMATCH');
    assert.ok(e.message.includes(field), e.message);
  }
});

test('Fubei 1.0 and 2.0: an answer about another order or merchant is RESPONSE_MISMATCH, for each id kind', async (t) => {
  const sb = await sandbox(t);
  const { merchantId } = sb.credentials.fubei;
  const cases = [
    [merchantV1(sb, { retries: 0 }), 'trade_state', [['merchantOrderSn', 'merchant_order_sn'], ['orderSn', 'order_sn']]],
    [vendorV2(sb, { retries: 0 }), 'order_status', [['merchantOrderSn', 'merchant_order_sn'], ['orderSn', 'order_sn'], ['insOrderSn', 'ins_order_sn']]],
    [merchantV2(sb, { retries: 0 }), 'order_status', [['insOrderSn', 'ins_order_sn']]],
  ];
  for (const [client, state, kinds] of cases) {
    const data = { [state]: 'SUCCESS', merchant_order_sn: 'M-1', order_sn: 'F-1', ins_order_sn: 'I-1', merchant_id: Number(merchantId) };
    const envelope = (d) => JSON.stringify({ result_code: 200, result_message: '成功', data: d });
    for (const [key, field] of kinds) {
      const query = { [key]: data[field] };
      assert.equal(client.parseQueryResponse(query, envelope(data)).status.state, 'PAID');
      sb.inject({ kind: 'body', body: envelope({ ...data, [field]: 'X-9' }) });
      const e = await expectCode(() => client.queryOrder(query), 'RESPONSE_MISMATCH');
      assert.match(e.message, new RegExp(field));
      await expectCode(() => client.parseQueryResponse(query, envelope({ ...data, [field]: 'X-9' })), 'RESPONSE_MISMATCH');
      const { [field]: _dropped, ...missing } = data;
      sb.inject({ kind: 'body', body: envelope(missing) });
      await expectCode(() => client.queryOrder(query), 'RESPONSE_MISMATCH');
    }
  }
  // At service-provider level, another merchant_id (when sent) is a mismatch.
  const vendor = vendorV2(sb, { retries: 0 });
  const body = JSON.stringify({ result_code: 200, data: { order_status: 'SUCCESS', order_sn: 'F-1', merchant_id: 1 } });
  const e = await expectCode(() => vendor.parseQueryResponse({ orderSn: 'F-1' }, body), 'RESPONSE_MISMATCH');
  assert.match(e.message, /merchant_id/);
});

test('parseQueryResponse needs the query: the old one-argument form is INVALID_ARGUMENT naming the new one', async (t) => {
  const sb = await sandbox(t);
  const { appid, mchId, apiKey } = sb.credentials.v2;
  const v2 = new pq.WechatPayV2({ appid, mchId, apiKey, baseUrl: sb.url });
  const fubei = merchantV1(sb);
  const body = signedV2(sb, PAID_V2);
  for (const [client, response] of [[v2, body], [v2, { status: 200, body }], [fubei, '{"result_code":200,"data":{}}']]) {
    const e = await expectCode(() => client.parseQueryResponse(response), 'INVALID_ARGUMENT');
    assert.match(e.message, /parseQueryResponse\(query, response\)/);
    assert.match(e.message, /buildQueryRequest/);
  }
  // A request built for another order checks the answer against that order.
  const otherRequest = v2.buildQueryRequest({ outTradeNo: 'PQ-V2-OTHER' });
  await expectCode(() => v2.parseQueryResponse(otherRequest, body), 'RESPONSE_MISMATCH');
  await expectCode(() => v2.parseQueryResponse({ outTradeNo: 'PQ-V2-PAID', extra: 1 }, body), 'INVALID_ARGUMENT');
});

test('signed wire fields named like typed members stay in raw, for every provider', async (t) => {
  const sb = await sandbox(t);
  const { appid, mchId, apiKey, subMchId } = sb.credentials.v2;
  const names = (members) => Object.fromEntries([...members, 'attempts', 'host'].map((n) => [n, '999']));

  // v2: every member of WechatPayV2Order, plus the metadata names, as signed XML elements.
  const v2Members = ['tradeState', 'outTradeNo', 'transactionId', 'totalFee', 'cashFee', 'settlementTotalFee', 'couponFee', 'couponCount', 'coupons', 'timeEnd', 'raw', 'status'];
  const v2 = new pq.WechatPayV2({ appid, mchId, apiKey, baseUrl: sb.url });
  sb.inject({ kind: 'body', body: signedV2(sb, { ...PAID_V2, ...names(v2Members) }) });
  const order = await v2.queryOrder({ outTradeNo: 'PQ-V2-PAID' });
  assert.equal(order.tradeState, 'SUCCESS');
  assert.equal(order.totalFee, 101);
  assert.equal(order.outTradeNo, 'PQ-V2-PAID');
  assert.deepEqual(order.coupons, []);
  assert.equal(order.timeEnd, '2024-01-01T12:00:00+08:00');
  assert.equal(order.status.state, 'PAID');
  assert.equal(order.attempts, 1);
  assert.equal(order.host, new URL(sb.url).host);
  for (const name of [...v2Members, 'attempts', 'host']) assert.equal(order.raw[name], '999', name);
  for (const name of ['cashFee', 'settlementTotalFee', 'couponFee', 'couponCount']) assert.equal(order[name], undefined, name);

  // CloudPay signing backend: its own members and camelCase twins of wire fields.
  const cloudPay = new pq.CloudPay({ appid, mchId, apiKey, baseUrl: sb.url });
  const cpNames = names(['errCode', 'errMsg', 'resultErrCode', 'coupons', 'status', 'raw', 'totalFee', 'tradeState', 'outTradeNo', 'subMchId']);
  sb.inject({ kind: 'body', body: signedV2(sb, { ...PAID_V2, sub_mch_id: subMchId, ...cpNames }) });
  const res = await cloudPay.queryOrder({ sub_mch_id: subMchId, out_trade_no: 'PQ-V2-PAID' });
  assert.equal(res.errCode, 0);
  assert.equal(res.errMsg, 'cloudPay.queryOrder:ok');
  assert.equal(res.resultErrCode, null);
  assert.equal(res.totalFee, 101);
  assert.equal(res.tradeState, 'SUCCESS');
  assert.equal(res.subMchId, subMchId);
  assert.deepEqual(res.coupons, []);
  assert.equal(res.status.state, 'PAID');
  assert.ok(!Object.keys(res).includes('host'));
  for (const name of Object.keys(cpNames)) assert.equal(res.raw[name], '999', name);

  // v3: top-level and nested, signed by the sandbox.
  const v3 = v3Direct(sb);
  const wire = (await v3.queryOrder({ outTradeNo: 'PQ-V3-PAID' })).raw;
  const { trade_state_desc: _d, ...rest } = wire;
  const v3Body = { ...rest, ...names(['tradeState', 'outTradeNo', 'transactionId', 'tradeStateDesc', 'status', 'raw', 'amount_']), amount: { ...wire.amount, payer_total: undefined, payerTotal: 999 } };
  sb.inject({ kind: 'signedBody', body: JSON.stringify(v3Body) });
  const v3Order = await v3.queryOrder({ outTradeNo: 'PQ-V3-PAID' });
  assert.equal(v3Order.tradeState, 'SUCCESS');
  assert.equal(v3Order.outTradeNo, 'PQ-V3-PAID');
  assert.equal(v3Order.tradeStateDesc, undefined);
  assert.equal(v3Order.status.state, 'PAID');
  assert.equal(v3Order.amount.payerTotal, undefined);
  assert.equal(v3Order.raw.amount.payerTotal, 999);
  assert.equal(v3Order.raw.status, '999');
  assert.equal(v3Order.attempts, 1);

  // Fubei 1.0 and 2.0: members under their own names and their snake_case spellings.
  const fubeiMembers = {
    'trade_state': ['api', 'tradeState', 'merchantOrderSn', 'orderSn', 'totalFeeFen', 'payChannel', 'payTime', 'storeId', 'raw', 'status', 'total_fee_fen', 'pay_channel', 'api'],
    'order_status': ['api', 'orderStatus', 'merchantOrderSn', 'orderSn', 'totalAmountFen', 'paymentList', 'finishTime', 'merchantId', 'raw', 'status', 'total_amount_fen', 'pay_channel'],
  };
  for (const [client, state] of [[merchantV1(sb), 'trade_state'], [vendorV2(sb), 'order_status']]) {
    const data = { [state]: 'SUCCESS', merchant_order_sn: 'M-1', ...names(fubeiMembers[state]) };
    sb.inject({ kind: 'body', body: JSON.stringify({ result_code: 200, data }) });
    const fo = await client.queryOrder({ merchantOrderSn: 'M-1' });
    assert.equal(fo.status.state, 'PAID');
    assert.equal(fo[state === 'trade_state' ? 'tradeState' : 'orderStatus'], 'SUCCESS');
    assert.equal(fo.merchantOrderSn, 'M-1');
    for (const [key, value] of Object.entries(fo)) if (key !== 'raw') assert.notEqual(value, '999', key);
    for (const name of fubeiMembers[state]) assert.equal(fo.raw[name], '999', name);
  }
});

test('attempts and host are non-enumerable: JSON.stringify(order) is the order', async (t) => {
  const sb = await sandbox(t);
  const { appid, mchId, apiKey } = sb.credentials.v2;
  const v2 = new pq.WechatPayV2({ appid, mchId, apiKey, baseUrl: sb.url });
  const orders = [
    await v2.queryOrder({ outTradeNo: 'PQ-V2-PAID' }),
    await v3Direct(sb).queryOrder({ outTradeNo: 'PQ-V3-PAID' }),
    await vendorV2(sb).queryOrder({ merchantOrderSn: 'PQ-FB2-PAID' }),
  ];
  for (const order of orders) {
    assert.equal(order.attempts, 1);
    assert.equal(order.host, new URL(sb.url).host);
    assert.ok(!Object.keys(order).includes('attempts') && !Object.keys(order).includes('host'));
    const json = JSON.parse(JSON.stringify(order));
    assert.equal(json.attempts, undefined);
    assert.equal(json.host, undefined);
    assert.deepEqual(Object.keys(json), Object.keys(order));
    assert.equal({ ...order }.attempts, undefined);
  }
});
