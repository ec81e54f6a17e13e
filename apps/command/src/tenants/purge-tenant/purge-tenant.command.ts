import { Command } from '@nestjs/cqrs';
import type { PurgeTenantReply, PurgeTenantRequest, Reply, RequestMeta } from '@ppm/contracts';

/** Hard-deletes all of the caller's tenant's data. */
export class PurgeTenantCommand extends Command<Reply<PurgeTenantReply>> {
  constructor(
    readonly meta: RequestMeta,
    readonly data: PurgeTenantRequest,
  ) {
    super();
  }
}
