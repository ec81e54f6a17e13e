import { Command } from '@nestjs/cqrs';
import type { ApplyGatewayResultReply, ApplyGatewayResultRequest, Reply, RequestMeta } from '@ppm/contracts';

/** Applies a payment outcome a gateway reported (verified callback or status query). Idempotent. */
export class ApplyGatewayResultCommand extends Command<Reply<ApplyGatewayResultReply>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: ApplyGatewayResultRequest,
  ) {
    super();
  }
}
