import { command, JSON_OPTION } from '../cli/command';
import { print, printJson, printRows } from '../cli/output';
import { withDatabase } from './database';

interface ParkedRow {
  event_type: string;
  count: number;
  oldest: Date;
  last_error: string | null;
}

export const outboxParkedCommand = command({
  name: 'outbox:parked',
  summary: 'the outbox events parked as unroutable (no queue bound to their type), by type',
  synopsis: '[--json]',
  details:
    'The relay parks an event after OUTBOX_PARK_AFTER_ATTEMPTS publishes the broker returned as unroutable.\n' +
    'Bind a queue for its type on the ppm.events exchange, then run `outbox:requeue`.',
  options: { ...JSON_OPTION },
  async run(options) {
    const { rows } = await withDatabase((db) =>
      db.query<ParkedRow>(
        `SELECT event_type, count(*)::int AS count, min(created_at) AS oldest, max(last_error) AS last_error
           FROM outbox_events WHERE sent_at IS NULL AND status = 'FAILED'
          GROUP BY event_type ORDER BY oldest`,
      ),
    );
    printRows(
      [
        ['EVENT TYPE', (r) => r.event_type],
        ['COUNT', (r) => r.count],
        ['OLDEST', (r) => r.oldest],
        ['LAST ERROR', (r) => r.last_error],
      ],
      rows,
      options.json,
    );
  },
});

export const outboxRequeueCommand = command({
  name: 'outbox:requeue',
  summary: 'hands parked outbox events back to the relay, once a queue is bound for their type',
  synopsis: '[--type EVENT_TYPE] [--json]',
  options: {
    type: { type: 'string', help: 'only the events of this type, e.g. ppm.audit.recorded.v1 (default: all)' },
    ...JSON_OPTION,
  },
  async run(options) {
    const requeued = await withDatabase(async (db) => {
      const { rowCount } = await db.query(
        `UPDATE outbox_events SET status = 'PENDING', attempts = 0, locked_until = NULL
          WHERE sent_at IS NULL AND status = 'FAILED' AND ($1::text IS NULL OR event_type = $1)`,
        [options.type ?? null],
      );
      return rowCount ?? 0;
    });
    if (options.json) printJson({ requeued });
    else print(`${requeued} parked event(s) handed back to the relay`);
  },
});
