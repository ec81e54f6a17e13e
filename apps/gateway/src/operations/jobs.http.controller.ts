import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  ErrorCode,
  Roles,
  Subjects,
  type ListJobRunsReply,
  type ListJobsReply,
  type RunJobReply,
} from '@ppm/contracts';
import { CurrentPrincipal } from '../auth/access.decorator';
import type { Principal } from '../auth/principal';
import { NatsGateway } from '../http/nats-gateway';
import { AdminRoute } from '../http/route-access.decorators';
import { success, type Success } from '../http/success';
import { JobNameParamsDto } from './job-name.params.dto';
import { ListJobRunsQueryDto } from './list-job-runs.query.dto';

/**
 * The worker's scheduled jobs: what runs when, how each run went, and "run now". The jobs act for every tenant, so
 * all of it is the platform operator's, never a tenant's.
 */
@ApiTags('operations')
@Controller('api/v1/ppm/jobs')
export class JobsHttpController {
  constructor(private readonly nats: NatsGateway) {}

  @Get()
  @AdminRoute(Roles.platformOperator)
  async list(@CurrentPrincipal() principal: Principal): Promise<Success<ListJobsReply>> {
    return success(await this.nats.send(Subjects.query.jobList, {}, principal));
  }

  @Get('runs')
  @AdminRoute(Roles.platformOperator)
  async runs(
    @Query() query: ListJobRunsQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<ListJobRunsReply>> {
    return success(await this.nats.send(Subjects.query.jobRunList, query, principal));
  }

  /** Starts a run under the job's cluster-wide lease; answers once the run is recorded, before it ends. */
  @Post(':job/run')
  @HttpCode(202)
  @AdminRoute(Roles.platformOperator, { status: 202, errors: [ErrorCode.JOB_NOT_FOUND, ErrorCode.JOB_ALREADY_RUNNING] })
  async run(
    @Param() params: JobNameParamsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<RunJobReply>> {
    return success(await this.nats.send(Subjects.command.jobRun, { job: params.job }, principal));
  }
}
