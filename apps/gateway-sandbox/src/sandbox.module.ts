import { Module, type DynamicModule } from '@nestjs/common';
import { ObservabilityModule } from '@ppm/observability';

/** The gateway sandbox: plays VNPay, MoMo and ZaloPay on one port. It depends on no other server. */
@Module({})
export class SandboxModule {
  static forRoot(): DynamicModule {
    return {
      module: SandboxModule,
      imports: [ObservabilityModule.forRoot('gateway-sandbox', { inject: [], useFactory: () => [] })],
    };
  }
}
