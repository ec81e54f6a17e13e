import { ServiceConfig, WithDatabase, WithNats, WithRedis } from '@ppm/observability';

/** Configuration of the query service (read model). */
export class QueryConfig extends WithRedis(WithNats(WithDatabase(ServiceConfig))) {
  override PORT = 3003;
}
