import { Command } from '@nestjs/cqrs';
import type { CancelPaymentReply, CancelPaymentRequest, Reply, RequestMeta } from '@ppm/contracts';

/** Cancels a payment that has not reached an outcome. */
export class CancelPaymentCommand extends Command<Reply<CancelPaymentReply>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: CancelPaymentRequest,
  ) {
    super();
  }
}
