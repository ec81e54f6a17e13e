// `npm run ppm -- token …` and `npm run ppm -- api-key …`: credentials for calling the HTTP edge locally.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { loadConfig } from '@ppm/observability';
import { GatewayConfig } from '../apps/gateway/src/gateway.config';
import { isRole, type Role } from '../apps/gateway/src/auth/roles';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A mistake in how a command was called (the CLI shows its usage). */
export class CredentialUsageError extends Error {}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  if (index < 0) return undefined;
  const value = args[index + 1];
  if (value === undefined || value.startsWith('--')) throw new CredentialUsageError(`--${name} needs a value`);
  return value;
}

function roles(text: string | undefined, fallback?: Role): Role[] {
  const names = text === undefined ? (fallback ? [fallback] : []) : text.split(',').map((r) => r.trim());
  if (names.length === 0) throw new CredentialUsageError('--role is required (ppm.viewer, ppm.operator, ppm.admin)');
  const unknown = names.filter((name) => !isRole(name));
  if (unknown.length > 0) throw new CredentialUsageError(`unknown role ${unknown.join(', ')}`);
  return names as Role[];
}

function tenant(args: string[]): string {
  const value = option(args, 'tenant');
  if (!value || !UUID.test(value)) throw new CredentialUsageError('--tenant must be a tenant UUID');
  return value;
}

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/** Prints an HS256 bearer token; refuses when the gateway is configured for RS256 (its key pair signs elsewhere). */
export function tokenCommand(args: string[], print: (line: string) => void): void {
  const config = loadConfig(GatewayConfig);
  if (config.JWT_ALGORITHM !== 'HS256') {
    throw new Error('JWT_ALGORITHM is RS256: tokens come from your identity provider, not from this command');
  }
  const ttl = Number(option(args, 'ttl') ?? '3600');
  if (!Number.isSafeInteger(ttl) || ttl < 1) throw new CredentialUsageError('--ttl must be a positive whole number');
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    sub: option(args, 'sub') ?? 'local-admin',
    tenantId: tenant(args),
    roles: roles(option(args, 'role')),
    iat: now,
    exp: now + ttl,
  };
  const input = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
  print(`${input}.${createHmac('sha256', config.JWT_SECRET).update(input).digest('base64url')}`);
}

/** Prints a new API key and the API_KEYS entry that accepts it. */
export function apiKeyCommand(args: string[], print: (line: string) => void): void {
  const id = option(args, 'id');
  if (!id || !/^[\w.-]{1,100}$/.test(id)) throw new CredentialUsageError('--id must be letters, digits, _ . or -');
  const tenantId = args.includes('--platform') ? 'platform' : tenant(args);
  const tier = option(args, 'tier');
  const key = `ppm_${randomBytes(32).toString('base64url')}`;
  const entry = {
    id,
    sha256: createHash('sha256').update(key).digest('hex'),
    tenantId,
    roles: roles(option(args, 'role'), 'ppm.internal'),
    ...(tier === undefined ? {} : { tier }),
  };
  print(`key (shown once, send it as X-Api-Key): ${key}`);
  print(`API_KEYS entry: ${JSON.stringify(entry)}`);
}
