import { Command } from '@nestjs/cqrs';
import type { AddGatewayConfigRequest, GatewayConfigReply, Reply, RequestMeta } from '@ppm/contracts';

/** Adds a gateway configuration (merchant account) to a tenant. */
export class AddGatewayConfigCommand extends Command<Reply<GatewayConfigReply>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: AddGatewayConfigRequest,
  ) {
    super();
  }
}
