import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CacheAside, CacheKeys } from '@ppm/cache';
import { ErrorCode, fail, ok, type Reply, type TransactionView } from '@ppm/contracts';
import { CacheTtls } from '../../shared/cache-ttls';
import { GetTransactionQuery } from './get-transaction.query';
import { transactionTtlMs } from './transaction-cache-policy';
import { TransactionReader } from './transaction-reader';

@QueryHandler(GetTransactionQuery)
export class GetTransactionHandler implements IQueryHandler<GetTransactionQuery> {
  constructor(
    private readonly cache: CacheAside,
    private readonly reader: TransactionReader,
    private readonly ttls: CacheTtls,
  ) {}

  async execute({ meta, data }: GetTransactionQuery): Promise<Reply<TransactionView>> {
    const { value } = await this.cache.read(CacheKeys.transaction(data.transactionId), meta.tenantId, async (floor) => {
      const found = await this.reader.read(meta.tenantId, data.transactionId, floor);
      if (!found) return null;
      const ttlMs = transactionTtlMs(found.view, this.ttls.transactions);
      return { data: found.view, version: found.version, tenantId: meta.tenantId, ttlMs };
    });
    return value ? ok(value) : fail(ErrorCode.TRANSACTION_NOT_FOUND, `Transaction ${data.transactionId} was not found`);
  }
}
