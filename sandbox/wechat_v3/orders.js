'use strict';
// Seeded APIv3 orders: direct orders in every state (a paid one with promotion_detail and
// scene_info), partner orders of one sub-merchant, and combine orders whose sub-orders are in
// different states. Wire shape as WeChat Pay sends it (snake_case, amounts in fen).

/** @returns {{ direct: object[], partner: object[], combine: object[] }} */
function v3Orders({ mchid, appid, spMchid, spAppid, subMchid, subAppid }) {
  const txid = (n) => `42000000002024020100000000${String(n).padStart(2, '0')}`;
  const paid = (n, extra) => ({
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'CMC',
    transaction_id: txid(n),
    success_time: '2024-02-01T12:00:00+08:00',
    ...extra,
  });
  const unpaid = (state, desc, total) => ({
    trade_state: state,
    trade_state_desc: desc,
    amount: { total, currency: 'CNY' },
  });
  const direct = [
    {
      appid,
      mchid,
      out_trade_no: 'PQ-V3-PAID',
      attach: '中文附加数据 & <标记>',
      ...paid(1, {}),
      payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
      amount: { total: 101, payer_total: 81, currency: 'CNY', payer_currency: 'CNY' },
      scene_info: { device_id: '013467007045764' },
      promotion_detail: [
        {
          coupon_id: '109519',
          name: '单品惠-6',
          scope: 'SINGLE',
          type: 'CASH',
          amount: 20,
          stock_id: '931386',
          wechatpay_contribute: 0,
          merchant_contribute: 20,
          other_contribute: 0,
          currency: 'CNY',
          goods_detail: [{ goods_id: 'M1006', quantity: 1, unit_price: 101, discount_amount: 20, goods_remark: '商品备注' }],
        },
      ],
      // A field WeChat Pay might add tomorrow: it must survive, camelCased.
      future_field: { nested_value: 1 },
    },
    { appid, mchid, out_trade_no: 'PQ-V3-NOTPAY', ...unpaid('NOTPAY', '订单未支付', 2999) },
    { appid, mchid, out_trade_no: 'PQ-V3-USERPAYING', ...unpaid('USERPAYING', '用户支付中', 500) },
    { appid, mchid, out_trade_no: 'PQ-V3-CLOSED', ...unpaid('CLOSED', '订单已关闭', 500) },
    { appid, mchid, out_trade_no: 'PQ-V3-PAYERROR', ...unpaid('PAYERROR', '支付失败', 500) },
    {
      appid,
      mchid,
      out_trade_no: 'PQ-V3-REFUND',
      ...paid(2, { trade_state: 'REFUND', trade_state_desc: '转入退款' }),
      payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
      amount: { total: 500, payer_total: 500, currency: 'CNY', payer_currency: 'CNY' },
    },
  ];
  const partner = [
    {
      sp_appid: spAppid,
      sp_mchid: spMchid,
      sub_appid: subAppid,
      sub_mchid: subMchid,
      out_trade_no: 'PQ-V3-SP-PAID',
      ...paid(3, {}),
      payer: { sp_openid: 'oSpOpenid0000000000000000001', sub_openid: 'oSubOpenid000000000000000001' },
      amount: { total: 8007, payer_total: 8007, currency: 'CNY', payer_currency: 'CNY' },
    },
    { sp_appid: spAppid, sp_mchid: spMchid, sub_appid: subAppid, sub_mchid: subMchid, out_trade_no: 'PQ-V3-SP-NOTPAY', ...unpaid('NOTPAY', '订单未支付', 100) },
  ];
  const sub = (n, state, total) => ({
    mchid,
    trade_type: 'JSAPI',
    trade_state: state,
    out_trade_no: `PQ-V3-SUB-${n}`,
    attach: `子单${n}`,
    amount: { total_amount: total, currency: 'CNY', payer_amount: state === 'SUCCESS' ? total : undefined, payer_currency: 'CNY' },
    ...(state === 'SUCCESS' ? { bank_type: 'CMC', transaction_id: txid(10 + n), success_time: '2024-02-01T12:30:00+08:00' } : {}),
  });
  const combine = [
    {
      combine_appid: appid,
      combine_mchid: mchid,
      combine_out_trade_no: 'PQ-V3-COMBINE-PAID',
      scene_info: { device_id: 'POS-1' },
      sub_orders: [sub(1, 'SUCCESS', 300), sub(2, 'SUCCESS', 700)],
      combine_payer_info: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    },
    {
      combine_appid: appid,
      combine_mchid: mchid,
      combine_out_trade_no: 'PQ-V3-COMBINE-MIXED',
      scene_info: { device_id: 'POS-1' },
      sub_orders: [sub(3, 'SUCCESS', 100), sub(4, 'NOTPAY', 200), sub(5, 'CLOSED', 50)],
      combine_payer_info: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    },
  ];
  return { direct, partner, combine };
}

module.exports = { v3Orders };
