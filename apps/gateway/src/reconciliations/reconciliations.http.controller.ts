import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  ErrorCode,
  Roles,
  Subjects,
  type ExportReconciliationReply,
  type GetReconciliationReply,
  type ListReconciliationsReply,
  type ResolveReconciliationItemReply,
  type StartReconciliationReply,
} from '@ppm/contracts';
import { CurrentPrincipal } from '../auth/access.decorator';
import type { Principal } from '../auth/principal';
import { NatsGateway } from '../http/nats-gateway';
import { ResourceIdParamsDto } from '../http/resource-id.params.dto';
import { AdminRoute } from '../http/route-access.decorators';
import { success, type Success } from '../http/success';
import { GetReconciliationQueryDto } from './get-reconciliation.query.dto';
import { ListReconciliationsQueryDto } from './list-reconciliations.query.dto';
import { ReconciliationItemParamsDto } from './reconciliation-item.params.dto';
import { ResolveItemBodyDto } from './resolve-item.body.dto';
import { StartReconciliationBodyDto } from './start-reconciliation.body.dto';

/** Settlement reconciliation runs of the tenant: read them, export their mismatches, resolve an item. */
@ApiTags('reconciliations')
@Controller('api/v1/ppm/reconciliations')
export class ReconciliationsHttpController {
  constructor(private readonly nats: NatsGateway) {}

  @Get()
  @AdminRoute(Roles.viewer)
  async list(
    @Query() query: ListReconciliationsQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<ListReconciliationsReply>> {
    return success(await this.nats.send(Subjects.query.reconciliationList, query, principal));
  }

  @Get(':id')
  @AdminRoute(Roles.viewer, { errors: [ErrorCode.RECONCILIATION_NOT_FOUND] })
  async get(
    @Param() params: ResourceIdParamsDto,
    @Query() query: GetReconciliationQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<GetReconciliationReply>> {
    const data = { ...query, runId: params.id };
    return success(await this.nats.send(Subjects.query.reconciliationGet, data, principal));
  }

  @Get(':id/mismatches.csv')
  @AdminRoute(Roles.viewer, { csv: true, errors: [ErrorCode.RECONCILIATION_NOT_FOUND] })
  async export(
    @Param() params: ResourceIdParamsDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const data = { runId: params.id };
    const csv = await this.nats.send<ExportReconciliationReply>(Subjects.query.reconciliationExport, data, principal);
    const filename = csv.filename.replace(/[^\w.-]/g, '_');
    void reply.type('text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="${filename}"`);
    return csv.csv;
  }

  @Post(':id/items/:itemId/resolve')
  @HttpCode(200)
  @AdminRoute(Roles.operator, { errors: [ErrorCode.RECONCILIATION_ITEM_NOT_FOUND] })
  async resolve(
    @Param() params: ReconciliationItemParamsDto,
    @Body() body: ResolveItemBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<ResolveReconciliationItemReply>> {
    const data = { runId: params.id, itemId: params.itemId, note: body.note };
    return success(await this.nats.send(Subjects.command.reconciliationResolveItem, data, principal));
  }

  /**
   * Reconciles a configuration's day against an uploaded settlement file or the one its gateway publishes; answers
   * with the run (COMPLETED or FAILED, or RUNNING for a large file). An uploaded file is compared only: its
   * mismatches are recorded but it never changes a payment; only the fetched file applies late captures.
   */
  @Post()
  @HttpCode(201)
  @ApiOperation({
    description:
      'Reconciles a configuration’s day against the file its gateway publishes, or against an uploaded `settlementFile`. ' +
      'An uploaded file is compared only: its mismatches are recorded but it never changes a payment; only the ' +
      'fetched file applies settled payments (late captures).',
  })
  @AdminRoute(Roles.operator, { status: 201, errors: [ErrorCode.GATEWAY_CONFIG_NOT_FOUND] })
  async start(
    @Body() body: StartReconciliationBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<StartReconciliationReply>> {
    return success(await this.nats.send(Subjects.command.reconciliationStart, body, principal));
  }
}
