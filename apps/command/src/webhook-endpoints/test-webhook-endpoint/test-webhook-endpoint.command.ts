import type { Reply, TestWebhookEndpointReply, WebhookEndpointIdRequest } from '@ppm/contracts';
import { IdempotentCommand } from '../../shared/idempotent-command';

/** Queues a `ping` event for one endpoint, so a merchant sees a signed delivery arrive without a payment. */
export class TestWebhookEndpointCommand extends IdempotentCommand<
  WebhookEndpointIdRequest,
  Reply<TestWebhookEndpointReply>
> {}
