'use strict';
// Seeded APIv2 orders: one in every trade state, coupons, a Chinese attach, an empty attach,
// and service-provider (partner) orders that belong to a sub-merchant.

const SUB_MCH_ID = '1900000109';

/** @returns {Array<Record<string, string>>} wire fields per order (sub_mch_id marks partner orders) */
function v2Orders() {
  const paid = (n, extra) => ({
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
    is_subscribe: 'N',
    trade_type: 'JSAPI',
    bank_type: 'CMC',
    total_fee: '1',
    cash_fee: '1',
    fee_type: 'CNY',
    transaction_id: `42000000002024010100000000${String(n).padStart(2, '0')}`,
    time_end: '20240101120000',
    ...extra,
  });
  const unpaid = (state, desc) => ({ trade_state: state, trade_state_desc: desc });
  return [
    {
      out_trade_no: 'PQ-V2-PAID',
      ...paid(1, {
        total_fee: '101',
        cash_fee: '81',
        settlement_total_fee: '101',
        coupon_fee: '20',
        coupon_count: '2',
        coupon_type_0: 'CASH',
        coupon_id_0: '10000',
        coupon_fee_0: '15',
        coupon_type_1: 'NO_CASH',
        coupon_id_1: '10001',
        coupon_fee_1: '5',
        attach: '中文附加数据 & <标记>',
        device_info: 'WEB',
      }),
    },
    { out_trade_no: 'PQ-V2-EMPTY-ATTACH', ...paid(2, { attach: '', total_fee: '2999', cash_fee: '2999' }) },
    { out_trade_no: 'PQ-V2-NOTPAY', ...unpaid('NOTPAY', '订单未支付') },
    { out_trade_no: 'PQ-V2-USERPAYING', ...unpaid('USERPAYING', '需要用户输入支付密码') },
    { out_trade_no: 'PQ-V2-ACCEPT', ...unpaid('ACCEPT', '已接收，等待扣款') },
    { out_trade_no: 'PQ-V2-CLOSED', ...unpaid('CLOSED', '订单已关闭') },
    { out_trade_no: 'PQ-V2-REVOKED', ...unpaid('REVOKED', '订单已撤销') },
    { out_trade_no: 'PQ-V2-PAYERROR', ...unpaid('PAYERROR', '支付失败') },
    { out_trade_no: 'PQ-V2-REFUND', ...paid(3, { trade_state: 'REFUND', trade_state_desc: '订单发生过退款', total_fee: '500', cash_fee: '500' }) },
    {
      out_trade_no: 'PQ-V2-SP-PAID',
      sub_mch_id: SUB_MCH_ID,
      ...paid(4, { sub_openid: 'oSubOpenid000000000000000001', sub_is_subscribe: 'Y', total_fee: '8007', cash_fee: '8007' }),
    },
    { out_trade_no: 'PQ-V2-SP-NOTPAY', sub_mch_id: SUB_MCH_ID, ...unpaid('NOTPAY', '订单未支付') },
    {
      out_trade_no: 'PQ-V2-SP-COUPON',
      sub_mch_id: SUB_MCH_ID,
      ...paid(5, {
        sub_openid: 'oSubOpenid000000000000000002',
        total_fee: '2000',
        cash_fee: '1700',
        coupon_fee: '300',
        coupon_count: '2',
        coupon_type_0: 'NO_CASH',
        coupon_id_0: '20000',
        coupon_fee_0: '200',
        coupon_type_1: 'CASH',
        coupon_id_1: '20001',
        coupon_fee_1: '100',
        attach: '',
      }),
    },
    { out_trade_no: 'PQ-V2-SP-USERPAYING', sub_mch_id: SUB_MCH_ID, ...unpaid('USERPAYING', '需要用户输入支付密码') },
  ];
}

module.exports = { v2Orders, SUB_MCH_ID };
