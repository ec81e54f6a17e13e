import type { CredentialCipher } from '../secrets/credential-cipher';
import type { EncryptedSecret } from '../secrets/encrypted-secret';

/** Seals an endpoint's `whsec_` signing secret as gateway credentials are sealed, bound to the endpoint's id. */
export function sealWebhookSecret(cipher: CredentialCipher, secret: string, endpointId: string): EncryptedSecret {
  return cipher.seal({ secret }, endpointId);
}

/** Opens what sealWebhookSecret sealed for this endpoint; throws when it was altered or moved to another one. */
export function openWebhookSecret(cipher: CredentialCipher, sealed: EncryptedSecret, endpointId: string): string {
  const { secret } = cipher.open(sealed, endpointId);
  if (!secret) throw new Error('the sealed value is not a webhook secret');
  return secret;
}
