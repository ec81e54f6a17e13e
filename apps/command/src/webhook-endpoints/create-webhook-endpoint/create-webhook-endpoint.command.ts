import type { CreateWebhookEndpointRequest, Reply, WebhookEndpointWithSecret } from '@ppm/contracts';
import { IdempotentCommand } from '../../shared/idempotent-command';

/** Registers a tenant's webhook endpoint with a new signing secret, returned this once. */
export class CreateWebhookEndpointCommand extends IdempotentCommand<
  CreateWebhookEndpointRequest,
  Reply<WebhookEndpointWithSecret>
> {}
