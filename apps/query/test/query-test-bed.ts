import type { DataSource } from 'typeorm';
import { migrateDatabase } from '@ppm/migrations';
import {
  createIsolatedDatabase,
  PrivateNats,
  requireServers,
  Teardown,
  type IsolatedDatabase,
  type RunningService,
  type TestRequester,
} from '@ppm/testing';
import { natsClient, openDatabase, startQueryForTest } from './query-test-kit';

type Server = Parameters<typeof requireServers>[number];

/** What a query spec starts with: its client's name and the shared servers it needs. */
export interface QueryTestBedOptions {
  /** The NATS connection name of the spec's client. */
  clientName: string;
  /** The shared servers the spec needs (Postgres, Redis and RabbitMQ unless said). */
  servers?: Server[];
  /** More of the service's environment (another Redis, a breaker's timing). */
  env?: NodeJS.ProcessEnv;
}

/**
 * A query service on a private NATS server (so no other test's instance answers the spec's requests) and a freshly
 * migrated database of the spec's own, with a plain connection to that database and a client on that NATS.
 */
export class QueryTestBed {
  private constructor(
    readonly nats: PrivateNats,
    readonly database: IsolatedDatabase,
    readonly sql: DataSource,
    readonly query: RunningService,
    readonly client: TestRequester,
    private readonly teardown: Teardown,
  ) {}

  /** Starts everything in order; if a step fails, what was already started is stopped before the error is thrown. */
  static async start(options: QueryTestBedOptions): Promise<QueryTestBed> {
    await requireServers(...(options.servers ?? ['postgres', 'redis', 'rabbitmq']));
    const teardown = new Teardown();
    try {
      const nats = teardown.keep(await PrivateNats.start(), (n) => n.stop());
      const database = teardown.keep(await createIsolatedDatabase(migrateDatabase), (d) => d.drop());
      const sql = teardown.keep(await openDatabase(database.url), (s) => s.destroy());
      const query = teardown.keep(
        await startQueryForTest({ DATABASE_URL: database.url, NATS_URL: nats.url, ...options.env }),
        (q) => q.close(),
      );
      const client = teardown.keep(await natsClient(nats.url, options.clientName), (c) => c.onApplicationShutdown());
      return new QueryTestBed(nats, database, sql, query, client, teardown);
    } catch (error) {
      // The set-up's own error says what went wrong; one from stopping what it had started would hide it.
      await teardown.run().catch(() => undefined);
      throw error;
    }
  }

  /** Stops the client, the service, the connection, the database and the NATS server, in that order. */
  stop(): Promise<void> {
    return this.teardown.run();
  }
}
