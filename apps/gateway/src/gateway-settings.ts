import { isRole } from '@ppm/contracts';
import {
  algorithmOfKey,
  commaSeparatedItems,
  ConfigurationError,
  configuredPublicKey,
  DEV_JWT_SECRET,
} from '@ppm/observability';
import type { ApiKeyEntry } from './auth/api-key-registry';
import { PLATFORM } from './auth/api-key-registry';
import type { JwtSettings, TokenKeys } from './auth/jwt-verifier';
import type { GatewayConfig } from './gateway.config';
import type { RateLimitTier } from './rate-limit/rate-limit-window';

/** What the gateway's JSON and cross-field variables mean, checked once at boot. */
export interface GatewaySettings {
  jwt: JwtSettings;
  /** Failed authentications one source address may make per window before it is answered 429. */
  authFailures: { limit: number; windowSeconds: number };
  apiKeys: ApiKeyEntry[];
  tiers: Record<string, RateLimitTier>;
  defaultTier: string;
  tenantTiers: Record<string, string>;
  corsOrigins: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads the gateway's settings from its configuration, naming every bad variable (never its value) in one
 * ConfigurationError, so the boot stops with a clear message.
 */
export function resolveGatewaySettings(config: GatewayConfig): GatewaySettings {
  const problems: string[] = [];
  const json = (name: keyof GatewayConfig): unknown => {
    try {
      return JSON.parse(String(config[name]));
    } catch {
      problems.push(`${name}: must be valid JSON`);
      return undefined;
    }
  };

  const keys = tokenKeys(config, problems);

  const tiers: Record<string, RateLimitTier> = {};
  const rawTiers = json('RATE_LIMIT_TIERS');
  if (rawTiers !== undefined) {
    if (!isObject(rawTiers)) problems.push('RATE_LIMIT_TIERS: must be an object of tiers');
    else
      for (const [name, tier] of Object.entries(rawTiers)) {
        if (isObject(tier) && isPositiveInt(tier['limit']) && isPositiveInt(tier['windowSeconds'])) {
          tiers[name] = { limit: tier['limit'], windowSeconds: tier['windowSeconds'] };
        } else problems.push(`RATE_LIMIT_TIERS: tier ${name} needs a positive integer limit and windowSeconds`);
      }
  }
  const knownTier = (tier: unknown): boolean => typeof tier === 'string' && tier in tiers;
  if (rawTiers !== undefined && !knownTier(config.RATE_LIMIT_DEFAULT_TIER)) {
    problems.push('RATE_LIMIT_DEFAULT_TIER: must name a tier of RATE_LIMIT_TIERS');
  }

  const tenantTiers: Record<string, string> = {};
  const rawTenantTiers = json('RATE_LIMIT_TENANT_TIERS');
  if (rawTenantTiers !== undefined) {
    if (!isObject(rawTenantTiers)) problems.push('RATE_LIMIT_TENANT_TIERS: must be an object of tenant → tier');
    else
      for (const [tenantId, tier] of Object.entries(rawTenantTiers)) {
        if (UUID.test(tenantId) && knownTier(tier)) tenantTiers[tenantId.toLowerCase()] = tier as string;
        else problems.push(`RATE_LIMIT_TENANT_TIERS: ${tenantId} needs a UUID key and a tier of RATE_LIMIT_TIERS`);
      }
  }

  const apiKeys: ApiKeyEntry[] = [];
  const rawKeys = json('API_KEYS');
  if (rawKeys !== undefined) {
    if (!Array.isArray(rawKeys)) problems.push('API_KEYS: must be an array of keys');
    else
      rawKeys.forEach((raw: unknown, index) => {
        const entry = apiKeyEntry(raw, knownTier);
        if (typeof entry === 'string') problems.push(`API_KEYS: entry ${index} ${entry}`);
        else apiKeys.push(entry);
      });
  }
  if (new Set(apiKeys.map((key) => key.id)).size !== apiKeys.length) problems.push('API_KEYS: ids must be unique');

  const corsOrigins = commaSeparatedItems(config.CORS_ORIGINS);
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin))
      problems.push(`CORS_ORIGINS: ${origin} is not an origin (scheme://host[:port])`);
  }

  if (problems.length > 0 || keys === undefined) throw new ConfigurationError(problems);
  const jwt: JwtSettings = {
    keys,
    leewaySeconds: config.JWT_LEEWAY_SECONDS,
    maxLifetimeSeconds: config.JWT_MAX_LIFETIME_SECONDS,
    ...(config.JWT_ISSUER === undefined ? {} : { issuer: config.JWT_ISSUER }),
    ...(config.JWT_AUDIENCE === undefined ? {} : { audience: config.JWT_AUDIENCE }),
  };
  const authFailures = { limit: config.AUTH_FAILURE_LIMIT, windowSeconds: config.AUTH_FAILURE_WINDOW_SECONDS };
  return { jwt, authFailures, apiKeys, tiers, defaultTier: config.RATE_LIMIT_DEFAULT_TIER, tenantTiers, corsOrigins };
}

/** An API_KEYS entry, or what is wrong with it. */
function apiKeyEntry(raw: unknown, knownTier: (tier: unknown) => boolean): ApiKeyEntry | string {
  if (!isObject(raw)) return 'must be an object';
  const { id, sha256, tenantId, roles, tier } = raw;
  if (typeof id !== 'string' || !/^[\w.-]{1,100}$/.test(id)) return 'needs an id of letters, digits, _ . or -';
  if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(sha256)) return `${id} needs sha256 of 64 hex characters`;
  if (typeof tenantId !== 'string' || (tenantId !== PLATFORM && !UUID.test(tenantId))) {
    return `${id} needs tenantId: a UUID or "platform"`;
  }
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) return `${id} needs roles of known roles`;
  if (tier !== undefined && !knownTier(tier)) return `${id} names an unknown tier`;
  return { id, sha256, tenantId, roles, ...(tier === undefined ? {} : { tier: tier as string }) };
}

/** Where bearer tokens' keys come from: the JWKS URL, else the static key of JWT_ALGORITHM. */
function tokenKeys(config: GatewayConfig, problems: string[]): TokenKeys | undefined {
  const production = config.NODE_ENV === 'production';
  if (config.JWT_JWKS_URL !== undefined) {
    if (config.JWT_PUBLIC_KEY) problems.push('JWT_JWKS_URL and JWT_PUBLIC_KEY: set one of them, not both');
    if (production && !config.JWT_JWKS_URL.startsWith('https://')) {
      problems.push('JWT_JWKS_URL must be https when NODE_ENV=production');
    }
    return { kind: 'jwks', url: config.JWT_JWKS_URL, refetchCooldownSeconds: config.JWT_JWKS_COOLDOWN_SECONDS };
  }
  if (config.JWT_ALGORITHM === 'HS256') {
    if (production && config.JWT_SECRET === DEV_JWT_SECRET) {
      problems.push('JWT_SECRET must be set when NODE_ENV=production (the default is a development secret)');
    }
    return { kind: 'secret', secret: config.JWT_SECRET };
  }
  const publicKey = configuredPublicKey(config);
  if (!publicKey || algorithmOfKey(publicKey) !== config.JWT_ALGORITHM) {
    problems.push(`JWT_PUBLIC_KEY must be a PEM public key for ${config.JWT_ALGORITHM} (${KEY_TYPES})`);
    return undefined;
  }
  return { kind: 'public-key', algorithm: config.JWT_ALGORITHM, publicKey };
}

const KEY_TYPES = 'RS256: RSA, ES256: EC P-256, EdDSA: Ed25519';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}
