import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ok, type GatewayConfigReply, type Reply } from '@ppm/contracts';
import { GatewayConfiguration, type GatewayConfigurationRepository } from '@ppm/domain';
import { GatewayUrlAllowlist } from '@ppm/gateways';
import { baseUrlRefusal } from '../base-url-refusal';
import { eventContextOf } from '../../shared/command-context';
import { Clock } from '../../shared/clock';
import { domainFailure } from '../../shared/domain-reply';
import { GatewayConfigurationCache } from '../../shared/gateway-configuration-cache';
import { IdGenerator } from '../../shared/id-generator';
import { GATEWAY_CONFIGURATIONS } from '../../shared/repository.tokens';
import { AddGatewayConfigCommand } from './add-gateway-config.command';

@CommandHandler(AddGatewayConfigCommand)
export class AddGatewayConfigHandler implements ICommandHandler<AddGatewayConfigCommand> {
  constructor(
    @Inject(GATEWAY_CONFIGURATIONS) private readonly configurations: GatewayConfigurationRepository,
    private readonly cache: GatewayConfigurationCache,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly urls: GatewayUrlAllowlist,
  ) {}

  async execute({ meta, data }: AddGatewayConfigCommand): Promise<Reply<GatewayConfigReply>> {
    const refused = baseUrlRefusal(this.urls, data.gatewayType, data.baseUrl);
    if (refused) return refused;
    const added = GatewayConfiguration.add({
      id: this.ids.uuid(),
      tenantId: meta.tenantId,
      ...data,
      now: this.clock.now(),
    });
    if (!added.ok) return domainFailure(added.error);
    const configuration = added.value;
    const stored = await this.configurations.add(configuration, data.credentials, eventContextOf(meta));
    if (!stored.ok) return domainFailure(stored.error);
    // New payments in this process see the change at once (the payments' own inserts catch it in other processes).
    this.cache.forgetTenant(meta.tenantId);
    return ok({
      id: configuration.id,
      gatewayType: configuration.gatewayType,
      name: configuration.name,
      isActive: configuration.isActive,
      isDefault: configuration.isDefault,
    });
  }
}
