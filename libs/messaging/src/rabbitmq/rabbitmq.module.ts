import { Global, Module, type DynamicModule } from '@nestjs/common';
import { RabbitMqConnection, type RabbitMqSettings } from './rabbitmq-connection';

/** Provides the process's RabbitMqConnection to the whole app. */
@Global()
@Module({})
export class RabbitMqModule {
  static forRoot(settings: RabbitMqSettings): DynamicModule {
    return {
      module: RabbitMqModule,
      providers: [{ provide: RabbitMqConnection, useFactory: () => RabbitMqConnection.connect(settings) }],
      exports: [RabbitMqConnection],
    };
  }
}
