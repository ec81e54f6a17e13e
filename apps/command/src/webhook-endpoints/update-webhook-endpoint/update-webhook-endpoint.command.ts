import type { Reply, UpdateWebhookEndpointRequest, WebhookEndpointView } from '@ppm/contracts';
import { IdempotentCommand } from '../../shared/idempotent-command';

/** Changes a webhook endpoint's URL, description, event types or whether it is enabled. */
export class UpdateWebhookEndpointCommand extends IdempotentCommand<
  UpdateWebhookEndpointRequest,
  Reply<WebhookEndpointView>
> {}
