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
import { isRole, type Role } from '@ppm/contracts';
import {
  algorithmOfKey,
  commaSeparatedItems,
  configuredPublicKey,
  loadConfig,
  ServiceConfig,
  WithBearerTokens,
  type SigningAlgorithm,
} from '@ppm/observability';
import { command } from '../cli/command';
import { tenantId } from '../cli/option-values';
import { print } from '../cli/output';
import { UsageError } from '../cli/usage-error';
import { cliEnvironment } from '../cli-environment';

/** The gateway's bearer-token settings: the token is checked against what the gateway verifies with. */
class TokenConfig extends WithBearerTokens(ServiceConfig) {}

const ROLE_OPTION = {
  type: 'string',
  help: 'the roles, comma-separated: ppm.viewer, ppm.operator, ppm.admin, ppm.platform-operator',
} as const;

function roles(text: string | undefined, fallback?: Role): Role[] {
  const names = text === undefined ? (fallback ? [fallback] : []) : commaSeparatedItems(text);
  if (names.length === 0)
    throw new UsageError('--role is required (ppm.viewer, ppm.operator, ppm.admin, ppm.platform-operator)');
  const unknown = names.filter((name) => !isRole(name));
  if (unknown.length > 0) throw new UsageError(`unknown role ${unknown.join(', ')}`);
  return names as Role[];
}

/** Prints a bearer token that passes the gateway configured by the environment: its algorithm, issuer, audience, lifetime. */
export const tokenCommand = command({
  name: 'token',
  summary: 'prints a bearer token the HTTP edge accepts',
  synopsis:
    '--tenant <uuid> --role <role>[,role] [--sub <user id>] [--ttl <seconds>] [--private-key <pem file> [--kid <key id>]]',
  details: `Prints a bearer token the gateway configured by this environment accepts: iss and aud from JWT_ISSUER and
JWT_AUDIENCE when set, a lifetime (--ttl, default 3600) within JWT_MAX_LIFETIME_SECONDS.
  HS256 (JWT_SECRET)                  signed with the shared secret.
  JWT_PUBLIC_KEY or JWT_JWKS_URL      signed with --private-key, a PKCS#8 PEM of the pair (RSA: RS256,
                                      EC P-256: ES256, Ed25519: EdDSA); --kid names its key in the JWKS.`,
  options: {
    tenant: { type: 'string', help: "the token's tenant (a UUID)" },
    role: ROLE_OPTION,
    sub: { type: 'string', help: "the token's subject, a user id (default local-admin)" },
    ttl: { type: 'string', help: 'its lifetime in seconds (default 3600)' },
    'private-key': {
      type: 'string',
      help: 'a PKCS#8 PEM file to sign with, when the gateway verifies with a key pair',
    },
    kid: { type: 'string', help: "the key's id in the JWKS" },
  },
  async run(options) {
    const config = loadConfig(TokenConfig, cliEnvironment());
    const maxTtl = config.JWT_MAX_LIFETIME_SECONDS;
    const ttl = Number(options.ttl ?? Math.min(3_600, maxTtl));
    if (!Number.isSafeInteger(ttl) || ttl < 1 || ttl > maxTtl) {
      throw new UsageError(`--ttl must be a whole number of seconds from 1 to JWT_MAX_LIFETIME_SECONDS (${maxTtl})`);
    }
    const { key, alg } = signingKey(config, options['private-key']);
    const kid = options.kid;
    const now = Math.floor(Date.now() / 1000);
    const token = new SignJWT({ tenantId: tenantId(options.tenant), roles: roles(options.role) })
      .setProtectedHeader({ alg, typ: 'JWT', ...(kid === undefined ? {} : { kid }) })
      .setSubject(options.sub ?? 'local-admin')
      .setIssuedAt(now)
      .setExpirationTime(now + ttl);
    if (config.JWT_ISSUER !== undefined) token.setIssuer(config.JWT_ISSUER);
    if (config.JWT_AUDIENCE !== undefined) token.setAudience(config.JWT_AUDIENCE);
    print(await token.sign(key));
  },
});

/** The shared secret, or the private key given, checked against what the gateway verifies with. */
function signingKey(
  config: TokenConfig,
  privateKeyFile: string | undefined,
): { key: KeyObject; alg: SigningAlgorithm } {
  const keyPair = config.JWT_JWKS_URL !== undefined || config.JWT_ALGORITHM !== 'HS256';
  if (privateKeyFile === undefined) {
    if (keyPair)
      throw new UsageError('the gateway verifies with a key pair (JWT_PUBLIC_KEY or JWT_JWKS_URL): pass --private-key');
    return { key: createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8')), alg: 'HS256' };
  }
  if (!keyPair) throw new UsageError('JWT_ALGORITHM is HS256: tokens are signed with JWT_SECRET, not --private-key');
  const key = createPrivateKey(readFileSync(privateKeyFile));
  const alg = algorithmOfKey(key);
  if (alg === undefined) throw new UsageError('--private-key must be an RSA, EC P-256 or Ed25519 private key');
  if (config.JWT_JWKS_URL === undefined) {
    const configured = configuredPublicKey(config);
    if (!configured || !createPublicKey(key).equals(configured))
      throw new UsageError('--private-key is not the pair of JWT_PUBLIC_KEY');
  }
  return { key, alg };
}

/** Prints a new API key and the API_KEYS entry that accepts it. */
export const apiKeyCommand = command({
  name: 'api-key',
  summary: "makes an internal caller's key and prints its API_KEYS entry",
  synopsis: '--id <name> (--tenant <uuid> | --platform) [--role <role>[,role]] [--tier <tier>]',
  options: {
    id: { type: 'string', help: "the key's name: letters, digits, _ . or -" },
    tenant: { type: 'string', help: 'the tenant the key acts for (a UUID)' },
    platform: { type: 'boolean', help: 'the key acts for the platform, not one tenant' },
    role: { ...ROLE_OPTION, help: `${ROLE_OPTION.help} (default ppm.internal)` },
    tier: { type: 'string', help: "the key's rate-limit tier" },
  },
  run(options) {
    const id = options.id;
    if (!id || !/^[\w.-]{1,100}$/.test(id)) throw new UsageError('--id must be letters, digits, _ . or -');
    const key = `ppm_${randomBytes(32).toString('base64url')}`;
    const entry = {
      id,
      sha256: createHash('sha256').update(key).digest('hex'),
      tenantId: options.platform ? 'platform' : tenantId(options.tenant),
      roles: roles(options.role, 'ppm.internal'),
      ...(options.tier === undefined ? {} : { tier: options.tier }),
    };
    print(`key (shown once, send it as X-Api-Key): ${key}`);
    print(`API_KEYS entry: ${JSON.stringify(entry)}`);
    return Promise.resolve();
  },
});
