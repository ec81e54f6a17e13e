import { randomBytes, randomUUID } from 'node:crypto';
import { freePort, SandboxControl, startApp, type AppProcess } from '@ppm/testing';
import { CommandTestBed } from '../../../test/command-test-bed';

describe('payment.process names who pays: customerRef and clientIp, sent to VNPay as vnp_IpAddr', () => {
  const merchant = { tmnCode: `T${randomBytes(4).toString('hex').toUpperCase()}`, hashSecret: randomUUID() };
  let sandbox: AppProcess;
  let bed: CommandTestBed;
  let tenantId: string;

  const pay = (extra: Record<string, unknown>) => bed.pay(tenantId, extra);
  const stored = async (transactionId: string) =>
    (
      await bed.sql.query<{ customer_ref: string | null; client_ip: string | null }>(
        'SELECT customer_ref, host(client_ip) AS client_ip FROM payment_transactions WHERE id = $1',
        [transactionId],
      )
    ).rows[0];
  const ipAddrOf = (paymentUrl: string | null) => new URL(paymentUrl ?? '').searchParams.get('vnp_IpAddr');

  beforeAll(async () => {
    const port = String(await freePort());
    sandbox = await startApp('gateway-sandbox', { PORT: port, SANDBOX_PUBLIC_URL: `http://127.0.0.1:${port}` });
    await new SandboxControl(sandbox.url).registerMerchant('VNPAY', merchant);
    bed = await CommandTestBed.start('who-pays-int-spec', { GATEWAY_DEFAULT_BASE_URL: sandbox.url });
    tenantId = await bed.tenantWithVnpay(merchant);
  });

  afterAll(async () => {
    await bed?.stop();
    await sandbox?.stop('SIGKILL');
  });

  it.each(['203.0.113.7', '2001:db8::7'])(
    'stores %s and the customer on the payment, and VNPay gets the address and opens its page',
    async (clientIp) => {
      const reply = await pay({ clientIp, customerRef: 'customer-42' });
      if (!reply.success) throw new Error(JSON.stringify(reply.error));
      expect(ipAddrOf(reply.data.paymentUrl)).toBe(clientIp);
      await expect(stored(reply.data.transactionId)).resolves.toEqual({
        customer_ref: 'customer-42',
        client_ip: clientIp,
      });
      const page = await fetch(reply.data.paymentUrl ?? '', { redirect: 'manual' });
      expect(page.status).toBe(200);
    },
  );

  it('sends the service address as before when the caller names no client, and stores neither', async () => {
    const reply = await pay({});
    if (!reply.success) throw new Error(JSON.stringify(reply.error));
    expect(ipAddrOf(reply.data.paymentUrl)).toBe('127.0.0.1');
    await expect(stored(reply.data.transactionId)).resolves.toEqual({ customer_ref: null, client_ip: null });
  });

  it.each([
    ['clientIp', '203.0.113.256'],
    ['clientIp', 'fe80::1%eth0'],
    ['clientIp', 'localhost'],
    ['customerRef', ''],
    ['customerRef', 'x'.repeat(129)],
  ])('refuses %s %j as VALIDATION_ERROR', async (field, value) => {
    const reply = await pay({ [field]: value });
    expect(reply).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
    expect(JSON.stringify(reply)).toContain(field);
  });
});
