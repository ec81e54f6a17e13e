import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  ErrorCode,
  Roles,
  Subjects,
  type ListDeadLetterQueuesReply,
  type PeekDeadLettersReply,
  type ReplayDeadLettersReply,
} from '@ppm/contracts';
import { CurrentPrincipal } from '../auth/access.decorator';
import type { Principal } from '../auth/principal';
import { NatsGateway } from '../http/nats-gateway';
import { AdminRoute } from '../http/route-access.decorators';
import { success, type Success } from '../http/success';
import { DeadLetterQueueParamsDto } from './dead-letter-queue.params.dto';
import { PeekDeadLettersQueryDto } from './peek-dead-letters.query.dto';
import { ReplayDeadLettersBodyDto } from './replay-dead-letters.body.dto';

/**
 * The consumers' dead-letter queues, the platform operator's only: their messages are PPM's events, whichever
 * tenant they concern, so even the list of depths is no tenant's.
 */
@ApiTags('operations')
@Controller('api/v1/ppm/dead-letter-queues')
export class DeadLetterQueuesHttpController {
  constructor(private readonly nats: NatsGateway) {}

  @Get()
  @AdminRoute(Roles.platformOperator)
  async list(@CurrentPrincipal() principal: Principal): Promise<Success<ListDeadLetterQueuesReply>> {
    return success(await this.nats.send(Subjects.query.deadLetterQueueList, {}, principal));
  }

  /** The first messages, left where they are. */
  @Get(':queue/messages')
  @AdminRoute(Roles.platformOperator, { errors: [ErrorCode.DEAD_LETTER_QUEUE_NOT_FOUND] })
  async peek(
    @Param() params: DeadLetterQueueParamsDto,
    @Query() query: PeekDeadLettersQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<PeekDeadLettersReply>> {
    return success(await this.nats.send(Subjects.query.deadLetterQueuePeek, { ...query, ...params }, principal));
  }

  /** Moves up to `limit` messages back to the work queue as first attempts. */
  @Post(':queue/replay')
  @HttpCode(200)
  @AdminRoute(Roles.platformOperator, { errors: [ErrorCode.DEAD_LETTER_QUEUE_NOT_FOUND] })
  async replay(
    @Param() params: DeadLetterQueueParamsDto,
    @Body() body: ReplayDeadLettersBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<ReplayDeadLettersReply>> {
    return success(await this.nats.send(Subjects.command.deadLetterQueueReplay, { ...body, ...params }, principal));
  }
}
