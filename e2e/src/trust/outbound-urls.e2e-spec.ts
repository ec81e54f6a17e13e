import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Subjects,
  type GatewayConfigView,
  type ListGatewayConfigsReply,
  type ProcessPaymentReply,
} from '@ppm/contracts';
import { credentialsFor } from '../support/gateway-fixture';
import { PpmStack } from '../support/ppm-stack';

// A tenant admin names a gateway configuration's base URL; PPM then calls it (payments, refunds, status queries)
// and the worker fetches settlement files under it. Only the platform's allowed hosts may be named or called.
describe('outbound URLs: gateway base URLs come from the platform allowlist', () => {
  let stack: PpmStack;

  beforeAll(async () => {
    stack = await PpmStack.start({ title: 'outbound URLs' });
  }, 180_000);

  afterAll(() => stack?.stop(), 60_000);

  const addMomo = (tenantId: string, baseUrl: string) =>
    stack.request<{ id: string }>(
      Subjects.command.gatewayConfigAdd,
      {
        gatewayType: 'MOMO',
        name: `MoMo ${randomUUID().slice(0, 8)}`,
        credentials: credentialsFor('MOMO'),
        baseUrl,
        supportedPaymentMethods: ['E_WALLET'],
      },
      { tenantId },
    );

  const configurationsOf = async (tenantId: string): Promise<GatewayConfigView[]> =>
    (await stack.ok<ListGatewayConfigsReply>(Subjects.query.gatewayConfigList, {}, { tenantId })).items;

  it.each([
    ['cloud metadata behind a fragment', 'http://169.254.169.254/latest/meta-data#'],
    ['a private address', 'http://10.1.2.3:8080/'],
    ['user info', 'https://admin:secret@payment.momo.vn'],
    ['a query', 'https://payment.momo.vn/?next=http://10.1.2.3:8080/'],
  ])('gateway-config.add with %s (%s) is refused VALIDATION_ERROR and nothing is stored', async (_what, baseUrl) => {
    const tenantId = randomUUID();

    const reply = await addMomo(tenantId, baseUrl);

    expect(reply).toMatchObject({
      success: false,
      error: { code: 'VALIDATION_ERROR', details: { field: 'baseUrl' } },
    });
    if (reply.success) return;
    const { allowed } = reply.error.details as { allowed: string[] };
    expect(allowed).toEqual(expect.arrayContaining(['https://payment.momo.vn', 'https://test-payment.momo.vn']));
    expect(allowed).toContain(stack.sandboxUrl);
    expect(reply.error.message).toContain('https://payment.momo.vn');
    expect(await configurationsOf(tenantId)).toEqual([]);
    stack.checks.record(`gateway-config.add ${baseUrl} → VALIDATION_ERROR, no configuration stored`);
  });

  it('accepts the local sandbox (outside production) and the official hosts', async () => {
    const tenantId = randomUUID();
    expect(await addMomo(tenantId, stack.sandboxUrl)).toMatchObject({ success: true });
    expect(await addMomo(tenantId, 'https://test-payment.momo.vn')).toMatchObject({ success: true });
    const stored = await configurationsOf(tenantId);
    expect(stored.map((c) => c.baseUrl).sort()).toEqual([stack.sandboxUrl, 'https://test-payment.momo.vn'].sort());
  });

  it('gateway-config.update to a forged base URL is refused and the stored one is kept', async () => {
    const id = stack.tenant.configurationIds.MOMO;

    const reply = await stack.request(Subjects.command.gatewayConfigUpdate, {
      id,
      baseUrl: 'http://169.254.169.254/latest/meta-data#',
    });

    expect(reply).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR', details: { field: 'baseUrl' } } });
    const view = await stack.ok<GatewayConfigView>(Subjects.query.gatewayConfigGet, { gatewayConfigurationId: id });
    expect(view.baseUrl).toBe(stack.sandboxUrl);
  });

  it('never calls a stored base URL that the allowlist does not hold (a configuration from before the rules)', async () => {
    let connections = 0;
    const internal: Server = createServer((_req, res) => res.end('{"resultCode":0,"payUrl":"http://x"}'));
    internal.on('connection', () => {
      connections += 1;
    });
    await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
    try {
      const tenantId = randomUUID();
      const added = await addMomo(tenantId, stack.sandboxUrl);
      if (!added.success) throw new Error(JSON.stringify(added.error));
      // As a row written before base URLs were checked would hold it: a host of the internal network.
      const internalUrl = `http://localhost:${(internal.address() as AddressInfo).port}`;
      await stack.rows(`UPDATE payment_gateway_configurations SET base_url = $2 WHERE id = $1`, [
        added.data.id,
        internalUrl,
      ]);

      const payment = await stack.request<ProcessPaymentReply>(
        Subjects.command.paymentProcess,
        {
          sourceBoundedContext: 'orders',
          sourceTransactionId: `ORD-${randomUUID()}`,
          amount: 150_000,
          currency: 'VND',
          paymentMethodType: 'E_WALLET',
          description: 'Order e2e',
          returnUrl: 'https://shop.example/return',
          gatewayConfigurationId: added.data.id,
        },
        { tenantId },
      );

      expect(payment.success && payment.data.paymentUrl).toBeFalsy();
      expect(connections).toBe(0);
      stack.checks.record(
        `a stored base URL off the allowlist (${internalUrl}) is never called: ` +
          `payment.process → ${payment.success ? 'success' : payment.error.code}`,
      );
    } finally {
      await new Promise((resolve) => internal.close(resolve));
    }
  });
});
