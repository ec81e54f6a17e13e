import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, fail, ok, type Reply, type RetryWebhookDeliveryReply } from '@ppm/contracts';
import { WebhookDeliverySteering } from '@ppm/persistence';
import { eventContextOf } from '../../shared/command-context';
import { RetryWebhookDeliveryCommand } from './retry-webhook-delivery.command';

@CommandHandler(RetryWebhookDeliveryCommand)
export class RetryWebhookDeliveryHandler implements ICommandHandler<RetryWebhookDeliveryCommand> {
  constructor(private readonly steering: WebhookDeliverySteering) {}

  async execute({ meta, data }: RetryWebhookDeliveryCommand): Promise<Reply<RetryWebhookDeliveryReply>> {
    const outcome = await this.steering.retry(meta.tenantId, data.deliveryId, eventContextOf(meta));
    switch (outcome.kind) {
      case 'due':
        return ok({
          id: outcome.id,
          status: 'PENDING',
          attemptCount: outcome.attemptCount,
          nextAttemptAt: outcome.nextAttemptAt,
        });
      case 'delivered':
        return fail(ErrorCode.INVALID_STATE_TRANSITION, `Webhook delivery ${data.deliveryId} is already delivered`);
      case 'not-found':
        return fail(ErrorCode.WEBHOOK_DELIVERY_NOT_FOUND, `Webhook delivery ${data.deliveryId} not found`);
    }
  }
}
