import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Subjects, type GatewayConfigReply, type ProcessPaymentReply, type Reply } from '@ppm/contracts';
import { NatsRequester } from '@ppm/messaging';
import { migrateDatabase } from '@ppm/migrations';
import {
  createIsolatedDatabase,
  requireServers,
  startForTest,
  Teardown,
  testInfra,
  type IsolatedDatabase,
  type RunningService,
} from '@ppm/testing';
import { CommandConfig } from '../src/command.config';
import { startCommand } from '../src/start-command';

/** A VNPay merchant account's credentials, as a configuration holds them. */
export interface VnpayMerchant {
  tmnCode: string;
  hashSecret: string;
}

/** The payment the command specs ask for (150,000 ₫ by ATM card for a fresh order of `orders`), `extra` over it. */
export function cardOrder(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sourceBoundedContext: 'orders',
    sourceTransactionId: randomUUID(),
    amount: 150_000,
    currency: 'VND',
    paymentMethodType: 'ATM_CARD',
    description: 'Order',
    returnUrl: 'https://shop.example/return',
    ...extra,
  };
}

/**
 * The command service on a freshly migrated database of the spec's own, with a plain connection to that database
 * and a requester on the shared NATS as an internal caller (the role that sends the public commands).
 */
export class CommandTestBed {
  private constructor(
    readonly database: IsolatedDatabase,
    readonly command: RunningService,
    readonly nats: NatsRequester,
    readonly sql: Client,
    private readonly teardown: Teardown,
  ) {}

  /**
   * Starts it with `env` over the test servers' defaults, the requester named `clientName`; if a step fails, what was
   * already started is stopped before the error is thrown.
   */
  static async start(clientName: string, env: NodeJS.ProcessEnv = {}): Promise<CommandTestBed> {
    await requireServers('postgres', 'nats', 'rabbitmq');
    const teardown = new Teardown();
    try {
      const database = teardown.keep(await createIsolatedDatabase(migrateDatabase), (d) => d.drop());
      const command = teardown.keep(
        await startForTest(CommandConfig, startCommand, { DATABASE_URL: database.url, ...env }),
        (c) => c.close(),
      );
      const nats = teardown.keep(
        await NatsRequester.connect({
          url: testInfra.natsUrl,
          name: clientName,
          requestTimeoutMs: 10_000,
          credentials: testInfra.natsAs('caller'),
        }),
        (n) => n.onApplicationShutdown(),
      );
      const sql = teardown.keep(new Client({ connectionString: database.url }), (s) => s.end());
      await sql.connect();
      return new CommandTestBed(database, command, nats, sql, teardown);
    } catch (error) {
      // The set-up's own error says what went wrong; one from stopping what it had started would hide it.
      await teardown.run().catch(() => undefined);
      throw error;
    }
  }

  /** A new tenant with a default VNPay configuration for ATM cards (a made-up merchant unless given): its id. */
  async tenantWithVnpay(merchant?: VnpayMerchant): Promise<string> {
    const tenantId = randomUUID();
    const added = await this.nats.request<GatewayConfigReply>(
      Subjects.command.gatewayConfigAdd,
      {
        gatewayType: 'VNPAY',
        name: 'VNPay',
        credentials: merchant ?? { tmnCode: 'TESTBED', hashSecret: randomUUID() },
        supportedPaymentMethods: ['ATM_CARD'],
        isDefault: true,
      },
      { tenantId },
    );
    if (!added.success) throw new Error(`the VNPay configuration was refused: ${JSON.stringify(added.error)}`);
    return tenantId;
  }

  /** Replaces `tenantId`'s risk rules. */
  async setRiskRules(tenantId: string, rules: unknown[]): Promise<void> {
    const updated = await this.nats.request(Subjects.command.riskRulesUpdate, { rules }, { tenantId });
    if (!updated.success) throw new Error(`the risk rules were refused: ${JSON.stringify(updated.error)}`);
  }

  /** Asks `tenantId`'s payment.process for `cardOrder(extra)`, under `idempotencyKey` (a fresh one unless given). */
  pay(
    tenantId: string,
    extra: Record<string, unknown> = {},
    idempotencyKey: string = randomUUID(),
  ): Promise<Reply<ProcessPaymentReply>> {
    return this.nats.request<ProcessPaymentReply>(Subjects.command.paymentProcess, cardOrder(extra), {
      tenantId,
      traceId: randomUUID(),
      idempotencyKey,
    });
  }

  /** Closes the connection, the requester and the service, then drops the database. */
  stop(): Promise<void> {
    return this.teardown.run();
  }
}
