import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { ObservabilityModule } from '@ppm/observability';
import { MomoCheckout } from './momo/momo-checkout.service';
import { MomoGatewayApiHttpController } from './momo/momo-gateway-api.http.controller';
import { MomoGatewayApi } from './momo/momo-gateway-api.service';
import { MomoOrderStore } from './momo/momo-order.store';
import { MomoPayPageHttpController } from './momo/momo-pay-page.http.controller';
import { SandboxConfig } from './sandbox.config';
import { FaultInjector } from './sandbox-control/fault-injector';
import { FaultStore } from './sandbox-control/fault.store';
import { FaultsHttpController } from './sandbox-control/faults.http.controller';
import { MerchantStore } from './sandbox-control/merchant.store';
import { MerchantsHttpController } from './sandbox-control/merchants.http.controller';
import { OrdersHttpController } from './sandbox-control/orders.http.controller';
import { SettlementReports } from './settlement/settlement-reports.service';
import { SettlementHttpController } from './settlement/settlement.http.controller';
import { CallbackDispatcher } from './shared/callback-dispatcher.service';
import { BankTransferStore } from './vietqr/bank-transfer.store';
import { VietqrBank } from './vietqr/vietqr-bank.service';
import { VietqrTransfersHttpController } from './vietqr/vietqr-transfers.http.controller';
import { VnpayCheckout } from './vnpay/vnpay-checkout.service';
import { VnpayMerchantApiHttpController } from './vnpay/vnpay-merchant-api.http.controller';
import { VnpayMerchantApi } from './vnpay/vnpay-merchant-api.service';
import { VnpayOrderStore } from './vnpay/vnpay-order.store';
import { VnpayPaymentPageHttpController } from './vnpay/vnpay-payment-page.http.controller';
import { ZalopayCheckout } from './zalopay/zalopay-checkout.service';
import { ZalopayOpenApiHttpController } from './zalopay/zalopay-openapi.http.controller';
import { ZalopayOpenApi } from './zalopay/zalopay-openapi.service';
import { ZalopayOrderStore } from './zalopay/zalopay-order.store';
import { ZalopayPayPageHttpController } from './zalopay/zalopay-pay-page.http.controller';

/**
 * The gateway sandbox: plays VNPay, MoMo, ZaloPay and a VietQR bank watched by SePay on one port, in memory. It depends on no other server.
 * Faults (PUT /sandbox/faults, `x-sandbox-fault`) apply to the gateway API routes only.
 */
@Module({})
export class SandboxModule implements NestModule {
  constructor(private readonly faults: FaultInjector) {}

  static forRoot(config: SandboxConfig): DynamicModule {
    return {
      module: SandboxModule,
      imports: [ObservabilityModule.forRoot('gateway-sandbox', { inject: [], useFactory: () => [] })],
      controllers: [
        MerchantsHttpController,
        OrdersHttpController,
        FaultsHttpController,
        SettlementHttpController,
        VnpayPaymentPageHttpController,
        VnpayMerchantApiHttpController,
        MomoGatewayApiHttpController,
        MomoPayPageHttpController,
        ZalopayOpenApiHttpController,
        ZalopayPayPageHttpController,
        VietqrTransfersHttpController,
      ],
      providers: [
        { provide: SandboxConfig, useValue: config },
        MerchantStore,
        FaultStore,
        FaultInjector,
        CallbackDispatcher,
        SettlementReports,
        VnpayOrderStore,
        VnpayCheckout,
        VnpayMerchantApi,
        MomoOrderStore,
        MomoCheckout,
        MomoGatewayApi,
        ZalopayOrderStore,
        ZalopayCheckout,
        ZalopayOpenApi,
        BankTransferStore,
        VietqrBank,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(this.faults.middlewareFor('VNPAY'))
      .forRoutes(VnpayPaymentPageHttpController, VnpayMerchantApiHttpController);
    consumer.apply(this.faults.middlewareFor('MOMO')).forRoutes(MomoGatewayApiHttpController);
    consumer.apply(this.faults.middlewareFor('ZALOPAY')).forRoutes(ZalopayOpenApiHttpController);
  }
}
