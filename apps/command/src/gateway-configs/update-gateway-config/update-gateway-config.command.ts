import { Command } from '@nestjs/cqrs';
import type { GatewayConfigReply, Reply, RequestMeta, UpdateGatewayConfigRequest } from '@ppm/contracts';

/** Changes a tenant's gateway configuration (name, credentials, methods, active, default). */
export class UpdateGatewayConfigCommand extends Command<Reply<GatewayConfigReply>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: UpdateGatewayConfigRequest,
  ) {
    super();
  }
}
