import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ErrorCode,
  fail,
  ok,
  type Reply,
  type RequestMeta,
  type StartReconciliationReply,
  type StartReconciliationRequest,
} from '@ppm/contracts';
import { GatewayUrlAllowlist } from '@ppm/gateways';
import {
  dailySettlementSource,
  ReconciliationRunner,
  ReconciliationTargetError,
  uploadedSettlement,
  type SettlementSource,
} from '@ppm/reconciliation';
import {
  RECONCILIATION_JOB_SETTINGS,
  type ReconciliationJobSettings,
} from '../../jobs/reconciliation/reconciliation.job';
import { OperatorActionAudit } from '../../operations/operator-action-audit';

// How long the reply waits for the run: an uploaded day is compared well within it, a large fetched file is not
// and is answered RUNNING (its run goes on and records how it ended).
const ANSWER_WITHIN_MS = 3_000;

/**
 * The runner for uploaded files: it compares and records but applies nothing, because an operator's file is not
 * the gateway's word and must not mark payments as paid.
 */
export const COMPARE_ONLY_RECONCILIATION_RUNNER = Symbol('COMPARE_ONLY_RECONCILIATION_RUNNER');

/**
 * An operator's reconciliation of one configuration's day, with the engine and the settlement source of the daily
 * job: recorded in the audit trail, then run on this worker. The configuration must be the operator's tenant's.
 * Only a fetched settlement file changes payments (late captures); an uploaded one is compared only.
 */
@Injectable()
export class StartReconciliationHandler {
  private readonly logger = new Logger(StartReconciliationHandler.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: ReconciliationRunner,
    @Inject(COMPARE_ONLY_RECONCILIATION_RUNNER) private readonly compareOnly: ReconciliationRunner,
    private readonly audit: OperatorActionAudit,
    private readonly urls: GatewayUrlAllowlist,
    @Inject(RECONCILIATION_JOB_SETTINGS) private readonly settings: ReconciliationJobSettings,
  ) {}

  async execute(meta: RequestMeta, data: StartReconciliationRequest): Promise<Reply<StartReconciliationReply>> {
    const { gatewayConfigId: configurationId, date: businessDate, settlementFile } = data;
    const [owned] = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM payment_gateway_configurations WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL`,
      [configurationId, meta.tenantId],
    );
    if (!owned) return fail(ErrorCode.GATEWAY_CONFIG_NOT_FOUND, `Gateway configuration ${configurationId} not found`);
    const runId = randomUUID();
    try {
      const source = await this.sourceOf(configurationId, businessDate, settlementFile);
      await this.audit.record(meta, {
        type: 'ppm.reconciliation.start-requested',
        resourceType: 'reconciliation_run',
        resourceId: runId,
        data: { gatewayConfigId: configurationId, date: businessDate, source: source.location },
      });
      const runner = settlementFile === undefined ? this.runner : this.compareOnly;
      const running = runner.run({ configurationId, businessDate, source, runId, traceId: meta.traceId });
      return ok({ runId, status: await this.statusWithin(running, runId) });
    } catch (error) {
      if (error instanceof ReconciliationTargetError) return fail(error.code, error.message);
      throw error;
    }
  }

  private sourceOf(configurationId: string, businessDate: string, uploaded?: string): Promise<SettlementSource> {
    if (uploaded !== undefined) return Promise.resolve(uploadedSettlement(uploaded));
    return dailySettlementSource(this.dataSource, configurationId, businessDate, {
      template: this.settings.sourceTemplate,
      defaultBaseUrl: this.settings.defaultBaseUrl,
      urls: this.urls,
    });
  }

  private async statusWithin(running: Promise<{ status: string }>, runId: string): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('RUNNING'), ANSWER_WITHIN_MS)));
    // A run still going when the reply is sent is awaited here only for its log line.
    running.catch((error: unknown) => this.logger.error({ runId, err: error }, 'the reconciliation run failed'));
    try {
      return await Promise.race([running.then((result) => result.status), late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
