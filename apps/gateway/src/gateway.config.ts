import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { RequiredInProduction, ServiceConfig, WithNats, WithRedis } from '@ppm/observability';
import { KEY_PAIR_ALGORITHMS, type SigningAlgorithm } from './auth/signing-algorithm';

/** The HS256 secret `npm start` and `npm run ppm -- token` share locally; refused when NODE_ENV=production. */
export const DEV_JWT_SECRET = 'ppm-development-jwt-secret-not-for-production';

/** Configuration of the HTTP edge. JSON-valued variables are parsed and checked at boot (see gateway-settings). */
export class GatewayConfig extends WithRedis(WithNats(ServiceConfig, 'gateway')) {
  override PORT: number = 3000;

  /**
   * How admin users' bearer tokens are signed when no JWKS URL is set: a shared secret (HS256) or a key pair whose
   * public key is JWT_PUBLIC_KEY (RS256: RSA, ES256: P-256, EdDSA: Ed25519).
   */
  @IsIn(['HS256', ...KEY_PAIR_ALGORITHMS])
  JWT_ALGORITHM: SigningAlgorithm = 'HS256';

  @ValidateIf((config: GatewayConfig) => config.JWT_ALGORITHM === 'HS256' && !config.JWT_JWKS_URL)
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters for HS256' })
  JWT_SECRET: string = DEV_JWT_SECRET;

  /** PEM (SPKI) public key; `\n` escapes are accepted so it fits one environment line. */
  @ValidateIf((config: GatewayConfig) => config.JWT_ALGORITHM !== 'HS256' && !config.JWT_JWKS_URL)
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

  /** Failed authentications (invalid bearer tokens, unknown API keys) one source address may make per window. */
  @IsInt()
  @Min(1)
  AUTH_FAILURE_LIMIT: number = 20;

  /** The window of AUTH_FAILURE_LIMIT; past the limit the address is answered 429 until its window ends. */
  @IsInt()
  @Min(1)
  @Max(3_600)
  AUTH_FAILURE_WINDOW_SECONDS: number = 60;

  /** Internal callers' keys: JSON `[{ id, sha256, tenantId | "platform", roles, tier? }]` (`npm run ppm -- api-key`). */
  @IsString()
  API_KEYS: string = '[]';

  /** Rate-limit tiers: JSON `{ "<tier>": { "limit": requests, "windowSeconds": s } }`. */
  @IsString()
  RATE_LIMIT_TIERS: string = '{"standard":{"limit":600,"windowSeconds":60}}';

  /** The tier of tenants and API keys that name none. */
  @IsString()
  @IsNotEmpty()
  RATE_LIMIT_DEFAULT_TIER: string = 'standard';

  /** Tenants on another tier: JSON `{ "<tenant uuid>": "<tier>" }`. */
  @IsString()
  RATE_LIMIT_TENANT_TIERS: string = '{}';

  /** Browser origins allowed to call the API (comma separated); none by default. */
  @IsString()
  CORS_ORIGINS: string = '';

  /** Largest accepted request body, in bytes. */
  @IsInt()
  @Min(1_024)
  @Max(10_485_760)
  BODY_LIMIT_BYTES: number = 65_536;
}
