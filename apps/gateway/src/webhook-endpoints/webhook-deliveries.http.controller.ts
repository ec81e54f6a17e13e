import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ErrorCode, Roles, Subjects, type RetryWebhookDeliveryReply, type WebhookDeliveryDetail } from '@ppm/contracts';
import { CurrentPrincipal } from '../auth/access.decorator';
import type { Principal } from '../auth/principal';
import { IdempotencyKey } from '../http/idempotency-key.decorator';
import { NatsGateway } from '../http/nats-gateway';
import { AdminRoute } from '../http/route-access.decorators';
import { success, type Success } from '../http/success';
import { WebhookDeliveryIdParamsDto } from './webhook-delivery-id.params.dto';

// Operators follow deliveries and send one again; the merchant's URL is the endpoint's, which only admins change.
const OPERATORS: [typeof Roles.operator, typeof Roles.admin] = [Roles.operator, Roles.admin];

/** One merchant webhook delivery and its attempts: what PPM sent, when, and what the merchant answered. */
@ApiTags('webhook endpoints')
@Controller('api/v1/ppm/webhook-deliveries')
export class WebhookDeliveriesHttpController {
  constructor(private readonly nats: NatsGateway) {}

  @Get(':deliveryId')
  @AdminRoute(OPERATORS, { errors: [ErrorCode.WEBHOOK_DELIVERY_NOT_FOUND] })
  async get(
    @Param() params: WebhookDeliveryIdParamsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<WebhookDeliveryDetail>> {
    const data = { deliveryId: params.deliveryId };
    return success(await this.nats.send(Subjects.query.webhookDeliveryGet, data, principal));
  }

  @Post(':deliveryId/retry')
  @HttpCode(200)
  @AdminRoute(OPERATORS, {
    idempotent: true,
    errors: [
      ErrorCode.WEBHOOK_DELIVERY_NOT_FOUND,
      ErrorCode.INVALID_STATE_TRANSITION,
      ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS,
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
    ],
  })
  async retry(
    @Param() params: WebhookDeliveryIdParamsDto,
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<Success<RetryWebhookDeliveryReply>> {
    const data = { deliveryId: params.deliveryId };
    return success(await this.nats.send(Subjects.command.webhookDeliveryRetry, data, principal, idempotencyKey));
  }
}
