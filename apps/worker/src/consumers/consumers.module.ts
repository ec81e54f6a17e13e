import { Global, Module, type DynamicModule } from '@nestjs/common';
import { CONSUMER_SETTINGS, type ConsumerSettings } from './consumer-settings';
import { TenantDataDeletionConsumer } from './tenant-data-deletion/tenant-data-deletion.consumer';
import { WorkerConsumers } from './worker-consumers';

/** The worker's event consumers; global so the readiness checks can include them. */
@Global()
@Module({})
export class ConsumersModule {
  static forRoot(settings: ConsumerSettings): DynamicModule {
    return {
      module: ConsumersModule,
      providers: [{ provide: CONSUMER_SETTINGS, useValue: settings }, TenantDataDeletionConsumer, WorkerConsumers],
      exports: [WorkerConsumers],
    };
  }
}
