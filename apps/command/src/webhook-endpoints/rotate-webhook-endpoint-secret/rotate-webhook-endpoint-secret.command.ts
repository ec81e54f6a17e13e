import type { Reply, WebhookEndpointIdRequest, WebhookEndpointWithSecret } from '@ppm/contracts';
import { IdempotentCommand } from '../../shared/idempotent-command';

/** Gives a webhook endpoint a new signing secret, returned this once; the old one signs beside it for a day. */
export class RotateWebhookEndpointSecretCommand extends IdempotentCommand<
  WebhookEndpointIdRequest,
  Reply<WebhookEndpointWithSecret>
> {}
