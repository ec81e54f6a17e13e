import type { EntityManager } from 'typeorm';

/** Something that runs SQL: a transaction's EntityManager or the DataSource itself. */
export type InboxQueryable = Pick<EntityManager, 'query'>;

/** What `runOnce` came to: the work ran (and returned `result`), or the message had been handled before. */
export type InboxOutcome<T> = { ran: true; result: T } | { ran: false };

/**
 * Runs a consumer's side effect at most once per message (`inbox_messages (consumer, message_id)`), for side
 * effects that live in PPM's own database: the inbox row is inserted in the caller's transaction before `work`
 * runs on the same `manager`, so both commit together or neither does. A duplicate delivered while the first is
 * still running waits on the row's unique key and then finds it taken (or, if the first rolled back, runs).
 *
 * Call it inside `dataSource.transaction((manager) => runOnce(manager, …))`; outside a transaction it throws,
 * since the row would commit on its own and a failed side effect would then never be retried.
 */
export async function runOnce<T>(
  manager: EntityManager,
  consumer: string,
  messageId: string,
  work: (manager: EntityManager) => Promise<T>,
): Promise<InboxOutcome<T>> {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('runOnce needs a transaction: call it inside dataSource.transaction((manager) => …)');
  }
  if (!(await claim(manager, consumer, messageId))) return { ran: false };
  return { ran: true, result: await work(manager) };
}

/**
 * Whether the consumer has recorded this message as handled. With `recordHandled`, the other way of using the inbox:
 * for a side effect outside the database (a NATS command) that is itself idempotent, check first, run it, and record
 * it only after it succeeded. A crash in between runs it again on redelivery, which such a side effect tolerates;
 * two copies delivered at the same moment may both run it.
 */
export async function wasHandled(db: InboxQueryable, consumer: string, messageId: string): Promise<boolean> {
  const rows = await db.query<unknown[]>(`SELECT 1 FROM inbox_messages WHERE consumer = $1 AND message_id = $2`, [
    consumer,
    messageId,
  ]);
  return rows.length > 0;
}

/** Records a message as handled; false when it already was. See `wasHandled`. */
export function recordHandled(db: InboxQueryable, consumer: string, messageId: string): Promise<boolean> {
  return claim(db, consumer, messageId);
}

async function claim(db: InboxQueryable, consumer: string, messageId: string): Promise<boolean> {
  const claimed = await db.query<unknown[]>(
    `INSERT INTO inbox_messages (consumer, message_id) VALUES ($1, $2)
     ON CONFLICT (consumer, message_id) DO NOTHING RETURNING message_id`,
    [consumer, messageId],
  );
  return claimed.length > 0;
}
