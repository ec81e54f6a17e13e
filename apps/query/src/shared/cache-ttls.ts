import type { TransactionTtls } from '../transactions/get-transaction/transaction-cache-policy';

/** The cache TTLs of the query service, from its configuration. */
export class CacheTtls {
  constructor(
    readonly transactions: TransactionTtls,
    readonly configurationMs: number,
  ) {}
}
