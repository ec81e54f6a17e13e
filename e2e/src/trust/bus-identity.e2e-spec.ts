import { randomUUID } from 'node:crypto';
import { connect as connectAmqp } from 'amqplib';
import { connect as connectNats, JSONCodec, NatsError, type NatsConnection } from 'nats';
import { EventTypes, Subjects, type ProcessPaymentReply } from '@ppm/contracts';
import { NatsRequester } from '@ppm/messaging';
import { testInfra } from '@ppm/testing';
import { TENANT_DELETION_KEY } from '../support/billing-events';
import { PpmStack } from '../support/ppm-stack';

const codec = JSONCodec();

/** What a broker said when it refused: amqplib reports a channel closed by the server with its reply code. */
interface BrokerRefusal {
  code?: number;
  message: string;
}

// The bus is authenticated and each service is only what its user may be (finding 5 of issue 14): a settling
// command from anyone but the worker, a connection without credentials and a tenant deletion published by anyone but
// the billing context are refused by the servers themselves, whatever the sender's code does.
describe('bus identity: NATS and RabbitMQ refuse what a role may not do', () => {
  let stack: PpmStack;
  let payment: ProcessPaymentReply;

  /** A gateway result as the worker would send it after a verified callback: this one is forged. */
  const forgedSuccess = (): Record<string, unknown> => ({
    gatewayType: 'MOMO',
    gatewayReference: payment.gatewayReference,
    outcome: 'succeeded',
    gatewayTransactionId: `forged-${randomUUID()}`,
    amount: 150_000,
    rawCodes: { resultCode: '0' },
  });

  beforeAll(async () => {
    stack = await PpmStack.start({ title: 'bus identity' });
    payment = await stack.pay('MOMO');
  }, 180_000);

  afterAll(() => stack?.stop(), 60_000);

  it.each(['caller', 'gateway'] as const)(
    'as the %s user, apply-gateway-result is refused by NATS and the payment stays unpaid',
    async (role) => {
      const requester = await NatsRequester.connect({
        url: testInfra.natsUrl,
        name: `bus-identity-${role}`,
        requestTimeoutMs: 5_000,
        credentials: testInfra.natsAs(role),
      });
      try {
        const reply = await requester.request(Subjects.command.paymentApplyGatewayResult, forgedSuccess(), {
          tenantId: stack.tenant.tenantId,
        });
        expect(reply).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
      } finally {
        await requester.onApplicationShutdown();
      }
      // What the server itself says, without PPM's requester in between.
      const { user, password: pass } = testInfra.natsAs(role);
      const raw = await connectNats({ servers: testInfra.natsUrl, user, pass, name: `bus-identity-raw-${role}` });
      try {
        const envelope = { meta: { tenantId: stack.tenant.tenantId, traceId: randomUUID() }, data: forgedSuccess() };
        const refused = await raw
          .request(Subjects.command.paymentApplyGatewayResult, codec.encode(envelope), { timeout: 5_000 })
          .then(
            () => undefined,
            (error: unknown) => error,
          );
        expect(refused).toBeInstanceOf(NatsError);
        expect((refused as NatsError).code).toBe('PERMISSIONS_VIOLATION');
        expect((refused as NatsError).message).toContain(`Publish to "${Subjects.command.paymentApplyGatewayResult}"`);
      } finally {
        await raw.close();
      }
      const view = await stack.transaction(payment.transactionId);
      expect(view).toMatchObject({ success: true, data: { status: 'PROCESSING' } });
      stack.checks.record(`${role}: apply-gateway-result refused (PERMISSIONS_VIOLATION), payment still PROCESSING`);
    },
  );

  it('the worker, whose result it is to apply, still settles the payment from the verified callback', async () => {
    await stack.complete('MOMO', payment, 'succeeded');
    const view = await stack.waitForStatus(payment.transactionId, 'SUCCEEDED');
    expect(view.gatewayTransactionId).not.toMatch(/^forged-/);
    stack.checks.record('worker: the real callback settles the same payment (SUCCEEDED)');
  });

  it('an internal caller may not subscribe to the command subjects to answer them in place of the service', async () => {
    const { user, password: pass } = testInfra.natsAs('caller');
    const caller = await connectNats({ servers: testInfra.natsUrl, user, pass, name: 'bus-identity-snoop' });
    try {
      const refused = new Promise<unknown>((resolve) =>
        caller.subscribe(Subjects.command.paymentProcess, {
          queue: 'ppm-command',
          callback: (error) => resolve(error),
        }),
      );
      await caller.flush();
      const error = await refused;
      expect(error).toBeInstanceOf(NatsError);
      expect((error as NatsError).code).toBe('PERMISSIONS_VIOLATION');
    } finally {
      await caller.close();
    }
  });

  it('refuses connections without credentials or with a wrong password', async () => {
    const attempts = [{}, { user: testInfra.natsAs('worker').user, pass: 'not-the-password' }];
    for (const credentials of attempts) {
      const outcome = await connectNats({ servers: testInfra.natsUrl, name: 'bus-identity-anonymous', ...credentials })
        .then(async (connection: NatsConnection) => {
          await connection.close();
          return 'connected';
        })
        .catch((error: unknown) => (error as NatsError).code);
      expect(outcome).toBe('AUTHORIZATION_VIOLATION');
    }
    stack.checks.record('NATS: no credentials / a wrong password → AUTHORIZATION_VIOLATION');
  });

  it("RabbitMQ refuses a PPM service's tenant deletion request (403) and accepts the billing context's", async () => {
    const doomed = await stack.addTenant();
    const refusal = await publishDeletion(stack.amqpUrlAs('worker'), doomed.tenantId);
    expect(refusal?.code).toBe(403);
    expect(refusal?.message).toContain('ACCESS_REFUSED');
    expect(refusal?.message).toContain(`exchange '${stack.billingExchange}'`);
    const configuration = await stack.request(
      Subjects.query.gatewayConfigGet,
      { gatewayConfigurationId: doomed.configurationIds.MOMO },
      { tenantId: doomed.tenantId },
    );
    expect(configuration).toMatchObject({ success: true });

    await stack.requestTenantDeletion(doomed.tenantId);
    await stack.events.waitFor(doomed.tenantId, EventTypes.tenantPurged);
    stack.checks.record('RabbitMQ: ppm-worker → bum.events refused 403, bum-billing accepted and the tenant purged');
  });

  /** Publishes TenantDataDeletionRequested as `url`'s user; resolves with the broker's refusal, if any. */
  async function publishDeletion(url: string, tenantId: string): Promise<BrokerRefusal | undefined> {
    const connection = await connectAmqp(url);
    connection.on('error', () => undefined);
    try {
      const channel = await connection.createConfirmChannel();
      const closed = new Promise<BrokerRefusal>((resolve) =>
        channel.once('error', (error: BrokerRefusal) => resolve(error)),
      );
      const id = randomUUID();
      const body = {
        id,
        type: 'TenantDataDeletionRequested',
        occurredAt: new Date().toISOString(),
        data: { tenantId },
      };
      channel.publish(stack.billingExchange, TENANT_DELETION_KEY, Buffer.from(JSON.stringify(body)), {
        persistent: true,
        messageId: id,
      });
      const confirmed = channel.waitForConfirms().then(
        () => undefined,
        () => closed,
      );
      return await Promise.race([confirmed, closed]);
    } finally {
      await connection.close().catch(() => undefined);
    }
  }
});
