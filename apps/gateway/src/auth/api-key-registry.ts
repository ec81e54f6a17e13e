import { createHash } from 'node:crypto';
import { ErrorCode, type Role } from '@ppm/contracts';
import { EdgeError } from '../http/edge-error';
import type { Principal } from './principal';

/** One configured API key: only the SHA-256 of the key is kept. */
export interface ApiKeyEntry {
  id: string;
  /** Hex SHA-256 of the key. */
  sha256: string;
  /** The tenant the key is bound to, or `platform`: a platform key names the tenant per request (X-Tenant-Id). */
  tenantId: string;
  roles: readonly Role[];
  tier?: string;
}

/** The tenant header a platform key must send. */
export const TENANT_HEADER = 'x-tenant-id';

export const PLATFORM = 'platform';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Finds internal callers' keys by their hash; a tenant key can never act for another tenant. */
export class ApiKeyRegistry {
  private readonly byHash: ReadonlyMap<string, ApiKeyEntry>;

  constructor(entries: readonly ApiKeyEntry[]) {
    this.byHash = new Map(entries.map((entry) => [entry.sha256.toLowerCase(), entry]));
  }

  /** The principal of a presented key, or an UNAUTHORIZED/FORBIDDEN/VALIDATION_ERROR EdgeError. */
  authenticate(presentedKey: string, tenantHeader: string | undefined): Principal {
    // Looked up by the key's hash: lookup timing can only hint at hashes, which say nothing about other keys.
    const entry = this.byHash.get(createHash('sha256').update(presentedKey).digest('hex'));
    if (!entry) {
      throw new EdgeError(ErrorCode.UNAUTHORIZED, 'Unknown API key');
    }
    const principal = { kind: 'api-key' as const, subject: entry.id, roles: entry.roles, apiKeyId: entry.id };
    const tier = entry.tier === undefined ? {} : { apiKeyTier: entry.tier };
    if (entry.tenantId === PLATFORM) {
      if (!tenantHeader || !UUID.test(tenantHeader)) {
        throw new EdgeError(ErrorCode.VALIDATION_ERROR, 'A platform API key must name the tenant in X-Tenant-Id', {
          fields: [{ field: TENANT_HEADER, problems: ['X-Tenant-Id must be a UUID'] }],
        });
      }
      return { ...principal, ...tier, tenantId: tenantHeader.toLowerCase() };
    }
    if (tenantHeader !== undefined && tenantHeader.toLowerCase() !== entry.tenantId.toLowerCase()) {
      throw new EdgeError(ErrorCode.FORBIDDEN, "This API key is bound to one tenant and can't act for another");
    }
    return { ...principal, ...tier, tenantId: entry.tenantId.toLowerCase() };
  }
}
