import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles, Subjects, type ListAuditRecordsReply } from '@ppm/contracts';
import { CurrentPrincipal } from '../auth/access.decorator';
import type { Principal } from '../auth/principal';
import { NatsGateway } from '../http/nats-gateway';
import { AdminRoute } from '../http/route-access.decorators';
import { success, type Success } from '../http/success';
import { ListAuditRecordsQueryDto } from './list-audit-records.query.dto';

/**
 * The tenant's audit log: who changed what. Admins read it for configuration changes, operators for the money
 * moves they are answerable for; a viewer does not (the records carry the changes' details).
 */
@ApiTags('audit')
@Controller('api/v1/ppm/audit')
export class AuditHttpController {
  constructor(private readonly nats: NatsGateway) {}

  @Get()
  @AdminRoute([Roles.admin, Roles.operator])
  async list(
    @Query() query: ListAuditRecordsQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<ListAuditRecordsReply>> {
    return success(await this.nats.send(Subjects.query.auditList, query, principal));
  }
}
