import { MessagePattern, Payload } from '@nestjs/microservices';
import { RunJobRequest, Subjects, type Reply, type RequestEnvelope, type RunJobReply } from '@ppm/contracts';
import { EnvelopeValidationPipe, NatsController } from '@ppm/messaging';
import { RunJobHandler } from './run-job.handler';

@NatsController()
export class RunJobNatsController {
  constructor(private readonly handler: RunJobHandler) {}

  @MessagePattern(Subjects.command.jobRun)
  run(
    @Payload(new EnvelopeValidationPipe(RunJobRequest)) envelope: RequestEnvelope<RunJobRequest>,
  ): Promise<Reply<RunJobReply>> {
    return this.handler.execute(envelope.meta, envelope.data);
  }
}
