import type { Provider, Type } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxWriter } from '@ppm/persistence';
import { ReconciliationItemResolver } from '@ppm/reconciliation';
import { AddGatewayConfigHandler } from './gateway-configs/add-gateway-config/add-gateway-config.handler';
import { AddGatewayConfigNatsController } from './gateway-configs/add-gateway-config/add-gateway-config.nats.controller';
import { UpdateGatewayConfigHandler } from './gateway-configs/update-gateway-config/update-gateway-config.handler';
import { UpdateGatewayConfigNatsController } from './gateway-configs/update-gateway-config/update-gateway-config.nats.controller';
import { ApplyGatewayResultHandler } from './payments/apply-gateway-result/apply-gateway-result.handler';
import { ApplyGatewayResultNatsController } from './payments/apply-gateway-result/apply-gateway-result.nats.controller';
import { CancelPaymentHandler } from './payments/cancel-payment/cancel-payment.handler';
import { CancelPaymentNatsController } from './payments/cancel-payment/cancel-payment.nats.controller';
import { CallbackUrlRefusal } from './payments/process-payment/callback-url-refusal';
import { ExpireReviewHandler } from './payments/expire-review/expire-review.handler';
import { ExpireReviewNatsController } from './payments/expire-review/expire-review.nats.controller';
import { ReviewPaymentHandler } from './payments/review-payment/review-payment.handler';
import { ReviewPaymentNatsController } from './payments/review-payment/review-payment.nats.controller';
import { GatewayOrderOpener } from './payments/process-payment/gateway-order-opener';
import { ProcessPaymentHandler } from './payments/process-payment/process-payment.handler';
import { RiskGate } from './payments/risk/risk-gate';
import { RiskMetrics } from './payments/risk/risk-metrics';
import { ProcessPaymentNatsController } from './payments/process-payment/process-payment.nats.controller';
import { InFlightRefundSettler } from './payments/sync-payment-status/in-flight-refund-settler';
import { SyncPaymentStatusHandler } from './payments/sync-payment-status/sync-payment-status.handler';
import { SyncPaymentStatusNatsController } from './payments/sync-payment-status/sync-payment-status.nats.controller';
import { ResolveReconciliationItemHandler } from './reconciliations/resolve-reconciliation-item/resolve-reconciliation-item.handler';
import { ResolveReconciliationItemNatsController } from './reconciliations/resolve-reconciliation-item/resolve-reconciliation-item.nats.controller';
import { ApplyRefundResultHandler } from './refunds/apply-refund-result/apply-refund-result.handler';
import { ApplyRefundResultNatsController } from './refunds/apply-refund-result/apply-refund-result.nats.controller';
import { GatewayRefundSender } from './refunds/process-refund/gateway-refund-sender';
import { ProcessRefundHandler } from './refunds/process-refund/process-refund.handler';
import { ProcessRefundNatsController } from './refunds/process-refund/process-refund.nats.controller';
import { UpdateRiskRulesHandler } from './risk-rules/update-risk-rules/update-risk-rules.handler';
import { UpdateRiskRulesNatsController } from './risk-rules/update-risk-rules/update-risk-rules.nats.controller';
import { Clock } from './shared/clock';
import { IdGenerator } from './shared/id-generator';
import { IdempotentExecution } from './shared/idempotent-execution';
import { PaymentSaver } from './shared/payment-saver';
import { PurgeTenantHandler } from './tenants/purge-tenant/purge-tenant.handler';
import { PurgeTenantNatsController } from './tenants/purge-tenant/purge-tenant.nats.controller';
import { CreateWebhookEndpointHandler } from './webhook-endpoints/create-webhook-endpoint/create-webhook-endpoint.handler';
import { CreateWebhookEndpointNatsController } from './webhook-endpoints/create-webhook-endpoint/create-webhook-endpoint.nats.controller';
import { UpdateWebhookEndpointHandler } from './webhook-endpoints/update-webhook-endpoint/update-webhook-endpoint.handler';
import { UpdateWebhookEndpointNatsController } from './webhook-endpoints/update-webhook-endpoint/update-webhook-endpoint.nats.controller';
import { DeleteWebhookEndpointHandler } from './webhook-endpoints/delete-webhook-endpoint/delete-webhook-endpoint.handler';
import { DeleteWebhookEndpointNatsController } from './webhook-endpoints/delete-webhook-endpoint/delete-webhook-endpoint.nats.controller';
import { RotateWebhookEndpointSecretHandler } from './webhook-endpoints/rotate-webhook-endpoint-secret/rotate-webhook-endpoint-secret.handler';
import { RotateWebhookEndpointSecretNatsController } from './webhook-endpoints/rotate-webhook-endpoint-secret/rotate-webhook-endpoint-secret.nats.controller';
import { RetryWebhookDeliveryHandler } from './webhook-endpoints/retry-webhook-delivery/retry-webhook-delivery.handler';
import { RetryWebhookDeliveryNatsController } from './webhook-endpoints/retry-webhook-delivery/retry-webhook-delivery.nats.controller';
import { RecoverWebhookEndpointHandler } from './webhook-endpoints/recover-webhook-endpoint/recover-webhook-endpoint.handler';
import { RecoverWebhookEndpointNatsController } from './webhook-endpoints/recover-webhook-endpoint/recover-webhook-endpoint.nats.controller';
import { TestWebhookEndpointHandler } from './webhook-endpoints/test-webhook-endpoint/test-webhook-endpoint.handler';
import { TestWebhookEndpointNatsController } from './webhook-endpoints/test-webhook-endpoint/test-webhook-endpoint.nats.controller';

/** The NATS controllers of the command service's use cases. */
export const commandControllers: Type<unknown>[] = [
  AddGatewayConfigNatsController,
  UpdateGatewayConfigNatsController,
  ProcessPaymentNatsController,
  ApplyGatewayResultNatsController,
  CancelPaymentNatsController,
  ReviewPaymentNatsController,
  ExpireReviewNatsController,
  ProcessRefundNatsController,
  SyncPaymentStatusNatsController,
  ApplyRefundResultNatsController,
  PurgeTenantNatsController,
  ResolveReconciliationItemNatsController,
  UpdateRiskRulesNatsController,
  CreateWebhookEndpointNatsController,
  UpdateWebhookEndpointNatsController,
  DeleteWebhookEndpointNatsController,
  RotateWebhookEndpointSecretNatsController,
  RetryWebhookDeliveryNatsController,
  RecoverWebhookEndpointNatsController,
  TestWebhookEndpointNatsController,
];

/** The handlers of the use cases and what they share. */
export const commandHandlers: Provider[] = [
  AddGatewayConfigHandler,
  UpdateGatewayConfigHandler,
  ProcessPaymentHandler,
  ApplyGatewayResultHandler,
  CancelPaymentHandler,
  ReviewPaymentHandler,
  ExpireReviewHandler,
  ProcessRefundHandler,
  SyncPaymentStatusHandler,
  ApplyRefundResultHandler,
  PurgeTenantHandler,
  ResolveReconciliationItemHandler,
  UpdateRiskRulesHandler,
  CreateWebhookEndpointHandler,
  UpdateWebhookEndpointHandler,
  DeleteWebhookEndpointHandler,
  RotateWebhookEndpointSecretHandler,
  RetryWebhookDeliveryHandler,
  RecoverWebhookEndpointHandler,
  TestWebhookEndpointHandler,
  {
    provide: ReconciliationItemResolver,
    inject: [DataSource, OutboxWriter],
    useFactory: (dataSource: DataSource, outbox: OutboxWriter) => new ReconciliationItemResolver(dataSource, outbox),
  },
  GatewayOrderOpener,
  CallbackUrlRefusal,
  RiskGate,
  RiskMetrics,
  GatewayRefundSender,
  InFlightRefundSettler,
  PaymentSaver,
  IdempotentExecution,
  Clock,
  IdGenerator,
];
