import { Command } from '@nestjs/cqrs';
import type { ApplyRefundResultReply, ApplyRefundResultRequest, Reply, RequestMeta } from '@ppm/contracts';

/** Applies a refund's final answer a gateway reported (verified callback or status query). Idempotent. */
export class ApplyRefundResultCommand extends Command<Reply<ApplyRefundResultReply>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: ApplyRefundResultRequest,
  ) {
    super();
  }
}
