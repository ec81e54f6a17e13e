import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each tenant's risk rule sets, one row per version: a change adds the next version and never edits one, so the
 * version a payment was decided under can always be read back. The newest version is the one in force; the unique
 * key makes two concurrent changes of one tenant take different versions or fail.
 *
 * Who pays, on the payment: the customer's address (`inet`, either family) and the caller's own customer id, both
 * optional, as the risk rules key on them.
 */
export class RiskRuleSetsAndWhoPays1795900000000 implements MigrationInterface {
  name = 'RiskRuleSetsAndWhoPays1795900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS risk_rule_sets (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        version integer NOT NULL,
        rules jsonb NOT NULL,
        created_by text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_risk_rule_sets PRIMARY KEY (id),
        CONSTRAINT uq_risk_rule_sets_tenant_version UNIQUE (tenant_id, version),
        CONSTRAINT ck_risk_rule_sets_version CHECK (version > 0),
        CONSTRAINT ck_risk_rule_sets_rules CHECK (jsonb_typeof(rules) = 'array')
      )
    `);
    await queryRunner.query(`
      ALTER TABLE payment_transactions
        ADD COLUMN IF NOT EXISTS client_ip inet NULL,
        ADD COLUMN IF NOT EXISTS customer_ref text NULL
    `);
    // NOT VALID: checked on every write from now on, without scanning the table under the exclusive lock this
    // migration holds; every existing row has NULL there, which passes.
    await queryRunner.query(`
      ALTER TABLE payment_transactions
        ADD CONSTRAINT ck_payment_transactions_customer_ref CHECK (char_length(customer_ref) BETWEEN 1 AND 128) NOT VALID
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE payment_transactions DROP COLUMN IF EXISTS client_ip, DROP COLUMN IF EXISTS customer_ref`,
    );
    await queryRunner.query(`DROP TABLE IF EXISTS risk_rule_sets`);
  }
}
