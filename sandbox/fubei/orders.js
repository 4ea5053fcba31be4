'use strict';
// Seeded Fubei orders: every trade state on both APIs, amounts that binary floating point gets
// wrong (0.29, 19.99, 80.07) or prints differently (100000.00), sent as JSON numbers (num())
// and as strings, a Chinese attach, and 2.0 payment lists.
const { num } = require('./json.js');

const PAID_AT_UNIX = '1704081600'; // 2024-01-01T12:00:00+08:00

/** 1.0 `openapi.payment.order.query` data objects. */
function v1Orders() {
  const base = (sn, n, extra) => ({
    merchant_order_sn: sn,
    order_sn: `2024010112000000${String(n).padStart(4, '0')}`,
    store_id: num(100001),
    cashier_id: num(200001),
    device_no: 'SANDBOX-POS-1',
    body: '付呗沙箱商品',
    ...extra,
  });
  const paid = (extra) => ({
    trade_state: 'SUCCESS',
    trade_no: `42000000002024010112${extra.n}`,
    platform_order_no: `PLAT2024010112${extra.n}`,
    pay_time: num(PAID_AT_UNIX),
    user_id: 'oSandboxUser0000000000000001',
    user_logon_id: '',
    ...extra,
    n: undefined,
  });
  return [
    base('PQ-FB1-PAID', 1, paid({
      n: '0001',
      type: num(1),
      total_fee: num('80.07'),
      order_price: num('80.07'),
      fee: num('0.29'),
      net_money: num('79.78'),
      buyer_pay_amount: num('80.07'),
      discount_money: num('0.00'),
      cash_coupon_fee: num('0'),
      no_cash_coupon_fee: num('0.00'),
      attach: '中文附加数据 & <标记>',
    })),
    base('PQ-FB1-PAID-STR', 2, paid({
      n: '0002',
      type: '2',
      total_fee: '19.99',
      order_price: '20.00',
      fee: '0.01',
      net_money: '19.98',
      buyer_pay_amount: '19.99',
      discount_money: '0.01',
      cash_coupon_fee: '0.01',
      no_cash_coupon_fee: '0.00',
      pay_time: PAID_AT_UNIX,
      attach: '',
    })),
    base('PQ-FB1-BIG', 3, paid({
      n: '0003',
      type: num(5),
      total_fee: num('100000.00'),
      order_price: num('100000.00'),
      fee: num('0.01'),
      net_money: num('99999.99'),
      buyer_pay_amount: num('100000.00'),
    })),
    base('PQ-FB1-USERPAYING', 4, { trade_state: 'USERPAYING', type: num(1), total_fee: num('0.01'), pay_time: num(0) }),
    base('PQ-FB1-REVOKED', 5, { trade_state: 'REVOKED', type: num(2), total_fee: '0.29' }),
    base('PQ-FB1-REVOKING', 6, { trade_state: 'REVOKING', type: num(2), total_fee: num('0.29') }),
    base('PQ-FB1-REVOKED-ERROR', 7, { trade_state: 'REVOKED_ERROR', type: num(1), total_fee: num('19.99') }),
    base('PQ-FB1-CLOSED', 8, { trade_state: 'CLOSED', type: num(1), total_fee: '80.07' }),
  ];
}

/** 2.0 `fbpay.order.query` data objects of the sandbox merchant `merchantId`. */
function v2Orders(merchantId) {
  const base = (sn, n, extra) => ({
    order_sn: `2024010112000000${String(n).padStart(4, '0')}`,
    merchant_order_sn: sn,
    ins_order_sn: `1000202401011200${String(n).padStart(4, '0')}`,
    merchant_id: num(merchantId),
    store_id: num(100001),
    cashier_id: num(200001),
    device_no: 'SANDBOX-POS-2',
    ...extra,
  });
  const paid = (n, extra) => ({
    order_status: 'SUCCESS',
    channel_order_sn: `4200000000202401012${n}`,
    user_id: 'oSandboxUser0000000000000002',
    finish_time: '20240101120000',
    ...extra,
  });
  return [
    base('PQ-FB2-PAID', 101, paid('101', {
      pay_type: 'wxpay',
      total_amount: num('80.07'),
      net_amount: num('79.78'),
      buyer_pay_amount: num('80.07'),
      fee: num('0.29'),
      attach: '中文附加数据 & <标记>',
      payment_list: [
        { type: 'FUBEI_DISCOUNT', amount: num('0.01') },
        { type: 'CHANNEL_PRE', amount: '0.29' },
      ],
    })),
    base('PQ-FB2-PAID-STR', 102, paid('102', {
      pay_type: 'alipay',
      total_amount: '19.99',
      net_amount: '19.98',
      buyer_pay_amount: '19.99',
      fee: '0.01',
      finish_time: '20240229235959',
      payment_list: [],
    })),
    base('PQ-FB2-BIG', 103, paid('103', {
      pay_type: 'unionpay',
      total_amount: num('100000.00'),
      net_amount: num('99999.99'),
      buyer_pay_amount: num('100000.00'),
      fee: num('0.01'),
    })),
    base('PQ-FB2-USERPAYING', 104, { order_status: 'USERPAYING', pay_type: 'wxpay', total_amount: num('0.01') }),
    base('PQ-FB2-REVOKED', 105, { order_status: 'REVOKED', pay_type: 'alipay', total_amount: '0.29' }),
    base('PQ-FB2-REVOKING', 106, { order_status: 'REVOKING', pay_type: 'alipay', total_amount: num('19.99') }),
    base('PQ-FB2-CLOSED', 107, { order_status: 'CLOSED', pay_type: 'wxpay', total_amount: num('0.29') }),
  ];
}

module.exports = { v1Orders, v2Orders };
