import type { Provider, Type } from '@nestjs/common';
import { AddGatewayConfigHandler } from './gateway-configs/add-gateway-config/add-gateway-config.handler';
import { AddGatewayConfigNatsController } from './gateway-configs/add-gateway-config/add-gateway-config.nats.controller';
import { UpdateGatewayConfigHandler } from './gateway-configs/update-gateway-config/update-gateway-config.handler';
import { UpdateGatewayConfigNatsController } from './gateway-configs/update-gateway-config/update-gateway-config.nats.controller';
import { ApplyGatewayResultHandler } from './payments/apply-gateway-result/apply-gateway-result.handler';
import { ApplyGatewayResultNatsController } from './payments/apply-gateway-result/apply-gateway-result.nats.controller';
import { CancelPaymentHandler } from './payments/cancel-payment/cancel-payment.handler';
import { CancelPaymentNatsController } from './payments/cancel-payment/cancel-payment.nats.controller';
import { GatewayOrderOpener } from './payments/process-payment/gateway-order-opener';
import { ProcessPaymentHandler } from './payments/process-payment/process-payment.handler';
import { ProcessPaymentNatsController } from './payments/process-payment/process-payment.nats.controller';
import { GatewayRefundSender } from './refunds/process-refund/gateway-refund-sender';
import { ProcessRefundHandler } from './refunds/process-refund/process-refund.handler';
import { ProcessRefundNatsController } from './refunds/process-refund/process-refund.nats.controller';
import { Clock } from './shared/clock';
import { IdGenerator } from './shared/id-generator';
import { IdempotentExecution } from './shared/idempotent-execution';
import { PaymentSaver } from './shared/payment-saver';

/** The NATS controllers of the command service's use cases. */
export const commandControllers: Type<unknown>[] = [
  AddGatewayConfigNatsController,
  UpdateGatewayConfigNatsController,
  ProcessPaymentNatsController,
  ApplyGatewayResultNatsController,
  CancelPaymentNatsController,
  ProcessRefundNatsController,
];

/** The handlers of the use cases and what they share. */
export const commandHandlers: Provider[] = [
  AddGatewayConfigHandler,
  UpdateGatewayConfigHandler,
  ProcessPaymentHandler,
  ApplyGatewayResultHandler,
  CancelPaymentHandler,
  ProcessRefundHandler,
  GatewayOrderOpener,
  GatewayRefundSender,
  PaymentSaver,
  IdempotentExecution,
  Clock,
  IdGenerator,
];
