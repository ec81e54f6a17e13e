import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each tenant's risk rule sets, one row per version: a change adds the next version and never edits one, so the
 * version a payment was decided under can always be read back. The newest version is the one in force; the unique
 * key makes two concurrent changes of one tenant take different versions or fail.
 */
export class RiskRuleSets1795900000000 implements MigrationInterface {
  name = 'RiskRuleSets1795900000000';

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
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS risk_rule_sets`);
  }
}
