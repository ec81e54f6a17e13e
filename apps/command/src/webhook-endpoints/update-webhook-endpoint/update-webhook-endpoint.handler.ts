import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ok, type Reply, type WebhookEndpointView } from '@ppm/contracts';
import { WebhookEndpointStore } from '@ppm/persistence';
import { eventContextOf } from '../../shared/command-context';
import { merchantUrlRefusal } from '../merchant-url-refusal';
import { webhookEndpointNotFound } from '../webhook-endpoint-not-found';
import { WEBHOOK_ENDPOINT_SETTINGS, type WebhookEndpointSettings } from '../webhook-endpoint-settings';
import { UpdateWebhookEndpointCommand } from './update-webhook-endpoint.command';

@CommandHandler(UpdateWebhookEndpointCommand)
export class UpdateWebhookEndpointHandler implements ICommandHandler<UpdateWebhookEndpointCommand> {
  constructor(
    private readonly endpoints: WebhookEndpointStore,
    @Inject(WEBHOOK_ENDPOINT_SETTINGS) private readonly settings: WebhookEndpointSettings,
  ) {}

  async execute({ meta, data }: UpdateWebhookEndpointCommand): Promise<Reply<WebhookEndpointView>> {
    const refused = merchantUrlRefusal(data.url, this.settings.production);
    if (refused) return refused;
    const { id, ...changes } = data;
    const updated = await this.endpoints.update(meta.tenantId, id, changes, eventContextOf(meta));
    return updated ? ok(updated) : webhookEndpointNotFound(id);
  }
}
