import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1732320000000 implements MigrationInterface {
  name = 'InitialSchema1732320000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // ---------------------------------------------------------------- payment_gateway_configurations
    await queryRunner.query(`
      CREATE TABLE payment_gateway_configurations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        gateway_type text NOT NULL,
        name text NOT NULL,
        configuration_details jsonb NOT NULL,
        merchant_id text NOT NULL,
        base_url text NULL,
        supported_payment_methods text[] NOT NULL,
        is_active boolean NOT NULL DEFAULT true,
        is_default boolean NOT NULL DEFAULT false,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz NULL,
        CONSTRAINT pk_payment_gateway_configurations PRIMARY KEY (id),
        CONSTRAINT uq_payment_gateway_configurations_tenant_name UNIQUE (tenant_id, name),
        CONSTRAINT ck_payment_gateway_configurations_gateway_type CHECK (gateway_type IN ('VNPAY', 'MOMO', 'ZALOPAY')),
        CONSTRAINT ck_payment_gateway_configurations_payment_methods CHECK (
          supported_payment_methods
            <@ ARRAY['E_WALLET', 'ATM_CARD', 'INTERNATIONAL_CARD', 'QR_CODE', 'BANK_TRANSFER']::text[]
        )
      )
    `);
    await queryRunner.query(`
      COMMENT ON COLUMN payment_gateway_configurations.configuration_details IS
        'Gateway credentials, encrypted by the application with AES-256-GCM (never plaintext). '
        'Envelope: key id (for rotation), iv, auth tag, ciphertext.'
    `);
    await queryRunner.query(`
      COMMENT ON COLUMN payment_gateway_configurations.merchant_id IS
        'Public merchant identifier used to route webhooks: VNPay tmnCode, MoMo partnerCode, ZaloPay appId.'
    `);
    await queryRunner.query(`
      CREATE UNIQUE INDEX uq_payment_gateway_configurations_tenant_default
        ON payment_gateway_configurations (tenant_id)
        WHERE is_default AND deleted_at IS NULL
    `);
    await queryRunner.query(`
      CREATE INDEX ix_payment_gateway_configurations_gateway_merchant
        ON payment_gateway_configurations (gateway_type, merchant_id)
    `);

    // ---------------------------------------------------------------- payment_transactions
    await queryRunner.query(`
      CREATE TABLE payment_transactions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        transaction_type text NOT NULL DEFAULT 'PAYMENT',
        amount bigint NOT NULL,
        currency char(3) NOT NULL,
        payment_method_type text NOT NULL,
        status text NOT NULL DEFAULT 'PENDING',
        initiated_by_user_id text NULL,
        source_bounded_context text NOT NULL,
        source_transaction_id text NOT NULL,
        payment_gateway_id uuid NULL,
        gateway_type text NULL,
        gateway_reference text NULL,
        gateway_transaction_id text NULL,
        description text NULL,
        return_url text NULL,
        payment_url text NULL,
        expires_at timestamptz NULL,
        refunded_amount bigint NOT NULL DEFAULT 0,
        late_capture boolean NOT NULL DEFAULT false,
        metadata jsonb NULL,
        failure_code text NULL,
        failure_reason text NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz NULL,
        CONSTRAINT pk_payment_transactions PRIMARY KEY (id),
        CONSTRAINT fk_payment_transactions_gateway FOREIGN KEY (payment_gateway_id)
          REFERENCES payment_gateway_configurations (id),
        CONSTRAINT ck_payment_transactions_transaction_type CHECK (transaction_type IN ('PAYMENT')),
        CONSTRAINT ck_payment_transactions_amount CHECK (amount > 0),
        CONSTRAINT ck_payment_transactions_currency CHECK (currency ~ '^[A-Z]{3}$'),
        CONSTRAINT ck_payment_transactions_payment_method_type CHECK (
          payment_method_type IN ('E_WALLET', 'ATM_CARD', 'INTERNATIONAL_CARD', 'QR_CODE', 'BANK_TRANSFER')
        ),
        CONSTRAINT ck_payment_transactions_status CHECK (
          status IN (
            'PENDING', 'PROCESSING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED', 'PARTIALLY_REFUNDED', 'REFUNDED'
          )
        ),
        CONSTRAINT ck_payment_transactions_gateway_type CHECK (gateway_type IN ('VNPAY', 'MOMO', 'ZALOPAY')),
        CONSTRAINT ck_payment_transactions_refunded_amount CHECK (refunded_amount >= 0 AND refunded_amount <= amount)
      )
    `);
    await queryRunner.query(`
      CREATE INDEX ix_payment_transactions_tenant_created
        ON payment_transactions (tenant_id, created_at DESC, id DESC)
    `);
    await queryRunner.query(`
      CREATE INDEX ix_payment_transactions_tenant_status_created
        ON payment_transactions (tenant_id, status, created_at DESC)
    `);
    await queryRunner.query(`
      CREATE INDEX ix_payment_transactions_source
        ON payment_transactions (source_bounded_context, source_transaction_id)
    `);
    // One live payment per source: a FAILED/CANCELLED/EXPIRED payment frees the source for a retry.
    // Late captures are excluded too: when a failed payment is later reported paid, it must be able to move to
    // SUCCEEDED even though a retry for the same source already exists (money moved; never drop it).
    await queryRunner.query(`
      CREATE UNIQUE INDEX uq_payment_transactions_tenant_source_active
        ON payment_transactions (tenant_id, source_bounded_context, source_transaction_id)
        WHERE status NOT IN ('FAILED', 'CANCELLED', 'EXPIRED') AND NOT late_capture
    `);
    await queryRunner.query(`
      CREATE INDEX ix_payment_transactions_gateway_txn
        ON payment_transactions (payment_gateway_id, gateway_transaction_id)
    `);
    await queryRunner.query(`
      CREATE UNIQUE INDEX uq_payment_transactions_gateway_reference
        ON payment_transactions (gateway_type, gateway_reference)
        WHERE gateway_reference IS NOT NULL
    `);
    // Small by construction: only in-flight payments, scanned by the stuck-payment sync job.
    await queryRunner.query(`
      CREATE INDEX ix_payment_transactions_in_flight
        ON payment_transactions (status, updated_at)
        WHERE status IN ('PENDING', 'PROCESSING')
    `);

    // ---------------------------------------------------------------- payment_attempts
    // UNIQUE (payment_transaction_id, attempt_number) also serves lookups by payment_transaction_id,
    // so no separate single-column index is created.
    await queryRunner.query(`
      CREATE TABLE payment_attempts (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        payment_transaction_id uuid NOT NULL,
        attempt_number integer NOT NULL,
        gateway_type text NOT NULL,
        gateway_request_id text NOT NULL,
        status text NOT NULL DEFAULT 'PENDING',
        gateway_response jsonb NULL,
        failure_reason text NULL,
        failure_code text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz NULL,
        CONSTRAINT pk_payment_attempts PRIMARY KEY (id),
        CONSTRAINT fk_payment_attempts_transaction FOREIGN KEY (payment_transaction_id)
          REFERENCES payment_transactions (id) ON DELETE CASCADE,
        CONSTRAINT uq_payment_attempts_transaction_attempt UNIQUE (payment_transaction_id, attempt_number),
        CONSTRAINT ck_payment_attempts_attempt_number CHECK (attempt_number > 0),
        CONSTRAINT ck_payment_attempts_gateway_type CHECK (gateway_type IN ('VNPAY', 'MOMO', 'ZALOPAY')),
        CONSTRAINT ck_payment_attempts_status CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT'))
      )
    `);

    // ---------------------------------------------------------------- refunds
    await queryRunner.query(`
      CREATE TABLE refunds (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        payment_transaction_id uuid NOT NULL,
        amount bigint NOT NULL,
        currency char(3) NOT NULL,
        status text NOT NULL DEFAULT 'REQUESTED',
        reason text NULL,
        source_refund_id text NULL,
        initiated_by_user_id text NULL,
        refund_date timestamptz NULL,
        gateway_refund_id text NULL,
        gateway_request_id text NOT NULL,
        gateway_response jsonb NULL,
        failure_reason text NULL,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_refunds PRIMARY KEY (id),
        CONSTRAINT fk_refunds_transaction FOREIGN KEY (payment_transaction_id)
          REFERENCES payment_transactions (id) ON DELETE CASCADE,
        CONSTRAINT uq_refunds_gateway_request_id UNIQUE (gateway_request_id),
        CONSTRAINT ck_refunds_amount CHECK (amount > 0),
        CONSTRAINT ck_refunds_currency CHECK (currency ~ '^[A-Z]{3}$'),
        CONSTRAINT ck_refunds_status CHECK (status IN ('REQUESTED', 'PROCESSING', 'SUCCEEDED', 'FAILED'))
      )
    `);
    await queryRunner.query(`
      CREATE INDEX ix_refunds_payment_transaction
        ON refunds (payment_transaction_id)
    `);
    await queryRunner.query(`
      CREATE INDEX ix_refunds_tenant_created
        ON refunds (tenant_id, created_at DESC)
    `);
    // A caller's retry of the same refund (same sourceRefundId) must not create a second refund.
    await queryRunner.query(`
      CREATE UNIQUE INDEX uq_refunds_tenant_transaction_source_refund
        ON refunds (tenant_id, payment_transaction_id, source_refund_id)
        WHERE source_refund_id IS NOT NULL
    `);

    // ---------------------------------------------------------------- outbox_events
    await queryRunner.query(`
      CREATE FUNCTION ppm_outbox_notify() RETURNS trigger
        LANGUAGE plpgsql
      AS $$
      BEGIN
        PERFORM pg_notify('ppm_outbox', '');
        RETURN NULL;
      END;
      $$
    `);
    // position only breaks ties within one aggregate; sequence values commit out of order, so it is never a
    // relay cursor (reliability notes: never poll with id > last_seen).
    await queryRunner.query(`
      CREATE TABLE outbox_events (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        position bigserial NOT NULL,
        tenant_id uuid NULL,
        aggregate_type text NOT NULL,
        aggregate_id uuid NOT NULL,
        aggregate_version integer NOT NULL,
        event_type text NOT NULL,
        payload jsonb NOT NULL,
        trace_id text NULL,
        status text NOT NULL DEFAULT 'PENDING',
        attempts integer NOT NULL DEFAULT 0,
        last_error text NULL,
        locked_until timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz NULL,
        CONSTRAINT pk_outbox_events PRIMARY KEY (id),
        CONSTRAINT ck_outbox_events_status CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
        CONSTRAINT ck_outbox_events_sent CHECK (status <> 'SENT' OR sent_at IS NOT NULL)
      )
    `);
    await queryRunner.query(`
      COMMENT ON COLUMN outbox_events.id IS 'Event id: the envelope id and the consumers'' dedup key.'
    `);
    await queryRunner.query(`
      COMMENT ON COLUMN outbox_events.sent_at IS
        'Set only after the broker confirmed the publish and did not return it. sent_at IS NULL = still to publish.'
    `);
    await queryRunner.query(`
      CREATE INDEX ix_outbox_events_unsent
        ON outbox_events (created_at, position)
        WHERE sent_at IS NULL
    `);
    await queryRunner.query(`
      CREATE INDEX ix_outbox_events_aggregate
        ON outbox_events (aggregate_id, aggregate_version)
    `);
    await queryRunner.query(`
      CREATE INDEX ix_outbox_events_sent_at
        ON outbox_events (sent_at)
        WHERE sent_at IS NOT NULL
    `);
    // Per statement, empty payload: a wake-up hint for the relay, not a work list. Identical notifications are
    // folded into one per transaction, so a burst of inserts costs one NOTIFY.
    await queryRunner.query(`
      CREATE TRIGGER tg_outbox_events_notify
        AFTER INSERT ON outbox_events
        FOR EACH STATEMENT
        EXECUTE FUNCTION ppm_outbox_notify()
    `);

    // ---------------------------------------------------------------- inbox_messages
    await queryRunner.query(`
      CREATE TABLE inbox_messages (
        consumer text NOT NULL,
        message_id text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_inbox_messages PRIMARY KEY (consumer, message_id)
      )
    `);
    await queryRunner.query(`
      CREATE INDEX ix_inbox_messages_received
        ON inbox_messages (received_at)
    `);

    // ---------------------------------------------------------------- webhook_events
    // Not unique on dedup_key: every received copy is stored as evidence; dedup happens when applying.
    await queryRunner.query(`
      CREATE TABLE webhook_events (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        gateway_type text NOT NULL,
        tenant_id uuid NULL,
        payment_gateway_id uuid NULL,
        dedup_key text NOT NULL,
        http_method text NOT NULL,
        raw_query text NULL,
        raw_body text NULL,
        headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        source_ip text NULL,
        verification text NOT NULL,
        processing_status text NOT NULL DEFAULT 'PENDING',
        outcome text NULL,
        reply_code text NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NULL,
        last_error text NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz NULL,
        CONSTRAINT pk_webhook_events PRIMARY KEY (id),
        CONSTRAINT ck_webhook_events_gateway_type CHECK (gateway_type IN ('VNPAY', 'MOMO', 'ZALOPAY')),
        CONSTRAINT ck_webhook_events_verification CHECK (
          verification IN ('VERIFIED', 'BAD_SIGNATURE', 'MALFORMED', 'UNKNOWN_MERCHANT')
        ),
        CONSTRAINT ck_webhook_events_processing_status CHECK (
          processing_status IN ('PENDING', 'APPLIED', 'DUPLICATE', 'REJECTED', 'FAILED')
        )
      )
    `);
    await queryRunner.query(`
      CREATE INDEX ix_webhook_events_gateway_dedup
        ON webhook_events (gateway_type, dedup_key)
    `);
    await queryRunner.query(`
      CREATE INDEX ix_webhook_events_retry
        ON webhook_events (next_attempt_at)
        WHERE processing_status IN ('PENDING', 'FAILED')
    `);
    await queryRunner.query(`
      CREATE INDEX ix_webhook_events_tenant_received
        ON webhook_events (tenant_id, received_at DESC)
    `);

    // ---------------------------------------------------------------- idempotency_keys
    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        tenant_id uuid NOT NULL,
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        status text NOT NULL DEFAULT 'IN_PROGRESS',
        response jsonb NULL,
        locked_until timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz NULL,
        expires_at timestamptz NOT NULL,
        CONSTRAINT pk_idempotency_keys PRIMARY KEY (tenant_id, scope, key),
        CONSTRAINT ck_idempotency_keys_status CHECK (status IN ('IN_PROGRESS', 'COMPLETED'))
      )
    `);
    await queryRunner.query(`
      CREATE INDEX ix_idempotency_keys_expires
        ON idempotency_keys (expires_at)
    `);

    // ---------------------------------------------------------------- reconciliation_runs
    await queryRunner.query(`
      CREATE TABLE reconciliation_runs (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        payment_gateway_id uuid NOT NULL,
        gateway_type text NOT NULL,
        business_date date NOT NULL,
        status text NOT NULL DEFAULT 'RUNNING',
        source text NOT NULL,
        superseded_by uuid NULL,
        total_lines integer NOT NULL DEFAULT 0,
        matched integer NOT NULL DEFAULT 0,
        mismatched integer NOT NULL DEFAULT 0,
        settlement_total bigint NOT NULL DEFAULT 0,
        ppm_total bigint NOT NULL DEFAULT 0,
        fee_total bigint NOT NULL DEFAULT 0,
        started_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz NULL,
        error text NULL,
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT pk_reconciliation_runs PRIMARY KEY (id),
        CONSTRAINT fk_reconciliation_runs_gateway FOREIGN KEY (payment_gateway_id)
          REFERENCES payment_gateway_configurations (id),
        CONSTRAINT fk_reconciliation_runs_superseded_by FOREIGN KEY (superseded_by)
          REFERENCES reconciliation_runs (id) ON DELETE SET NULL,
        CONSTRAINT ck_reconciliation_runs_gateway_type CHECK (gateway_type IN ('VNPAY', 'MOMO', 'ZALOPAY')),
        CONSTRAINT ck_reconciliation_runs_status CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED', 'SUPERSEDED'))
      )
    `);
    await queryRunner.query(`
      CREATE INDEX ix_reconciliation_runs_tenant_gateway_date
        ON reconciliation_runs (tenant_id, payment_gateway_id, business_date)
    `);

    // ---------------------------------------------------------------- reconciliation_items
    await queryRunner.query(`
      CREATE TABLE reconciliation_items (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        run_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        line_number integer NULL,
        outcome text NOT NULL,
        payment_transaction_id uuid NULL,
        refund_id uuid NULL,
        gateway_transaction_id text NULL,
        gateway_reference text NULL,
        settlement_amount bigint NULL,
        ppm_amount bigint NULL,
        fee bigint NULL,
        net_amount bigint NULL,
        currency char(3) NULL,
        settlement_status text NULL,
        ppm_status text NULL,
        details jsonb NULL,
        resolution_status text NOT NULL DEFAULT 'OPEN',
        resolved_by text NULL,
        resolution_note text NULL,
        resolved_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_reconciliation_items PRIMARY KEY (id),
        CONSTRAINT fk_reconciliation_items_run FOREIGN KEY (run_id)
          REFERENCES reconciliation_runs (id) ON DELETE CASCADE,
        CONSTRAINT ck_reconciliation_items_outcome CHECK (
          outcome IN (
            'MATCHED', 'MISSING_IN_SETTLEMENT', 'MISSING_IN_PPM', 'AMOUNT_MISMATCH', 'STATUS_MISMATCH',
            'REFUND_MISMATCH', 'LATE_CAPTURE'
          )
        ),
        CONSTRAINT ck_reconciliation_items_currency CHECK (currency ~ '^[A-Z]{3}$'),
        CONSTRAINT ck_reconciliation_items_resolution_status CHECK (resolution_status IN ('OPEN', 'RESOLVED'))
      )
    `);
    await queryRunner.query(`
      CREATE INDEX ix_reconciliation_items_run
        ON reconciliation_items (run_id)
    `);
    await queryRunner.query(`
      CREATE INDEX ix_reconciliation_items_run_mismatch
        ON reconciliation_items (run_id)
        WHERE outcome <> 'MATCHED'
    `);

    // ---------------------------------------------------------------- job_runs / job_locks
    await queryRunner.query(`
      CREATE TABLE job_runs (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        job_name text NOT NULL,
        instance_id text NOT NULL,
        status text NOT NULL DEFAULT 'RUNNING',
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz NULL,
        counts jsonb NULL,
        error text NULL,
        CONSTRAINT pk_job_runs PRIMARY KEY (id),
        CONSTRAINT ck_job_runs_status CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED'))
      )
    `);
    await queryRunner.query(`
      CREATE INDEX ix_job_runs_job_started
        ON job_runs (job_name, started_at DESC)
    `);
    // One lease row per job: the holder extends locked_until; anyone may take it over once it has passed.
    await queryRunner.query(`
      CREATE TABLE job_locks (
        job_name text NOT NULL,
        locked_by text NOT NULL,
        locked_until timestamptz NOT NULL,
        CONSTRAINT pk_job_locks PRIMARY KEY (job_name)
      )
    `);

    // ---------------------------------------------------------------- audit_log
    await queryRunner.query(`
      CREATE TABLE audit_log (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        tenant_id uuid NULL,
        actor_type text NOT NULL,
        actor_id text NULL,
        action text NOT NULL,
        resource_type text NOT NULL,
        resource_id text NULL,
        trace_id text NULL,
        details jsonb NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_audit_log PRIMARY KEY (id),
        CONSTRAINT ck_audit_log_actor_type CHECK (actor_type IN ('USER', 'SERVICE', 'SYSTEM', 'GATEWAY'))
      )
    `);
    await queryRunner.query(`
      CREATE INDEX ix_audit_log_tenant_created
        ON audit_log (tenant_id, created_at DESC)
    `);
    await queryRunner.query(`
      CREATE INDEX ix_audit_log_resource
        ON audit_log (resource_type, resource_id)
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Indexes, constraints, comments and the position sequence go with their tables.
    await queryRunner.query(`DROP TABLE audit_log`);
    await queryRunner.query(`DROP TABLE job_locks`);
    await queryRunner.query(`DROP TABLE job_runs`);
    await queryRunner.query(`DROP TABLE reconciliation_items`);
    await queryRunner.query(`DROP TABLE reconciliation_runs`);
    await queryRunner.query(`DROP TABLE idempotency_keys`);
    await queryRunner.query(`DROP TABLE webhook_events`);
    await queryRunner.query(`DROP TABLE inbox_messages`);
    await queryRunner.query(`DROP TRIGGER tg_outbox_events_notify ON outbox_events`);
    await queryRunner.query(`DROP TABLE outbox_events`);
    await queryRunner.query(`DROP FUNCTION ppm_outbox_notify()`);
    await queryRunner.query(`DROP TABLE refunds`);
    await queryRunner.query(`DROP TABLE payment_attempts`);
    await queryRunner.query(`DROP TABLE payment_transactions`);
    await queryRunner.query(`DROP TABLE payment_gateway_configurations`);
  }
}
