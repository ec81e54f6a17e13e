import type { SqlRunner } from './sql-runner';

/** A time in microseconds since the epoch as Postgres reads it (JavaScript dates stop at milliseconds). */
export function timestamp(micros: number): string {
  const millis = Math.floor(micros / 1000);
  return `${new Date(millis).toISOString().slice(0, 19)}.${String(micros % 1_000_000).padStart(6, '0')}Z`;
}

/** A column: its name, the Postgres type of its values in the parameter array, and an optional cast per row. */
export type Column = readonly [name: string, arrayType: string, rowCast?: string];

/** Column arrays of one table, filled row by row and inserted with one `unnest`: one statement per batch. */
export class ColumnBatch {
  private readonly values: unknown[][];

  constructor(private readonly columns: readonly Column[]) {
    this.values = columns.map(() => []);
  }

  get size(): number {
    return this.values[0].length;
  }

  add(row: readonly unknown[]): void {
    row.forEach((value, i) => this.values[i].push(value));
  }

  async insert(db: SqlRunner, table: string): Promise<void> {
    if (this.size === 0) return;
    const names = this.columns.map(([name]) => name).join(', ');
    const selected = this.columns.map(([, , cast], i) => (cast ? `c${i}::${cast}` : `c${i}`)).join(', ');
    const arrays = this.columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
    const aliases = this.columns.map((_, i) => `c${i}`).join(', ');
    await db.query(
      `INSERT INTO ${table} (${names}) SELECT ${selected} FROM unnest(${arrays}) AS u(${aliases})`,
      this.values,
    );
    this.values.forEach((column) => (column.length = 0));
  }
}
