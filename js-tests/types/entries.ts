// Type-checked (tsc --noEmit) against the declarations of the per-provider entries: each entry
// declares its own client, its offline helpers and the shared runtime functions, and no other
// provider's client (marked with @ts-expect-error, so that an entry declaring too much fails).
import { WechatPayV2, signV2, type WechatPayV2Order, init as initV2, isPayQueryError, queryMany } from 'payquery/wechat-v2';
// @ts-expect-error payquery/wechat-v2 has no WechatPayV3
import { WechatPayV3 as NoV3 } from 'payquery/wechat-v2';
import { WechatPayV3, explainV3, type WechatPayV3Order, waitForFinalState } from 'payquery/wechat-v3';
// @ts-expect-error payquery/wechat-v3 has no signV2
import { signV2 as noSign } from 'payquery/wechat-v3';
import { CloudPay, type CloudPayQueryResult, type QueryMeta } from 'payquery/cloudpay';
// @ts-expect-error payquery/cloudpay has no WechatPayV2
import { WechatPayV2 as NoV2 } from 'payquery/cloudpay';
import { Fubei, signFubei, type FubeiOrder, expressNotificationHandler } from 'payquery/fubei';
// @ts-expect-error payquery/fubei has no CloudPay
import { CloudPay as NoCloudPay } from 'payquery/fubei';

export async function entries(): Promise<void> {
  await initV2();
  const signature: string = signV2({ appid: 'wx1', total_fee: 1 }, 'k'.repeat(32));
  const v2 = new WechatPayV2({ appid: 'wx1', mchId: '1', apiKey: 'k'.repeat(32) });
  const order: WechatPayV2Order = await v2.queryOrder({ outTradeNo: 'A' });
  const v3 = new WechatPayV3({ mchid: '1', merchantSerialNo: 'S', privateKey: 'pem', wechatpayPublicKey: { id: 'PUB_KEY_ID_1', pem: 'pem' } });
  const v3order: WechatPayV3Order = await waitForFinalState(() => v3.queryOrder({ transactionId: 'T' }));
  explainV3({ request: { method: 'GET', url: '/v3/x', timestamp: 1, nonce: 'n', body: '' } });
  const cloud = new CloudPay({ appid: 'wx1', mchId: '1', apiKey: 'k'.repeat(32) });
  const res: CloudPayQueryResult & Partial<QueryMeta> = await cloud.queryOrder({ sub_mch_id: '2', out_trade_no: 'A' });
  const fubei = new Fubei({ appId: 'a', appSecret: 's', api: '1.0' });
  const fb: FubeiOrder = await fubei.queryOrder({ merchantOrderSn: 'A' });
  const sign: string = signFubei({ a: '1' }, 's');
  const handler = expressNotificationHandler(fubei, async (n) => n.status.state);
  const settled = await queryMany([1], async (q) => q);
  console.log(signature, order.status, v3order.status, res.errMsg, fb.totalAmountFen, sign, handler, settled, isPayQueryError(null), NoV3, noSign, NoV2, NoCloudPay);
}
