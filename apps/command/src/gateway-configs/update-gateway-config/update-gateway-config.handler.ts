import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, fail, ok, type GatewayConfigReply, type Reply } from '@ppm/contracts';
import type { GatewayConfigurationRepository } from '@ppm/domain';
import { GatewayUrlAllowlist } from '@ppm/gateways';
import { baseUrlRefusal } from '../base-url-refusal';
import { Clock } from '../../shared/clock';
import { eventContextOf } from '../../shared/command-context';
import { domainFailure } from '../../shared/domain-reply';
import { GatewayConfigurationCache } from '../../shared/gateway-configuration-cache';
import { GATEWAY_CONFIGURATIONS } from '../../shared/repository.tokens';
import { UpdateGatewayConfigCommand } from './update-gateway-config.command';

@CommandHandler(UpdateGatewayConfigCommand)
export class UpdateGatewayConfigHandler implements ICommandHandler<UpdateGatewayConfigCommand> {
  constructor(
    @Inject(GATEWAY_CONFIGURATIONS) private readonly configurations: GatewayConfigurationRepository,
    private readonly cache: GatewayConfigurationCache,
    private readonly clock: Clock,
    private readonly urls: GatewayUrlAllowlist,
  ) {}

  async execute({ meta, data }: UpdateGatewayConfigCommand): Promise<Reply<GatewayConfigReply>> {
    const stored = await this.configurations.findById(meta.tenantId, data.id);
    if (!stored) return fail(ErrorCode.GATEWAY_CONFIG_NOT_FOUND, `Gateway configuration ${data.id} not found`);
    const { configuration } = stored;
    const refused = baseUrlRefusal(this.urls, configuration.gatewayType, data.baseUrl);
    if (refused) return refused;
    const { credentials } = data;
    const updated = configuration.update({
      name: data.name,
      baseUrl: data.baseUrl,
      supportedPaymentMethods: data.supportedPaymentMethods,
      isActive: data.isActive,
      isDefault: data.isDefault,
      credentialsChanged: credentials !== undefined,
      credentials,
      now: this.clock.now(),
    });
    if (!updated.ok) return domainFailure(updated.error);
    const saved = await this.configurations.save(configuration, credentials ?? null, eventContextOf(meta));
    if (!saved.ok) return domainFailure(saved.error);
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
