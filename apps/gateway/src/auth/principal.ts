import type { Role } from '@ppm/contracts';

/** Who calls: an admin user (bearer token) or an internal service (API key), always bound to one tenant. */
export interface Principal {
  kind: 'user' | 'api-key';
  /** The user's `sub`, or the API key's id. */
  subject: string;
  /** The tenant every request of this principal acts for; never taken from a request body. */
  tenantId: string;
  roles: readonly Role[];
  /** The API key's id (rate-limited on its own besides its tenant). */
  apiKeyId?: string;
  /** The API key's rate-limit tier, when it names one. */
  apiKeyTier?: string;
}
