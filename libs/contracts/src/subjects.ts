/** NATS subjects of PPM's commands and queries. */
export const Subjects = {
  command: {
    paymentProcess: 'ppm.command.payment.process',
    paymentCancel: 'ppm.command.payment.cancel',
    /** An operator approves or rejects a payment the risk rules held for review. */
    paymentReview: 'ppm.command.payment.review',
    refundProcess: 'ppm.command.refund.process',
    gatewayConfigAdd: 'ppm.command.gateway-config.add',
    gatewayConfigUpdate: 'ppm.command.gateway-config.update',
    paymentApplyGatewayResult: 'ppm.command.payment.apply-gateway-result',
    refundApplyGatewayResult: 'ppm.command.refund.apply-gateway-result',
    paymentSyncStatus: 'ppm.command.payment.sync-status',
    paymentExpireReview: 'ppm.command.payment.expire-review',
    tenantPurge: 'ppm.command.tenant.purge',
    reconciliationResolveItem: 'ppm.command.reconciliation.resolve-item',
    riskRulesUpdate: 'ppm.command.risk-rules.update',
    webhookEndpointCreate: 'ppm.command.webhook-endpoint.create',
    webhookEndpointUpdate: 'ppm.command.webhook-endpoint.update',
    webhookEndpointDelete: 'ppm.command.webhook-endpoint.delete',
    webhookEndpointRotateSecret: 'ppm.command.webhook-endpoint.rotate-secret',
    webhookEndpointRecover: 'ppm.command.webhook-endpoint.recover',
    webhookEndpointTest: 'ppm.command.webhook-endpoint.test',
    webhookDeliveryRetry: 'ppm.command.webhook-delivery.retry',
    gatewayIpnReplay: 'ppm.command.gateway-ipn.replay',
    jobRun: 'ppm.command.job.run',
    deadLetterQueueReplay: 'ppm.command.dead-letter-queue.replay',
    transactionSync: 'ppm.command.transaction.sync',
    reconciliationStart: 'ppm.command.reconciliation.start',
    /** Diagnostics: which command instance answered, with the traceId it saw. */
    systemPing: 'ppm.command.system.ping',
  },
  query: {
    transactionGet: 'ppm.query.transaction.get',
    transactionList: 'ppm.query.transaction.list',
    transactionStats: 'ppm.query.transaction.stats',
    refundGet: 'ppm.query.refund.get',
    refundList: 'ppm.query.refund.list',
    auditList: 'ppm.query.audit.list',
    gatewayConfigGet: 'ppm.query.gateway-config.get',
    gatewayConfigList: 'ppm.query.gateway-config.list',
    reconciliationList: 'ppm.query.reconciliation.list',
    reconciliationGet: 'ppm.query.reconciliation.get',
    reconciliationExport: 'ppm.query.reconciliation.export',
    riskRulesGet: 'ppm.query.risk-rules.get',
    webhookEndpointGet: 'ppm.query.webhook-endpoint.get',
    webhookEndpointList: 'ppm.query.webhook-endpoint.list',
    webhookDeliveryList: 'ppm.query.webhook-delivery.list',
    webhookDeliveryGet: 'ppm.query.webhook-delivery.get',
    vietqrTransferListUnsettled: 'ppm.query.vietqr-transfer.list-unsettled',
    gatewayIpnList: 'ppm.query.gateway-ipn.list',
    gatewayIpnGet: 'ppm.query.gateway-ipn.get',
    jobRunList: 'ppm.query.job-run.list',
    jobList: 'ppm.query.job.list',
    deadLetterQueueList: 'ppm.query.dead-letter-queue.list',
    deadLetterQueuePeek: 'ppm.query.dead-letter-queue.peek',
    /** Diagnostics: which query instance answered, with the traceId it saw. */
    systemPing: 'ppm.query.system.ping',
  },
} as const;

/**
 * Commands only the worker may publish (NATS permissions, tools/bus/nats-users.conf): each settles money or deletes
 * a tenant's data on the worker's word (a gateway's verified result, a status sync, a review left too long, a
 * billing deletion request).
 */
export const WorkerOnlyCommands: readonly string[] = [
  Subjects.command.paymentApplyGatewayResult,
  Subjects.command.refundApplyGatewayResult,
  Subjects.command.paymentSyncStatus,
  Subjects.command.paymentExpireReview,
  Subjects.command.tenantPurge,
];

/**
 * The operator actions the worker answers (in its queue group) rather than the command or query service: it owns the
 * gateway callbacks' intake, the scheduled jobs and the consumers' queues they act on.
 */
export const WorkerServedSubjects: readonly string[] = [
  Subjects.command.gatewayIpnReplay,
  Subjects.command.jobRun,
  Subjects.command.deadLetterQueueReplay,
  Subjects.command.transactionSync,
  Subjects.command.reconciliationStart,
  Subjects.query.jobList,
  Subjects.query.deadLetterQueueList,
  Subjects.query.deadLetterQueuePeek,
];

/** NATS queue groups: every PPM NATS server joins one, so N replicas handle each request once. */
export const QueueGroups = { command: 'ppm-command', query: 'ppm-query', worker: 'ppm-worker' } as const;
