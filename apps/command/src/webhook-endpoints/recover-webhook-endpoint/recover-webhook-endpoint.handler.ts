import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ok, type RecoverWebhookEndpointReply, type Reply } from '@ppm/contracts';
import { WebhookDeliverySteering } from '@ppm/persistence';
import { eventContextOf } from '../../shared/command-context';
import { webhookEndpointNotFound } from '../webhook-endpoint-not-found';
import { RecoverWebhookEndpointCommand } from './recover-webhook-endpoint.command';

@CommandHandler(RecoverWebhookEndpointCommand)
export class RecoverWebhookEndpointHandler implements ICommandHandler<RecoverWebhookEndpointCommand> {
  constructor(private readonly steering: WebhookDeliverySteering) {}

  async execute({ meta, data }: RecoverWebhookEndpointCommand): Promise<Reply<RecoverWebhookEndpointReply>> {
    const recovered = await this.steering.recover(meta.tenantId, data.id, data.since, eventContextOf(meta));
    return recovered === null ? webhookEndpointNotFound(data.id) : ok({ recovered });
  }
}
