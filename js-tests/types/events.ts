// Type-checked (tsc --noEmit) against the built declarations: onEvent on every client, the
// event union narrowed by `type`, rate limits of queryMany/waitForFinalState, and the sandbox's
// notification senders and rate limit. Misuse is marked with @ts-expect-error.
import {
  WechatPayV2,
  WechatPayV3,
  CloudPay,
  Fubei,
  queryMany,
  waitForFinalState,
  type PayQueryEvent,
  type PayQueryEventHook,
  type Limiter,
  type OrderStatus,
} from 'payquery';
import { startSandbox, createCloud } from 'payquery/sandbox';

const seen: string[] = [];
const onEvent: PayQueryEventHook = (event: PayQueryEvent) => {
  switch (event.type) {
    case 'attempt-start':
      seen.push(`${event.provider} ${event.operation} #${event.callId}.${event.attempt} ${event.host ?? ''}`);
      break;
    case 'attempt-end': {
      const ms: number = event.durationMs;
      const ok: boolean = event.ok;
      seen.push(`${ms} ${ok} ${event.code ?? ''} ${event.httpStatus ?? ''} ${event.requestId ?? ''}`);
      break;
    }
    case 'retry': {
      const delay: number = event.delayMs;
      seen.push(`${event.reason} ${delay}`);
      break;
    }
    case 'failover': {
      const to: string = event.to;
      seen.push(to);
      break;
    }
    case 'verification-failed': {
      const code: 'SIGNATURE_INVALID' | 'SIGNATURE_MISSING' | 'SIGNATURE_PROBE' | 'TIMESTAMP_SKEW' | 'UNKNOWN_SERIAL' | 'RESPONSE_MISMATCH' | 'DECRYPT_FAILED' = event.code;
      seen.push(code);
      break;
    }
    case 'certificates-refreshed': {
      const serials: string[] = event.serials;
      seen.push(`${event.reason} ${serials.join(',')}`);
      break;
    }
    default: {
      const never: never = event;
      return never;
    }
  }
};

export async function clients() {
  const sb = await startSandbox();
  const { v2, v3, fubei } = sb.credentials;
  new WechatPayV2({ appid: v2.appid, mchId: v2.mchId, apiKey: v2.apiKey, onEvent });
  new WechatPayV3({ mchid: v3.mchid, merchantSerialNo: v3.merchantSerialNo, privateKey: v3.privateKey, wechatpayPublicKey: v3.wechatpayPublicKey, onEvent: async () => {} });
  new CloudPay({ appid: v2.appid, mchId: v2.mchId, apiKey: v2.apiKey, onEvent });
  new CloudPay({ cloud: createCloud(), onEvent });
  new Fubei({ appId: fubei.appId, appSecret: fubei.appSecret, api: '1.0', onEvent });
  // @ts-expect-error: onEvent is a function
  new WechatPayV2({ appid: v2.appid, mchId: v2.mchId, apiKey: v2.apiKey, onEvent: 'log' });

  const v2Notice = sb.tools.v2.buildNotification({ outTradeNo: 'PQ-V2-PAID', signType: 'HMAC-SHA256' });
  const body: string = v2Notice.body;
  const fbAnswer: { status: number; body: string } = await sb.tools.fubei.postNotification('http://127.0.0.1:1/notify', { api: '2.0' });
  // @ts-expect-error: Fubei has no API 3.0
  sb.tools.fubei.buildNotification({ api: '3.0' });
  sb.rateLimit({ perSecond: 5, burst: 2, api: 'v3', code: 'RATELIMIT_EXCEEDED' });
  sb.rateLimit(null);
  const refused: number = sb.rateLimited;
  sb.inject({ kind: 'rateLimited', code: 'RATELIMIT_EXCEEDED' });
  await sb.close();
  return [body, fbAnswer, refused];
}

export async function pacing(query: () => Promise<{ status: OrderStatus & { state: 'PAID'; final: true } }>) {
  const limiter: Limiter = async () => {};
  await queryMany([1, 2], () => query(), { rate: { perSecond: 20, burst: 5 }, concurrency: 2 });
  await queryMany([1, 2], () => query(), { limiter });
  await waitForFinalState(query, { rate: { perSecond: 0.5 } });
  await waitForFinalState(query, { limiter: () => undefined });
  // @ts-expect-error: perSecond is required
  await queryMany([1], () => query(), { rate: { burst: 2 } });
  // @ts-expect-error: a limiter takes no arguments it could be given
  await queryMany([1], () => query(), { limiter: (key: string) => Promise.resolve(key.length > 0 ? undefined : undefined) });
}
