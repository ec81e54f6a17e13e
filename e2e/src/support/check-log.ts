/**
 * What an end-to-end spec checked, line by line, printed once at the end of the file so the run's output says what
 * was proven (and with which counts), not only that it passed.
 */
export class CheckLog {
  private readonly lines: string[] = [];

  constructor(private readonly title: string) {}

  /** Records one checked fact, e.g. "VNPAY: paid → SUCCEEDED, 1 ppm.payment.succeeded.v1, query agrees". */
  record(line: string): void {
    this.lines.push(line);
  }

  /** Writes the lines to stdout (not through jest's console, which would bury them in stack traces). */
  print(): void {
    const body = this.lines.length > 0 ? this.lines.map((line) => `  ✓ ${line}`).join('\n') : '  (nothing checked)';
    process.stdout.write(`\n[e2e] ${this.title}: checked\n${body}\n`);
  }
}
