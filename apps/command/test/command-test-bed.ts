import { Client } from 'pg';
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

  /** Closes the connection, the requester and the service, then drops the database. */
  stop(): Promise<void> {
    return this.teardown.run();
  }
}
