import { createHmac } from 'node:crypto';
import { webhookSigningKey } from './webhook-secret';

/** What one delivery attempt signs. */
export interface SignedWebhookInput {
  /** The event id: the same on every retry, so receivers deduplicate on it. */
  id: string;
  /** When this attempt is sent, in Unix seconds (receivers refuse old timestamps). */
  timestamp: number;
  /** The exact bytes POSTed. */
  body: string;
  /** The endpoint's current secret first, then, during a rotation's overlap, the previous one. */
  secrets: readonly string[];
}

/** The Standard Webhooks headers of a delivery. */
export interface WebhookSignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Signs a delivery to the Standard Webhooks spec: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` per secret,
 * space-separated, so a receiver holding either secret verifies it while a rotation overlaps.
 */
export function signWebhook(input: SignedWebhookInput): WebhookSignatureHeaders {
  if (input.secrets.length === 0) throw new Error('a webhook is signed with at least one secret');
  const timestamp = String(input.timestamp);
  const content = `${input.id}.${timestamp}.${input.body}`;
  const signatures = input.secrets.map(
    (secret) => `v1,${createHmac('sha256', webhookSigningKey(secret)).update(content, 'utf8').digest('base64')}`,
  );
  return { 'webhook-id': input.id, 'webhook-timestamp': timestamp, 'webhook-signature': signatures.join(' ') };
}
