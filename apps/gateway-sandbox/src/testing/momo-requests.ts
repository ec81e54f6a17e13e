import { momoSign } from '@ppm/gateways';
import { postJson, uniqueReference } from './sandbox-http';

/** The demo MoMo partner the sandbox always has. */
export const MOMO_DEMO = { partnerCode: 'PPMDEMO', accessKey: 'PPMACCESSKEY', secretKey: 'ppm-momo-secret' };

type Body = Record<string, string | number>;

function signed(kind: 'create' | 'query' | 'refund', body: Body, secretKey: string): Body {
  return { ...body, signature: momoSign(kind, { ...body, accessKey: MOMO_DEMO.accessKey }, secretKey) };
}

/** A signed create request (150,000 VND) posting its IPN to `ipnUrl`; `overrides` are applied before signing. */
export function momoCreateBody(ipnUrl: string, overrides: Body = {}, secretKey = MOMO_DEMO.secretKey): Body {
  const orderId = uniqueReference('M');
  return signed(
    'create',
    {
      partnerCode: MOMO_DEMO.partnerCode,
      requestId: orderId,
      amount: 150_000,
      orderId,
      orderInfo: 'Thanh toan don hang ORD-1001 & co',
      redirectUrl: 'http://127.0.0.1:3002/api/v1/ppm/gateway/return/momo',
      ipnUrl,
      requestType: 'captureWallet',
      extraData: '',
      lang: 'vi',
      ...overrides,
    },
    secretKey,
  );
}

/** POSTs to /v2/gateway/api/<operation>. */
export async function momoCall(baseUrl: string, operation: string, body: unknown): Promise<Record<string, unknown>> {
  return (await postJson(`${baseUrl}/v2/gateway/api/${operation}`, body)).json;
}

/** A signed query of an order. */
export function momoQueryBody(orderId: string): Body {
  return signed(
    'query',
    { partnerCode: MOMO_DEMO.partnerCode, requestId: uniqueReference('Q'), orderId, lang: 'en' },
    MOMO_DEMO.secretKey,
  );
}

/** A signed refund of `amount` VND of the payment `transId`, under a new orderId. */
export function momoRefundBody(transId: number, amount: number, overrides: Body = {}): Body {
  const orderId = uniqueReference('RF');
  return signed(
    'refund',
    {
      partnerCode: MOMO_DEMO.partnerCode,
      orderId,
      requestId: orderId,
      amount,
      transId,
      lang: 'vi',
      description: 'Hoan tien',
      ...overrides,
    },
    MOMO_DEMO.secretKey,
  );
}
