import type { Provider, Type } from '@nestjs/common';
import { ListAuditRecordsHandler } from './audit/list-audit-records/list-audit-records.handler';
import { ListAuditRecordsNatsController } from './audit/list-audit-records/list-audit-records.nats.controller';
import { GetGatewayIpnHandler } from './gateway-ipns/get-gateway-ipn/get-gateway-ipn.handler';
import { GetGatewayIpnNatsController } from './gateway-ipns/get-gateway-ipn/get-gateway-ipn.nats.controller';
import { ListGatewayIpnsHandler } from './gateway-ipns/list-gateway-ipns/list-gateway-ipns.handler';
import { ListGatewayIpnsNatsController } from './gateway-ipns/list-gateway-ipns/list-gateway-ipns.nats.controller';
import { ListJobRunsHandler } from './jobs/list-job-runs/list-job-runs.handler';
import { ListJobRunsNatsController } from './jobs/list-job-runs/list-job-runs.nats.controller';
import { GatewayConfigReader } from './gateway-configs/gateway-config-reader';
import { GetGatewayConfigHandler } from './gateway-configs/get-gateway-config/get-gateway-config.handler';
import { GetGatewayConfigNatsController } from './gateway-configs/get-gateway-config/get-gateway-config.nats.controller';
import { ListGatewayConfigsHandler } from './gateway-configs/list-gateway-configs/list-gateway-configs.handler';
import { ListGatewayConfigsNatsController } from './gateway-configs/list-gateway-configs/list-gateway-configs.nats.controller';
import { ExportReconciliationHandler } from './reconciliations/export-reconciliation/export-reconciliation.handler';
import { ExportReconciliationNatsController } from './reconciliations/export-reconciliation/export-reconciliation.nats.controller';
import { GetReconciliationHandler } from './reconciliations/get-reconciliation/get-reconciliation.handler';
import { GetReconciliationNatsController } from './reconciliations/get-reconciliation/get-reconciliation.nats.controller';
import { ListReconciliationsHandler } from './reconciliations/list-reconciliations/list-reconciliations.handler';
import { ListReconciliationsNatsController } from './reconciliations/list-reconciliations/list-reconciliations.nats.controller';
import { RunReader } from './reconciliations/run-reader';
import { GetRefundHandler } from './refunds/get-refund/get-refund.handler';
import { GetRefundNatsController } from './refunds/get-refund/get-refund.nats.controller';
import { ListRefundsHandler } from './refunds/list-refunds/list-refunds.handler';
import { ListRefundsNatsController } from './refunds/list-refunds/list-refunds.nats.controller';
import { GetRiskRulesHandler } from './risk-rules/get-risk-rules/get-risk-rules.handler';
import { GetRiskRulesNatsController } from './risk-rules/get-risk-rules/get-risk-rules.nats.controller';
import { CachedTransactionAnswer } from './transactions/get-transaction/cached-transaction.first-answer';
import { GetTransactionHandler } from './transactions/get-transaction/get-transaction.handler';
import { GetTransactionNatsController } from './transactions/get-transaction/get-transaction.nats.controller';
import { TransactionReader } from './transactions/get-transaction/transaction-reader';
import { ListTransactionsHandler } from './transactions/list-transactions/list-transactions.handler';
import { ListTransactionsNatsController } from './transactions/list-transactions/list-transactions.nats.controller';
import { TransactionStatsHandler } from './transactions/transaction-stats/transaction-stats.handler';
import { TransactionStatsNatsController } from './transactions/transaction-stats/transaction-stats.nats.controller';
import { GetWebhookEndpointHandler } from './webhook-endpoints/get-webhook-endpoint/get-webhook-endpoint.handler';
import { GetWebhookEndpointNatsController } from './webhook-endpoints/get-webhook-endpoint/get-webhook-endpoint.nats.controller';
import { ListWebhookEndpointsHandler } from './webhook-endpoints/list-webhook-endpoints/list-webhook-endpoints.handler';
import { ListWebhookEndpointsNatsController } from './webhook-endpoints/list-webhook-endpoints/list-webhook-endpoints.nats.controller';
import { WebhookEndpointReader } from './webhook-endpoints/webhook-endpoint-reader';
import { GetWebhookDeliveryHandler } from './webhook-endpoints/get-webhook-delivery/get-webhook-delivery.handler';
import { GetWebhookDeliveryNatsController } from './webhook-endpoints/get-webhook-delivery/get-webhook-delivery.nats.controller';
import { ListWebhookDeliveriesHandler } from './webhook-endpoints/list-webhook-deliveries/list-webhook-deliveries.handler';
import { ListWebhookDeliveriesNatsController } from './webhook-endpoints/list-webhook-deliveries/list-webhook-deliveries.nats.controller';
import { WebhookDeliveryReader } from './webhook-endpoints/webhook-delivery-reader';
import { ListUnsettledTransfersHandler } from './vietqr/list-unsettled-transfers/list-unsettled-transfers.handler';
import { ListUnsettledTransfersNatsController } from './vietqr/list-unsettled-transfers/list-unsettled-transfers.nats.controller';

/** The NATS controllers of the query service's use cases. */
export const queryControllers: Type<unknown>[] = [
  GetTransactionNatsController,
  ListTransactionsNatsController,
  TransactionStatsNatsController,
  GetRefundNatsController,
  ListRefundsNatsController,
  GetGatewayConfigNatsController,
  ListGatewayConfigsNatsController,
  ListReconciliationsNatsController,
  GetReconciliationNatsController,
  ExportReconciliationNatsController,
  ListAuditRecordsNatsController,
  GetRiskRulesNatsController,
  GetWebhookEndpointNatsController,
  ListWebhookEndpointsNatsController,
  ListWebhookDeliveriesNatsController,
  GetWebhookDeliveryNatsController,
  ListUnsettledTransfersNatsController,
  ListGatewayIpnsNatsController,
  GetGatewayIpnNatsController,
  ListJobRunsNatsController,
];

/** The handlers of the use cases and the readers they share. */
export const queryHandlers: Provider[] = [
  GetTransactionHandler,
  CachedTransactionAnswer,
  ListTransactionsHandler,
  TransactionStatsHandler,
  GetRefundHandler,
  ListRefundsHandler,
  GetGatewayConfigHandler,
  ListGatewayConfigsHandler,
  ListReconciliationsHandler,
  GetReconciliationHandler,
  ExportReconciliationHandler,
  ListAuditRecordsHandler,
  GetRiskRulesHandler,
  GetWebhookEndpointHandler,
  ListWebhookEndpointsHandler,
  ListWebhookDeliveriesHandler,
  GetWebhookDeliveryHandler,
  ListUnsettledTransfersHandler,
  ListGatewayIpnsHandler,
  GetGatewayIpnHandler,
  ListJobRunsHandler,
  TransactionReader,
  GatewayConfigReader,
  RunReader,
  WebhookEndpointReader,
  WebhookDeliveryReader,
];
