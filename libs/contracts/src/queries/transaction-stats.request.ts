import { IsISO8601, IsOptional } from 'class-validator';

/**
 * `ppm.query.transaction.stats` data: the period, by creation time (`from` inclusive, `to` exclusive). Without
 * `to`, now; without `from`, 30 days before `to`. At most 366 days.
 */
export class TransactionStatsRequest {
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

/** A sum of amounts in one currency (integers in minor units; amounts of different currencies never add up). */
export interface CurrencyAmount {
  currency: string;
  amount: number;
}

/** Counts and sums of one group of transactions. */
export interface TransactionTally {
  count: number;
  /** Sum of the transactions' amounts, per currency. */
  amounts: CurrencyAmount[];
}

/** Counts and sums of one gateway, with its own success rate. */
export interface GatewayTally extends TransactionTally {
  gatewayType: string;
  successRate: number | null;
}

/**
 * Reply data of `transaction.stats`. `successRate` = captured / settled, where captured counts SUCCEEDED,
 * PARTIALLY_REFUNDED and REFUNDED and settled adds FAILED, CANCELLED and EXPIRED; payments still in flight
 * (PENDING, PROCESSING) count in neither. Null when nothing settled in the period.
 */
export interface TransactionStatsReply {
  from: string;
  to: string;
  total: TransactionTally;
  byStatus: (TransactionTally & { status: string })[];
  byGateway: GatewayTally[];
  /** Sum of succeeded refunds of the period's transactions, per currency. */
  refunded: CurrencyAmount[];
  successRate: number | null;
}
