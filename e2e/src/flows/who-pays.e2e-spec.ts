import { randomBytes, randomUUID } from 'node:crypto';
import type { TestStack } from '@ppm/testing';
import { TenantEdgeApi } from '../support/tenant-edge-api';
import { addDefaultVnpay, startCardPaymentStack } from '../support/vnpay-card-stack';

type Data = (Record<string, unknown> & { items?: Record<string, unknown>[] }) | undefined;

describe('who pays: clientIp and customerRef from the HTTP edge to VNPay and back through the query side', () => {
  const tenant = randomUUID();
  const apiKey = `ppm_${randomBytes(24).toString('base64url')}`;
  let stack: TestStack;

  const edge = TenantEdgeApi.onStack(() => stack, tenant);
  const call = (method: string, path: string, auth: string | Record<string, string>, body?: unknown) =>
    edge.call<Data>(method, path, auth, body);
  /** The tenant's order system starting a card payment of 250,000 VND for its customer, over the internal API. */
  const pay = (customer: { clientIp: string; customerRef?: string }) =>
    call(
      'POST',
      '/api/v1/internal/ppm/process-payment',
      { 'x-api-key': apiKey, 'idempotency-key': randomUUID() },
      {
        sourceBoundedContext: 'orders',
        sourceTransactionId: randomUUID(),
        amount: 250_000,
        currency: 'VND',
        paymentMethodType: 'ATM_CARD',
        description: 'Order',
        returnUrl: 'https://shop.example/return',
        ...customer,
      },
    );

  beforeAll(async () => {
    stack = await startCardPaymentStack('who-pays-e2e', edge, { id: 'orders', key: apiKey });
    const added = await addDefaultVnpay(stack, edge);
    expect(added.status).toBe(201);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('opens the VNPay order with the customer address, and shows both facts on the transaction and in the list', async () => {
    const paid = await pay({ clientIp: '2001:db8::42', customerRef: 'customer-7' });
    expect(paid.status).toBe(201);
    const paymentUrl = new URL(String(paid.body.data?.['paymentUrl']));
    expect(paymentUrl.searchParams.get('vnp_IpAddr')).toBe('2001:db8::42');
    expect((await fetch(paymentUrl, { redirect: 'manual' })).status).toBe(200);

    const id = String(paid.body.data?.['transactionId']);
    const one = await call('GET', `/api/v1/ppm/transactions/${id}`, edge.token(['ppm.viewer']));
    expect(one.body.data).toMatchObject({ id, clientIp: '2001:db8::42', customerRef: 'customer-7' });
    const list = await call('GET', '/api/v1/ppm/transactions?limit=5', edge.token(['ppm.viewer']));
    expect(list.body.data?.items).toEqual([
      expect.objectContaining({ id, clientIp: '2001:db8::42', customerRef: 'customer-7' }),
    ]);
  });

  it('refuses an address that is not one with 400 naming the field', async () => {
    const refused = await pay({ clientIp: '10.0.0.0/8' });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('clientIp');
  });
});
