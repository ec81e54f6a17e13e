import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { DEAD_LETTER_QUEUE_NAME } from './peek-dead-letters.request';

/** Most messages one replay moves. */
export const MAX_DEAD_LETTER_REPLAY = 10_000;

/**
 * `ppm.command.dead-letter-queue.replay` data (served by the worker): move up to `limit` messages of a DLQ back to
 * its work queue as first attempts. Each copy is confirmed before its dead letter is removed, so replays running on
 * several workers at once move each message once.
 */
export class ReplayDeadLettersRequest {
  @IsString()
  @Matches(DEAD_LETTER_QUEUE_NAME, { message: 'queue must name a consumer queue of PPM' })
  queue!: string;

  @IsInt()
  @Min(1)
  @Max(MAX_DEAD_LETTER_REPLAY)
  limit!: number;
}

/** Reply data of `dead-letter-queue.replay`. */
export interface ReplayDeadLettersReply {
  replayed: number;
}
