import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, fail, ok, type Reply, type WebhookEndpointWithSecret } from '@ppm/contracts';
import { generateWebhookSecret } from '@ppm/gateways';
import { WebhookEndpointStore } from '@ppm/persistence';
import { eventContextOf } from '../../shared/command-context';
import { IdGenerator } from '../../shared/id-generator';
import { merchantUrlRefusal } from '../merchant-url-refusal';
import { WEBHOOK_ENDPOINT_SETTINGS, type WebhookEndpointSettings } from '../webhook-endpoint-settings';
import { CreateWebhookEndpointCommand } from './create-webhook-endpoint.command';

@CommandHandler(CreateWebhookEndpointCommand)
export class CreateWebhookEndpointHandler implements ICommandHandler<CreateWebhookEndpointCommand> {
  constructor(
    private readonly endpoints: WebhookEndpointStore,
    private readonly ids: IdGenerator,
    @Inject(WEBHOOK_ENDPOINT_SETTINGS) private readonly settings: WebhookEndpointSettings,
  ) {}

  async execute({ meta, data }: CreateWebhookEndpointCommand): Promise<Reply<WebhookEndpointWithSecret>> {
    const refused = merchantUrlRefusal(data.url, this.settings.production);
    if (refused) return refused;
    const secret = generateWebhookSecret();
    const endpoint = {
      id: this.ids.uuid(),
      tenantId: meta.tenantId,
      url: data.url,
      description: data.description ?? null,
      eventTypes: data.eventTypes ?? null,
      secret,
    };
    const { perTenantLimit } = this.settings;
    const created = await this.endpoints.create(endpoint, perTenantLimit, eventContextOf(meta));
    if (!created) {
      return fail(ErrorCode.WEBHOOK_ENDPOINT_LIMIT_REACHED, `A tenant may have at most ${perTenantLimit} endpoints`, {
        limit: perTenantLimit,
      });
    }
    return ok({ ...created, secret });
  }
}
