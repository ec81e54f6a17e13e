import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ReadinessCheck } from '@ppm/observability';

/** Settings of the process's Postgres connection pool. */
export interface DatabaseSettings {
  url: string;
  poolSize: number;
  /** Application name shown in pg_stat_activity. */
  name: string;
}

/** The TypeORM DataSource over Postgres (migrations run separately, never at boot). */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(settings: DatabaseSettings): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: settings.url,
          applicationName: settings.name,
          entities: [],
          synchronize: false,
          migrationsRun: false,
          retryAttempts: 3,
          retryDelay: 1_000,
          extra: { max: settings.poolSize, connectionTimeoutMillis: 5_000 },
        }),
      ],
    };
  }
}

/** Readiness: Postgres answers a query through the pool. */
export function databaseReadinessCheck(dataSource: DataSource): ReadinessCheck {
  return { name: 'postgres', check: async () => void (await dataSource.query('SELECT 1')) };
}
