const MAX_CELL = 60;

/** A table's column: its title and how a row shows in it. */
export type Column<R> = readonly [title: string, value: (row: R) => unknown];

export function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** Prints a value as indented JSON, for scripts (`--json`). */
export function printJson(value: unknown): void {
  print(JSON.stringify(value, null, 2));
}

function cell(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (value instanceof Date)
    text = value
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z');
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value as string | number | boolean);
  text = text.replace(/\s+/g, ' ');
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}

/** Prints rows as an aligned table under their column titles. */
export function printTable<R>(columns: readonly Column<R>[], rows: readonly R[]): void {
  if (rows.length === 0) {
    print('(none)');
    return;
  }
  const cells = rows.map((row) => columns.map(([, value]) => cell(value(row))));
  const widths = columns.map(([title], i) => Math.max(title.length, ...cells.map((line) => line[i]?.length ?? 0)));
  const line = (values: readonly string[]): string =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  print(line(columns.map(([title]) => title)));
  print(line(widths.map((w) => '-'.repeat(w))));
  for (const values of cells) print(line(values));
}

/** Prints rows as a table, or as JSON when `json` is set. */
export function printRows<R>(columns: readonly Column<R>[], rows: readonly R[], json: boolean | undefined): void {
  if (json) printJson(rows);
  else printTable(columns, rows);
}
