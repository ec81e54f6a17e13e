import { ErrorCode, fail, type Reply } from '@ppm/contracts';

/** The reply to a command or query naming an endpoint the tenant does not have (another tenant's included). */
export function webhookEndpointNotFound(id: string): Reply<never> {
  return fail(ErrorCode.WEBHOOK_ENDPOINT_NOT_FOUND, `Webhook endpoint ${id} not found`);
}
