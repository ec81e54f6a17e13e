import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ErrorCode, Roles, Subjects, type RefundView } from '@ppm/contracts';
import { CurrentPrincipal } from '../auth/access.decorator';
import type { Principal } from '../auth/principal';
import { NatsGateway } from '../http/nats-gateway';
import { ResourceIdParamsDto } from '../http/resource-id.params.dto';
import { AdminRoute } from '../http/route-access.decorators';
import { success, type Success } from '../http/success';

/** Refunds of the caller's tenant by their own id (a payment's refunds: `GET /transactions/:id/refunds`). */
@ApiTags('refunds')
@Controller('api/v1/ppm/refunds')
export class RefundsHttpController {
  constructor(private readonly nats: NatsGateway) {}

  @Get(':id')
  @AdminRoute(Roles.viewer, { errors: [ErrorCode.REFUND_NOT_FOUND] })
  async get(
    @Param() params: ResourceIdParamsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<RefundView>> {
    return success(await this.nats.send(Subjects.query.refundGet, { refundId: params.id }, principal));
  }
}
