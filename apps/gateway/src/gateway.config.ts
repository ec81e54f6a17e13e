import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ServiceConfig, WithBearerTokens, WithNats, WithRedis } from '@ppm/observability';

/** Configuration of the HTTP edge. JSON-valued variables are parsed and checked at boot (see gateway-settings). */
export class GatewayConfig extends WithRedis(WithNats(WithBearerTokens(ServiceConfig), 'gateway')) {
  override PORT: number = 3000;

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

  /** Where the admin console's built files are; default dist/apps/admin-console beside the gateway's bundle. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  CONSOLE_DIR?: string;

  /**
   * Whether the console offers the development sign-in, which mints any role's token with the HS256 secret: off
   * unless asked for (`npm start` does), so a development cluster reached by others exposes no token mint.
   * Never in production.
   */
  @IsIn(['true', 'false'], { message: 'CONSOLE_DEV_SIGN_IN must be true or false' })
  CONSOLE_DEV_SIGN_IN: 'true' | 'false' = 'false';

  /**
   * The identity provider the admin console signs users in with (OpenID Connect, authorization code with PKCE); its
   * access tokens must pass the JWT_* checks. Without it the console offers the development sign-in when
   * CONSOLE_DEV_SIGN_IN=true, outside production only.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'CONSOLE_OIDC_ISSUER must be an http(s) URL' })
  CONSOLE_OIDC_ISSUER?: string;

  /** The console's public client id at CONSOLE_OIDC_ISSUER. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  CONSOLE_OIDC_CLIENT_ID?: string;

  /** The scopes the console asks for. */
  @IsString()
  @IsNotEmpty()
  CONSOLE_OIDC_SCOPE: string = 'openid profile';
}
