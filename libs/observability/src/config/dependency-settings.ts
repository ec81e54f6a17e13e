import {
  ArrayMinSize,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { DEV_BUS_IDENTITIES, withUserInfo, type BusRole } from './dev-bus-identities';
import { CommaSeparated, commaSeparatedItems } from './comma-separated';
import type { Constructor } from './mixin-constructor';
import { RequiredInProduction } from './required-in-production';
import { IsUrlList } from './url-list';

// Mixins, so each app declares exactly the dependencies it has and validates only those variables.

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

/**
 * NATS: the servers of the cluster (comma-separated URLs; the client moves to another when one fails), who this process is on the bus (NATS_USER / NATS_PASSWORD, or a creds file, which wins) and
 * the timeout applied to every request it sends. Outside production the identity defaults to the development user
 * of the app's `role` (tools/bus/nats-users.conf).
 */
// eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types -- a mixin's type is the class it builds
export function WithNats<T extends Constructor>(Base: T, role: BusRole) {
  class NatsSettings extends Base {
    @RequiredInProduction()
    @IsUrlList(['nats', 'tls'])
    NATS_URL: string = 'nats://127.0.0.1:4222';

    @RequiredInProduction({ unless: 'NATS_CREDS_FILE', publicDefault: true })
    @IsString()
    @IsNotEmpty()
    NATS_USER: string = DEV_BUS_IDENTITIES[role].user;

    @RequiredInProduction({ unless: 'NATS_CREDS_FILE' })
    @IsString()
    @IsNotEmpty()
    NATS_PASSWORD: string = DEV_BUS_IDENTITIES[role].password;

    /** A NATS creds file (user JWT and nkey seed), for servers that authenticate with accounts instead. */
    @IsOptional()
    @IsString()
    @IsNotEmpty()
    NATS_CREDS_FILE?: string;

    @IsInt()
    @Min(100)
    @Max(120_000)
    NATS_REQUEST_TIMEOUT_MS: number = 5_000;
  }
  return NatsSettings;
}

/**
 * RabbitMQ: the AMQP URL, whose userinfo is the app's own user (outside production the `role`'s development user);
 * several comma-separated URLs name the nodes of a cluster, tried in turn when one cannot be reached.
 */
// eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types -- a mixin's type is the class it builds
export function WithRabbitMq<T extends Constructor>(Base: T, role: BusRole) {
  class RabbitMqSettings extends Base {
    @RequiredInProduction()
    @IsUrlList(['amqp', 'amqps'])
    AMQP_URL: string = withUserInfo('amqp://127.0.0.1:5672', DEV_BUS_IDENTITIES[role]);
  }
  return RabbitMqSettings;
}

/**
 * Redis: the URL, or with REDIS_SENTINELS the Sentinels that name the current primary of the group
 * REDIS_SENTINEL_MASTER (REDIS_URL then gives only the password, database and TLS).
 */
// eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types -- a mixin's type is the class it builds
export function WithRedis<T extends Constructor>(Base: T) {
  class RedisSettings extends Base {
    @RequiredInProduction()
    @IsUrl({ ...URL_OPTIONS, protocols: ['redis', 'rediss'] })
    REDIS_URL: string = 'redis://127.0.0.1:6379';

    /** `host:port` of each Sentinel, comma-separated; unset: REDIS_URL's server is the one. */
    @IsOptional()
    @CommaSeparated()
    @IsArray()
    @ArrayMinSize(1)
    @Matches(/^[\w.-]+:\d{1,5}$/, { each: true, message: 'each of REDIS_SENTINELS must be host:port' })
    REDIS_SENTINELS?: string[];

    @IsString()
    @Matches(/^[\w.-]+$/)
    REDIS_SENTINEL_MASTER: string = 'ppm-redis';

    /** The Sentinels' own password, when they ask for one (Bitnami's chart: the Redis password). */
    @IsOptional()
    @IsString()
    @IsNotEmpty()
    REDIS_SENTINEL_PASSWORD?: string;
  }
  return RedisSettings;
}

// Public (it is in the repository), so it must open nothing in production, whatever id a keyring gives it.
const DEV_ENCRYPTION_KEY = 'cHBtLWRldmVsb3BtZW50LWtleS1ub3QtZm9yLXByb2Q=';

function holdsDevelopmentEncryptionKey(keyring: string): boolean {
  const developmentKey = Buffer.from(DEV_ENCRYPTION_KEY, 'base64');
  return commaSeparatedItems(keyring).some((entry) =>
    Buffer.from(entry.slice(entry.indexOf(':') + 1), 'base64').equals(developmentKey),
  );
}

/**
 * Keys sealing gateway credentials: `kid:base64(32 bytes)`, newest first; older keys keep opening what they
 * sealed. The default is a development key, refused in production.
 */
// eslint-disable-next-line @typescript-eslint/explicit-module-boundary-types -- a mixin's type is the class it builds
export function WithEncryptionKeys<T extends Constructor>(Base: T) {
  class EncryptionKeySettings extends Base {
    @RequiredInProduction({ holdsDevelopmentValue: holdsDevelopmentEncryptionKey })
    @IsString()
    @IsNotEmpty()
    PPM_ENCRYPTION_KEYS: string = `dev-1:${DEV_ENCRYPTION_KEY}`;
  }
  return EncryptionKeySettings;
}
