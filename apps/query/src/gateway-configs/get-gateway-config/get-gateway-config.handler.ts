import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CacheAside, CacheKeys, type LoadedValue } from '@ppm/cache';
import { ErrorCode, fail, ok, type GatewayConfigView, type Reply } from '@ppm/contracts';
import { CacheTtls } from '../../shared/cache-ttls';
import { GatewayConfigReader, type VersionedConfiguration } from '../gateway-config-reader';
import { GetGatewayConfigQuery } from './get-gateway-config.query';

@QueryHandler(GetGatewayConfigQuery)
export class GetGatewayConfigHandler implements IQueryHandler<GetGatewayConfigQuery> {
  constructor(
    private readonly cache: CacheAside,
    private readonly reader: GatewayConfigReader,
    private readonly ttls: CacheTtls,
  ) {}

  async execute({ meta, data }: GetGatewayConfigQuery): Promise<Reply<GatewayConfigView>> {
    const id = data.gatewayConfigurationId;
    const key = id ? CacheKeys.gatewayConfig(id) : CacheKeys.tenantDefaultGatewayConfig(meta.tenantId);
    const { value } = await this.cache.read(key, meta.tenantId, async (floor) => {
      const found = id
        ? await this.reader.byId(meta.tenantId, id, floor)
        : await this.reader.tenantDefault(meta.tenantId, floor);
      return found && this.cacheable(found, meta.tenantId);
    });
    if (value) return ok(value);
    return fail(
      ErrorCode.GATEWAY_CONFIG_NOT_FOUND,
      id ? `Gateway configuration ${id} was not found` : 'The tenant has no default gateway configuration',
    );
  }

  private cacheable(found: VersionedConfiguration, tenantId: string): LoadedValue<GatewayConfigView> {
    return { data: found.view, version: found.version, tenantId, ttlMs: this.ttls.configurationMs };
  }
}
