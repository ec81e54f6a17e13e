import type { DataSource, EntityManager } from 'typeorm';
import { recordHandled, runOnce, wasHandled, type InboxOutcome } from '@ppm/persistence';

/**
 * How a consumer's inbox (`inbox_messages`) records a message as handled:
 * - `in-transaction`: in the transaction the side effect runs in (a side effect in PPM's own database, or one whose
 *   record must commit only once it took effect), so both happen or neither;
 * - `after-success`: checked before and recorded after the side effect (a NATS request): a crash in between, or two
 *   copies at once, run it twice, so the side effect must be idempotent or deduplicated downstream.
 */
export type InboxMode = 'in-transaction' | 'after-success';

/** One consumer's inbox, in its declared mode. */
export class ConsumerInbox {
  constructor(
    private readonly dataSource: DataSource,
    private readonly consumer: string,
    private readonly mode: InboxMode,
  ) {}

  /**
   * Runs `work` unless the message `messageId` was handled before (then `{ ran: false }`). `work` gets the
   * transaction's manager (`in-transaction`) or the DataSource's (`after-success`).
   */
  async once<T>(messageId: string, work: (manager: EntityManager) => Promise<T>): Promise<InboxOutcome<T>> {
    if (this.mode === 'in-transaction') {
      return this.dataSource.transaction((manager) => runOnce(manager, this.consumer, messageId, work));
    }
    if (await wasHandled(this.dataSource, this.consumer, messageId)) return { ran: false };
    const result = await work(this.dataSource.manager);
    await recordHandled(this.dataSource, this.consumer, messageId);
    return { ran: true, result };
  }
}
