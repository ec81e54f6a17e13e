import type { QueryRunner } from 'typeorm';

/**
 * Builds an index CONCURRENTLY, so writes to its table go on meanwhile (the migration must set
 * `transaction = false`: such a build cannot run in a transaction). A build that failed half-way leaves an invalid
 * index under the name; it is dropped before trying again.
 */
export async function createIndexConcurrently(queryRunner: QueryRunner, name: string, on: string): Promise<void> {
  const invalid = (await queryRunner.query(
    `SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = $1 AND NOT i.indisvalid`,
    [name],
  )) as unknown[];
  if (invalid.length > 0) await queryRunner.query(`DROP INDEX CONCURRENTLY ${name}`);
  await queryRunner.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS ${name} ON ${on}`);
}
