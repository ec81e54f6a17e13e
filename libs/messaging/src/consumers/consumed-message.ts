/** A delivered message as a consumer's handler sees it. */
export interface ConsumedMessage {
  /** The event id, the dedup key: the AMQP `message-id`, else the body's `id`; null when neither is there. */
  messageId: string | null;
  /** The body, parsed as JSON. */
  body: unknown;
  /** The exchange and routing key the message was first published with (also on retries and replays). */
  exchange: string;
  routingKey: string;
  /** 1 on the first delivery, n on the n-th attempt after n-1 failures. */
  attempt: number;
  headers: Readonly<Record<string, unknown>>;
}

/**
 * Handles one message: resolving acknowledges it; throwing retries it through the retry ladder, and after the last
 * attempt sends it to the dead-letter queue. Throw `UnprocessableMessageError` for a message no retry can fix.
 * Messages can arrive more than once: handlers deduplicate by `messageId` (see `runOnce` of the persistence lib).
 */
export type MessageHandler = (message: ConsumedMessage) => Promise<void>;

/** Thrown by a handler for a message that can never be handled (wrong shape): it goes straight to the DLQ. */
export class UnprocessableMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnprocessableMessageError';
  }
}

/** Headers the consumers add to messages they retry, dead-letter or replay. */
export const ConsumerHeaders = {
  /** Failed attempts so far (absent on a first delivery; removed by a replay). */
  attempts: 'x-ppm-attempts',
  /** The exchange and routing key of the original publish, kept across retries and replays. */
  originalExchange: 'x-ppm-original-exchange',
  originalRoutingKey: 'x-ppm-original-routing-key',
  /** Why the last attempt failed (truncated). */
  lastError: 'x-ppm-last-error',
  /** Set on a message in a DLQ: which consumer gave up, why (attempts, unprocessable, malformed) and when. */
  deadLetteredBy: 'x-ppm-dead-lettered-by',
  deadLetterReason: 'x-ppm-dead-letter-reason',
  deadLetteredAt: 'x-ppm-dead-lettered-at',
  /** Set on a message moved from the DLQ back to its work queue. */
  replayedAt: 'x-ppm-replayed-at',
  traceId: 'x-trace-id',
} as const;
