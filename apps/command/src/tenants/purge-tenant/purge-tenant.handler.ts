import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, fail, ok, Subjects, type PurgeTenantReply, type Reply } from '@ppm/contracts';
import { PostgresTenantPurger } from '@ppm/persistence';
import { eventContextOf } from '../../shared/command-context';
import { PurgeTenantCommand } from './purge-tenant.command';

@CommandHandler(PurgeTenantCommand)
export class PurgeTenantHandler implements ICommandHandler<PurgeTenantCommand> {
  private readonly logger = new Logger(PurgeTenantHandler.name);

  constructor(private readonly purger: PostgresTenantPurger) {}

  async execute({ meta, data }: PurgeTenantCommand): Promise<Reply<PurgeTenantReply>> {
    // A tenant deletes only its own data: the tenant named in the body must be the one the request runs as.
    if (data.tenantId.toLowerCase() !== meta.tenantId.toLowerCase()) {
      return fail(ErrorCode.FORBIDDEN, 'A tenant can only purge its own data');
    }
    // The purge's own idempotency keys stay (they hold no tenant data, only purge replies) so a retry replays one.
    const deleted = await this.purger.purge(data.tenantId, eventContextOf(meta), Subjects.command.tenantPurge);
    this.logger.log({ tenantId: data.tenantId, traceId: meta.traceId, deleted }, 'tenant data purged');
    return ok({ tenantId: data.tenantId, deleted });
  }
}
