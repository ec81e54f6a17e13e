import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';
import { DataSource } from 'typeorm';

const REPLICA_RETRY_MS = 5_000;

/** Where the query service reads: a replica when one is configured, the primary otherwise. */
export interface ReplicaSettings {
  url: string;
  poolSize: number;
}

/**
 * The query service's Postgres: reads go to the read replica (DATABASE_READ_URL) when there is one and fall back to
 * the primary when the replica fails or is not connected yet; `readCurrent` and `readPrimary` are for reads that must
 * not lag (a row not yet on the replica, a version an invalidating event announced) and the primary also takes the
 * consumer's inbox writes.
 */
export class ReadModelDatabase implements OnApplicationShutdown {
  private readonly logger = new Logger('ReadModelDatabase');
  private replica: DataSource | null = null;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly fallbacks: Counter;

  constructor(
    readonly primary: DataSource,
    private readonly replicaSettings: ReplicaSettings | null,
    registry: Registry,
  ) {
    this.fallbacks = new Counter({
      name: 'ppm_query_replica_fallbacks_total',
      help: 'Reads sent to the primary because the read replica failed or was not connected',
      registers: [registry],
    });
  }

  /** Connects the replica if one is configured; until it connects (retried in the background) reads use the primary. */
  async connect(): Promise<void> {
    const settings = this.replicaSettings;
    if (!settings || this.stopped) return;
    const replica = new DataSource({
      type: 'postgres',
      url: settings.url,
      applicationName: 'ppm-query-replica',
      entities: [],
      synchronize: false,
      extra: { max: settings.poolSize, connectionTimeoutMillis: 5_000 },
    });
    try {
      await replica.initialize();
      if (this.stopped) await replica.destroy();
      else this.replica = replica;
    } catch (error) {
      this.logger.warn({ err: error }, 'read replica unreachable: reading from the primary, retrying');
      this.retry = setTimeout(() => void this.connect(), REPLICA_RETRY_MS);
    }
  }

  /** A read from the replica, or from the primary when there is none or it fails. */
  async read<T>(sql: string, params: unknown[]): Promise<T[]> {
    return (await this.fromReplica<T>(sql, params)) ?? this.primary.query<T[]>(sql, params);
  }

  /**
   * One versioned row from the replica, or from the primary when the replica's answer may be its lag: no row (a row
   * its caller was just told exists is not "not found" yet on a replica behind), or one older than `floor`, a version
   * an invalidating event has already announced. An id that exists nowhere costs a read of each; "not found" is not
   * cached, as that would hide a payment created a moment later.
   */
  async readCurrent<T extends { version: number }>(
    sql: string,
    params: unknown[],
    floor: number | null,
  ): Promise<T | undefined> {
    const [row] = (await this.fromReplica<T>(sql, params)) ?? [];
    if (row && (floor === null || row.version >= floor)) return row;
    const [current] = await this.primary.query<T[]>(sql, params);
    return current;
  }

  /** A read from the primary: never behind a committed change. */
  readPrimary<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.primary.query<T[]>(sql, params);
  }

  /** The replica's rows, or undefined when there is no replica or it failed (counted: the caller reads the primary). */
  private async fromReplica<T>(sql: string, params: unknown[]): Promise<T[] | undefined> {
    const replica = this.replica;
    if (!replica) return undefined;
    try {
      return await replica.query<T[]>(sql, params);
    } catch (error) {
      this.fallbacks.inc();
      this.logger.warn({ err: error }, 'read replica failed: reading from the primary');
      return undefined;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.replica?.destroy().catch(() => undefined);
  }
}
