import type { DeleteWebhookEndpointReply, Reply, WebhookEndpointIdRequest } from '@ppm/contracts';
import { IdempotentCommand } from '../../shared/idempotent-command';

/** Deletes a webhook endpoint and its deliveries. */
export class DeleteWebhookEndpointCommand extends IdempotentCommand<
  WebhookEndpointIdRequest,
  Reply<DeleteWebhookEndpointReply>
> {}
