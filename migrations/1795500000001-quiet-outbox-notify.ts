import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A transaction may silence the outbox's NOTIFY by setting `ppm.outbox_notify` to `off` (SET LOCAL or
 * `set_config(…, true)`): a writer whose relay runs in its own process wakes it directly after the commit.
 *
 * Why: at commit, a transaction that issued NOTIFY takes one database-wide lock (an AccessExclusiveLock on the
 * database object, seen in pg_locks as `object | pg_database`) and holds it through its WAL flush, so every
 * writing transaction committed one after another, one fsync each, instead of sharing group commits. Under
 * load the payment writes spent most of their time waiting for that lock. Writers without a relay in process
 * (the worker, operator tools) keep notifying.
 */
export class QuietOutboxNotify1795500000001 implements MigrationInterface {
  name = 'QuietOutboxNotify1795500000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION ppm_outbox_notify() RETURNS trigger
        LANGUAGE plpgsql
      AS $$
      BEGIN
        IF current_setting('ppm.outbox_notify', true) IS DISTINCT FROM 'off' THEN
          PERFORM pg_notify('ppm_outbox', '');
        END IF;
        RETURN NULL;
      END;
      $$
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION ppm_outbox_notify() RETURNS trigger
        LANGUAGE plpgsql
      AS $$
      BEGIN
        PERFORM pg_notify('ppm_outbox', '');
        RETURN NULL;
      END;
      $$
    `);
  }
}
