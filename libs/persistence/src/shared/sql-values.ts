/**
 * The `($1, $2, …), ($n, …)` list of a multi-row INSERT for `rowCount` rows of `columnCount` parameters each,
 * numbered from `$first`.
 */
export function valuesPlaceholders(rowCount: number, columnCount: number, first = 1): string {
  return Array.from({ length: rowCount }, (_, row) => {
    const base = first + row * columnCount;
    return `(${Array.from({ length: columnCount }, (_, column) => `$${base + column}`).join(', ')})`;
  }).join(', ');
}
