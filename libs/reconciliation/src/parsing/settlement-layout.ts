import { VIETQR_PAYMENT_CODE, type GatewayType } from '@ppm/domain';

/** Gateways whose settlement files PPM reads: every gateway PPM speaks to. */
export type SettlementGateway = GatewayType;

/** The fields PPM reads from a settlement line, whatever the file calls its columns. */
export type SettlementField =
  'type' | 'reference' | 'gatewayTransactionId' | 'amount' | 'fee' | 'netAmount' | 'currency' | 'status' | 'settledAt';

/** How a layout writes times: epoch milliseconds, `yyyyMMddHHmmss` in GMT+7 (VNPay) or ISO 8601. */
export type SettlementTimeFormat = 'epoch-ms' | 'gmt7-compact' | 'iso';

/**
 * How to read one gateway's settlement file: which column holds each field (by header name, any order), the
 * gateway's amount unit, and the values that mean payment, refund and settled. A merchant whose file names its
 * columns differently passes `columns` overrides (see `settlementLayoutFor`).
 */
export interface SettlementLayout {
  name: string;
  columns: Partial<Record<SettlementField, string>>;
  /** Gateway amount units per minor unit of the currency (1 for VND amounts; 100 for VNPay-style ×100). */
  amountUnitsPerMinor: number;
  paymentTypes: readonly string[];
  refundTypes: readonly string[];
  successStatuses: readonly string[];
  timeFormat: SettlementTimeFormat;
  /**
   * When the reference is written inside free text (a bank statement's transfer content): the pattern that finds
   * it there, matched on the upper-cased text. A line whose text holds none names no payment and is rejected.
   */
  referencePattern?: RegExp;
}

/** Columns every layout must name: without them a line cannot be matched at all. */
export const REQUIRED_FIELDS: readonly SettlementField[] = ['type', 'reference', 'gatewayTransactionId', 'amount'];

/**
 * PPM's own settlement format, for gateways or merchants whose files are converted before import and for tests:
 * `type,reference,gateway_transaction_id,amount,fee,net_amount,currency,status,settled_at` with type `payment` or
 * `refund`, amounts in minor units, status `SUCCEEDED` (anything else: not settled), settled_at ISO 8601.
 */
export const CANONICAL_LAYOUT: SettlementLayout = {
  name: 'canonical',
  columns: {
    type: 'type',
    reference: 'reference',
    gatewayTransactionId: 'gateway_transaction_id',
    amount: 'amount',
    fee: 'fee',
    netAmount: 'net_amount',
    currency: 'currency',
    status: 'status',
    settledAt: 'settled_at',
  },
  amountUnitsPerMinor: 1,
  paymentTypes: ['payment'],
  refundTypes: ['refund'],
  successStatuses: ['SUCCEEDED'],
  timeFormat: 'iso',
};

/** The header row of the canonical format. */
export const CANONICAL_HEADER: readonly string[] = Object.values(CANONICAL_LAYOUT.columns);

/**
 * The layouts of the gateways' own files (as the sandbox exports them):
 * VNPay `TmnCode,TxnRef,TransactionNo,Amount,Fee,NetAmount,PayDate,BankCode,TransactionType,Status` (type 01
 * payment, 02/03 refund; a refund's TransactionNo is the refund's own), MoMo
 * `partnerCode,orderId,transId,amount,fee,netAmount,responseTime,type,resultCode` and ZaloPay
 * `app_id,app_trans_id,zp_trans_id,amount,fee,net_amount,server_time,type,status`. VietQR's is the bank statement
 * of the account as SePay exports its transactions, `id,transaction_date,account_number,transfer_type,amount,
 * content,reference_code` (`in` money received, `out` money sent; the payment code inside `content`; the bank's
 * `reference_code` is the transfer's id; times ISO 8601 with the bank's +07:00).
 */
export const GATEWAY_LAYOUTS: Readonly<Record<SettlementGateway, SettlementLayout>> = {
  VNPAY: {
    name: 'vnpay',
    columns: {
      type: 'TransactionType',
      reference: 'TxnRef',
      gatewayTransactionId: 'TransactionNo',
      amount: 'Amount',
      fee: 'Fee',
      netAmount: 'NetAmount',
      status: 'Status',
      settledAt: 'PayDate',
    },
    amountUnitsPerMinor: 1,
    paymentTypes: ['01'],
    refundTypes: ['02', '03'],
    successStatuses: ['00'],
    timeFormat: 'gmt7-compact',
  },
  MOMO: {
    name: 'momo',
    columns: {
      type: 'type',
      reference: 'orderId',
      gatewayTransactionId: 'transId',
      amount: 'amount',
      fee: 'fee',
      netAmount: 'netAmount',
      status: 'resultCode',
      settledAt: 'responseTime',
    },
    amountUnitsPerMinor: 1,
    paymentTypes: ['payment'],
    refundTypes: ['refund'],
    successStatuses: ['0', '9000'],
    timeFormat: 'epoch-ms',
  },
  ZALOPAY: {
    name: 'zalopay',
    columns: {
      type: 'type',
      reference: 'app_trans_id',
      gatewayTransactionId: 'zp_trans_id',
      amount: 'amount',
      fee: 'fee',
      netAmount: 'net_amount',
      status: 'status',
      settledAt: 'server_time',
    },
    amountUnitsPerMinor: 1,
    paymentTypes: ['payment'],
    refundTypes: ['refund'],
    successStatuses: ['1'],
    timeFormat: 'epoch-ms',
  },
  VIETQR: {
    name: 'vietqr',
    columns: {
      type: 'transfer_type',
      reference: 'content',
      gatewayTransactionId: 'reference_code',
      amount: 'amount',
      settledAt: 'transaction_date',
    },
    amountUnitsPerMinor: 1,
    paymentTypes: ['in'],
    refundTypes: ['out'],
    // A statement lists only transfers the bank booked: every line settled.
    successStatuses: ['booked'],
    timeFormat: 'iso',
    referencePattern: VIETQR_PAYMENT_CODE,
  },
};

/** A merchant's deviations from its gateway's layout: other column names, another amount unit. */
export interface LayoutOverrides {
  columns?: Partial<Record<SettlementField, string>>;
  amountUnitsPerMinor?: number;
}

/**
 * The layout to read a file with, from its header: the canonical format when the header is exactly PPM's, else the
 * gateway's layout with the merchant's overrides.
 */
export function settlementLayoutFor(
  gateway: SettlementGateway,
  header: readonly string[],
  overrides: LayoutOverrides = {},
): SettlementLayout {
  const trimmed = header.map((name) => name.trim());
  if (CANONICAL_HEADER.every((name) => trimmed.includes(name))) return CANONICAL_LAYOUT;
  const base = GATEWAY_LAYOUTS[gateway];
  return {
    ...base,
    columns: { ...base.columns, ...overrides.columns },
    amountUnitsPerMinor: overrides.amountUnitsPerMinor ?? base.amountUnitsPerMinor,
  };
}
