import type { GatewayConfigReply, Reply, UpdateGatewayConfigRequest } from '@ppm/contracts';
import { IdempotentCommand } from '../../shared/idempotent-command';

/** Changes a tenant's gateway configuration (name, credentials, methods, active, default). */
export class UpdateGatewayConfigCommand extends IdempotentCommand<
  UpdateGatewayConfigRequest,
  Reply<GatewayConfigReply>
> {}
