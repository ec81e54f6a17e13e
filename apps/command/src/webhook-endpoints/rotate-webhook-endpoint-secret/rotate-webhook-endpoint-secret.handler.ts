import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ok, type Reply, type WebhookEndpointWithSecret } from '@ppm/contracts';
import { generateWebhookSecret } from '@ppm/gateways';
import { WebhookEndpointStore } from '@ppm/persistence';
import { eventContextOf } from '../../shared/command-context';
import { webhookEndpointNotFound } from '../webhook-endpoint-not-found';
import { WEBHOOK_ENDPOINT_SETTINGS, type WebhookEndpointSettings } from '../webhook-endpoint-settings';
import { RotateWebhookEndpointSecretCommand } from './rotate-webhook-endpoint-secret.command';

@CommandHandler(RotateWebhookEndpointSecretCommand)
export class RotateWebhookEndpointSecretHandler implements ICommandHandler<RotateWebhookEndpointSecretCommand> {
  constructor(
    private readonly endpoints: WebhookEndpointStore,
    @Inject(WEBHOOK_ENDPOINT_SETTINGS) private readonly settings: WebhookEndpointSettings,
  ) {}

  async execute({ meta, data }: RotateWebhookEndpointSecretCommand): Promise<Reply<WebhookEndpointWithSecret>> {
    const secret = generateWebhookSecret();
    const context = eventContextOf(meta);
    const rotated = await this.endpoints.rotateSecret(
      meta.tenantId,
      data.id,
      secret,
      this.settings.rotationOverlapMs,
      context,
    );
    return rotated ? ok({ ...rotated, secret }) : webhookEndpointNotFound(data.id);
  }
}
