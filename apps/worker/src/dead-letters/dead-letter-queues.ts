import type { ChannelModel } from 'amqplib';
import { ErrorCode, fail, type Reply } from '@ppm/contracts';
import { withDeadLetterBroker } from '@ppm/messaging';

/** Where the dead-letter actions find the broker and which queues they may touch. */
export interface DeadLetterSettings {
  url: string;
  /** The work queues whose `.dlq` an operator may peek at and replay (asked once the app's consumers are known). */
  workQueues: () => readonly string[];
}

/**
 * PPM's consumers' dead-letter queues as operators reach them: only the known consumers' queues, named by the DLQ or
 * its work queue, over a broker connection of the operator's user per action.
 */
export class DeadLetterQueues {
  constructor(private readonly settings: DeadLetterSettings) {}

  /** The work queues, in a stable order. */
  get workQueues(): readonly string[] {
    return this.settings.workQueues();
  }

  /** The work queue a name (`<queue>` or `<queue>.dlq`) stands for, if it is one of the known ones. */
  workQueueOf(name: string): string | undefined {
    const queue = name.endsWith('.dlq') ? name.slice(0, -'.dlq'.length) : name;
    return this.workQueues.includes(queue) ? queue : undefined;
  }

  with<T>(work: (model: ChannelModel) => Promise<T>): Promise<T> {
    return withDeadLetterBroker(this.settings.url, 'ppm-worker-dead-letters', work);
  }
}

/** The refusal of a queue that is not a known consumer's (or does not exist on the broker). */
export function deadLetterQueueNotFound(queue: string): Reply<never> {
  return fail(ErrorCode.DEAD_LETTER_QUEUE_NOT_FOUND, `There is no dead-letter queue ${queue}`);
}
