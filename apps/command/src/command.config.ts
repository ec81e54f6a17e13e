import { IsInt, Max, Min } from 'class-validator';
import { ServiceConfig, WithDatabase, WithNats, WithRabbitMq } from '@ppm/observability';

/** Configuration of the command service (write model). */
export class CommandConfig extends WithRabbitMq(WithNats(WithDatabase(ServiceConfig))) {
  override PORT = 3001;

  /** Timeout of each call to a gateway (MoMo's create waits at least 30 s, as MoMo asks). */
  @IsInt()
  @Min(100)
  @Max(60_000)
  GATEWAY_TIMEOUT_MS: number = 10_000;

  /** Extra attempts of calls that are safe to repeat (status queries). */
  @IsInt()
  @Min(0)
  @Max(5)
  GATEWAY_RETRIES: number = 2;

  /** Share of failed calls (over the last 10 s, at least 5 calls) that opens a configuration's breaker. */
  @IsInt()
  @Min(1)
  @Max(100)
  GATEWAY_BREAKER_ERROR_PERCENT: number = 50;

  /** How long an open breaker waits before trying the gateway again. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  GATEWAY_BREAKER_RESET_MS: number = 30_000;
}
