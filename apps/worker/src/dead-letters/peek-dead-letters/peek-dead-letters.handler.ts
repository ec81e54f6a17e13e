import { Injectable } from '@nestjs/common';
import {
  ok,
  type DeadLetterView,
  type PeekDeadLettersReply,
  type PeekDeadLettersRequest,
  type Reply,
} from '@ppm/contracts';
import { isMissingQueue, listDeadLetters, type DeadLetter } from '@ppm/messaging';
import { deadLetterQueueNotFound, DeadLetterQueues } from '../dead-letter-queues';

const DEFAULT_LIMIT = 10;
// PPM's messages are events of a few KB; a larger body is shown cut, as text.
const BODY_CHARS = 65_536;

/** The first messages of a DLQ, handed back to it unacknowledged: a peek moves nothing. */
@Injectable()
export class PeekDeadLettersHandler {
  constructor(private readonly queues: DeadLetterQueues) {}

  async execute({ queue, limit }: PeekDeadLettersRequest): Promise<Reply<PeekDeadLettersReply>> {
    const workQueue = this.queues.workQueueOf(queue);
    if (!workQueue) return deadLetterQueueNotFound(queue);
    try {
      const listing = await this.queues.with(async (model) =>
        listDeadLetters(await model.createChannel(), workQueue, limit ?? DEFAULT_LIMIT, BODY_CHARS),
      );
      return ok({ items: listing.first.map(deadLetterView) });
    } catch (error) {
      if (isMissingQueue(error)) return deadLetterQueueNotFound(queue);
      throw error;
    }
  }
}

function deadLetterView(letter: DeadLetter): DeadLetterView {
  return {
    routingKey: letter.routingKey,
    messageId: letter.messageId,
    headers: letter.headers,
    body: parsed(letter.body),
    deathReason: letter.reason,
  };
}

function parsed(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
