// `npm run ppm -- token …` and `npm run ppm -- api-key …`: credentials for calling the HTTP edge locally.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignJWT } from 'jose';
import { commaSeparatedItems, loadConfig } from '@ppm/observability';
import { GatewayConfig } from '../apps/gateway/src/gateway.config';
import { configuredPublicKey } from '../apps/gateway/src/gateway-settings';
import { isRole, type Role } from '../apps/gateway/src/auth/roles';
import { algorithmOfKey, type SigningAlgorithm } from '../apps/gateway/src/auth/signing-algorithm';
import type { CliKit } from './ppm-reconcile';
import { cliEnvironment } from './cli-environment';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What these commands use of the CLI: its option parsing, its usage errors and its output. */
export type CredentialCli = Pick<CliKit, 'option' | 'usage' | 'print'>;

function roles(cli: CredentialCli, text: string | undefined, fallback?: Role): Role[] {
  const names = text === undefined ? (fallback ? [fallback] : []) : commaSeparatedItems(text);
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

const TOKEN_USAGE = `usage: npm run ppm -- token --tenant <uuid> --role <role>[,role] [--sub <user id>] [--ttl <seconds>]
                         [--private-key <pem file> [--kid <key id>]]
Prints a bearer token the gateway configured by this environment accepts: iss and aud from JWT_ISSUER and
JWT_AUDIENCE when set, a lifetime (--ttl, default 3600) within JWT_MAX_LIFETIME_SECONDS.
  HS256 (JWT_SECRET)                  signed with the shared secret.
  JWT_PUBLIC_KEY or JWT_JWKS_URL      signed with --private-key, a PKCS#8 PEM of the pair (RSA: RS256,
                                      EC P-256: ES256, Ed25519: EdDSA); --kid names its key in the JWKS.
Roles: ppm.viewer, ppm.operator, ppm.admin.`;

/** Prints a bearer token that passes the gateway configured by `env`: its algorithm, issuer, audience, lifetime. */
export async function tokenCommand(
  args: string[],
  cli: CredentialCli,
  env: NodeJS.ProcessEnv = cliEnvironment(),
): Promise<void> {
  if (args.includes('--help')) {
    cli.print(TOKEN_USAGE);
    return;
  }
  const config = loadConfig(GatewayConfig, env);
  const maxTtl = config.JWT_MAX_LIFETIME_SECONDS;
  const ttl = Number(cli.option(args, 'ttl') ?? Math.min(3_600, maxTtl));
  if (!Number.isSafeInteger(ttl) || ttl < 1 || ttl > maxTtl) {
    throw cli.usage(`--ttl must be a whole number of seconds from 1 to JWT_MAX_LIFETIME_SECONDS (${maxTtl})`);
  }
  const { key, alg } = signingKey(config, cli, cli.option(args, 'private-key'));
  const kid = cli.option(args, 'kid');
  const now = Math.floor(Date.now() / 1000);
  const token = new SignJWT({ tenantId: tenant(cli, args), roles: roles(cli, cli.option(args, 'role')) })
    .setProtectedHeader({ alg, typ: 'JWT', ...(kid === undefined ? {} : { kid }) })
    .setSubject(cli.option(args, 'sub') ?? 'local-admin')
    .setIssuedAt(now)
    .setExpirationTime(now + ttl);
  if (config.JWT_ISSUER !== undefined) token.setIssuer(config.JWT_ISSUER);
  if (config.JWT_AUDIENCE !== undefined) token.setAudience(config.JWT_AUDIENCE);
  cli.print(await token.sign(key));
}

/** The shared secret, or the private key given, checked against what the gateway verifies with. */
function signingKey(
  config: GatewayConfig,
  cli: CredentialCli,
  privateKeyFile: string | undefined,
): { key: KeyObject; alg: SigningAlgorithm } {
  const keyPair = config.JWT_JWKS_URL !== undefined || config.JWT_ALGORITHM !== 'HS256';
  if (privateKeyFile === undefined) {
    if (keyPair)
      throw cli.usage('the gateway verifies with a key pair (JWT_PUBLIC_KEY or JWT_JWKS_URL): pass --private-key');
    return { key: createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8')), alg: 'HS256' };
  }
  if (!keyPair) throw cli.usage('JWT_ALGORITHM is HS256: tokens are signed with JWT_SECRET, not --private-key');
  const key = createPrivateKey(readFileSync(privateKeyFile));
  const alg = algorithmOfKey(key);
  if (alg === undefined) throw cli.usage('--private-key must be an RSA, EC P-256 or Ed25519 private key');
  if (config.JWT_JWKS_URL === undefined) {
    const configured = configuredPublicKey(config);
    if (!configured || !createPublicKey(key).equals(configured))
      throw cli.usage('--private-key is not the pair of JWT_PUBLIC_KEY');
  }
  return { key, alg };
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
