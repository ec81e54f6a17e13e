import { Command } from '@nestjs/cqrs';
import type { ProcessPaymentReply, ProcessPaymentRequest, Reply, RequestMeta } from '@ppm/contracts';

/** Takes a payment: creates the transaction, opens the order at the gateway, replies with the payment URL. */
export class ProcessPaymentCommand extends Command<Reply<ProcessPaymentReply>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: ProcessPaymentRequest,
  ) {
    super();
  }
}
