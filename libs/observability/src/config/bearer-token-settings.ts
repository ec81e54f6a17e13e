import { createPublicKey, type KeyObject } from 'node:crypto';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Max, Min, MinLength, ValidateIf } from 'class-validator';
import type { Constructor } from './mixin-constructor';
import { RequiredInProduction } from './required-in-production';
import { KEY_PAIR_ALGORITHMS, type SigningAlgorithm } from './signing-algorithm';

/** The HS256 secret `npm start` and `npm run ppm -- token` share locally; refused when NODE_ENV=production. */
export const DEV_JWT_SECRET = 'ppm-development-jwt-secret-not-for-production';

/**
 * Bearer tokens: how they are signed and what a valid one carries. A mixin, so the gateway that verifies tokens and
 * the CLI that issues them read and validate the same variables.
 */
// eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types -- a mixin's type is the class it builds
export function WithBearerTokens<T extends Constructor>(Base: T) {
  class BearerTokenSettings extends Base {
    /**
     * How admin users' bearer tokens are signed when no JWKS URL is set: a shared secret (HS256) or a key pair whose
     * public key is JWT_PUBLIC_KEY (RS256: RSA, ES256: P-256, EdDSA: Ed25519).
     */
    @IsIn(['HS256', ...KEY_PAIR_ALGORITHMS])
    JWT_ALGORITHM: SigningAlgorithm = 'HS256';

    @ValidateIf((config: BearerTokenSettings) => config.JWT_ALGORITHM === 'HS256' && !config.JWT_JWKS_URL)
    @IsString()
    @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters for HS256' })
    JWT_SECRET: string = DEV_JWT_SECRET;

    /** PEM (SPKI) public key; `\n` escapes are accepted so it fits one environment line. */
    @ValidateIf((config: BearerTokenSettings) => config.JWT_ALGORITHM !== 'HS256' && !config.JWT_JWKS_URL)
    @IsString()
    @IsNotEmpty({ message: 'JWT_PUBLIC_KEY must be set when JWT_ALGORITHM is RS256, ES256 or EdDSA' })
    JWT_PUBLIC_KEY: string = '';

    /**
     * An identity provider's JSON Web Key Set: when set, tokens are verified with the key their `kid` names (RS256,
     * ES256 or EdDSA by the key's type) instead of JWT_SECRET or JWT_PUBLIC_KEY.
     */
    @IsOptional()
    @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
    JWT_JWKS_URL?: string;

    /** The least time between two fetches of the key set when tokens name a `kid` it does not have. */
    @IsInt()
    @Min(0)
    @Max(3_600)
    JWT_JWKS_COOLDOWN_SECONDS: number = 30;

    /** Clock skew tolerated on `exp` and `nbf`. */
    @IsInt()
    @Min(0)
    @Max(300)
    JWT_LEEWAY_SECONDS: number = 30;

    /** The longest a token may live (`exp - iat`); longer-lived tokens are refused. */
    @IsInt()
    @Min(60)
    @Max(86_400)
    JWT_MAX_LIFETIME_SECONDS: number = 3_600;

    /** A token's `iss` must equal it (required in production). */
    @RequiredInProduction()
    @IsOptional()
    @IsString()
    @IsNotEmpty()
    JWT_ISSUER?: string;

    /** A token's `aud` (a string or a list) must name it (required in production). */
    @RequiredInProduction()
    @IsOptional()
    @IsString()
    @IsNotEmpty()
    JWT_AUDIENCE?: string;
  }
  return BearerTokenSettings;
}

/** JWT_PUBLIC_KEY as a key, or undefined when it is none. A PEM may arrive on one line, with `\n` escapes. */
export function configuredPublicKey(settings: { JWT_PUBLIC_KEY: string }): KeyObject | undefined {
  try {
    return createPublicKey(settings.JWT_PUBLIC_KEY.replace(/\\n/g, '\n'));
  } catch {
    return undefined;
  }
}
