import { IsIn, IsInt, IsJSON, IsOptional, IsUrl, Max, Min } from 'class-validator';
import { ServiceConfig } from '@ppm/observability';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/** Configuration of the gateway sandbox (local VNPay, MoMo and ZaloPay). */
export class SandboxConfig extends ServiceConfig {
  override PORT = 3010;

  /** The sandbox signs with well-known demo keys and completes payments on request: never in production. */
  @IsIn(['development', 'test'], { message: 'NODE_ENV: the gateway sandbox refuses to run in production' })
  declare NODE_ENV: 'development' | 'test' | 'production';

  /** Where browsers reach the sandbox: the origin of the payment URLs it hands out. */
  @IsUrl(URL_OPTIONS)
  SANDBOX_PUBLIC_URL: string = 'http://127.0.0.1:3010';

  /** The merchants' webhook base: a VNPay merchant's IPN URL defaults to `<this>/vnpay`, ZaloPay's to `<this>/zalopay`. */
  @IsUrl(URL_OPTIONS)
  SANDBOX_DEFAULT_IPN_URL: string = 'http://127.0.0.1:3002/api/v1/internal/ppm/gateway/webhook';

  /** Latency added to every gateway API call (not to control routes or probes). */
  @IsInt()
  @Min(0)
  @Max(60_000)
  SANDBOX_LATENCY_MS: number = 0;

  /** Pause between deliveries of an unacknowledged callback: the gateways' retry schedules, compressed. */
  @IsInt()
  @Min(1)
  @Max(3_600_000)
  SANDBOX_REDELIVERY_INTERVAL_MS: number = 1_000;

  /** How long a ZaloPay refund stays "processing" before it is done. */
  @IsInt()
  @Min(0)
  @Max(600_000)
  SANDBOX_ZALOPAY_REFUND_DELAY_MS: number = 300;

  /** JSON array of merchants to preload, each shaped like the body of POST /sandbox/merchants. */
  @IsOptional()
  @IsJSON()
  SANDBOX_MERCHANTS?: string;
}
