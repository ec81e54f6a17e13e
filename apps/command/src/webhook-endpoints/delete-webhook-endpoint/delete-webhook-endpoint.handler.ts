import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ok, type DeleteWebhookEndpointReply, type Reply } from '@ppm/contracts';
import { WebhookEndpointStore } from '@ppm/persistence';
import { eventContextOf } from '../../shared/command-context';
import { webhookEndpointNotFound } from '../webhook-endpoint-not-found';
import { DeleteWebhookEndpointCommand } from './delete-webhook-endpoint.command';

@CommandHandler(DeleteWebhookEndpointCommand)
export class DeleteWebhookEndpointHandler implements ICommandHandler<DeleteWebhookEndpointCommand> {
  constructor(private readonly endpoints: WebhookEndpointStore) {}

  async execute({ meta, data }: DeleteWebhookEndpointCommand): Promise<Reply<DeleteWebhookEndpointReply>> {
    const deleted = await this.endpoints.delete(meta.tenantId, data.id, eventContextOf(meta));
    return deleted ? ok({ id: data.id, deleted: true }) : webhookEndpointNotFound(data.id);
  }
}
