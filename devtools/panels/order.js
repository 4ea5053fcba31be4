// A typed order for people: the neutral status as the verdict (state, amount, when paid), then
// the status table, the provider's typed fields and, collapsed, the wire fields as received.
import { verdict, table, heading, details, json } from './ui.js';

/** Fen as yuan text, from the integer (never through floating point). */
export function yuan(fen) {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** `order` (any provider's typed result); `prefix` starts the headline (e.g. "Verified"). */
export function orderView(order, prefix) {
  const s = order.status;
  const amount = s.amountFen === null ? null : `${yuan(s.amountFen)} (${s.amountFen} fen)`;
  const headline = `${prefix ? `${prefix}: ` : ''}${s.state}${s.final ? ', final' : ', may still change'}`;
  const hint = [amount, s.paidAt ? `paid ${s.paidAt}` : null, `provider state ${s.providerState || '(none)'}`].filter(Boolean).join(' · ');
  const typed = Object.entries(order).filter(([k]) => k !== 'raw' && k !== 'status');
  return [
    verdict(s.state === 'PAID' ? 'ok' : 'info', headline, hint),
    table(
      [
        ['state', s.state],
        ['final', s.final ? 'yes' : 'no'],
        ['provider state', s.providerState],
        ['amount', amount],
        ['paid at', s.paidAt],
        ['transaction id', s.transactionId],
        ['out trade no', s.outTradeNo],
      ],
      'order-status',
    ),
    heading('Typed fields'),
    table(typed, 'order-fields'),
    details('As received (raw)', json(order.raw)),
  ];
}
