import { randomUUID } from 'node:crypto';
import { Subjects, type Reply } from '@ppm/contracts';
import { CommandTestBed } from '../../../test/command-test-bed';

describe('payment.process with a callbackUrl: checked like an endpoint URL, stored on the payment', () => {
  let bed: CommandTestBed;

  const send = <T>(subject: string, tenantId: string, data: object): Promise<Reply<T>> =>
    bed.nats.request<T>(subject, data, { tenantId, traceId: randomUUID(), idempotencyKey: randomUUID() });
  const pay = (tenantId: string, sourceTransactionId: string, callbackUrl: string) =>
    bed.pay(tenantId, { sourceTransactionId, callbackUrl });
  const storedCallbacks = async (tenantId: string) =>
    (
      await bed.sql.query<{ source_transaction_id: string; callback_url: string | null }>(
        'SELECT source_transaction_id, callback_url FROM payment_transactions WHERE tenant_id = $1',
        [tenantId],
      )
    ).rows;
  beforeAll(async () => {
    // No gateway answers there: the payment is stored before the gateway is called, which is all this spec reads.
    bed = await CommandTestBed.start('callback-url-int-spec', { GATEWAY_DEFAULT_BASE_URL: 'http://127.0.0.1:9' });
  });

  afterAll(() => bed?.stop());

  it('refuses a callbackUrl of a tenant without a webhook endpoint (no secret to sign it with) and stores nothing', async () => {
    const tenantId = await bed.tenantWithVnpay();

    const reply = await pay(tenantId, randomUUID(), 'http://127.0.0.1:9/orders/callback');

    expect(reply).toMatchObject({
      success: false,
      error: { code: 'WEBHOOK_ENDPOINT_REQUIRED', details: { field: 'callbackUrl' } },
    });
    await expect(storedCallbacks(tenantId)).resolves.toEqual([]);
  });

  it.each([
    'ftp://127.0.0.1/callback',
    'http://user:pw@127.0.0.1/callback',
    'http://127.0.0.1/callback#paid',
    'not a url',
  ])('refuses the callbackUrl %s by the endpoints’ URL rules as VALIDATION_ERROR', async (callbackUrl) => {
    const tenantId = await bed.tenantWithVnpay();
    await send(Subjects.command.webhookEndpointCreate, tenantId, { url: 'http://127.0.0.1:9/hooks' });

    const reply = await pay(tenantId, randomUUID(), callbackUrl);

    expect(reply).toMatchObject({
      success: false,
      error: { code: 'VALIDATION_ERROR', details: { field: 'callbackUrl' } },
    });
    await expect(storedCallbacks(tenantId)).resolves.toEqual([]);
  });

  it('stores the callbackUrl on the payment of a tenant with an endpoint', async () => {
    const tenantId = await bed.tenantWithVnpay();
    await send(Subjects.command.webhookEndpointCreate, tenantId, { url: 'http://127.0.0.1:9/hooks' });
    const source = randomUUID();

    await pay(tenantId, source, 'http://127.0.0.1:9/orders/callback?order=7');

    await expect(storedCallbacks(tenantId)).resolves.toEqual([
      { source_transaction_id: source, callback_url: 'http://127.0.0.1:9/orders/callback?order=7' },
    ]);
  });
});
