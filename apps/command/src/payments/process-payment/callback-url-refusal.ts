import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, fail, type Reply } from '@ppm/contracts';
import { WebhookEndpointStore } from '@ppm/persistence';
import { merchantUrlRefusal } from '../../webhook-endpoints/merchant-url-refusal';
import {
  WEBHOOK_ENDPOINT_SETTINGS,
  type WebhookEndpointSettings,
} from '../../webhook-endpoints/webhook-endpoint-settings';

/**
 * Checks a payment's `callbackUrl` before anything is stored: the endpoints' URL rules, and a tenant with an endpoint,
 * whose secret signs the callback's deliveries. Without one PPM would sign with a secret the merchant never saw, so
 * the payment is refused rather than its callbacks left unverifiable.
 */
@Injectable()
export class CallbackUrlRefusal {
  constructor(
    private readonly endpoints: WebhookEndpointStore,
    @Inject(WEBHOOK_ENDPOINT_SETTINGS) private readonly settings: WebhookEndpointSettings,
  ) {}

  /** The refusal of `callbackUrl`, or null when it is acceptable (or none was given). */
  async of(tenantId: string, callbackUrl: string | undefined): Promise<Reply<never> | null> {
    if (callbackUrl === undefined) return null;
    const refused = merchantUrlRefusal(callbackUrl, this.settings.production, 'callbackUrl');
    if (refused) return refused;
    if (await this.endpoints.hasEndpoint(tenantId)) return null;
    return fail(
      ErrorCode.WEBHOOK_ENDPOINT_REQUIRED,
      'A callbackUrl is signed with the tenant’s webhook endpoint secret: create a webhook endpoint first',
      { field: 'callbackUrl' },
    );
  }
}
