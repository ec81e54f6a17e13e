import { Logger } from '@nestjs/common';
import { Client } from 'pg';

const RELISTEN_MS = 3_000;

/**
 * LISTENs on `ppm_outbox` and calls `onNotify` for each notification, listening again after the connection is lost.
 * NOTIFY is only a hint (lost while nobody listens): the relay's poll timer covers the gaps.
 */
export class OutboxNotifyListener {
  private readonly logger = new Logger(OutboxNotifyListener.name);
  private client: Client | undefined;
  private stopped = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly onNotify: () => void,
  ) {}

  async start(): Promise<void> {
    await this.listen().catch(() => this.listenLater());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new Client({
      connectionString: this.databaseUrl,
      application_name: 'ppm-outbox-listener',
      keepAlive: true,
    });
    client.on('notification', () => this.onNotify());
    const lost = (): void => {
      if (this.client !== client) return;
      this.client = undefined;
      this.listenLater();
    };
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'outbox LISTEN connection lost; polling until it is back');
      lost();
    });
    // Closed without an error event (e.g. terminated by the server): listen again as well.
    client.on('end', lost);
    await client.connect();
    await client.query('LISTEN ppm_outbox');
    this.client = client;
  }

  private listenLater(): void {
    if (this.stopped) return;
    setTimeout(() => void this.listen().catch(() => this.listenLater()), RELISTEN_MS);
  }
}
