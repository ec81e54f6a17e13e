import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ErrorCode, Roles, Subjects, type RiskRulesView } from '@ppm/contracts';
import { CurrentPrincipal } from '../auth/access.decorator';
import type { Principal } from '../auth/principal';
import { IdempotencyKey } from '../http/idempotency-key.decorator';
import { NatsGateway } from '../http/nats-gateway';
import { AdminRoute } from '../http/route-access.decorators';
import { success, type Success } from '../http/success';
import { GetRiskRulesQueryDto } from './get-risk-rules.query.dto';
import { UpdateRiskRulesBodyDto } from './update-risk-rules.body.dto';

/** The tenant's risk rules: read by every console role, replaced by an admin. */
@ApiTags('risk rules')
@Controller('api/v1/ppm/risk/rules')
export class RiskRulesHttpController {
  constructor(private readonly nats: NatsGateway) {}

  @Get()
  @AdminRoute(Roles.viewer, { errors: [ErrorCode.RISK_RULES_VERSION_NOT_FOUND] })
  async get(
    @Query() query: GetRiskRulesQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<RiskRulesView>> {
    return success(await this.nats.send(Subjects.query.riskRulesGet, query, principal));
  }

  @Put()
  @AdminRoute(Roles.admin, {
    idempotent: true,
    errors: [
      ErrorCode.CONCURRENT_MODIFICATION,
      ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS,
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
    ],
  })
  async update(
    @Body() body: UpdateRiskRulesBodyDto,
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<Success<RiskRulesView>> {
    return success(await this.nats.send(Subjects.command.riskRulesUpdate, body, principal, idempotencyKey));
  }
}
