import { Injectable } from '@nestjs/common';
import { ok, type DeadLetterQueueView, type ListDeadLetterQueuesReply, type Reply } from '@ppm/contracts';
import { deadLetterQueueOf, isMissingQueue } from '@ppm/messaging';
import { DeadLetterQueues } from '../dead-letter-queues';

/**
 * Every known consumer's DLQ with its depth. A DLQ that does not exist yet (its consumer never started on this
 * broker) is left out rather than reported empty.
 */
@Injectable()
export class ListDeadLetterQueuesHandler {
  constructor(private readonly queues: DeadLetterQueues) {}

  execute(): Promise<Reply<ListDeadLetterQueuesReply>> {
    return this.queues.with(async (model) => {
      const items: DeadLetterQueueView[] = [];
      for (const workQueue of this.queues.workQueues) {
        const queue = deadLetterQueueOf(workQueue);
        // A missing queue closes its channel: one channel per check.
        const channel = await model.createChannel();
        channel.on('error', () => undefined);
        try {
          const { messageCount } = await channel.checkQueue(queue);
          items.push({ queue, depth: messageCount });
        } catch (error) {
          if (!isMissingQueue(error)) throw error;
        } finally {
          await channel.close().catch(() => undefined);
        }
      }
      return ok({ items });
    });
  }
}
