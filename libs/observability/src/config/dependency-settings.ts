import { IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import { RequiredInProduction } from './required-in-production';

// Mixins, so each app declares exactly the dependencies it has and validates only those variables.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Constructor<T = object> = new (...args: any[]) => T;

const URL_OPTIONS = { require_tld: false, require_protocol: true };

/** Postgres: DATABASE_URL (primary), optional DATABASE_READ_URL (replica for reads), pool size. */
// eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types -- a mixin's type is the class it builds
export function WithDatabase<T extends Constructor>(Base: T) {
  class DatabaseSettings extends Base {
    @RequiredInProduction()
    @IsUrl({ ...URL_OPTIONS, protocols: ['postgres', 'postgresql'] })
    DATABASE_URL: string = 'postgres://postgres:postgres@127.0.0.1:5432/ppm';

    @IsOptional()
    @IsUrl({ ...URL_OPTIONS, protocols: ['postgres', 'postgresql'] })
    DATABASE_READ_URL?: string;

    @IsInt()
    @Min(1)
    @Max(200)
    DATABASE_POOL_SIZE: number = 10;
  }
  return DatabaseSettings;
}

/** NATS: server URL(s) and the timeout applied to every request this process sends. */
// eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types -- a mixin's type is the class it builds
export function WithNats<T extends Constructor>(Base: T) {
  class NatsSettings extends Base {
    @RequiredInProduction()
    @IsUrl({ ...URL_OPTIONS, protocols: ['nats', 'tls'] })
    NATS_URL: string = 'nats://127.0.0.1:4222';

    @IsInt()
    @Min(100)
    @Max(120_000)
    NATS_REQUEST_TIMEOUT_MS: number = 5_000;
  }
  return NatsSettings;
}

/** RabbitMQ: the AMQP URL. */
// eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types -- a mixin's type is the class it builds
export function WithRabbitMq<T extends Constructor>(Base: T) {
  class RabbitMqSettings extends Base {
    @RequiredInProduction()
    @IsUrl({ ...URL_OPTIONS, protocols: ['amqp', 'amqps'] })
    AMQP_URL: string = 'amqp://guest:guest@127.0.0.1:5672';
  }
  return RabbitMqSettings;
}

/** Redis: the URL. */
// eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types -- a mixin's type is the class it builds
export function WithRedis<T extends Constructor>(Base: T) {
  class RedisSettings extends Base {
    @RequiredInProduction()
    @IsUrl({ ...URL_OPTIONS, protocols: ['redis', 'rediss'] })
    REDIS_URL: string = 'redis://127.0.0.1:6379';
  }
  return RedisSettings;
}

/**
 * Keys sealing gateway credentials: `kid:base64(32 bytes)`, newest first; older keys keep opening what they
 * sealed. The default is a development key, refused in production.
 */
// eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types -- a mixin's type is the class it builds
export function WithEncryptionKeys<T extends Constructor>(Base: T) {
  class EncryptionKeySettings extends Base {
    @RequiredInProduction()
    @IsString()
    @IsNotEmpty()
    PPM_ENCRYPTION_KEYS: string = 'dev-1:cHBtLWRldmVsb3BtZW50LWtleS1ub3QtZm9yLXByb2Q=';
  }
  return EncryptionKeySettings;
}
