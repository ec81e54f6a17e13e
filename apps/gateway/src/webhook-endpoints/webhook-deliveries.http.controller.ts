import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ErrorCode, Roles, Subjects, type WebhookDeliveryDetail } from '@ppm/contracts';
import { CurrentPrincipal } from '../auth/access.decorator';
import type { Principal } from '../auth/principal';
import { NatsGateway } from '../http/nats-gateway';
import { AdminRoute } from '../http/route-access.decorators';
import { success, type Success } from '../http/success';
import { WebhookDeliveryIdParamsDto } from './webhook-delivery-id.params.dto';

/** One merchant webhook delivery and its attempts: what PPM sent, when, and what the merchant answered. */
@ApiTags('webhook endpoints')
@Controller('api/v1/ppm/webhook-deliveries')
export class WebhookDeliveriesHttpController {
  constructor(private readonly nats: NatsGateway) {}

  @Get(':deliveryId')
  @AdminRoute([Roles.operator, Roles.admin], { errors: [ErrorCode.WEBHOOK_DELIVERY_NOT_FOUND] })
  async get(
    @Param() params: WebhookDeliveryIdParamsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Success<WebhookDeliveryDetail>> {
    const data = { deliveryId: params.deliveryId };
    return success(await this.nats.send(Subjects.query.webhookDeliveryGet, data, principal));
  }
}
