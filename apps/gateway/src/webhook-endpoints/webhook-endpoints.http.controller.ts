import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  ErrorCode,
  Roles,
  Subjects,
  type DeleteWebhookEndpointReply,
  type ListWebhookDeliveriesReply,
  type RecoverWebhookEndpointReply,
  type TestWebhookEndpointReply,
  type ListWebhookEndpointsReply,
  type WebhookEndpointView,
  type WebhookEndpointWithSecret,
} from '@ppm/contracts';
import { CurrentPrincipal } from '../auth/access.decorator';
import type { Principal } from '../auth/principal';
import { IdempotencyKey } from '../http/idempotency-key.decorator';
import { NatsGateway } from '../http/nats-gateway';
import { ResourceIdParamsDto } from '../http/resource-id.params.dto';
import { AdminRoute } from '../http/route-access.decorators';
import { success, type Success } from '../http/success';
import { CreateWebhookEndpointBodyDto } from './create-webhook-endpoint.body.dto';
import { ListWebhookDeliveriesQueryDto } from './list-webhook-deliveries.query.dto';
import { RecoverWebhookEndpointBodyDto } from './recover-webhook-endpoint.body.dto';
import { ListWebhookEndpointsQueryDto } from './list-webhook-endpoints.query.dto';
import { UpdateWebhookEndpointBodyDto } from './update-webhook-endpoint.body.dto';

// Operators read endpoints and steer their deliveries (retry, recover, test: nothing goes anywhere new); only admins
// change endpoints (a URL there receives the tenant's events).
const OPERATORS: [typeof Roles.operator, typeof Roles.admin] = [Roles.operator, Roles.admin];
const KEYED_ERRORS = [ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS, ErrorCode.IDEMPOTENCY_KEY_REUSED];

/** The tenant's merchant webhook endpoints: where PPM delivers its signed events. Secrets show once, never again. */
@ApiTags('webhook endpoints')
@Controller('api/v1/ppm/webhook-endpoints')
export class WebhookEndpointsHttpController {
  constructor(private readonly nats: NatsGateway) {}

  @Get()
  @AdminRoute(OPERATORS)
  async list(
    @Query() query: ListWebhookEndpointsQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<ListWebhookEndpointsReply>> {
    return success(await this.nats.send(Subjects.query.webhookEndpointList, query, principal));
  }

  @Get(':id')
  @AdminRoute(OPERATORS, { errors: [ErrorCode.WEBHOOK_ENDPOINT_NOT_FOUND] })
  async get(
    @Param() params: ResourceIdParamsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<WebhookEndpointView>> {
    return success(await this.nats.send(Subjects.query.webhookEndpointGet, { id: params.id }, principal));
  }

  @Get(':id/deliveries')
  @AdminRoute(OPERATORS, { errors: [ErrorCode.WEBHOOK_ENDPOINT_NOT_FOUND] })
  async deliveries(
    @Param() params: ResourceIdParamsDto,
    @Query() query: ListWebhookDeliveriesQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<ListWebhookDeliveriesReply>> {
    const data = { ...query, endpointId: params.id };
    return success(await this.nats.send(Subjects.query.webhookDeliveryList, data, principal));
  }

  @Post()
  @HttpCode(201)
  @AdminRoute(Roles.admin, {
    status: 201,
    idempotent: true,
    errors: [ErrorCode.WEBHOOK_ENDPOINT_LIMIT_REACHED, ...KEYED_ERRORS],
  })
  async create(
    @Body() body: CreateWebhookEndpointBodyDto,
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<Success<WebhookEndpointWithSecret>> {
    return success(await this.nats.send(Subjects.command.webhookEndpointCreate, body, principal, idempotencyKey));
  }

  @Put(':id')
  @AdminRoute(Roles.admin, { idempotent: true, errors: [ErrorCode.WEBHOOK_ENDPOINT_NOT_FOUND, ...KEYED_ERRORS] })
  async update(
    @Param() params: ResourceIdParamsDto,
    @Body() body: UpdateWebhookEndpointBodyDto,
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<Success<WebhookEndpointView>> {
    const data = { ...body, id: params.id };
    return success(await this.nats.send(Subjects.command.webhookEndpointUpdate, data, principal, idempotencyKey));
  }

  @Delete(':id')
  @AdminRoute(Roles.admin, { idempotent: true, errors: [ErrorCode.WEBHOOK_ENDPOINT_NOT_FOUND, ...KEYED_ERRORS] })
  async delete(
    @Param() params: ResourceIdParamsDto,
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<Success<DeleteWebhookEndpointReply>> {
    const data = { id: params.id };
    return success(await this.nats.send(Subjects.command.webhookEndpointDelete, data, principal, idempotencyKey));
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @AdminRoute(Roles.admin, { idempotent: true, errors: [ErrorCode.WEBHOOK_ENDPOINT_NOT_FOUND, ...KEYED_ERRORS] })
  async rotateSecret(
    @Param() params: ResourceIdParamsDto,
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<Success<WebhookEndpointWithSecret>> {
    const data = { id: params.id };
    const subject = Subjects.command.webhookEndpointRotateSecret;
    return success(await this.nats.send(subject, data, principal, idempotencyKey));
  }

  @Post(':id/recover')
  @HttpCode(200)
  @AdminRoute(OPERATORS, { idempotent: true, errors: [ErrorCode.WEBHOOK_ENDPOINT_NOT_FOUND, ...KEYED_ERRORS] })
  async recover(
    @Param() params: ResourceIdParamsDto,
    @Body() body: RecoverWebhookEndpointBodyDto,
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<Success<RecoverWebhookEndpointReply>> {
    const data = { ...body, id: params.id };
    return success(await this.nats.send(Subjects.command.webhookEndpointRecover, data, principal, idempotencyKey));
  }

  @Post(':id/test')
  @HttpCode(202)
  @AdminRoute(OPERATORS, {
    status: 202,
    idempotent: true,
    errors: [ErrorCode.WEBHOOK_ENDPOINT_NOT_FOUND, ...KEYED_ERRORS],
  })
  async test(
    @Param() params: ResourceIdParamsDto,
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<Success<TestWebhookEndpointReply>> {
    const data = { id: params.id };
    return success(await this.nats.send(Subjects.command.webhookEndpointTest, data, principal, idempotencyKey));
  }
}
