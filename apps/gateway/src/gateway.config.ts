import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { ServiceConfig, WithNats, WithRedis } from '@ppm/observability';

/** The HS256 secret `npm start` and `npm run ppm -- token` share locally; refused when NODE_ENV=production. */
export const DEV_JWT_SECRET = 'ppm-development-jwt-secret-not-for-production';

/** Configuration of the HTTP edge. JSON-valued variables are parsed and checked at boot (see gateway-settings). */
export class GatewayConfig extends WithRedis(WithNats(ServiceConfig, 'gateway')) {
  override PORT: number = 3000;

  /** How admin users' bearer tokens are signed: a shared secret (HS256) or a key pair (RS256, public key here). */
  @IsIn(['HS256', 'RS256'])
  JWT_ALGORITHM: 'HS256' | 'RS256' = 'HS256';

  @ValidateIf((config: GatewayConfig) => config.JWT_ALGORITHM === 'HS256')
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters for HS256' })
  JWT_SECRET: string = DEV_JWT_SECRET;

  /** PEM (SPKI) public key; `\n` escapes are accepted so it fits one environment line. */
  @ValidateIf((config: GatewayConfig) => config.JWT_ALGORITHM === 'RS256')
  @IsString()
  @IsNotEmpty({ message: 'JWT_PUBLIC_KEY must be set when JWT_ALGORITHM=RS256' })
  JWT_PUBLIC_KEY: string = '';

  /** Clock skew tolerated on `exp` and `nbf`. */
  @IsInt()
  @Min(0)
  @Max(300)
  JWT_LEEWAY_SECONDS: number = 30;

  /** When set, a token's `iss` must equal it. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  JWT_ISSUER?: string;

  /** When set, a token's `aud` (a string or a list) must name it. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  JWT_AUDIENCE?: string;

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
