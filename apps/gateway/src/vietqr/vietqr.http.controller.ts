import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles, Subjects, type ListUnsettledTransfersReply } from '@ppm/contracts';
import { CurrentPrincipal } from '../auth/access.decorator';
import type { Principal } from '../auth/principal';
import { NatsGateway } from '../http/nats-gateway';
import { AdminRoute } from '../http/route-access.decorators';
import { success, type Success } from '../http/success';
import { ListUnsettledTransfersQueryDto } from './list-unsettled-transfers.query.dto';

/**
 * VietQR transfers that settled no payment (naming none, or with another amount): operators match them by hand or
 * send the money back. Admins see them too; a viewer does not (they carry payers' transfer contents).
 */
@ApiTags('vietqr')
@Controller('api/v1/ppm/vietqr')
export class VietqrHttpController {
  constructor(private readonly nats: NatsGateway) {}

  @Get('unsettled-transfers')
  @AdminRoute([Roles.admin, Roles.operator])
  async unsettledTransfers(
    @Query() query: ListUnsettledTransfersQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<ListUnsettledTransfersReply>> {
    return success(await this.nats.send(Subjects.query.vietqrTransferListUnsettled, query, principal));
  }
}
