import { IsIn, IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';

/** Settings every PPM process has. Apps extend it, adding the dependencies they use (see dependency-settings). */
export class ServiceConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsString()
  @IsNotEmpty()
  HOST = '127.0.0.1';

  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  /** How long a stopping process waits for in-flight requests before closing connections. */
  @IsInt()
  @Min(0)
  @Max(120_000)
  SHUTDOWN_GRACE_MS = 10_000;
}
