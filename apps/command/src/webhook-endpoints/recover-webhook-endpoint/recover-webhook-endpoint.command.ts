import type { RecoverWebhookEndpointReply, RecoverWebhookEndpointRequest, Reply } from '@ppm/contracts';
import { IdempotentCommand } from '../../shared/idempotent-command';

/** Resends every FAILED delivery of an endpoint created since a time (after an outage the merchant fixed). */
export class RecoverWebhookEndpointCommand extends IdempotentCommand<
  RecoverWebhookEndpointRequest,
  Reply<RecoverWebhookEndpointReply>
> {}
