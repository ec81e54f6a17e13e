/**
 * One CSV cell of an export that people open in spreadsheets (RFC 4180: quoted when it holds a comma, quote or
 * line break, quotes doubled). Text starting like a formula (`=`, `+`, `-`, `@`, tab, carriage return) gets a leading
 * apostrophe so a spreadsheet keeps it as text; numbers, negative ones included, stay numbers. Objects are written
 * as JSON, null and undefined as an empty cell.
 */
export function spreadsheetCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
