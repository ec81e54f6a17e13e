import { Command } from '@nestjs/cqrs';
import type {
  Reply,
  RequestMeta,
  ResolveReconciliationItemReply,
  ResolveReconciliationItemRequest,
} from '@ppm/contracts';

/** An operator marks a reconciliation mismatch as resolved, with a note (audited). */
export class ResolveReconciliationItemCommand extends Command<Reply<ResolveReconciliationItemReply>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: ResolveReconciliationItemRequest,
  ) {
    super();
  }
}
