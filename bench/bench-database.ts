// The bench's own short-lived connections to PPM's database: set-up, clean-up and waiting for the outbox.
import { Client } from 'pg';
import { say, servers } from './bench-settings';

export async function withDatabase<T>(work: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: servers.databaseUrl, application_name: 'ppm-bench' });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/**
 * Waits until the outbox relay has published what the previous scenario committed (at most 60 s), so a scenario
 * is not measured while the machine still works off its predecessor's events. Events already tried (e.g. audit
 * events no consumer is bound to, which stay pending by design) are not a backlog.
 */
export async function settle(): Promise<void> {
  await withDatabase(async (db) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [row] = (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM outbox_events WHERE status = 'PENDING' AND attempts = 0`,
        )
      ).rows;
      const pending = row?.n ?? 0;
      if (pending === 0 || Date.now() > deadline) {
        if (pending > 0) say(`settling: ${pending} events still unsent after 60 s; measuring anyway`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
}
