import { IsUUID } from 'class-validator';
import type { GatewayIpnStatus } from './list-gateway-ipns.request';

/**
 * `ppm.command.gateway-ipn.replay` data (served by the worker): verify a stored callback again from its raw request
 * and apply it through the normal intake. Only a verified callback that was not applied (PENDING, FAILED,
 * REJECTED) can be replayed.
 */
export class ReplayGatewayIpnRequest {
  @IsUUID()
  ipnId!: string;
}

/** Reply data of `gateway-ipn.replay`: the callback's status after the replay (PENDING: to be retried later). */
export interface ReplayGatewayIpnReply {
  id: string;
  status: GatewayIpnStatus;
}
