import { randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';
// The Standard Webhooks spec asks for 24 to 64 random bytes; 32 is what Svix issues.
const SECRET_BYTES = 32;
const MIN_KEY_BYTES = 24;

/** A new signing secret for a merchant endpoint: `whsec_` and the base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

/** The HMAC key a `whsec_` secret stands for (the base64-decoded part after the prefix); throws on anything else. */
export function webhookSigningKey(secret: string): Buffer {
  const key = secret.startsWith(PREFIX) ? Buffer.from(secret.slice(PREFIX.length), 'base64') : Buffer.alloc(0);
  if (key.length < MIN_KEY_BYTES) throw new Error(`a webhook secret is ${PREFIX} and base64 of at least 24 bytes`);
  return key;
}
