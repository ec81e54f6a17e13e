import { IsInt, IsUrl, Max, Min } from 'class-validator';
import { ServiceConfig, WithDatabase, WithEncryptionKeys, WithNats, WithRabbitMq } from '@ppm/observability';

/** Configuration of the worker (webhooks, scheduled jobs, event consumers). */
export class WorkerConfig extends WithEncryptionKeys(WithRabbitMq(WithNats(WithDatabase(ServiceConfig)))) {
  override PORT = 3002;

  /** How long a webhook waits for the command service to apply it before answering "retry" to the gateway. */
  @IsInt()
  @Min(100)
  @Max(30_000)
  WEBHOOK_APPLY_TIMEOUT_MS: number = 5_000;

  /** When a webhook that could not be applied is tried again by our own retry loop. */
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  WEBHOOK_RETRY_DELAY_MS: number = 10_000;

  /** Where adapters reach a gateway whose configuration names no base URL (only its signatures matter here). */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  GATEWAY_DEFAULT_BASE_URL: string = 'http://127.0.0.1:3010';
}
