import { gmt7DatePrefix, zalopayMac } from '@ppm/gateways';
import { uniqueReference } from './sandbox-http';

/** The demo ZaloPay app the sandbox always has. */
export const ZALOPAY_DEMO = { appId: '2553', key1: 'ppm-zalopay-key1', key2: 'ppm-zalopay-key2' };

type Fields = Record<string, string>;

/** A create request's fields (150,000 VND, mac with key1); `overrides` are applied before the mac. */
export function zalopayCreateFields(callbackUrl: string, overrides: Fields = {}, key1 = ZALOPAY_DEMO.key1): Fields {
  const fields: Fields = {
    app_id: ZALOPAY_DEMO.appId,
    app_user: 'user123',
    app_trans_id: `${gmt7DatePrefix(new Date())}_${uniqueReference()}`,
    app_time: String(Date.now()),
    amount: '150000',
    item: '[]',
    embed_data: JSON.stringify({ redirecturl: 'http://127.0.0.1:3002/api/v1/ppm/gateway/return/zalopay' }),
    description: 'Thanh toan don hang ORD-1001',
    callback_url: callbackUrl,
    ...overrides,
  };
  const signed = ['app_id', 'app_trans_id', 'app_user', 'amount', 'app_time', 'embed_data', 'item'];
  return {
    ...fields,
    mac: zalopayMac(
      key1,
      signed.map((key) => fields[key]),
    ),
  };
}

/** A query of an order: mac over app_id|app_trans_id|key1. */
export function zalopayQueryFields(appTransId: string): Fields {
  const { appId, key1 } = ZALOPAY_DEMO;
  return { app_id: appId, app_trans_id: appTransId, mac: zalopayMac(key1, [appId, appTransId, key1]) };
}

/** A refund: mac over app_id|zp_trans_id|amount|description|timestamp. */
export function zalopayRefundFields(zpTransId: string, amount: number, mRefundId = newRefundId()): Fields {
  const timestamp = String(Date.now());
  const description = 'Hoan tien';
  const mac = zalopayMac(ZALOPAY_DEMO.key1, [ZALOPAY_DEMO.appId, zpTransId, amount, description, timestamp]);
  const fields = { app_id: ZALOPAY_DEMO.appId, m_refund_id: mRefundId, zp_trans_id: zpTransId, description };
  return { ...fields, amount: String(amount), timestamp, mac };
}

/** A refund query: mac over app_id|m_refund_id|timestamp. */
export function zalopayQueryRefundFields(mRefundId: string): Fields {
  const timestamp = String(Date.now());
  const mac = zalopayMac(ZALOPAY_DEMO.key1, [ZALOPAY_DEMO.appId, mRefundId, timestamp]);
  return { app_id: ZALOPAY_DEMO.appId, m_refund_id: mRefundId, timestamp, mac };
}

/** A new m_refund_id: yymmdd_<app_id>_<unique>. */
export function newRefundId(): string {
  return `${gmt7DatePrefix(new Date())}_${ZALOPAY_DEMO.appId}_${uniqueReference()}`;
}

/** POSTs to /v2/<operation> as a form (ZaloPay's usual encoding) or as JSON. */
export async function zalopayCall(
  baseUrl: string,
  operation: string,
  fields: Fields,
  encoding: 'form' | 'json' = 'form',
): Promise<Record<string, unknown>> {
  const response = await fetch(`${baseUrl}/v2/${operation}`, {
    method: 'POST',
    headers: { 'content-type': encoding === 'form' ? 'application/x-www-form-urlencoded' : 'application/json' },
    body: encoding === 'form' ? new URLSearchParams(fields).toString() : JSON.stringify(fields),
  });
  return (await response.json()) as Record<string, unknown>;
}
