import type { DataSource } from 'typeorm';
import {
  failure,
  RiskRuleSet,
  success,
  type EventContext,
  type Result,
  type RiskRuleSetRepository,
  type RiskRulesUpdated,
} from '@ppm/domain';
import { AuditTrail } from '../audit/audit-trail';
import { EventEnvelopeFactory } from '../events/event-envelope.factory';
import type { OutboxWriter } from '../outbox/outbox-writer';
import { concurrentModification } from '../shared/persistence.errors';
import { violatedUniqueConstraint } from '../shared/postgres-errors';

const AUDITED_RESOURCE = 'risk_rule_set';

const SELECT_CURRENT = `
  SELECT version, rules, when_counters_unavailable FROM risk_rule_sets
   WHERE tenant_id = $1 ORDER BY version DESC LIMIT 1`;

const INSERT_VERSION = `
  INSERT INTO risk_rule_sets (tenant_id, version, rules, when_counters_unavailable, created_by, created_at)
  VALUES ($1, $2, $3::jsonb, $4, $5, $6)`;

/**
 * `RiskRuleSetRepository` on Postgres (`risk_rule_sets`): a version is a row written once, with its
 * `ppm.risk-rules.updated.v1` event and its audit record in the same transaction.
 */
export class PostgresRiskRuleSetRepository implements RiskRuleSetRepository {
  private readonly audit: AuditTrail;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly envelopes: EventEnvelopeFactory = new EventEnvelopeFactory(),
  ) {
    this.audit = new AuditTrail(outbox);
  }

  async findCurrent(tenantId: string): Promise<RiskRuleSet> {
    const [row] = await this.dataSource.query<{ version: number; rules: unknown; when_counters_unavailable: string }[]>(
      SELECT_CURRENT,
      [tenantId],
    );
    if (!row) return RiskRuleSet.NONE;
    // Versions stored before amount rules had to name a currency keep the meaning they were written with.
    const document = { rules: row.rules, whenCountersUnavailable: row.when_counters_unavailable };
    const stored = RiskRuleSet.fromDocument(document, row.version, { legacyCurrencyOptional: true });
    // Rows are written only from a rule set the domain accepted: one it refuses now is corrupt, not a refusal.
    if (!stored.ok) throw new Error(`Risk rule set ${row.version} of tenant ${tenantId}: ${stored.error.message}`);
    return stored.value;
  }

  async add(
    tenantId: string,
    ruleSet: RiskRuleSet,
    event: RiskRulesUpdated,
    context: EventContext,
  ): Promise<Result<void>> {
    const events = this.envelopes.wrap([event], ruleSet.version, context);
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.query(INSERT_VERSION, [
          tenantId,
          ruleSet.version,
          JSON.stringify(ruleSet.rules),
          ruleSet.whenCountersUnavailable,
          context.actor?.id ?? null,
          event.occurredAt,
        ]);
        await this.outbox.append(manager, events);
        await this.audit.record(manager, AUDITED_RESOURCE, events, context);
      });
    } catch (error) {
      // Another change of the tenant's rules took this version first.
      if (violatedUniqueConstraint(error) === 'uq_risk_rule_sets_tenant_version') {
        return failure(concurrentModification('risk rule set', tenantId));
      }
      throw error;
    }
    return success(undefined);
  }
}
