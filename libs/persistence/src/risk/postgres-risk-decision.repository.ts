import type { DataSource } from 'typeorm';
import type {
  EventContext,
  PaymentRiskBlocked,
  RiskDecisionRecord,
  RiskDecisionRepository,
  RiskReviewRecord,
} from '@ppm/domain';
import { AuditTrail } from '../audit/audit-trail';
import { EventEnvelopeFactory } from '../events/event-envelope.factory';
import type { OutboxWriter } from '../outbox/outbox-writer';
import { INSERT_RISK_DECISION, riskDecisionValues } from './risk-decision.sql';
import { RISK_RULE_SET_IS_AT } from './risk-rule-set-version.sql';

const AUDITED_RESOURCE = 'risk_decision';

// A refusal, written only while the tenant's rules are still at the version it was decided on ($8).
const INSERT_REFUSAL = `${INSERT_RISK_DECISION(1, RISK_RULE_SET_IS_AT(2, 8))} RETURNING 1`;

const RECORD_REVIEW = `
  UPDATE risk_decisions
     SET review_decision = $3, reviewed_by = $4, review_note = $5, reviewed_at = $6
   WHERE tenant_id = $1 AND payment_transaction_id = $2 AND action = 'REVIEW'`;

/** `RiskDecisionRepository` on Postgres (`risk_decisions`). */
export class PostgresRiskDecisionRepository implements RiskDecisionRepository {
  private readonly audit: AuditTrail;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly envelopes: EventEnvelopeFactory = new EventEnvelopeFactory(),
  ) {
    this.audit = new AuditTrail(outbox);
  }

  async addBlocked(record: RiskDecisionRecord, event: PaymentRiskBlocked, context: EventContext): Promise<boolean> {
    const events = this.envelopes.wrap([event], 1, context);
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager.query<unknown[]>(INSERT_REFUSAL, riskDecisionValues(record));
      if (inserted.length === 0) return false;
      await this.outbox.append(manager, events);
      await this.audit.record(manager, AUDITED_RESOURCE, events, context);
      return true;
    });
  }

  async recordReview(tenantId: string, paymentId: string, review: RiskReviewRecord): Promise<boolean> {
    const [, updated] = await this.dataSource.query<[unknown, number]>(RECORD_REVIEW, [
      tenantId,
      paymentId,
      review.decision,
      review.reviewedBy,
      review.note,
      review.reviewedAt,
    ]);
    return updated > 0;
  }
}
