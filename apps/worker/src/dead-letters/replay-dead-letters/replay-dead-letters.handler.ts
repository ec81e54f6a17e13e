import { Injectable } from '@nestjs/common';
import {
  ok,
  type Reply,
  type ReplayDeadLettersReply,
  type ReplayDeadLettersRequest,
  type RequestMeta,
} from '@ppm/contracts';
import { isMissingQueue, replayDeadLetters } from '@ppm/messaging';
import { OperatorActionAudit } from '../../operations/operator-action-audit';
import { deadLetterQueueNotFound, DeadLetterQueues } from '../dead-letter-queues';

/**
 * Moves up to `limit` dead letters back to their work queue as first attempts. Each message is taken from the DLQ
 * by one getter only and its dead letter removed once the broker confirmed its copy, so replays on several workers
 * at once move each message once; a crash part-way duplicates at most one, which the consumer's inbox dedupes.
 */
@Injectable()
export class ReplayDeadLettersHandler {
  constructor(
    private readonly queues: DeadLetterQueues,
    private readonly audit: OperatorActionAudit,
  ) {}

  async execute(meta: RequestMeta, { queue, limit }: ReplayDeadLettersRequest): Promise<Reply<ReplayDeadLettersReply>> {
    const workQueue = this.queues.workQueueOf(queue);
    if (!workQueue) return deadLetterQueueNotFound(queue);
    let replayed: number;
    try {
      ({ replayed } = await this.queues.with(async (model) => {
        const channel = await model.createConfirmChannel();
        try {
          return await replayDeadLetters(channel, workQueue, limit);
        } finally {
          await channel.close().catch(() => undefined);
        }
      }));
    } catch (error) {
      if (isMissingQueue(error)) return deadLetterQueueNotFound(queue);
      throw error;
    }
    await this.audit.record(meta, {
      type: 'ppm.dead-letter-queue.replayed',
      resourceType: 'dead_letter_queue',
      resourceId: `${workQueue}.dlq`,
      data: { limit, replayed },
    });
    return ok({ replayed });
  }
}
