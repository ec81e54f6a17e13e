import type { Channel, ConfirmChannel, GetMessage, Options } from 'amqplib';
import { ConsumerHeaders } from './consumed-message';
import { deadLetterQueueOf } from './consumer-topology';
import { withoutBrokerHeaders } from './reliable-consumer';

/** A dead letter as an operator sees it. */
export interface DeadLetter {
  messageId: string | null;
  routingKey: string;
  attempts: number | null;
  reason: string | null;
  lastError: string | null;
  deadLetteredAt: string | null;
  /** Its scalar headers (the consumer's attempt count, last error and dead-lettering, the publisher's own). */
  headers: Record<string, string | number | boolean | null>;
  /** The body as text, cut to `bodyChars`. */
  body: string;
}

/** What is in a DLQ: how many messages, and the first few. */
export interface DeadLetterListing {
  queue: string;
  count: number;
  first: DeadLetter[];
}

/** What a replay moved. */
export interface DeadLetterReplay {
  queue: string;
  replayed: number;
  /** Left in the DLQ (beyond the limit, or arrived meanwhile). */
  remaining: number;
}

/**
 * Shows a work queue's DLQ without consuming it: its message count and the first `limit` messages, fetched
 * unacknowledged and handed back when the channel closes (the DLQ has no delivery limit, so nothing is dropped).
 * Pass a channel of its own: it is closed here.
 */
export async function listDeadLetters(
  channel: Channel,
  queue: string,
  limit: number,
  bodyChars = 200,
): Promise<DeadLetterListing> {
  const deadLetterQueue = deadLetterQueueOf(queue);
  // A missing queue closes the channel with an error: the call rejects, the process must not crash on the event.
  channel.on('error', () => undefined);
  try {
    const { messageCount } = await channel.checkQueue(deadLetterQueue);
    const first: DeadLetter[] = [];
    while (first.length < Math.min(limit, messageCount)) {
      const message = await channel.get(deadLetterQueue, { noAck: false });
      if (!message) break;
      first.push(deadLetterOf(message, bodyChars));
    }
    // Hand them all back at once; the broker counts them again shortly after (a quorum queue requeues via Raft).
    channel.nackAll(true);
    return { queue: deadLetterQueue, count: messageCount, first };
  } finally {
    await channel.close().catch(() => undefined);
  }
}

/**
 * Moves up to `limit` messages from `<queue>.dlq` back to the work queue, oldest first, as new deliveries: the
 * attempt count and the last error are removed (the ladder starts over), their original exchange and routing key
 * are kept. Each copy is confirmed by the broker before its dead letter is acked, so a failure part-way duplicates
 * at most one message and loses none (consumers deduplicate by message id). Only the messages present when it
 * starts are moved. Pass a confirm channel of its own.
 */
export async function replayDeadLetters(
  channel: ConfirmChannel,
  queue: string,
  limit: number,
  onProgress?: (replayed: number) => void,
): Promise<DeadLetterReplay> {
  const deadLetterQueue = deadLetterQueueOf(queue);
  channel.on('error', () => undefined);
  // Fails (404) when the work queue is gone: the dead letters stay where they are.
  await channel.checkQueue(queue);
  // Only what is there now: a message that fails again while this runs comes back to the DLQ, not round again.
  const { messageCount: present } = await channel.checkQueue(deadLetterQueue);
  const wanted = Math.min(limit, present);
  let replayed = 0;
  while (replayed < wanted) {
    const message = await channel.get(deadLetterQueue, { noAck: false });
    if (!message) break;
    const headers = withoutBrokerHeaders(message.properties.headers);
    for (const key of [
      ConsumerHeaders.attempts,
      ConsumerHeaders.lastError,
      ConsumerHeaders.deadLetteredBy,
      ConsumerHeaders.deadLetterReason,
      ConsumerHeaders.deadLetteredAt,
    ]) {
      delete headers[key];
    }
    headers[ConsumerHeaders.replayedAt] = new Date().toISOString();
    const options: Options.Publish = {
      persistent: true,
      mandatory: true,
      contentType: message.properties.contentType as string | undefined,
      contentEncoding: message.properties.contentEncoding as string | undefined,
      correlationId: message.properties.correlationId as string | undefined,
      messageId: message.properties.messageId as string | undefined,
      timestamp: message.properties.timestamp as number | undefined,
      type: message.properties.type as string | undefined,
      appId: message.properties.appId as string | undefined,
      headers,
    };
    await new Promise<void>((resolve, reject) =>
      channel.sendToQueue(queue, message.content, options, (error: unknown) =>
        error ? reject(new Error(`the broker did not confirm the replayed message`)) : resolve(),
      ),
    );
    channel.ack(message);
    replayed += 1;
    onProgress?.(replayed);
  }
  const { messageCount } = await channel.checkQueue(deadLetterQueue);
  return { queue: deadLetterQueue, replayed, remaining: messageCount };
}

function deadLetterOf(message: GetMessage, bodyChars: number): DeadLetter {
  const headers = (message.properties.headers ?? {}) as Record<string, unknown>;
  const text = (key: string): string | null => {
    const value = headers[key];
    if (typeof value === 'string') return value;
    if (Buffer.isBuffer(value)) return value.toString('utf8');
    return typeof value === 'number' ? String(value) : null;
  };
  const attempts = Number(headers[ConsumerHeaders.attempts]);
  const body = message.content.toString('utf8');
  return {
    messageId: typeof message.properties.messageId === 'string' ? message.properties.messageId : null,
    routingKey: text(ConsumerHeaders.originalRoutingKey) ?? message.fields.routingKey,
    attempts: Number.isFinite(attempts) ? attempts : null,
    reason: text(ConsumerHeaders.deadLetterReason) ?? text('x-first-death-reason'),
    lastError: text(ConsumerHeaders.lastError),
    deadLetteredAt: text(ConsumerHeaders.deadLetteredAt),
    headers: scalarHeaders(headers),
    body: body.length > bodyChars ? `${body.slice(0, bodyChars)}…` : body,
  };
}

// The broker's own `x-death` records (arrays of tables) say less than the consumer's headers and are left out.
function scalarHeaders(headers: Record<string, unknown>): Record<string, string | number | boolean | null> {
  const scalars: Record<string, string | number | boolean | null> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (Buffer.isBuffer(value)) scalars[name] = value.toString('utf8');
    else if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
      scalars[name] = value as string | number | boolean | null;
    }
  }
  return scalars;
}
