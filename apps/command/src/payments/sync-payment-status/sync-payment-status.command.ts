import { Command } from '@nestjs/cqrs';
import type { Reply, RequestMeta, SyncPaymentStatusReply, SyncPaymentStatusRequest } from '@ppm/contracts';

/** Asks the gateway where a payment in flight and its refunds in flight stand, and records what it says. */
export class SyncPaymentStatusCommand extends Command<Reply<SyncPaymentStatusReply>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: SyncPaymentStatusRequest,
  ) {
    super();
  }
}
