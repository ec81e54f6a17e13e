import { MessagePattern } from '@nestjs/microservices';
import { Subjects, type ListDeadLetterQueuesReply, type Reply } from '@ppm/contracts';
import { NatsController } from '@ppm/messaging';
import { ListDeadLetterQueuesHandler } from './list-dead-letter-queues.handler';

/** Takes no data and reads nothing of a tenant's (the queues are the platform's): there is no envelope to check. */
@NatsController()
export class ListDeadLetterQueuesNatsController {
  constructor(private readonly handler: ListDeadLetterQueuesHandler) {}

  @MessagePattern(Subjects.query.deadLetterQueueList)
  list(): Promise<Reply<ListDeadLetterQueuesReply>> {
    return this.handler.execute();
  }
}
