import { CANONICAL_HEADER } from './settlement-layout';
import type { SettlementLine } from './settlement-parser';

/** The canonical format's header row, ending in a newline. */
export function canonicalCsvHeader(): string {
  return `${CANONICAL_HEADER.join(',')}\n`;
}

/** One line in the canonical format (amounts in minor units), ending in a newline; cells quoted when needed. */
export function canonicalCsvLine(line: Omit<SettlementLine, 'lineNumber'>): string {
  const cells = [
    line.kind === 'PAYMENT' ? 'payment' : 'refund',
    line.reference,
    line.gatewayTransactionId,
    String(line.amount),
    String(line.fee),
    String(line.netAmount),
    line.currency ?? '',
    line.settled ? 'SUCCEEDED' : line.status,
    line.settledAt?.toISOString() ?? '',
  ];
  return `${cells.map(csvCell).join(',')}\n`;
}

/** RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled. */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
