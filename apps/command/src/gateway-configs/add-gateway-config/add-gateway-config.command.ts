import type { AddGatewayConfigRequest, GatewayConfigReply, Reply } from '@ppm/contracts';
import { IdempotentCommand } from '../../shared/idempotent-command';

/** Adds a gateway configuration (merchant account) to a tenant. */
export class AddGatewayConfigCommand extends IdempotentCommand<AddGatewayConfigRequest, Reply<GatewayConfigReply>> {}
