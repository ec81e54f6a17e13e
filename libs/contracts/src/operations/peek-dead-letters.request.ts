import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/** Most messages one peek or replay names; the peek's default is 10. */
export const MAX_DEAD_LETTER_PEEK = 100;

/** A dead-letter queue, by its name or its work queue's (`ppm.worker.merchant-webhooks[.dlq]`). */
export const DEAD_LETTER_QUEUE_NAME = /^ppm\.[a-z0-9.-]{1,200}$/;

/**
 * `ppm.query.dead-letter-queue.peek` data (served by the worker): the first `limit` messages of a DLQ, which stay
 * where they are.
 */
export class PeekDeadLettersRequest {
  @IsString()
  @Matches(DEAD_LETTER_QUEUE_NAME, { message: 'queue must name a consumer queue of PPM' })
  queue!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_DEAD_LETTER_PEEK)
  limit?: number;
}

/**
 * A dead-lettered message: where it was published, the consumer's headers (attempts, last error, when) and its body
 * (JSON when it parses, else the text). `deathReason`: why the consumer gave up on it.
 */
export interface DeadLetterView {
  routingKey: string;
  messageId: string | null;
  headers: Record<string, string | number | boolean | null>;
  body: unknown;
  deathReason: string | null;
}

/** Reply data of `dead-letter-queue.peek`. */
export interface PeekDeadLettersReply {
  items: DeadLetterView[];
}
