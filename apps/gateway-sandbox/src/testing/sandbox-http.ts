import { randomBytes } from 'node:crypto';
import type { GatewayType } from '@ppm/gateways';

/** A unique order reference (letters and digits, as every gateway accepts). */
export function uniqueReference(prefix = 'T'): string {
  return `${prefix}${randomBytes(6).toString('hex')}`;
}

/** POSTs JSON and reads the JSON reply. */
export async function postJson<T = Record<string, unknown>>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: T }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as T };
}

/** The reply of the sandbox's complete route. */
export interface CompleteReply {
  status: string;
  delivery: { url: string; attempts: number; acknowledged: boolean; lastStatus: number | null } | null;
  redirectUrl: string | null;
  message?: string;
}

/** Finishes an order the way its customer would (POST /sandbox/orders/:gateway/:reference/complete). */
export function completeOrder(
  baseUrl: string,
  gatewayType: GatewayType,
  reference: string,
  outcome: 'succeeded' | 'failed' | 'cancelled',
): Promise<{ status: number; json: CompleteReply }> {
  const path = `/sandbox/orders/${gatewayType.toLowerCase()}/${encodeURIComponent(reference)}/complete`;
  return postJson<CompleteReply>(`${baseUrl}${path}`, { outcome });
}

/** Registers a merchant through the control route. */
export async function registerMerchant(baseUrl: string, registration: unknown): Promise<void> {
  const { status, json } = await postJson(`${baseUrl}/sandbox/merchants`, registration);
  if (status !== 201) throw new Error(`merchant registration failed: ${JSON.stringify(json)}`);
}
