import { Command } from '@nestjs/cqrs';
import type { ProcessRefundReply, ProcessRefundRequest, Reply, RequestMeta } from '@ppm/contracts';

/** Refunds (part of) a captured payment through its gateway. */
export class ProcessRefundCommand extends Command<Reply<ProcessRefundReply>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: ProcessRefundRequest,
  ) {
    super();
  }
}
