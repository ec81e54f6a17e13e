import { MessagePattern } from '@nestjs/microservices';
import { Subjects, type ListJobsReply, type Reply } from '@ppm/contracts';
import { NatsController } from '@ppm/messaging';
import { ListJobsHandler } from './list-jobs.handler';

/** Takes no data and reads nothing of a tenant's (the jobs are the platform's): there is no envelope to check. */
@NatsController()
export class ListJobsNatsController {
  constructor(private readonly handler: ListJobsHandler) {}

  @MessagePattern(Subjects.query.jobList)
  list(): Promise<Reply<ListJobsReply>> {
    return this.handler.execute();
  }
}
