import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  ErrorCode,
  Roles,
  Subjects,
  type GatewayIpnDetail,
  type ListGatewayIpnsReply,
  type ReplayGatewayIpnReply,
} from '@ppm/contracts';
import { CurrentPrincipal } from '../auth/access.decorator';
import type { Principal } from '../auth/principal';
import { NatsGateway } from '../http/nats-gateway';
import { ResourceIdParamsDto } from '../http/resource-id.params.dto';
import { AdminRoute } from '../http/route-access.decorators';
import { success, type Success } from '../http/success';
import { ListGatewayIpnsQueryDto } from './list-gateway-ipns.query.dto';

/**
 * The gateways' callbacks (IPNs) PPM stored for the tenant: a viewer sees the list; the raw requests and the replay
 * are an operator's (a raw body names customers' payments).
 */
@ApiTags('operations')
@Controller('api/v1/ppm/gateway-ipns')
export class GatewayIpnsHttpController {
  constructor(private readonly nats: NatsGateway) {}

  @Get()
  @AdminRoute(Roles.viewer)
  async list(
    @Query() query: ListGatewayIpnsQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<ListGatewayIpnsReply>> {
    return success(await this.nats.send(Subjects.query.gatewayIpnList, query, principal));
  }

  @Get(':id')
  @AdminRoute(Roles.operator, { errors: [ErrorCode.GATEWAY_IPN_NOT_FOUND] })
  async get(
    @Param() params: ResourceIdParamsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<GatewayIpnDetail>> {
    return success(await this.nats.send(Subjects.query.gatewayIpnGet, { ipnId: params.id }, principal));
  }

  /** Verified afresh and applied through the normal intake; answers the callback's status afterwards. */
  @Post(':id/replay')
  @HttpCode(200)
  @AdminRoute(Roles.operator, { errors: [ErrorCode.GATEWAY_IPN_NOT_FOUND, ErrorCode.INVALID_STATE_TRANSITION] })
  async replay(
    @Param() params: ResourceIdParamsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<ReplayGatewayIpnReply>> {
    return success(await this.nats.send(Subjects.command.gatewayIpnReplay, { ipnId: params.id }, principal));
  }
}
