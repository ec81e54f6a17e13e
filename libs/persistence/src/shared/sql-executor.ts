/**
 * What runs a statement inside the caller's transaction: a TypeORM EntityManager or QueryRunner, or a plain `pg`
 * client (the ops CLI), so records written with a change need no particular driver.
 */
export interface SqlExecutor {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}
