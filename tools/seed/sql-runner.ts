/** One database connection (a pg Client, a TypeORM QueryRunner): the batches run in transactions on it. */
export interface SqlRunner {
  query(text: string, params?: unknown[]): Promise<unknown>;
}
