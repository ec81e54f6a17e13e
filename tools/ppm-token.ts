// `npm run ppm -- token …` and `npm run ppm -- api-key …`: credentials for calling the HTTP edge locally.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { loadConfig } from '@ppm/observability';
import { GatewayConfig } from '../apps/gateway/src/gateway.config';
import { isRole, type Role } from '../apps/gateway/src/auth/roles';
import type { CliKit } from './ppm-reconcile';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What these commands use of the CLI: its option parsing, its usage errors and its output. */
export type CredentialCli = Pick<CliKit, 'option' | 'usage' | 'print'>;

function roles(cli: CredentialCli, text: string | undefined, fallback?: Role): Role[] {
  const names = text === undefined ? (fallback ? [fallback] : []) : text.split(',').map((r) => r.trim());
  if (names.length === 0) throw cli.usage('--role is required (ppm.viewer, ppm.operator, ppm.admin)');
  const unknown = names.filter((name) => !isRole(name));
  if (unknown.length > 0) throw cli.usage(`unknown role ${unknown.join(', ')}`);
  return names as Role[];
}

function tenant(cli: CredentialCli, args: string[]): string {
  const value = cli.option(args, 'tenant');
  if (!value || !UUID.test(value)) throw cli.usage('--tenant must be a tenant UUID');
  return value;
}

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/** Prints an HS256 bearer token; refuses when the gateway is configured for RS256 (its key pair signs elsewhere). */
export function tokenCommand(args: string[], cli: CredentialCli): void {
  // A CLI on an operator's laptop is a development tool; a production shell sets NODE_ENV itself.
  const config = loadConfig(GatewayConfig, { NODE_ENV: 'development', ...process.env });
  if (config.JWT_ALGORITHM !== 'HS256') {
    throw new Error('JWT_ALGORITHM is RS256: tokens come from your identity provider, not from this command');
  }
  const ttl = Number(cli.option(args, 'ttl') ?? '3600');
  if (!Number.isSafeInteger(ttl) || ttl < 1) throw cli.usage('--ttl must be a positive whole number');
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    sub: cli.option(args, 'sub') ?? 'local-admin',
    tenantId: tenant(cli, args),
    roles: roles(cli, cli.option(args, 'role')),
    iat: now,
    exp: now + ttl,
  };
  const input = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
  cli.print(`${input}.${createHmac('sha256', config.JWT_SECRET).update(input).digest('base64url')}`);
}

/** Prints a new API key and the API_KEYS entry that accepts it. */
export function apiKeyCommand(args: string[], cli: CredentialCli): void {
  const id = cli.option(args, 'id');
  if (!id || !/^[\w.-]{1,100}$/.test(id)) throw cli.usage('--id must be letters, digits, _ . or -');
  const tenantId = args.includes('--platform') ? 'platform' : tenant(cli, args);
  const tier = cli.option(args, 'tier');
  const key = `ppm_${randomBytes(32).toString('base64url')}`;
  const entry = {
    id,
    sha256: createHash('sha256').update(key).digest('hex'),
    tenantId,
    roles: roles(cli, cli.option(args, 'role'), 'ppm.internal'),
    ...(tier === undefined ? {} : { tier }),
  };
  cli.print(`key (shown once, send it as X-Api-Key): ${key}`);
  cli.print(`API_KEYS entry: ${JSON.stringify(entry)}`);
}
