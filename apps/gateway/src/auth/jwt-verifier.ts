import { createSecretKey, type KeyObject } from 'node:crypto';
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { isRole } from '@ppm/contracts';
import { KEY_PAIR_ALGORITHMS, type KeyPairAlgorithm, type SigningAlgorithm } from '@ppm/observability';
import type { Principal } from './principal';

/** Where the keys that sign bearer tokens come from; each key verifies exactly one algorithm. */
export type TokenKeys =
  /** A shared secret: HS256. */
  | { kind: 'secret'; secret: string }
  /** One public key and the algorithm of its type. */
  | { kind: 'public-key'; algorithm: KeyPairAlgorithm; publicKey: KeyObject }
  /** An identity provider's JSON Web Key Set, fetched and cached; a `kid` not in the cache refetches it. */
  | { kind: 'jwks'; url: string; refetchCooldownSeconds: number };

/** How tokens are checked. */
export interface JwtSettings {
  keys: TokenKeys;
  /** Clock skew tolerated on `exp` and `nbf`. */
  leewaySeconds: number;
  /** The longest a token may live: `exp - iat`, and `exp` from now. */
  maxLifetimeSeconds: number;
  /** When set, `iss` must equal it. */
  issuer?: string;
  /** When set, `aud` (a string or a list) must name it. */
  audience?: string;
}

/** Why a token was refused; the reason is logged, the caller only learns it was refused. */
export class InvalidTokenError extends Error {
  constructor(readonly reason: string) {
    super(`Invalid bearer token: ${reason}`);
    this.name = 'InvalidTokenError';
  }
}

/** The key set could not be read (down, slow, malformed): no token can be checked, through no fault of the caller. */
export class KeySetUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`The JSON Web Key Set could not be read: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'KeySetUnavailableError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** jose's refusals, in the words the log shows. */
const REASONS: Readonly<Record<string, string>> = {
  ERR_JWT_EXPIRED: 'expired',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'signature mismatch',
  ERR_JWKS_NO_MATCHING_KEY: 'no key of the set matches its kid and alg',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'no kid, and several keys of the set match its alg',
  ERR_JWS_INVALID: 'not a compact JWS',
  ERR_JWT_INVALID: 'claims are not a JSON object',
  ERR_JOSE_NOT_SUPPORTED: 'unsupported header',
};

// What jose throws when the key set itself cannot be fetched or read (a non-200 answer is a bare JOSEError).
const KEY_SET_FAILURES = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID', 'ERR_JWK_INVALID', 'ERR_JOSE_GENERIC']);

/**
 * Verifies admin users' bearer tokens with jose: the signature with the key of the token's algorithm (a shared
 * HS256 secret, one public key, or the JWKS key its `kid` names), so `none` and a token signed with another
 * algorithm than its key's are refused; `exp` is required (with `nbf`, within a small leeway), and the lifetime may
 * not exceed the maximum; `iss` and `aud` when configured. The claims must name a subject (`sub`), a tenant
 * (`tenantId` or `tenant_id`, a UUID) and roles (unknown role names are dropped).
 */
export class JwtVerifier {
  private readonly keyOf: JWTVerifyGetKey;
  private readonly algorithms: readonly SigningAlgorithm[];

  constructor(
    private readonly settings: JwtSettings,
    private readonly now: () => number = Date.now,
  ) {
    const { keys } = settings;
    if (keys.kind === 'jwks') {
      this.keyOf = createRemoteJWKSet(new URL(keys.url), { cooldownDuration: keys.refetchCooldownSeconds * 1000 });
      // jose picks a set's key by kid and by the key type of the alg (an EC key only for ES256 on P-256), so
      // each key verifies one algorithm of these.
      this.algorithms = KEY_PAIR_ALGORITHMS;
    } else {
      const key = keys.kind === 'secret' ? createSecretKey(Buffer.from(keys.secret, 'utf8')) : keys.publicKey;
      this.keyOf = () => key;
      this.algorithms = [keys.kind === 'secret' ? 'HS256' : keys.algorithm];
    }
  }

  /** The principal of a valid token; an InvalidTokenError, or a KeySetUnavailableError when keys can't be read. */
  async verify(token: string): Promise<Principal> {
    const { issuer, audience, leewaySeconds } = this.settings;
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, this.keyOf, {
        algorithms: [...this.algorithms],
        requiredClaims: ['exp'],
        clockTolerance: leewaySeconds,
        currentDate: new Date(this.now()),
        ...(issuer === undefined ? {} : { issuer }),
        ...(audience === undefined ? {} : { audience }),
      }));
    } catch (error) {
      throw this.refusalOf(error, token);
    }
    this.checkLifetime(claims);
    return principalOf(claims);
  }

  // A stolen token is useful for its lifetime: a token minted for longer than the maximum is refused, and so is
  // one whose `iat` is missing or in the future, when `exp` lies further away from now than the maximum.
  private checkLifetime({ exp, iat }: JWTPayload): void {
    const { maxLifetimeSeconds, leewaySeconds } = this.settings;
    const expiry = exp as number; // required and checked by jose
    const overMaximum =
      (typeof iat === 'number' && expiry - iat > maxLifetimeSeconds) ||
      expiry - this.now() / 1000 > maxLifetimeSeconds + leewaySeconds;
    if (overMaximum) throw new InvalidTokenError('lifetime over the maximum');
  }

  private refusalOf(error: unknown, token: string): Error {
    const joseError = error instanceof errors.JOSEError ? error : undefined;
    if (this.settings.keys.kind === 'jwks' && (!joseError || KEY_SET_FAILURES.has(joseError.code))) {
      return new KeySetUnavailableError(error);
    }
    if (error instanceof errors.JWTClaimValidationFailed) {
      if (error.reason === 'missing') return new InvalidTokenError(`no ${error.claim}`);
      return new InvalidTokenError(error.claim === 'nbf' ? 'not yet valid' : `wrong ${error.claim}`);
    }
    if (error instanceof errors.JOSEAlgNotAllowed) {
      return new InvalidTokenError(`alg ${String(decodeProtectedHeader(token).alg)}`);
    }
    if (joseError) return new InvalidTokenError(REASONS[joseError.code] ?? joseError.code);
    return error instanceof Error ? error : new Error(String(error));
  }
}

function principalOf(claims: JWTPayload): Principal {
  const subject = claims.sub;
  if (typeof subject !== 'string' || subject.length === 0 || subject.length > 200) {
    throw new InvalidTokenError('no sub');
  }
  const tenantId = claims['tenantId'] ?? claims['tenant_id'];
  if (typeof tenantId !== 'string' || !UUID.test(tenantId)) throw new InvalidTokenError('no tenant');
  const roles = claims['roles'];
  if (!Array.isArray(roles)) throw new InvalidTokenError('no roles');
  return { kind: 'user', subject, tenantId: tenantId.toLowerCase(), roles: roles.filter(isRole) };
}
