import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  ErrorCode,
  Roles,
  Subjects,
  type GatewayConfigReply,
  type GatewayConfigView,
  type ListGatewayConfigsReply,
} from '@ppm/contracts';
import { CurrentPrincipal } from '../auth/access.decorator';
import type { Principal } from '../auth/principal';
import { IdempotencyKey } from '../http/idempotency-key.decorator';
import { NatsGateway } from '../http/nats-gateway';
import { ResourceIdParamsDto } from '../http/resource-id.params.dto';
import { AdminRoute } from '../http/route-access.decorators';
import { success, type Success } from '../http/success';
import { AddGatewayConfigBodyDto } from './add-gateway-config.body.dto';
import { ListGatewayConfigsQueryDto } from './list-gateway-configs.query.dto';
import { UpdateGatewayConfigBodyDto } from './update-gateway-config.body.dto';

/** The tenant's gateway configurations (credentials go in, never come out). */
@ApiTags('gateway configurations')
@Controller('api/v1/ppm/gateways/configurations')
export class GatewayConfigsHttpController {
  constructor(private readonly nats: NatsGateway) {}

  @Get()
  @AdminRoute(Roles.viewer)
  async list(
    @Query() query: ListGatewayConfigsQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<ListGatewayConfigsReply>> {
    return success(await this.nats.send(Subjects.query.gatewayConfigList, query, principal));
  }

  @Get(':id')
  @AdminRoute(Roles.viewer, { errors: [ErrorCode.GATEWAY_CONFIG_NOT_FOUND] })
  async get(
    @Param() params: ResourceIdParamsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<GatewayConfigView>> {
    const data = { gatewayConfigurationId: params.id };
    return success(await this.nats.send(Subjects.query.gatewayConfigGet, data, principal));
  }

  @Post()
  @HttpCode(201)
  @AdminRoute(Roles.admin, {
    status: 201,
    idempotent: true,
    errors: [
      ErrorCode.GATEWAY_CONFIG_NAME_TAKEN,
      ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS,
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
    ],
  })
  async add(
    @Body() body: AddGatewayConfigBodyDto,
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<Success<GatewayConfigReply>> {
    return success(await this.nats.send(Subjects.command.gatewayConfigAdd, body, principal, idempotencyKey));
  }

  @Put(':id')
  @AdminRoute(Roles.admin, {
    errors: [
      ErrorCode.GATEWAY_CONFIG_NOT_FOUND,
      ErrorCode.GATEWAY_CONFIG_NAME_TAKEN,
      ErrorCode.CONCURRENT_MODIFICATION,
    ],
  })
  async update(
    @Param() params: ResourceIdParamsDto,
    @Body() body: UpdateGatewayConfigBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<GatewayConfigReply>> {
    const data = { ...body, id: params.id };
    return success(await this.nats.send(Subjects.command.gatewayConfigUpdate, data, principal));
  }
}
