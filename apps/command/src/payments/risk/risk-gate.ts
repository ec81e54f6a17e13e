import { Inject, Injectable, Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { RiskCountersUnavailableError } from '@ppm/cache';
import { ErrorCode, fail, type ProcessPaymentRequest, type Reply } from '@ppm/contracts';
import {
  evaluateRisk,
  IpRange,
  RISK_COUNTERS,
  RISK_DECISIONS,
  riskFailureEntries,
  stricterAction,
  type EventContext,
  type Money,
  type PaymentTransaction,
  type RiskCounters,
  type RiskDecisionRecord,
  type RiskDecisionRepository,
  type RiskPaymentFacts,
  type RiskRuleSet,
} from '@ppm/domain';
import { KEY_TAKEN_REPLY, type ClaimedKey } from '../../shared/claimed-key';
import { IdGenerator } from '../../shared/id-generator';
import { RiskMetrics } from './risk-metrics';
import { RiskRuleSetCache } from './risk-rule-set-cache';
import type { RiskVerdict } from './risk-verdict';

/** The payment about to be opened, as the gate judges it. */
export interface RiskGateRequest {
  readonly tenantId: string;
  /**
   * What the counters count this payment as: the request's idempotency key when it has one, so that a retried
   * request (which runs again before its key is checked) is counted once; else the new payment's id.
   */
  readonly countedAs: string;
  /** The request's idempotency key as its run holds it (or not yet), when it has one. */
  readonly claimedKey: ClaimedKey | null;
  readonly amount: Money;
  readonly data: ProcessPaymentRequest;
  readonly now: Date;
  readonly context: EventContext;
}

/**
 * Refused (the reply to send), let through with the verdict to act on and keep, or not decided: the rule set it was
 * decided on had been replaced (forget the tenant's cached set and decide again).
 */
export type RiskGateResult =
  | { readonly kind: 'refused'; readonly reply: Reply<never> }
  | { readonly kind: 'admitted'; readonly verdict: RiskVerdict }
  | { readonly kind: 'rules-changed' };

// Counters that answer nothing: what a rule set decides from the payment alone when Redis cannot be read.
const NO_COUNTERS: RiskCounters = {
  admit: (_tenantId, checks) => Promise.resolve({ totals: checks.map(() => 0n), recorded: false }),
  record: () => Promise.resolve(),
};

/**
 * The tenant's risk rules on `payment.process`, between the request's checks and the gateway: BLOCK refuses the
 * payment with PAYMENT_BLOCKED_BY_RISK (the attempt is recorded with its `ppm.payment.risk-blocked.v1` event and
 * counted as a failure), REVIEW holds it in PENDING_REVIEW without a gateway order, ALLOW lets it through. When
 * the counters cannot be read, the rules that need none still apply and the tenant's choice for that case (allow
 * or review) is added, logged as an alert and counted.
 */
@Injectable()
export class RiskGate {
  private readonly logger = new Logger(RiskGate.name);

  constructor(
    private readonly ruleSets: RiskRuleSetCache,
    @Inject(RISK_COUNTERS) private readonly counters: RiskCounters,
    @Inject(RISK_DECISIONS) private readonly decisions: RiskDecisionRepository,
    private readonly ids: IdGenerator,
    private readonly metrics: RiskMetrics,
  ) {}

  async check(request: RiskGateRequest): Promise<RiskGateResult> {
    const started = performance.now();
    const ruleSet = await this.ruleSets.current(request.tenantId);
    const facts = factsOf(request);
    const verdict = {
      ...(await this.decide(ruleSet, facts)),
      facts,
      sourceTransactionId: request.data.sourceTransactionId,
    };
    if (verdict.decision.action !== 'BLOCK') {
      this.metrics.decided(verdict.decision, verdict.countersUnavailable, (performance.now() - started) / 1000);
      return { kind: 'admitted', verdict };
    }
    // A refusal is recorded only under the request's key: a retry of a request already answered (which runs before
    // its key is checked) must not record it again, so the key is claimed first and the run holding it records.
    if (request.claimedKey && !request.claimedKey.held) return { kind: 'refused', reply: KEY_TAKEN_REPLY };
    const decidedIn = (performance.now() - started) / 1000;
    if (!(await this.recordRefusal(verdict, request))) return { kind: 'rules-changed' };
    this.metrics.decided(verdict.decision, verdict.countersUnavailable, decidedIn);
    const { rulesHit, ruleSetVersion } = verdict.decision;
    return {
      kind: 'refused',
      reply: fail(ErrorCode.PAYMENT_BLOCKED_BY_RISK, 'The tenant risk rules refused the payment', {
        rulesHit,
        ruleSetVersion,
      }),
    };
  }

  /** Holds a new payment for review when its verdict asks for one; says whether it did. */
  holdIfReviewed(payment: PaymentTransaction, verdict: RiskVerdict): boolean {
    if (verdict.decision.action !== 'REVIEW') return false;
    const { rulesHit, ruleSetVersion } = verdict.decision;
    const held = payment.holdForReview({ rulesHit, ruleSetVersion, now: verdict.facts.at });
    // A payment just created has no attempt, so it can always be held: a refusal here is a bug.
    if (!held.ok) throw new Error(`payment ${payment.id} could not be held for review: ${held.error.message}`);
    return true;
  }

  /**
   * The decision to store with a new payment when its verdict says something (a rule hit, or the counters
   * unavailable), written by the payment's own insert.
   */
  decisionToKeep(payment: PaymentTransaction, verdict: RiskVerdict): RiskDecisionRecord | undefined {
    if (verdict.decision.rulesHit.length === 0 && !verdict.countersUnavailable) return undefined;
    return this.recordOf(verdict, payment.id);
  }

  private async decide(
    ruleSet: RiskRuleSet,
    facts: RiskPaymentFacts,
  ): Promise<Pick<RiskVerdict, 'decision' | 'countersUnavailable'>> {
    try {
      return { decision: await evaluateRisk(ruleSet, facts, this.counters), countersUnavailable: false };
    } catch (error) {
      if (!(error instanceof RiskCountersUnavailableError)) throw error;
      const fallback = ruleSet.whenCountersUnavailable;
      this.metrics.decidedWithoutCounters(fallback);
      this.logger.error(
        { alert: 'RISK_COUNTERS_UNAVAILABLE', tenantId: facts.tenantId, fallback, reason: error.message },
        'risk counters unavailable: payment decided without them',
      );
      const blind = await evaluateRisk(ruleSet, facts, NO_COUNTERS);
      const decision = { ...blind, action: stricterAction(blind.action, fallback) };
      return { decision, countersUnavailable: true };
    }
  }

  // Records the refusal unless the rule set it was decided on has been replaced since (false: nothing recorded).
  private async recordRefusal(verdict: RiskVerdict, request: RiskGateRequest): Promise<boolean> {
    const record = this.recordOf(verdict, null);
    const recorded = await this.decisions.addBlocked(
      record,
      {
        type: 'PaymentRiskBlocked',
        aggregateType: 'RiskDecision',
        aggregateId: record.id,
        tenantId: record.tenantId,
        occurredAt: record.decidedAt,
        data: {
          decisionId: record.id,
          sourceBoundedContext: record.source.boundedContext,
          sourceTransactionId: record.source.transactionId,
          amount: record.amount.minorUnits.toString(),
          currency: record.amount.currency,
          customerRef: record.customerRef,
          rulesHit: verdict.decision.rulesHit,
          ruleSetVersion: verdict.decision.ruleSetVersion,
        },
      },
      request.context,
    );
    if (!recorded) return false;
    try {
      await this.counters.record(request.tenantId, riskFailureEntries(verdict.facts));
    } catch (error) {
      if (!(error instanceof RiskCountersUnavailableError)) throw error;
      this.logger.warn({ tenantId: request.tenantId, decisionId: record.id }, 'refusal not counted: counters down');
    }
    return true;
  }

  private recordOf(verdict: RiskVerdict, paymentId: string | null): RiskDecisionRecord {
    const { facts } = verdict;
    return {
      id: this.ids.uuid(),
      tenantId: facts.tenantId,
      paymentId,
      source: { boundedContext: facts.sourceBoundedContext, transactionId: verdict.sourceTransactionId },
      decision: verdict.decision,
      countersUnavailable: verdict.countersUnavailable,
      amount: { minorUnits: facts.amount.minorUnits, currency: facts.amount.currency },
      customerRef: facts.customerRef,
      clientIp: facts.clientIp?.toString() ?? null,
      decidedAt: facts.at,
    };
  }
}

function factsOf({ tenantId, countedAs, amount, data, now }: RiskGateRequest): RiskPaymentFacts {
  return {
    tenantId,
    paymentId: countedAs,
    amount,
    customerRef: data.customerRef ?? null,
    clientIp: data.clientIp === undefined ? null : IpRange.parse(data.clientIp),
    sourceBoundedContext: data.sourceBoundedContext,
    at: now,
  };
}
