/** The sandbox's merchant fee on a payment: 1.1 % of the amount, rounded down to the VND. Refunds carry no fee. */
export function settlementFee(amount: number): number {
  return Math.floor((amount * 11) / 1000);
}

/** A settlement line with the instant it happened (lines are sorted by it). */
export interface SettlementLine {
  at: Date;
  cells: readonly (string | number)[];
}

/** CSV text: the header, then the lines in time order; cells quoted only when they need it. */
export function toCsv(header: readonly string[], lines: readonly SettlementLine[]): string {
  const rows = [...lines].sort((a, b) => a.at.getTime() - b.at.getTime()).map((line) => line.cells);
  return [header, ...rows].map((cells) => cells.map(csvCell).join(',')).join('\n') + '\n';
}

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
