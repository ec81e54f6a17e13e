import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ok, type ListGatewayConfigsReply, type Reply } from '@ppm/contracts';
import { GatewayConfigReader } from '../gateway-config-reader';
import { ListGatewayConfigsQuery } from './list-gateway-configs.query';

// A tenant has a handful of configurations: read from Postgres each time, not cached (the cache design names no list key).
@QueryHandler(ListGatewayConfigsQuery)
export class ListGatewayConfigsHandler implements IQueryHandler<ListGatewayConfigsQuery> {
  constructor(private readonly reader: GatewayConfigReader) {}

  async execute({ meta, data }: ListGatewayConfigsQuery): Promise<Reply<ListGatewayConfigsReply>> {
    return ok({ items: await this.reader.list(meta.tenantId, data) });
  }
}
