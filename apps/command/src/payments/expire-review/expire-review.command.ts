import { Command } from '@nestjs/cqrs';
import type { ExpireReviewReply, ExpireReviewRequest, Reply, RequestMeta } from '@ppm/contracts';

/** Expires a payment left in PENDING_REVIEW past the review timeout. */
export class ExpireReviewCommand extends Command<Reply<ExpireReviewReply>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: ExpireReviewRequest,
  ) {
    super();
  }
}
