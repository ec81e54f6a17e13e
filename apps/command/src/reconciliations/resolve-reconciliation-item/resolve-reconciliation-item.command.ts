import type { Reply, ResolveReconciliationItemReply, ResolveReconciliationItemRequest } from '@ppm/contracts';
import { IdempotentCommand } from '../../shared/idempotent-command';

/** An operator marks a reconciliation mismatch as resolved, with a note (audited). */
export class ResolveReconciliationItemCommand extends IdempotentCommand<
  ResolveReconciliationItemRequest,
  Reply<ResolveReconciliationItemReply>
> {}
