import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Risk rules enforced on `payment.process`:
 * - `PENDING_REVIEW`, the status of a payment the rules hold for an operator, joins the payment status CHECK (added
 *   NOT VALID then validated, so the table is scanned without the exclusive lock held);
 * - `risk_decisions`: one row per decision that hit a rule or could not read the counters: the action, the rules hit
 *   and the rule-set version, the payment it was about (none for a refusal: a blocked payment is never stored), and
 *   for a review, the operator's answer. No foreign key to the payment: a refusal's row names no stored payment,
 *   and the rows outlive nothing they describe.
 * - a partial index on the payments waiting for review, which the review expiry job and the review gauges scan;
 * - each rule set's choice for a Redis outage: ALLOW (fail-open, what every existing version gets) or REVIEW.
 */
export class RiskDecisionsAndReview1796000000000 implements MigrationInterface {
  name = 'RiskDecisionsAndReview1796000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE payment_transactions DROP CONSTRAINT ck_payment_transactions_status`);
    await queryRunner.query(`
      ALTER TABLE payment_transactions ADD CONSTRAINT ck_payment_transactions_status CHECK (
        status IN (
          'PENDING', 'PENDING_REVIEW', 'PROCESSING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED',
          'PARTIALLY_REFUNDED', 'REFUNDED'
        )
      ) NOT VALID
    `);
    await queryRunner.query(`ALTER TABLE payment_transactions VALIDATE CONSTRAINT ck_payment_transactions_status`);
    await queryRunner.query(`
      CREATE INDEX IF NOT EXISTS ix_payment_transactions_pending_review
        ON payment_transactions (created_at)
        WHERE status = 'PENDING_REVIEW'
    `);
    await queryRunner.query(`
      ALTER TABLE risk_rule_sets
        ADD COLUMN IF NOT EXISTS when_counters_unavailable text NOT NULL DEFAULT 'ALLOW'
          CONSTRAINT ck_risk_rule_sets_when_counters_unavailable CHECK (when_counters_unavailable IN ('ALLOW', 'REVIEW'))
    `);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS risk_decisions (
        id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        payment_transaction_id uuid NULL,
        source_bounded_context text NOT NULL,
        source_transaction_id text NOT NULL,
        action text NOT NULL,
        rules_hit jsonb NOT NULL,
        rule_set_version integer NOT NULL,
        counters_unavailable boolean NOT NULL DEFAULT false,
        amount bigint NOT NULL,
        currency char(3) NOT NULL,
        customer_ref text NULL,
        client_ip inet NULL,
        decided_at timestamptz NOT NULL,
        review_decision text NULL,
        reviewed_by text NULL,
        review_note text NULL,
        reviewed_at timestamptz NULL,
        CONSTRAINT pk_risk_decisions PRIMARY KEY (id),
        CONSTRAINT ck_risk_decisions_action CHECK (action IN ('ALLOW', 'REVIEW', 'BLOCK')),
        CONSTRAINT ck_risk_decisions_rules_hit CHECK (jsonb_typeof(rules_hit) = 'array'),
        CONSTRAINT ck_risk_decisions_payment CHECK ((action = 'BLOCK') = (payment_transaction_id IS NULL)),
        CONSTRAINT ck_risk_decisions_review CHECK (
          (review_decision IS NULL AND reviewed_at IS NULL)
          OR (action = 'REVIEW' AND review_decision IN ('APPROVE', 'REJECT') AND reviewed_at IS NOT NULL)
        )
      )
    `);
    await queryRunner.query(`
      CREATE UNIQUE INDEX IF NOT EXISTS uq_risk_decisions_payment
        ON risk_decisions (tenant_id, payment_transaction_id)
        WHERE payment_transaction_id IS NOT NULL
    `);
    await queryRunner.query(`
      CREATE INDEX IF NOT EXISTS ix_risk_decisions_tenant_decided ON risk_decisions (tenant_id, decided_at)
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS risk_decisions`);
    await queryRunner.query(`ALTER TABLE risk_rule_sets DROP COLUMN IF EXISTS when_counters_unavailable`);
    await queryRunner.query(`DROP INDEX IF EXISTS ix_payment_transactions_pending_review`);
    await queryRunner.query(`ALTER TABLE payment_transactions DROP CONSTRAINT ck_payment_transactions_status`);
    await queryRunner.query(`
      ALTER TABLE payment_transactions ADD CONSTRAINT ck_payment_transactions_status CHECK (
        status IN ('PENDING', 'PROCESSING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED', 'PARTIALLY_REFUNDED', 'REFUNDED')
      ) NOT VALID
    `);
  }
}
