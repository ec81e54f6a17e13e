import type { Reply, RetryWebhookDeliveryReply, WebhookDeliveryIdRequest } from '@ppm/contracts';
import { IdempotentCommand } from '../../shared/idempotent-command';

/** Makes a FAILED or PENDING delivery due now; its earlier attempts stay on record. */
export class RetryWebhookDeliveryCommand extends IdempotentCommand<
  WebhookDeliveryIdRequest,
  Reply<RetryWebhookDeliveryReply>
> {}
