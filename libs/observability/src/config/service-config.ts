import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';
import { IsTrustedProxies, trustedProxiesOf, type TrustedProxies } from './trust-proxy';

/** Settings every PPM process has. Apps extend it, adding the dependencies they use (see dependency-settings). */
export class ServiceConfig {
  /** Required: loadConfig refuses to guess it. */
  @IsIn(['development', 'test', 'production'])
  NODE_ENV!: 'development' | 'test' | 'production';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @IsString()
  @IsNotEmpty()
  HOST: string = '127.0.0.1';

  /** 0 picks a free port (tests). */
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  /** How long a stopping process waits for in-flight requests before closing connections. */
  @IsInt()
  @Min(0)
  @Max(120_000)
  SHUTDOWN_GRACE_MS: number = 10_000;

  /**
   * The proxies in front of this service whose `X-Forwarded-For` names the client (the address rate limits,
   * authentication throttling and allowlists see): comma-separated addresses and CIDR ranges, or a hop count.
   * Unset or false: none, the socket's peer is the client.
   */
  @Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => trustedProxiesOf(obj[key]))
  @IsTrustedProxies()
  TRUST_PROXY: TrustedProxies = false;
}
