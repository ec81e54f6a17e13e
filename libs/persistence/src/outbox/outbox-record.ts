import type { EventEnvelope } from '@ppm/contracts';

/** One event to publish, as the outbox stores it: the envelope is the message body, its `type` the routing key. */
export type OutboxRecord = EventEnvelope<unknown>;
