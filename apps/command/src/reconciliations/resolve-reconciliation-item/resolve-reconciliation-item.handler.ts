import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, fail, ok, type Reply, type ResolveReconciliationItemReply } from '@ppm/contracts';
import { ReconciliationItemResolver } from '@ppm/reconciliation';
import { eventContextOf } from '../../shared/command-context';
import { ResolveReconciliationItemCommand } from './resolve-reconciliation-item.command';

@CommandHandler(ResolveReconciliationItemCommand)
export class ResolveReconciliationItemHandler implements ICommandHandler<ResolveReconciliationItemCommand> {
  private readonly logger = new Logger(ResolveReconciliationItemHandler.name);

  constructor(private readonly resolver: ReconciliationItemResolver) {}

  async execute({ meta, data }: ResolveReconciliationItemCommand): Promise<Reply<ResolveReconciliationItemReply>> {
    // The operator is who resolved it: the audit trail needs a person, not just a calling service.
    if (!meta.userId) {
      return fail(ErrorCode.VALIDATION_ERROR, 'Invalid request: meta.userId', {
        fields: [{ field: 'meta.userId', problems: ['the resolving operator (meta.userId) is required'] }],
      });
    }
    const resolved = await this.resolver.resolve(
      meta.tenantId,
      data.runId,
      data.itemId,
      meta.userId,
      data.note,
      eventContextOf(meta),
    );
    if (!resolved.ok) {
      return resolved.error === 'NOT_FOUND'
        ? fail(ErrorCode.RECONCILIATION_ITEM_NOT_FOUND, `No item ${data.itemId} in reconciliation run ${data.runId}`)
        : fail(ErrorCode.INVALID_STATE_TRANSITION, 'A matched reconciliation item has nothing to resolve');
    }
    if (resolved.value.changed) {
      this.logger.log(
        { tenantId: meta.tenantId, traceId: meta.traceId, runId: data.runId, itemId: data.itemId },
        'reconciliation mismatch resolved',
      );
    }
    return ok(resolved.value.item);
  }
}
