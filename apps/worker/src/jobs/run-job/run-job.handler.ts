import { Injectable } from '@nestjs/common';
import {
  ErrorCode,
  fail,
  ok,
  type Reply,
  type RequestMeta,
  type RunJobReply,
  type RunJobRequest,
} from '@ppm/contracts';
import { OperatorActionAudit } from '../../operations/operator-action-audit';
import { JobScheduler } from '../scheduler/job-scheduler';

/**
 * An operator's "run now": the job runs on this worker under its cluster-wide lease, so a run already going on any
 * instance (scheduled or asked for) is refused rather than doubled. The reply comes once the run is recorded; the
 * run's end shows in `job-run.list`.
 */
@Injectable()
export class RunJobHandler {
  constructor(
    private readonly scheduler: JobScheduler,
    private readonly audit: OperatorActionAudit,
  ) {}

  async execute(meta: RequestMeta, { job }: RunJobRequest): Promise<Reply<RunJobReply>> {
    const run = await this.scheduler.runNow(job);
    switch (run.kind) {
      case 'started':
        await this.audit.record(meta, {
          type: 'ppm.job.run-requested',
          resourceType: 'job',
          resourceId: run.runId,
          data: { job },
        });
        return ok({ runId: run.runId });
      case 'unknown-job':
        return fail(ErrorCode.JOB_NOT_FOUND, `There is no scheduled job ${job}`);
      case 'running':
        return fail(ErrorCode.JOB_ALREADY_RUNNING, `${job} is running right now; see its runs`);
      case 'stopping':
        return fail(ErrorCode.SERVICE_UNAVAILABLE, 'The worker is shutting down; retry');
      case 'failed':
        return fail(ErrorCode.INTERNAL_ERROR, `${job} could not be started`);
    }
  }
}
