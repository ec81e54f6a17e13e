import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Merchant webhooks: tenants' endpoints, one durable delivery per (endpoint or callback URL, event), and every
 * attempt of it. The dispatcher claims due deliveries with FOR UPDATE SKIP LOCKED through the partial index on
 * pending ones, so delivered and failed rows (the bulk) never slow its scan.
 */
export class MerchantWebhooks1795894400000 implements MigrationInterface {
  name = 'MerchantWebhooks1795894400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE webhook_endpoints (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        url text NOT NULL,
        description text NULL,
        event_types text[] NULL,
        enabled boolean NOT NULL DEFAULT true,
        secret jsonb NOT NULL,
        previous_secret jsonb NULL,
        previous_secret_expires_at timestamptz NULL,
        failing_since timestamptz NULL,
        disabled_at timestamptz NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_webhook_endpoints PRIMARY KEY (id),
        CONSTRAINT ck_webhook_endpoints_previous_secret CHECK (
          (previous_secret IS NULL) = (previous_secret_expires_at IS NULL)
        )
      )
    `);
    await queryRunner.query(`
      COMMENT ON COLUMN webhook_endpoints.secret IS
        'The signing secret (whsec_…), sealed by the application with AES-256-GCM bound to the endpoint id.'
    `);
    await queryRunner.query(`
      COMMENT ON COLUMN webhook_endpoints.event_types IS 'Event types delivered to it; NULL: every type.'
    `);
    await queryRunner.query(`
      COMMENT ON COLUMN webhook_endpoints.failing_since IS
        'When the first of an unbroken run of failed attempts happened; NULL after any success.'
    `);
    await queryRunner.query(`CREATE INDEX ix_webhook_endpoints_tenant ON webhook_endpoints (tenant_id)`);

    await queryRunner.query(`
      CREATE TABLE webhook_deliveries (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        endpoint_id uuid NULL,
        target_url text NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'PENDING',
        attempt_count integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_webhook_deliveries PRIMARY KEY (id),
        CONSTRAINT fk_webhook_deliveries_endpoint FOREIGN KEY (endpoint_id)
          REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
        CONSTRAINT ck_webhook_deliveries_status CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
        CONSTRAINT ck_webhook_deliveries_target CHECK ((endpoint_id IS NULL) <> (target_url IS NULL)),
        CONSTRAINT ck_webhook_deliveries_schedule CHECK ((status = 'PENDING') = (next_attempt_at IS NOT NULL))
      )
    `);
    await queryRunner.query(`
      COMMENT ON COLUMN webhook_deliveries.target_url IS
        'A payment''s own callbackUrl, signed with its tenant''s endpoint secret; NULL for a delivery to an endpoint.'
    `);
    // A re-fanned event (a redelivered message) finds its delivery already there.
    await queryRunner.query(`
      CREATE UNIQUE INDEX uq_webhook_deliveries_endpoint_event ON webhook_deliveries (endpoint_id, event_id)
        WHERE endpoint_id IS NOT NULL
    `);
    await queryRunner.query(`
      CREATE UNIQUE INDEX uq_webhook_deliveries_target_event ON webhook_deliveries (tenant_id, target_url, event_id)
        WHERE target_url IS NOT NULL
    `);
    await queryRunner.query(`
      CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING'
    `);
    await queryRunner.query(`
      CREATE INDEX ix_webhook_deliveries_endpoint_created ON webhook_deliveries (endpoint_id, created_at)
        WHERE endpoint_id IS NOT NULL
    `);

    await queryRunner.query(`
      CREATE TABLE webhook_delivery_attempts (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        delivery_id uuid NOT NULL,
        attempted_at timestamptz NOT NULL,
        status_code integer NULL,
        latency_ms integer NOT NULL,
        error text NULL,
        response_excerpt text NULL,
        CONSTRAINT pk_webhook_delivery_attempts PRIMARY KEY (id),
        CONSTRAINT fk_webhook_delivery_attempts_delivery FOREIGN KEY (delivery_id)
          REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
        CONSTRAINT ck_webhook_delivery_attempts_excerpt CHECK (octet_length(response_excerpt) <= 1024)
      )
    `);
    await queryRunner.query(`
      CREATE INDEX ix_webhook_delivery_attempts_delivery ON webhook_delivery_attempts (delivery_id, attempted_at)
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS webhook_delivery_attempts`);
    await queryRunner.query(`DROP TABLE IF EXISTS webhook_deliveries`);
    await queryRunner.query(`DROP TABLE IF EXISTS webhook_endpoints`);
  }
}
