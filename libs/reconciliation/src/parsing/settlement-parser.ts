import { failure, success, type Result } from '@ppm/domain';
import { parseGmt7Timestamp } from '@ppm/gateways';
import { csvRecords } from './csv-records';
import {
  REQUIRED_FIELDS,
  settlementLayoutFor,
  type LayoutOverrides,
  type SettlementField,
  type SettlementGateway,
  type SettlementLayout,
} from './settlement-layout';

/** A settlement line in PPM's terms: amounts in minor units, refunds as positive amounts with kind REFUND. */
export interface SettlementLine {
  lineNumber: number;
  kind: 'PAYMENT' | 'REFUND';
  /** The payment's gateway reference (TxnRef, orderId, app_trans_id), or the refund's own where the layout has one. */
  reference: string;
  /** The gateway's id of the payment, or of the refund on a refund line. */
  gatewayTransactionId: string;
  amount: number;
  fee: number;
  /** What the merchant receives for the line, as the file states it; else amount − fee (payment), −amount − fee (refund). */
  netAmount: number;
  currency: string | null;
  /** Whether the gateway reports the line as settled (its success status). */
  settled: boolean;
  /** The status as the file writes it. */
  status: string;
  settledAt: Date | null;
}

/** A line that could not be read, and why. Never dropped: the run reports every one. */
export interface RejectedLine {
  lineNumber: number;
  reason: string;
}

/** What parsing yields, line by line. */
export type ParsedSettlementLine = Result<SettlementLine, RejectedLine>;

/**
 * A file that cannot be read at all (no header, a required column missing). `message` is PPM's own words (the
 * run's error, which the tenant reads); `detail` quotes the file (the header as read), for the operators' log only.
 */
export class SettlementFormatError extends Error {
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'SettlementFormatError';
  }
}

const MINOR_UNITS = /^\d{1,18}$/;
const MAX_ID = 100;

/**
 * Parses a settlement file as it streams in (bounded memory whatever its size): the header picks the layout
 * (canonical or the gateway's, with the merchant's column overrides), then each line is yielded as a
 * `SettlementLine` or, when it cannot be read, as a rejection with its line number and reason.
 */
export async function* parseSettlement(
  chunks: AsyncIterable<string | Buffer>,
  gateway: SettlementGateway,
  overrides: LayoutOverrides = {},
): AsyncGenerator<ParsedSettlementLine> {
  let reader: LineReader | null = null;
  for await (const record of csvRecords(chunks)) {
    if (!reader) {
      reader = new LineReader(settlementLayoutFor(gateway, record.cells, overrides), record.cells);
      continue;
    }
    if (record.problem) {
      yield failure({ lineNumber: record.lineNumber, reason: record.problem });
      continue;
    }
    yield reader.read(record.lineNumber, record.cells);
  }
  if (!reader) throw new SettlementFormatError('the settlement file is empty: it has no header line');
}

class LineReader {
  private readonly index: Partial<Record<SettlementField, number>> = {};
  private readonly width: number;

  constructor(
    private readonly layout: SettlementLayout,
    header: readonly string[],
  ) {
    const names = header.map((name) => name.trim().replace(/^\uFEFF/, ''));
    for (const [field, column] of Object.entries(layout.columns) as [SettlementField, string][]) {
      const at = names.indexOf(column);
      if (at >= 0) this.index[field] = at;
    }
    const missing = REQUIRED_FIELDS.filter((field) => this.index[field] === undefined).map(
      (field) => layout.columns[field] ?? field,
    );
    if (missing.length > 0) {
      throw new SettlementFormatError(
        `line 1: the ${layout.name} settlement header lacks the column(s) ${missing.join(', ')}`,
        `header: ${names.join(',').slice(0, 500)}`,
      );
    }
    this.width = names.length;
  }

  read(lineNumber: number, cells: readonly string[]): ParsedSettlementLine {
    const reject = (reason: string): ParsedSettlementLine => failure({ lineNumber, reason });
    if (cells.length !== this.width) return reject(`expected ${this.width} cells, found ${cells.length}`);
    const cell = (field: SettlementField): string | undefined => {
      const at = this.index[field];
      return at === undefined ? undefined : (cells[at] ?? '').trim();
    };
    const { layout } = this;

    const type = cell('type') ?? '';
    const kind = layout.paymentTypes.includes(type) ? 'PAYMENT' : layout.refundTypes.includes(type) ? 'REFUND' : null;
    if (!kind) return reject(`unknown ${layout.columns.type} "${type}"`);

    const reference = this.reference(cell('reference') ?? '');
    if (reference === null) return reject(`${layout.columns.reference} names no payment`);
    if (reference.length === 0 || reference.length > MAX_ID) {
      return reject(`${layout.columns.reference} must be 1-${MAX_ID} characters`);
    }
    const gatewayTransactionId = cell('gatewayTransactionId') ?? '';
    if (gatewayTransactionId.length > MAX_ID || (kind === 'REFUND' && gatewayTransactionId.length === 0)) {
      return reject(`${layout.columns.gatewayTransactionId} must be 1-${MAX_ID} characters`);
    }

    const amount = this.minorUnits(cell('amount') ?? '');
    if (amount === null || amount === 0) {
      return reject(`${layout.columns.amount} must be a positive whole number of gateway units`);
    }
    const feeText = cell('fee') ?? '';
    const fee = feeText === '' ? 0 : this.minorUnits(feeText);
    if (fee === null) return reject(`${layout.columns.fee} must be a whole number of gateway units`);
    const gross = kind === 'PAYMENT' ? amount : -amount;
    const netText = cell('netAmount') ?? '';
    let netAmount = gross - fee;
    if (netText !== '') {
      const stated = this.minorUnits(netText.replace(/^-/, ''));
      if (stated === null) return reject(`${layout.columns.netAmount} must be a whole number of gateway units`);
      // What the gateway says it pays is recorded as stated (a refund's net is negative whatever sign the file
      // writes); a net that disagrees with amount − fee shows in the totals, and the amount in the comparison.
      netAmount = kind === 'PAYMENT' && !netText.startsWith('-') ? stated : -stated;
    }

    const status = cell('status') ?? layout.successStatuses[0] ?? '';
    const settledAtText = cell('settledAt') ?? '';
    const settledAt = settledAtText === '' ? null : this.time(settledAtText);
    if (settledAt === undefined) return reject(`${layout.columns.settledAt} "${settledAtText}" is not a time`);
    const currency = cell('currency') || null;
    if (currency !== null && !/^[A-Z]{3}$/.test(currency)) return reject(`currency "${currency}" is not ISO 4217`);

    return success({
      lineNumber,
      kind,
      reference,
      gatewayTransactionId,
      amount,
      fee,
      netAmount,
      currency,
      settled: layout.successStatuses.includes(status),
      status,
      settledAt,
    });
  }

  // The reference as the layout writes it: the whole cell, or what its pattern finds inside free text.
  private reference(text: string): string | null {
    const pattern = this.layout.referencePattern;
    return pattern ? (pattern.exec(text.toUpperCase())?.[0] ?? null) : text;
  }

  /** Gateway units → minor units, or null when the text is not a whole number of minor units. */
  private minorUnits(text: string): number | null {
    if (!MINOR_UNITS.test(text)) return null;
    const units = Number(text);
    const per = this.layout.amountUnitsPerMinor;
    if (!Number.isSafeInteger(units) || units % per !== 0) return null;
    return units / per;
  }

  /** The instant a cell names, or undefined when it names none. */
  private time(text: string): Date | undefined {
    let millis: number;
    switch (this.layout.timeFormat) {
      case 'epoch-ms':
        millis = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
        break;
      case 'gmt7-compact':
        millis = parseGmt7Timestamp(text)?.getTime() ?? NaN;
        break;
      case 'iso':
        millis = Date.parse(text);
        break;
    }
    return Number.isFinite(millis) ? new Date(millis) : undefined;
  }
}
