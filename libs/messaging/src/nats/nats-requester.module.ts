import { Global, Module, type DynamicModule } from '@nestjs/common';
import { NatsRequester, type NatsRequesterSettings } from './nats-requester';

/** Provides a connected NatsRequester to the whole app. */
@Global()
@Module({})
export class NatsRequesterModule {
  static forRoot(settings: NatsRequesterSettings): DynamicModule {
    return {
      module: NatsRequesterModule,
      providers: [{ provide: NatsRequester, useFactory: () => NatsRequester.connect(settings) }],
      exports: [NatsRequester],
    };
  }
}
